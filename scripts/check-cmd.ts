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
import { parseControlLineProps, parseZoneProps, type PropsResult } from '../src/lib/data/props.ts';
import type { AreaGeometry, ControlLineProps, Feature, ZoneProps } from '../src/lib/data/schema.ts';
import { buildRuleLayers, checkParcel } from '../src/lib/rules/check.ts';
import type { Policy } from '../src/lib/rules/policy.ts';
import { checkPropsParser, type CheckProps } from '../src/lib/rules/check-props.ts';

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
  // The parser the browser's import worker uses too (src/lib/rules/check-props.ts): one file, one set of findings.
  const parse = unmarked(checkPropsParser(o.policy), (reason): PropsResult<CheckProps> => ({ ok: false, reason }));
  const ingest = new LayerIngest<CheckProps>({ file: o.file, geometry: 'area', parseProps: parse, uniqueIds: true, extent: county.extent }, decision, (x) =>
    o.err(`${x.file}: ${featureLabel(x.id, x.index)}: ${x.reason}`),
  );
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
