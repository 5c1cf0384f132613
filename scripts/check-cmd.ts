// `tenglong check PARCELS.geojson`: the rules library over proposed or existing parcels, one JSON line each.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readAllFgb } from '../src/lib/data/fgb-read.ts';
import { ingestCollection } from '../src/lib/data/ingest.ts';
import { parseControlLineProps, parseZoneProps, type PropsResult } from '../src/lib/data/props.ts';
import { GRADES, type AreaGeometry, type ControlLineProps, type Feature, type Grade, type ZoneProps } from '../src/lib/data/schema.ts';
import { buildRuleLayers, checkParcel, type ParcelInput } from '../src/lib/rules/check.ts';
import type { Policy } from '../src/lib/rules/policy.ts';

type CheckProps = Omit<ParcelInput, 'geometry'>;

let autoId = 0;
export function parseCheckProps(raw: unknown): PropsResult<CheckProps> {
  const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const num = (k: string): number | null | string => {
    const v = p[k];
    if (v === undefined || v === null || v === '') return null;
    return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : `field "${k}" must be a non-negative number, got ${JSON.stringify(v)}`;
  };
  const bool = (k: string): boolean | undefined | string => {
    const v = p[k];
    if (v === undefined || v === null) return undefined;
    return typeof v === 'boolean' ? v : `field "${k}" must be true or false, got ${JSON.stringify(v)}`;
  };
  const floor = num('floor_area_m2');
  const height = num('height_m');
  const newProject = bool('new_project');
  const standard = bool('standard_land');
  for (const v of [floor, height, newProject, standard]) if (typeof v === 'string') return { ok: false, reason: v };
  const grade = p['grade'];
  if (grade !== undefined && grade !== null && !GRADES.includes(grade as Grade)) {
    return { ok: false, reason: `field "grade" must be one of A, B, C, D, got ${JSON.stringify(grade)}` };
  }
  const industry = p['industry'];
  if (industry !== undefined && typeof industry !== 'string') return { ok: false, reason: `field "industry" must be text` };
  const id = typeof p['id'] === 'string' || typeof p['id'] === 'number' ? String(p['id']) : `feature-${++autoId}`;
  return {
    ok: true,
    value: {
      id,
      floor_area_m2: floor as number | null,
      height_m: height as number | null,
      ...(typeof industry === 'string' ? { industry } : {}),
      new_project: newProject === true,
      grade: (grade as Grade | undefined) ?? null,
      ...(typeof standard === 'boolean' ? { standard_land: standard } : {}),
    },
  };
}

async function loadLayer<P>(
  path: string | undefined,
  fallbackFgb: string,
  parse: (p: unknown) => PropsResult<P>,
): Promise<Feature<AreaGeometry, P>[]> {
  if (path) {
    const r = ingestCollection(JSON.parse(await readFile(path, 'utf8')), { file: path, geometry: 'area', parseProps: parse });
    if (r.rejects.length) {
      throw new Error(r.rejects.map((x) => `${x.file}: feature ${x.id ?? `#${x.index}`}: ${x.reason}`).join('\n'));
    }
    return r.features as Feature<AreaGeometry, P>[];
  }
  if (!existsSync(fallbackFgb)) throw new Error(`${fallbackFgb} is missing: run \`npx tenglong sample && npx tenglong build-data\` or pass the layer file`);
  return readAllFgb(new Uint8Array(await readFile(fallbackFgb))) as unknown as Feature<AreaGeometry, P>[];
}

export interface CheckOptions {
  file: string;
  zones?: string;
  controlLines?: string;
  crs?: string;
  json: boolean;
  policy: Policy;
  dataDir: string;
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Returns the exit code: 0 all checked, 1 when any feature was rejected (the rest are still checked). */
export async function runCheck(o: CheckOptions): Promise<number> {
  const zones = await loadLayer<ZoneProps>(o.zones, join(o.dataDir, 'public', 'zones.fgb'), parseZoneProps);
  const lines = await loadLayer<ControlLineProps>(o.controlLines, join(o.dataDir, 'public', 'control-lines.fgb'), parseControlLineProps);
  const layers = buildRuleLayers(zones, lines);
  let raw: unknown;
  try {
    raw = JSON.parse((await readFile(o.file, 'utf8')).replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new Error(`${o.file}: cannot read GeoJSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const r = ingestCollection(raw, { file: o.file, geometry: 'area', parseProps: parseCheckProps, ...(o.crs ? { crs: o.crs } : {}) });
  for (const x of r.rejects) o.err(`${x.file}: feature ${x.id ?? `#${x.index}`}: ${x.reason}`);
  for (const f of r.features) {
    const c = checkParcel({ ...f.properties, geometry: f.geometry as AreaGeometry }, layers, o.policy);
    if (o.json) {
      o.out(JSON.stringify({ id: c.id, area_mu: c.area_mu, area_mu_planar: c.area_mu_planar, area_mu_turf: c.area_mu_turf, far: c.far, findings: c.findings }));
    } else {
      o.out(`${c.id}  ${c.area_mu_planar.toFixed(2)} 亩 (planar)  ${c.area_mu.toFixed(2)} 亩 (ellipsoidal)  FAR ${c.far === null ? '—' : c.far.toFixed(2)}`);
      for (const fd of c.findings) o.out(`  [${fd.status.padEnd(4)}] ${fd.rule.padEnd(18)} ${fd.message.zh}`);
    }
  }
  return r.rejects.length ? 1 : 0;
}
