// `tenglong check PARCELS.geojson`: the rules library over proposed or existing parcels, one JSON line each.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readAllFgb } from '../src/lib/data/fgb-read.ts';
import { readFeatures, sniffEncoding } from '../src/lib/data/geojson-stream.ts';
import { featureLabel, ingestCollection, LayerIngest, LayerScan } from '../src/lib/data/ingest.ts';
import { parseCountyConfig, type CountyConfig, type Extent } from '../src/lib/geo/place.ts';
import { PATHS } from './paths.ts';
import { checkSource } from './pipeline/check-source.ts';
import { unmarked } from './pipeline/county-sources.ts';
import { fileSource, readJsonFile } from './pipeline/files.ts';
import { knownIndustries, optBool, parseControlLineProps, parseZoneProps, projectKind, type PropsResult } from '../src/lib/data/props.ts';
import {
  GRADES,
  PARCEL_ID_PATTERN,
  PARCEL_ID_RULE,
  PARCEL_STATUSES,
  type AreaGeometry,
  type ControlLineProps,
  type Feature,
  type Grade,
  type ParcelStatus,
  type ProjectKind,
  type ZoneProps,
} from '../src/lib/data/schema.ts';
import { buildRuleLayers, checkParcel, type EnterpriseInput, type ParcelInput } from '../src/lib/rules/check.ts';
import type { Policy } from '../src/lib/rules/policy.ts';

type CheckProps = Omit<ParcelInput, 'geometry'>;

/** Input properties `tenglong check` understands (README, CLI section). Anything else is ignored. */
export const CHECK_PROPERTIES = [
  'id', 'floor_area_m2', 'tall_floor_area_m2', 'height_m', 'industry', 'project', 'new_project', 'central_approved', 'status', 'grade', 'standard_land',
  'coverage', 'green_ratio', 'admin_ratio', 'dilapidated', 'banned_industry',
  'vacant', 'above_scale', 'exempt', 'enterprise_land_mu', 'tax_10k', 'value_added_10k', 'co2_t',
] as const;

let autoId = 0;
export function parseCheckProps(raw: unknown): PropsResult<CheckProps> {
  const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const absent = (k: string) => p[k] === undefined || p[k] === null || p[k] === '';
  const num = (k: string, opts: { signed?: boolean; share?: boolean } = {}): number | null | string => {
    if (absent(k)) return null;
    const v = p[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || (!opts.signed && v < 0)) {
      return `field "${k}" must be a ${opts.signed ? '' : 'non-negative '}number, got ${JSON.stringify(v)}`;
    }
    if (opts.share && v > 1) return `field "${k}" must be a share between 0 and 1 (e.g. 0.35 for 35 %), got ${v}`;
    return v;
  };
  // Booleans read as build-data reads them (true/false, 是/否, 1/0), through the same field reader.
  const bool = (k: string): boolean | undefined | string => {
    try {
      return optBool(p, k) ?? undefined;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  };
  const text = (k: string, allowed: readonly string[]): string | undefined | { error: string } => {
    if (absent(k)) return undefined;
    const v = p[k];
    if (typeof v !== 'string' || (allowed.length && !allowed.includes(v))) {
      return { error: `field "${k}" must be ${allowed.length ? `one of ${allowed.join(', ')}` : 'text'}, got ${JSON.stringify(v)}` };
    }
    return v;
  };
  const floor = num('floor_area_m2');
  const tall = num('tall_floor_area_m2');
  const height = num('height_m');
  const coverage = num('coverage', { share: true });
  const green = num('green_ratio', { share: true });
  const admin = num('admin_ratio', { share: true });
  const landMu = num('enterprise_land_mu');
  const tax = num('tax_10k', { signed: true }); // refunds can make tax negative
  const va = num('value_added_10k', { signed: true });
  const co2 = num('co2_t');
  let project: ProjectKind;
  try {
    project = projectKind(p);
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
  const approved = bool('central_approved');
  const standard = bool('standard_land');
  const dilapidated = bool('dilapidated');
  const banned = bool('banned_industry');
  const vacant = bool('vacant');
  const aboveScale = bool('above_scale');
  for (const v of [floor, tall, height, coverage, green, admin, landMu, tax, va, co2, approved, standard, dilapidated, banned, vacant, aboveScale]) {
    if (typeof v === 'string') return { ok: false, reason: v };
  }
  if (typeof tall === 'number' && (typeof floor !== 'number' || tall > floor)) {
    return { ok: false, reason: `field "tall_floor_area_m2" (${tall}) must be part of floor_area_m2 (${floor ?? 'missing'})` };
  }
  const grade = text('grade', GRADES);
  const status = text('status', PARCEL_STATUSES);
  const industry = text('industry', []);
  const exempt = text('exempt', []);
  for (const v of [grade, status, industry, exempt]) if (typeof v === 'object') return { ok: false, reason: v.error };
  const firmKeys = ['above_scale', 'exempt', 'enterprise_land_mu', 'tax_10k', 'value_added_10k', 'co2_t'];
  const hasFirm = firmKeys.some((k) => !absent(k));
  if (vacant === true && hasFirm) {
    return { ok: false, reason: `field "vacant" is true but enterprise fields are given (${firmKeys.filter((k) => !absent(k)).join(', ')})` };
  }
  let enterprise: EnterpriseInput | null | undefined;
  if (vacant === true) enterprise = null;
  else if (hasFirm) {
    enterprise = {
      ...(typeof aboveScale === 'boolean' ? { above_scale: aboveScale } : {}),
      ...(typeof exempt === 'string' ? { exempt } : {}),
      ...(typeof landMu === 'number' ? { land_mu: landMu } : {}),
      tax_10k: tax as number | null,
      value_added_10k: va as number | null,
      co2_t: co2 as number | null,
    };
  }
  const given = typeof p['id'] === 'string' || typeof p['id'] === 'number' ? String(p['id']).trim() : null;
  if (given !== null && !PARCEL_ID_PATTERN.test(given)) {
    return { ok: false, reason: `field "id" = ${JSON.stringify(given.length > 40 ? given.slice(0, 40) + '…' : given)} cannot be used in a link: ${PARCEL_ID_RULE}` };
  }
  const id = given ?? `feature-${++autoId}`;
  return {
    ok: true,
    value: {
      id,
      floor_area_m2: floor as number | null,
      height_m: height as number | null,
      ...(typeof industry === 'string' ? { industry } : {}),
      project,
      central_approved: approved === true,
      grade: (grade as Grade | undefined) ?? null,
      ...(typeof standard === 'boolean' ? { standard_land: standard } : {}),
      ...(typeof status === 'string' ? { status: status as ParcelStatus } : {}),
      ...(typeof tall === 'number' ? { tall_floor_area_m2: tall } : {}),
      coverage: coverage as number | null,
      green_ratio: green as number | null,
      admin_ratio: admin as number | null,
      ...(typeof dilapidated === 'boolean' ? { dilapidated } : {}),
      ...(typeof banned === 'boolean' ? { banned_industry: banned } : {}),
      ...(enterprise !== undefined ? { enterprise } : {}),
    },
  };
}

async function loadLayer<P>(
  path: string | undefined,
  fallbackFgb: string,
  parse: (p: unknown) => PropsResult<P>,
  encoding: string | undefined,
  extent: Extent | null,
): Promise<Feature<AreaGeometry, P>[]> {
  if (path) {
    // The rules judge every parcel against these layers: one bad feature in them is an error, not a reject.
    const r = ingestCollection(await readJsonFile(path, encoding), { file: path, geometry: 'area', parseProps: parse, extent });
    if (r.rejects.length) {
      throw new Error(r.rejects.map((x) => `${x.file}: ${featureLabel(x.id, x.index)}: ${x.reason}`).join('\n'));
    }
    return r.features as Feature<AreaGeometry, P>[];
  }
  if (!existsSync(fallbackFgb)) throw new Error(`${fallbackFgb} is missing: run \`npx tenglong sample && npx tenglong build-data\` or pass the layer file`);
  return readAllFgb(new Uint8Array(await readFile(fallbackFgb))) as unknown as Feature<AreaGeometry, P>[];
}

export interface CheckOptions {
  file: string;
  /** mapping.json whose `parcels` entry reads a county's own file (else the built-in aliases). */
  mapping?: string;
  zones?: string;
  controlLines?: string;
  crs?: string;
  encoding?: string;
  /** Else the county of the published data's manifest, else data/config/county.json. */
  county?: CountyConfig;
  json: boolean;
  policy: Policy;
  dataDir: string;
  out: (line: string) => void;
  err: (line: string) => void;
}

/** The county whose extent a checked parcel must lie in: given, else the published data's, else the default file. */
async function countyOf(o: CheckOptions): Promise<CountyConfig> {
  if (o.county) return o.county;
  const manifest = join(o.dataDir, 'public', 'manifest.json');
  if (existsSync(manifest)) {
    const m = (await readJsonFile(manifest)) as { county?: unknown };
    if (m.county) return parseCountyConfig({ ...(m.county as object) }, manifest);
  }
  return parseCountyConfig(await readJsonFile(PATHS.county), PATHS.county);
}

/**
 * Exit code: 0 every feature checked, 3 some rejected (each named on stderr; the others are still checked), 1 none
 * could be checked (thrown: the file cannot be read, or every feature was rejected).
 */
export async function runCheck(o: CheckOptions): Promise<number> {
  const county = await countyOf(o);
  const zones = await loadLayer<ZoneProps>(o.zones, join(o.dataDir, 'public', 'zones.fgb'), parseZoneProps, o.encoding, county.extent);
  const lines = await loadLayer<ControlLineProps>(o.controlLines, join(o.dataDir, 'public', 'control-lines.fgb'), parseControlLineProps, o.encoding, county.extent);
  const layers = buildRuleLayers(zones, lines);
  // A county's own file (Shapefile, zip, GeoPackage, Chinese field names) is mapped to a GeoJSON first; messages
  // still name the file as given.
  const mapped = await checkSource(o.file, { mapping: o.mapping, encoding: o.encoding, note: o.err });
  try {
    return await checkFile(o, mapped ? mapped.path : o.file, mapped ? undefined : o.encoding, layers, county);
  } finally {
    await mapped?.done();
  }
}

async function checkFile(o: CheckOptions, path: string, encodingName: string | undefined, layers: ReturnType<typeof buildRuleLayers>, county: CountyConfig): Promise<number> {
  const src = fileSource(path);
  const encoding = await sniffEncoding(src, encodingName);
  // Pass 1: what the coordinates look like (the CRS is decided from every feature, not from the first few).
  const scan = new LayerScan(o.file);
  const head = await readFeatures(src, encoding, (f) => scan.add(f));
  const decision = scan.decide(head.crs, o.crs, county.extent);
  // Exempt kinds are the policy's to name, so they are checked against it here rather than in the parser.
  const kinds = o.policy.mujun.evaluated.exempt_kinds;
  // Industries are the policy's too (its FAR table), named when unknown exactly as build-data names them.
  const industries = knownIndustries(o.policy.far.by_industry_min);
  const parse = unmarked((raw: unknown): PropsResult<CheckProps> => {
    const r = parseCheckProps(raw);
    if (!r.ok) return r;
    const ex = r.value.enterprise?.exempt;
    if (ex && !kinds.includes(ex)) return { ok: false, reason: `field "exempt" must be one of ${kinds.join(', ') || '(none in this policy)'}, got ${JSON.stringify(ex)}` };
    const ind = r.value.industry;
    if (ind !== undefined && !industries.includes(ind)) {
      return { ok: false, reason: `field "industry" = ${JSON.stringify(ind)} is not a known industry (known: ${industries.join(', ')}); use one of them or add it to the policy's far.by_industry_min` };
    }
    return r;
  }, (reason): PropsResult<CheckProps> => ({ ok: false, reason }));
  const ingest = new LayerIngest<CheckProps>({ file: o.file, geometry: 'area', parseProps: parse, uniqueIds: true, extent: county.extent }, decision, (x) =>
    o.err(`${x.file}: ${featureLabel(x.id, x.index)}: ${x.reason}`),
  );
  autoId = 0;
  // Pass 2: each feature is checked and written as soon as it is read.
  await readFeatures(src, encoding, (raw, index) => {
    const f = ingest.add(raw, index);
    if (!f) return;
    const c = checkParcel({ ...f.properties, geometry: f.geometry as AreaGeometry }, layers, o.policy);
    if (o.json) {
      o.out(JSON.stringify({ id: c.id, area_mu: c.area_mu, area_mu_planar: c.area_mu_planar, area_mu_turf: c.area_mu_turf, far: c.far, findings: c.findings }));
    } else {
      o.out(`${c.id}  ${c.area_mu_planar.toFixed(2)} 亩 (planar)  ${c.area_mu.toFixed(2)} 亩 (ellipsoidal)  FAR ${c.far === null ? '—' : c.far.toFixed(2)}`);
      for (const fd of c.findings) o.out(`  [${fd.status.padEnd(4)}] ${fd.rule.padEnd(18)} ${fd.message.zh}`);
    }
  });
  const counts = ingest.finish();
  if (counts.read === 0) throw new Error(`${o.file}: the FeatureCollection has no features to check`);
  if (counts.accepted === 0) throw new Error(`${o.file}: none of its ${counts.read} features could be checked (each is named above)`);
  return counts.rejected > 0 ? 3 : 0;
}
