// `tenglong build-data`: source files → validated, derived, indexed FlatGeobuf + JSON under public/data/.
// Output is built in a temporary folder and swapped in only when complete, so a failed import leaves the
// previously served data exactly as it was.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bboxOf, interiorPoint } from '../src/lib/geo/index.ts';
import { parseEnterprise } from '../src/lib/data/enterprise-props.ts';
import { writeIndexedFgb } from '../src/lib/data/fgb-write.ts';
import { ingestCollection, IngestError, type IngestResult, type Reject } from '../src/lib/data/ingest.ts';
import {
  parseBaseProps,
  parseControlLineProps,
  parseLowEfficiencyBlockProps,
  parseParcelProps,
  parseZoneProps,
  type PropsResult,
} from '../src/lib/data/props.ts';
import { CONFIDENTIAL_FIELDS, toPublicParcel } from '../src/lib/data/public-fields.ts';
import type { AnyGeometry, AreaGeometry, Enterprise, Feature } from '../src/lib/data/schema.ts';
import type { Policy } from '../src/lib/rules/policy.ts';
import { deriveAll } from './pipeline/derive.ts';
import { buildPartners } from '../src/lib/share/partners.ts';

export const GENERATED_BY = 'tenglong build-data 0.1.0';
export const SAMPLE_LABEL = { zh: '示例数据', en: 'sample data' };

interface LayerSpec {
  name: string;
  geometry: 'area' | 'point' | 'line';
  required: boolean;
  parse: (p: unknown) => PropsResult<Record<string, unknown>>;
  uniqueIds: boolean;
}

const asRecord = <T>(f: (p: unknown) => PropsResult<T>) => f as unknown as (p: unknown) => PropsResult<Record<string, unknown>>;

const LAYERS: LayerSpec[] = [
  { name: 'parcels', geometry: 'area', required: true, parse: asRecord(parseParcelProps), uniqueIds: true },
  { name: 'control-lines', geometry: 'area', required: true, parse: asRecord(parseControlLineProps), uniqueIds: true },
  { name: 'low-efficiency-blocks', geometry: 'area', required: true, parse: asRecord(parseLowEfficiencyBlockProps), uniqueIds: true },
  { name: 'zones', geometry: 'area', required: true, parse: asRecord(parseZoneProps), uniqueIds: true },
  { name: 'base-county', geometry: 'area', required: false, parse: parseBaseProps, uniqueIds: false },
  { name: 'base-water', geometry: 'area', required: false, parse: parseBaseProps, uniqueIds: false },
  { name: 'base-towns', geometry: 'point', required: false, parse: parseBaseProps, uniqueIds: false },
  { name: 'base-roads', geometry: 'line', required: false, parse: parseBaseProps, uniqueIds: false },
];

export interface BuildOptions {
  src: string;
  out: string;
  policy: Policy;
  crs?: string;
  log?: (line: string) => void;
}

export interface BuildReport {
  generated_by: string;
  source: string;
  source_hash: string;
  sample: boolean;
  policy: string;
  layers: Record<string, { file: string; crs: string; crs_reason: string; read: number; accepted: number; rejected: number }>;
  enterprises: { read: number; accepted: number; rejected: number };
  rejects: { file: string; index: number; id: string | null; reason: string }[];
  warnings: string[];
}

type Bbox = [number, number, number, number];

function unionBbox(boxes: Bbox[]): Bbox | null {
  if (!boxes.length) return null;
  return boxes.reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]);
}

function geomBbox(g: AnyGeometry): Bbox {
  if (g.type === 'Point') return [g.coordinates[0], g.coordinates[1], g.coordinates[0], g.coordinates[1]];
  if (g.type === 'LineString') {
    const xs = g.coordinates.map((p) => p[0]);
    const ys = g.coordinates.map((p) => p[1]);
    return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  }
  return bboxOf(g) as Bbox;
}

async function readJson(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new IngestError(`${path}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

function isSample(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && (raw as Record<string, unknown>)['sample'] === true;
}

function layerInfo(file: string, features: Feature[]) {
  const fields = new Set<string>();
  for (const f of features) for (const k of Object.keys(f.properties)) fields.add(k);
  return { file, count: features.length, bbox: unionBbox(features.map((f) => geomBbox(f.geometry))), fields: [...fields].sort() };
}

/** Guard: the public folder must not carry an enterprise figure or a grade, whatever a future edit does. */
function assertPublic(name: string, features: Feature[]): void {
  for (const f of features) {
    for (const k of Object.keys(f.properties)) {
      if ((CONFIDENTIAL_FIELDS as readonly string[]).includes(k)) {
        throw new Error(`refusing to write confidential field "${k}" into public layer ${name}`);
      }
    }
  }
}

export async function buildData(opts: BuildOptions): Promise<BuildReport> {
  const log = opts.log ?? (() => {});
  if (!existsSync(opts.src)) throw new IngestError(`source folder ${opts.src} does not exist`);

  // Source hash over every file in the folder, sorted, so the manifest says exactly what it was built from.
  const hash = createHash('sha256');
  const names = (await readdir(opts.src)).filter((n) => /\.(geo)?json$/.test(n)).sort();
  for (const n of names) {
    hash.update(n);
    hash.update(await readFile(join(opts.src, n)));
  }

  const ingested: Record<string, IngestResult<Record<string, unknown>>> = {};
  let sample = false;
  for (const spec of LAYERS) {
    const path = join(opts.src, `${spec.name}.geojson`);
    if (!existsSync(path)) {
      if (spec.required) throw new IngestError(`${path}: required layer file is missing`);
      continue;
    }
    const raw = await readJson(path);
    if (spec.name === 'parcels') sample = isSample(raw);
    ingested[spec.name] = ingestCollection(raw, {
      file: path,
      geometry: spec.geometry,
      parseProps: spec.parse,
      uniqueIds: spec.uniqueIds,
      ...(opts.crs !== undefined ? { crs: opts.crs } : {}),
    });
    const r = ingested[spec.name]!;
    log(`${spec.name}: ${r.features.length}/${r.read} accepted (${r.crs}: ${r.crsReason})${r.rejects.length ? `, ${r.rejects.length} rejected` : ''}`);
  }

  const rejects: Reject[] = Object.values(ingested).flatMap((r) => r.rejects);
  const enterprises: Enterprise[] = [];
  let entRead = 0;
  const entPath = join(opts.src, 'enterprises.json');
  if (existsSync(entPath)) {
    const raw = (await readJson(entPath)) as Record<string, unknown>;
    const list = Array.isArray(raw) ? raw : raw['enterprises'];
    if (!Array.isArray(list)) throw new IngestError(`${entPath}: expected an array or { "enterprises": [...] }`);
    entRead = list.length;
    const seen = new Set<string>();
    list.forEach((row, index) => {
      const r = parseEnterprise(row);
      const id = typeof (row as Record<string, unknown>)?.['id'] === 'string' ? ((row as Record<string, unknown>)['id'] as string) : null;
      if (!r.ok) rejects.push({ file: entPath, index, id, reason: r.reason, feature: row });
      else if (seen.has(r.value.id)) rejects.push({ file: entPath, index, id, reason: `duplicate id "${r.value.id}"`, feature: row });
      else {
        seen.add(r.value.id);
        enterprises.push(r.value);
      }
    });
  }

  const area = <P>(name: string) => (ingested[name]?.features ?? []) as unknown as Feature<AreaGeometry, P>[];
  const derived = deriveAll(
    area('parcels'),
    area('zones'),
    area('control-lines'),
    area('low-efficiency-blocks'),
    enterprises,
    opts.policy,
  );
  const warnings = derived.unknownEnterprise.map((u) => `parcel ${u.parcel}: enterprise_id "${u.enterprise}" not found in enterprises.json (kept, not graded)`);

  const tmp = `${opts.out}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(join(tmp, 'internal'), { recursive: true });
  await mkdir(join(tmp, 'public'), { recursive: true });
  try {
    const label = sample ? SAMPLE_LABEL : null;
    const publicLayers: Record<string, ReturnType<typeof layerInfo>> = {};
    const internalLayers: Record<string, ReturnType<typeof layerInfo>> = {};
    const writeLayer = async (dir: 'public' | 'internal', name: string, features: Feature[]) => {
      if (dir === 'public') assertPublic(name, features);
      await writeFile(join(tmp, dir, `${name}.fgb`), writeIndexedFgb(features, { name }));
      (dir === 'public' ? publicLayers : internalLayers)[name] = layerInfo(`${name}.fgb`, features);
    };

    await writeLayer('internal', 'parcels', derived.parcels as unknown as Feature[]);
    const pub = derived.parcels.map((p) => ({ ...p, properties: toPublicParcel(p.properties) as unknown as Record<string, unknown> }));
    await writeLayer('public', 'parcels', pub);
    for (const spec of LAYERS.slice(1)) {
      const feats = spec.name === 'low-efficiency-blocks' ? (derived.blocks as unknown as Feature[]) : (ingested[spec.name]?.features as Feature[] | undefined);
      if (feats) await writeLayer('public', spec.name, feats);
    }

    // Search indexes: the public one has no enterprise names tied to parcels' figures; the internal one does.
    const index = derived.parcels.map((p) => ({
      id: p.properties.id,
      name: p.properties.name,
      centroid: interiorPoint(p.geometry).map((v: number) => Math.round(v * 1e6) / 1e6),
      area_mu_planar: Math.round(p.properties.area_mu_planar * 100) / 100,
    }));
    await writeFile(join(tmp, 'public', 'parcels-index.json'), JSON.stringify(index));
    await writeFile(
      join(tmp, 'internal', 'parcels-index.json'),
      JSON.stringify(derived.parcels.map((p, i) => ({ ...index[i], enterprise_id: p.properties.enterprise_id, enterprise_name: p.properties.enterprise_name }))),
    );

    const entOut = enterprises.map((e) => {
      const m = derived.mujun.get(e.id);
      return { ...e, land_mu: m?.land_mu ?? 0, grade: m?.grade ?? null, score: m?.score ?? null, evaluated: m?.evaluated ?? false, indicators: m?.indicators ?? null };
    });
    await writeFile(join(tmp, 'internal', 'enterprises.json'), JSON.stringify({ label, enterprises: entOut }));
    for (const extra of ['chains.json', 'demands.json', 'projects.json', 'land-supply.json', 'land-swap.json']) {
      const p = join(opts.src, extra);
      if (existsSync(p)) await writeFile(join(tmp, 'internal', extra), JSON.stringify(await readJson(p)));
    }
    // Chain partners for prospect pages: firm names and chain links only, by design (src/lib/share/partners.ts).
    const chainsPath = join(opts.src, 'chains.json');
    const partners = buildPartners(derived.parcels, enterprises, existsSync(chainsPath) ? await readJson(chainsPath) : undefined);
    await writeFile(join(tmp, 'public', 'partners.json'), JSON.stringify(partners));

    const report: BuildReport = {
      generated_by: GENERATED_BY,
      source: opts.src,
      source_hash: hash.digest('hex'),
      sample,
      policy: opts.policy.id,
      layers: Object.fromEntries(
        Object.entries(ingested).map(([k, r]) => [
          k,
          { file: r.file, crs: r.crs, crs_reason: r.crsReason, read: r.read, accepted: r.features.length, rejected: r.rejects.length },
        ]),
      ),
      enterprises: { read: entRead, accepted: enterprises.length, rejected: entRead - enterprises.length },
      rejects: rejects.map(({ file, index, id, reason }) => ({ file, index, id, reason })),
      warnings,
    };
    await writeFile(join(tmp, 'internal', 'report.json'), JSON.stringify(report, null, 2));
    // Rejected features keep their original geometry and properties, so nothing is lost; they may hold
    // confidential fields, hence internal/.
    await writeFile(
      join(tmp, 'internal', 'rejects.json'),
      JSON.stringify({ rejects: rejects.map((r) => ({ file: r.file, index: r.index, id: r.id, reason: r.reason, feature: r.feature })) }, null, 1),
    );

    const manifest = (layers: Record<string, ReturnType<typeof layerInfo>>, files: string[]) => ({
      generated_by: GENERATED_BY,
      source_hash: report.source_hash,
      sample,
      label,
      policy: opts.policy.id,
      crs: 'EPSG:4326',
      bbox: unionBbox(Object.values(layers).map((l) => l.bbox).filter((b): b is Bbox => b !== null)),
      layers,
      files,
    });
    await writeFile(join(tmp, 'public', 'manifest.json'), JSON.stringify(manifest(publicLayers, ['parcels-index.json', 'partners.json']), null, 2));
    await writeFile(
      join(tmp, 'internal', 'manifest.json'),
      JSON.stringify(manifest(internalLayers, (await readdir(join(tmp, 'internal'))).filter((f) => f.endsWith('.json')).sort()), null, 2),
    );

    // Swap in. Renames within one folder are atomic; the old tree is removed only after the new one is in place.
    const old = `${opts.out}.old-${process.pid}`;
    if (existsSync(opts.out)) await rename(opts.out, old);
    await rename(tmp, opts.out);
    await rm(old, { recursive: true, force: true });
    return report;
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}
