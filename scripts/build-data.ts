// `tenglong build-data`: a county folder → validated, derived, indexed FlatGeobuf + JSON, published atomically.
//
// Guarantees (README "Bringing real data"):
// - the served folder (public/data) is always one complete build: the previous one or this one (store.ts);
// - nothing is written under a served folder until the build is complete, and nothing confidential outside internal/;
// - every feature or record the pipeline cannot take is set aside with file, id and reason (internal/rejects.json);
// - a build that would publish no parcels, or lose more than --max-loss of the live build's parcels, is refused;
// - memory does not grow with the county beyond ~100 bytes per parcel: features are streamed through spools.
import { closeSync, existsSync, fsyncSync, openSync } from 'node:fs';
import { writeFully } from './pipeline/write-fully.ts';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseEnterprise } from '../src/lib/data/enterprise-props.ts';
import { readFeatures, sniffEncoding } from '../src/lib/data/geojson-stream.ts';
import { LayerIngest, LayerScan, type GeometryKind } from '../src/lib/data/ingest.ts';
import {
  baseProps,
  knownIndustries,
  parcelPropsParser,
  parseControlLineProps,
  parseLowEfficiencyBlockProps,
  parseZoneProps,
  type PropsResult,
} from '../src/lib/data/props.ts';
import { ColumnSet, featureBox, hilbertOrder } from '../src/lib/data/fgb-write.ts';
import { CONFIDENTIAL_FIELDS, parcelColumns, toPublicParcel } from '../src/lib/data/public-fields.ts';
import type { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js';
import { agreementParser, blockPlanParser, campaignCaseParser, campaignProjectParser, smallParkParser } from '../src/lib/campaign/parse.ts';
import {
  demandParser,
  knownLinksOf,
  landSupplyParser,
  landSwapParser,
  parseChainRecord,
  recordList,
  validateRecords,
} from '../src/lib/data/records.ts';
import type { AreaGeometry, Chain, ControlLineProps, Enterprise, Feature, LowEfficiencyBlockProps, ParcelSource, ParcelStatus, ZoneProps } from '../src/lib/data/schema.ts';
import { interiorPoint, m2ToMu, planarAreaM2 } from '../src/lib/geo/index.ts';
import { parseCountyConfig, type CountyConfig } from '../src/lib/geo/place.ts';
import type { Policy } from '../src/lib/rules/policy.ts';
import { TARGETS, type Target } from '../src/lib/import/aliases.ts';
import { LargestParcels, PARTNERS_FILE, writePartnersFgb } from '../src/lib/share/partners.ts';
import { keptForSites, siteFileProps, SITES_FILE, type SitesFileSpec } from '../src/lib/chain/sites-file.ts';
import { ParcelDeriver } from './pipeline/derive.ts';
import { ParcelTiler, type TileArchiveInfo } from './pipeline/parcel-tiles.ts';
import { CONTEXT_TILE_LAYERS, writeContextTiles, type ContextTileLayer, type ContextTilesInfo } from './pipeline/context-tiles.ts';
import { IdShardWriter } from './pipeline/id-shards.ts';
import { SearchShardWriter } from './pipeline/search-shards.ts';
import type { SearchShardsSpec } from '../src/lib/data/search-shards.ts';
import { AreaStatsWriter } from './pipeline/area-stats-file.ts';
import { parcelMinZoom } from '../src/lib/tiles/parcel-zoom.ts';
import { farClass } from '../src/lib/style/parcel-style.ts';
import { PUBLIC_PARCEL_FIELDS } from '../src/lib/data/schema.ts';
import { F64List, FgbFileWriter, SortedFgbWriter } from './pipeline/fgb-file.ts';
import { fileSource, hashFile, readJsonFile, sha256, streamIds } from './pipeline/files.ts';
import { RejectLog } from './pipeline/reject-log.ts';
import { Spool, SpoolReader } from './pipeline/spool.ts';
import { closeStore, openStore, pauseAt, publish, type Store } from './pipeline/store.ts';
import { CountySources, SourceError, unmarked, type SourcePath } from './pipeline/county-sources.ts';
import { PATHS, ROOT } from './paths.ts';

export const GENERATED_BY = 'tenglong build-data 0.2.0';
export const SAMPLE_LABEL = { zh: '示例数据', en: 'sample data' };

export const DEFAULT_MAX_LOSS = 0.2;

/** Nothing was built: the previous data stays live (exit code 1). */
export class BuildRefused extends Error {
  override name = 'BuildRefused';
}

type ParseProps = (p: unknown) => PropsResult<Record<string, unknown>>;

interface LayerSpec {
  name: string;
  geometry: GeometryKind;
  required: boolean;
  /** The rules judge every parcel against this layer: a rejected feature would silently change verdicts. */
  rules: boolean;
  uniqueIds: boolean;
  parse: (ctx: { industries: string[] }) => ParseProps;
}

const asRecord = <T>(f: (p: unknown) => PropsResult<T>) => f as unknown as ParseProps;

const LAYERS: LayerSpec[] = [
  { name: 'parcels', geometry: 'area', required: true, rules: false, uniqueIds: true, parse: ({ industries }) => asRecord(parcelPropsParser(industries)) },
  { name: 'control-lines', geometry: 'area', required: true, rules: true, uniqueIds: true, parse: () => asRecord(parseControlLineProps) },
  { name: 'low-efficiency-blocks', geometry: 'area', required: true, rules: false, uniqueIds: true, parse: () => asRecord(parseLowEfficiencyBlockProps) },
  { name: 'zones', geometry: 'area', required: true, rules: true, uniqueIds: true, parse: () => asRecord(parseZoneProps) },
  { name: 'base-county', geometry: 'area', required: false, rules: false, uniqueIds: false, parse: () => baseProps('base-county') },
  { name: 'base-water', geometry: 'area', required: false, rules: false, uniqueIds: false, parse: () => baseProps('base-water') },
  { name: 'base-towns', geometry: 'point', required: false, rules: false, uniqueIds: false, parse: () => baseProps('base-towns') },
  { name: 'base-roads', geometry: 'line', required: false, rules: false, uniqueIds: false, parse: () => baseProps('base-roads') },
];

export interface BuildOptions {
  src: string;
  out: string;
  policy: Policy;
  /** Where builds are made and kept (never served). Default: data/build/<name of out> in the project. */
  store?: string;
  crs?: string;
  /** Text encoding of every source file (else detected per file). */
  encoding?: string;
  /** mapping.json of the county's own files (else <src>/mapping.json when there is one; else the built-in aliases). */
  mapping?: string;
  /** Else <src>/county.json, else data/config/county.json. */
  county?: CountyConfig;
  /** Largest share (0–1) of the live build's parcels this build may drop without --force. */
  maxLoss?: number;
  force?: boolean;
  log?: (line: string) => void;
  /** Told of each feature or record set aside, as it happens (the CLI names the first ones). */
  onReject?: (r: { file: string; index: number; id: string | null; reason: string }) => void;
  /**
   * Status edits of the team workspace (parcel id → edit), applied to each parcel as it is read, before anything
   * is derived: the rules and the low-efficiency verdict follow the edited status. Recorded with the delivered
   * status in internal/status-edits.json; an id the sources do not have is reported, not applied.
   */
  statusEdits?: ReadonlyMap<string, StatusEditInput>;
}

export interface StatusEditInput {
  status: ParcelStatus;
  date: string;
  reason: string;
}

/** One entry of internal/status-edits.json: an edit the build applied, with the status the sources deliver. */
export interface AppliedStatusEdit extends StatusEditInput {
  parcel_id: string;
  source_status: ParcelStatus;
}
export const STATUS_EDITS_FILE = 'status-edits.json';
/** The statistics of the county, towns, parks and blocks (scripts/pipeline/area-stats-file.ts). */
export const AREA_STATS_FILE = 'area-stats.json';

const isTarget = (name: string): name is Target => (TARGETS as readonly string[]).includes(name);

interface LayerReport {
  file: string;
  encoding: string;
  crs: string;
  crs_reason: string;
  read: number;
  accepted: number;
  rejected: number;
}

export interface BuildReport {
  generated_by: string;
  source: string;
  source_hash: string;
  sample: boolean;
  policy: string;
  county: { id: string; extent: [number, number, number, number]; max_parcel_mu: number; config: string };
  layers: Record<string, LayerReport>;
  records: Record<string, { read: number; accepted: number; rejected: number }>;
  enterprises: { read: number; accepted: number; rejected: number };
  /** All rejects, by file (the records themselves are in rejects.json). */
  rejected: number;
  /** The first rejects with their reasons (all of them in rejects.json). */
  rejects: { file: string; index: number; id: string | null; reason: string }[];
  warnings: string[];
  /** Where the build went live. */
  release: string;
  /** Parcels of the build that was live before, and how many of their ids this build no longer has. */
  previous: { parcels: number; lost: number } | null;
  /** The mapping.json the county's own files were read through (null: none; the built-in aliases, if any). */
  mapping: string | null;
  /** Enterprises joined to parcels by credit code or name (mapping enterprises.join), and what did not match. */
  join: { matched: number; unmatched_parcels: number; unmatched_enterprises: number; problems: string[] } | null;
  /** Status edits given (statusEdits): how many were applied, and the parcel ids the sources do not have. */
  edits: { applied: number; unknown: string[] } | null;
}

type Bbox = [number, number, number, number];

function unionBbox(boxes: (Bbox | null)[]): Bbox | null {
  const bs = boxes.filter((b): b is Bbox => b !== null);
  if (!bs.length) return null;
  return bs.reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]);
}

/** Store folder of an output folder: data/build/<out relative to the project, or its name and a hash>. */
export function defaultStore(out: string): string {
  const abs = resolve(out);
  const rel = abs.startsWith(ROOT + '/') ? abs.slice(ROOT.length + 1) : `${abs.split('/').pop()}-${sha256().update(abs).digest('hex').slice(0, 10)}`;
  return join(PATHS.storeRoot, rel.replace(/[^\w.-]+/g, '-'));
}

async function loadCounty(opts: BuildOptions): Promise<{ county: CountyConfig; file: string }> {
  if (opts.county) return { county: opts.county, file: '(given)' };
  const inSrc = join(opts.src, 'county.json');
  const file = existsSync(inSrc) ? inSrc : PATHS.county;
  return { county: parseCountyConfig(await readJsonFile(file, opts.encoding), file), file };
}

/** Ids of the parcels the live build publishes (for --max-loss), read from its internal index. */
async function liveParcelIds(release: string | null): Promise<Set<string> | null> {
  if (!release) return null;
  const path = join(release, 'internal', 'parcels-index.json');
  if (!existsSync(path)) return null;
  return streamIds(path).catch(() => null);
}

export async function buildData(opts: BuildOptions): Promise<BuildReport> {
  const log = opts.log ?? (() => {});
  if (!existsSync(opts.src)) throw new BuildRefused(`source folder ${opts.src} does not exist`);
  // A folder of GeoJSON named after the schema must have every required layer; one with a county's own files
  // (Shapefile, GeoPackage, .xlsx…) or a mapping.json is checked once its sources are resolved.
  const own = opts.mapping !== undefined || (await CountySources.sourceFiles(opts.src)).some((n) => !/\.(geo)?json$/i.test(n) || n === 'mapping.json');
  for (const spec of LAYERS) {
    if (!own && spec.required && !existsSync(join(opts.src, `${spec.name}.geojson`))) {
      throw new BuildRefused(`${join(opts.src, `${spec.name}.geojson`)}: required layer file is missing`);
    }
  }
  const { county, file: countyFile } = await loadCounty(opts);
  const store = await openStore(opts.store ?? defaultStore(opts.out), opts.out);
  for (const c of store.cleaned) log(`removed what an interrupted build left: ${c}`);
  try {
    return await buildInto(store, opts, county, countyFile, log);
  } finally {
    await closeStore(store);
  }
}

async function buildInto(store: Store, opts: BuildOptions, county: CountyConfig, countyFile: string, log: (l: string) => void): Promise<BuildReport> {
  const tmp = store.tmp;
  const work = join(tmp, '.work');
  await mkdir(work);
  await mkdir(join(tmp, 'internal'));
  await mkdir(join(tmp, 'public'));
  const rejects = new RejectLog(join(work, 'rejects.jsonl'), opts.onReject);
  const warnings: string[] = [];
  const industries = knownIndustries(opts.policy.far.by_industry_min);

  // Source hash over every file in the folder, sorted, so the manifest says exactly what it was built from.
  const hash = sha256();
  const names = await CountySources.sourceFiles(opts.src);
  for (const n of names) await hashFile(hash, join(opts.src, n), n);

  // ---- layers: pass 1 (scan + spool raw), decide CRS, pass 2 (validate, reproject, place) ----
  const layerReports: Record<string, LayerReport> = {};
  const small: Record<string, Feature[]> = {};
  // Accepted parcels in lon/lat, with each one's box and place in the spool: what lets them be derived and written
  // in file (Hilbert) order without holding them.
  const lonlatParcels = new Spool(join(work, 'parcels.lonlat.jsonl'));
  const parcelBoxes = new F64List();
  const parcelSpans = new F64List();
  const parcelTypes = new Set<GeometryType>();
  const land = new Map<string, number>();
  const parcelIds = new Set<string>();
  const appliedEdits: AppliedStatusEdit[] = [];
  let sample = false;
  let sources: CountySources;
  try {
    sources = await CountySources.open(opts.src, work, { mapping: opts.mapping, encoding: opts.encoding, sample: county.sample, log });
  } catch (e) {
    if (e instanceof SourceError) throw new BuildRefused(e.message);
    throw e;
  }
  for (const spec of LAYERS) {
    let where: SourcePath | null;
    try {
      where = isTarget(spec.name) ? await sources.layer(spec.name) : existsSync(join(opts.src, `${spec.name}.geojson`)) ? { path: join(opts.src, `${spec.name}.geojson`), label: join(opts.src, `${spec.name}.geojson`) } : null;
    } catch (e) {
      if (e instanceof SourceError) throw new BuildRefused(e.message);
      throw e;
    }
    if (!where) {
      if (spec.required) {
        const why = sources.unreadable.length ? `; files that could not be read: ${sources.unreadable.join('; ')}` : '';
        throw new BuildRefused(`${join(opts.src, `${spec.name}.geojson`)}: required layer file is missing (and no other file in the folder or its mapping.json gives ${spec.name})${why}`);
      }
      continue;
    }
    // `path` is what is read (a mapped source is read from the work folder); `label` is the file messages name.
    const path = where.label;
    const src = fileSource(where.path);
    // A mapped source was decoded by its reader and written as UTF-8: --encoding concerns the original only.
    const encoding = await sniffEncoding(src, where.path === where.label ? opts.encoding : undefined);
    const scan = new LayerScan(path);
    const raw = new Spool(join(work, `${spec.name}.raw.jsonl`));
    const head = await readFeatures(src, encoding, async (f, i) => {
      scan.add(f);
      raw.append(f);
      if (spec.name === 'parcels' && i === 0) await pauseAt('parse');
    });
    if (spec.name === 'parcels') sample = head.sample === true;
    if (where.path !== where.label) await rm(where.path, { force: true });
    const decision = scan.decide(head.crs, opts.crs, county.extent);
    const ingest = new LayerIngest(
      {
        file: path,
        geometry: spec.geometry,
        parseProps: unmarked(spec.parse({ industries }), (reason) => ({ ok: false, reason })),
        uniqueIds: spec.uniqueIds,
        extent: county.extent,
        maxAreaMu: spec.name === 'parcels' ? county.max_parcel_mu : null,
      },
      decision,
      (r) => rejects.add(r),
    );
    let index = 0;
    const kept: Feature[] = [];
    for await (const f of raw.lines()) {
      const ok = ingest.add(f, index++);
      if (!ok) continue;
      if (spec.name === 'parcels') {
        const p = ok as unknown as Feature<AreaGeometry, ParcelSource>;
        // The workspace's status edit replaces the delivered status here, before the parcel is spooled and derived.
        const edit = opts.statusEdits?.get(p.properties.id);
        if (edit) {
          appliedEdits.push({ parcel_id: p.properties.id, source_status: p.properties.status, status: edit.status, date: edit.date, reason: edit.reason });
          p.properties.status = edit.status;
        }
        const { type, box } = featureBox(p as unknown as Feature, p.properties.id);
        parcelTypes.add(type);
        parcelBoxes.push(...box);
        const { offset, length } = lonlatParcels.append(p);
        parcelSpans.push(offset, length);
        parcelIds.add(p.properties.id);
        const e = p.properties.enterprise_id;
        if (e) land.set(e, (land.get(e) ?? 0) + m2ToMu(planarAreaM2(p.geometry)));
      } else kept.push(ok as Feature);
    }
    await raw.remove();
    const counts = ingest.finish();
    if (spec.name !== 'parcels') small[spec.name] = kept;
    layerReports[spec.name] = {
      file: path,
      encoding: where.encoding ?? `${encoding.encoding}${encoding.bom ? ' (BOM)' : ''}`,
      crs: decision.crs,
      crs_reason: decision.reason,
      read: counts.read,
      accepted: counts.accepted,
      rejected: counts.rejected,
    };
    log(`${spec.name}: ${counts.accepted}/${counts.read} accepted (${where.encoding ?? encoding.encoding}; ${decision.crs}: ${decision.reason})${counts.rejected ? `, ${counts.rejected} rejected` : ''}`);
    if (spec.rules && counts.rejected > 0 && !opts.force) {
      throw new BuildRefused(
        `${path}: ${counts.rejected} of ${counts.read} features rejected (first: ${rejects.first(path)}); every parcel's verdict depends on this layer, ` +
          'so nothing was built: fix the file, or pass --force to build without those features',
      );
    }
  }

  let edits: BuildReport['edits'] = null;
  if (opts.statusEdits) {
    const unknown = [...opts.statusEdits.keys()].filter((id) => !parcelIds.has(id)).sort();
    edits = { applied: appliedEdits.length, unknown };
    for (const id of unknown) warnings.push(`status edit of parcel ${id}: no such parcel in ${opts.src} (not applied)`);
    log(`status edits: ${appliedEdits.length} applied${unknown.length ? `, ${unknown.length} naming no parcel (${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''})` : ''}`);
  }

  // ---- what may not be published: no parcels, or too many of the live ones gone ----
  const parcelCount = layerReports['parcels']!.accepted;
  if (parcelCount === 0) {
    throw new BuildRefused(
      `${layerReports['parcels']!.file}: no parcel was accepted (${layerReports['parcels']!.read} read${rejects.count ? `; first reject: ${rejects.first(layerReports['parcels']!.file)}` : ''})`,
    );
  }
  const live = await liveParcelIds(store.previous);
  let previous: BuildReport['previous'] = null;
  if (live) {
    let lost = 0;
    for (const id of live) if (!parcelIds.has(id)) lost++;
    previous = { parcels: live.size, lost };
    const maxLoss = opts.maxLoss ?? DEFAULT_MAX_LOSS;
    if (live.size > 0 && lost / live.size > maxLoss && !opts.force) {
      throw new BuildRefused(
        `this build would drop ${lost} of the ${live.size} parcels now published (${((100 * lost) / live.size).toFixed(1)} % > --max-loss ${(100 * maxLoss).toFixed(0)} %); ` +
          'check the rejects named above, or pass --force (or a larger --max-loss) if the change is intended',
      );
    }
  }

  // ---- side files: chains → enterprises → demands, projects, land records ----
  const records: BuildReport['records'] = {};
  const sideHeads: Record<string, Record<string, unknown>> = {};
  const side = async <T>(name: string, key: string, parse: (r: unknown) => PropsResult<T>, unique?: (t: T) => string): Promise<T[] | null> => {
    let where: SourcePath | null;
    try {
      where = await sources.side(name);
    } catch (e) {
      if (e instanceof SourceError) throw new BuildRefused(e.message);
      throw e;
    }
    if (!where) return null;
    const path = where.label;
    const { head, list } = recordList(await readJsonFile(where.path, where.path === where.label ? opts.encoding : undefined), key, path);
    const v = validateRecords(list, path, unmarked(parse, (reason) => ({ ok: false, reason }) as PropsResult<T>), unique ? { unique } : {});
    for (const r of v.rejects) rejects.add(r);
    records[name] = { read: list.length, accepted: v.accepted.length, rejected: v.rejects.length };
    sideHeads[name] = head;
    log(`${name}: ${v.accepted.length}/${list.length} accepted${v.rejects.length ? `, ${v.rejects.length} rejected` : ''}`);
    return v.accepted;
  };
  const chains = await side<Chain>('chains.json', 'chains', parseChainRecord, (c) => c.id);
  const known = chains ? knownLinksOf(chains) : undefined;
  const enterpriseList =
    (await side<Enterprise>(
      'enterprises.json',
      'enterprises',
      (r) => parseEnterprise(r, { industries, exemptKinds: opts.policy.mujun.evaluated.exempt_kinds, ...(known ? { chains: known.map } : {}) }),
      (e) => e.id,
    )) ?? [];
  const entRecord = records['enterprises.json'] ?? { read: 0, accepted: 0, rejected: 0 };
  const demands = await side('demands.json', 'demands', demandParser(known), (d) => d.id);
  const projects = await side(
    'projects.json',
    'projects',
    campaignProjectParser({
      parcelIds,
      enterpriseIds: new Set(enterpriseList.map((e) => e.id)),
      ...(chains && known ? { chainIds: new Set(chains.map((c) => c.id)), linksOf: (c: string) => known.map.get(c) ?? new Set<string>() } : {}),
    }),
    (p) => p.id,
  );
  const landSupply = await side('land-supply.json', 'land_supply', landSupplyParser());
  const landSwap = await side('land-swap.json', 'land_swap', landSwapParser());
  // The campaign's registers (src/lib/campaign): cases with dated steps (a file of years only still reads), and the
  // optional plans, 小微企业园 and 标准地 agreements. Internal only, like every side file.
  const cases = await side('cases.json', 'cases', campaignCaseParser({ parcelIds }), (c) => c.id);
  const blockIds = new Set((small['low-efficiency-blocks'] ?? []).map((f) => String((f.properties as { id?: unknown }).id)));
  const blockPlans = await side('block-plans.json', 'block_plans', blockPlanParser({ blockIds }), (b) => b.block_id);
  const smallParks = await side('small-parks.json', 'small_parks', smallParkParser(), (p) => p.id);
  const agreements = await side('standard-land.json', 'agreements', agreementParser({ parcelIds }), (a) => a.parcel_id);

  // ---- derive and write parcels, one at a time ----
  const deriver = new ParcelDeriver(
    (small['zones'] ?? []) as unknown as Feature<AreaGeometry, ZoneProps>[],
    (small['control-lines'] ?? []) as unknown as Feature<AreaGeometry, ControlLineProps>[],
    (small['low-efficiency-blocks'] ?? []) as unknown as Feature<AreaGeometry, LowEfficiencyBlockProps>[],
    enterpriseList,
    land,
    opts.policy,
  );
  // File order = Hilbert order of the boxes; both parcel files share it, so each parcel is read once, derived once
  // and written to both as it comes.
  const order = hilbertOrder(parcelBoxes.view(), parcelCount);
  const sortedBoxes = new Float64Array(4 * parcelCount);
  order.forEach((i, k) => sortedBoxes.set(parcelBoxes.data.subarray(4 * i, 4 * i + 4), 4 * k));
  const internalParcels = new SortedFgbWriter(join(tmp, 'internal', 'parcels.fgb'), sortedBoxes, parcelTypes, ColumnSet.declared(parcelColumns('internal')), { name: 'parcels' });
  const publicParcels = new SortedFgbWriter(join(tmp, 'public', 'parcels.fgb'), sortedBoxes, parcelTypes, ColumnSet.declared(parcelColumns('public')), { name: 'parcels' });
  const publicIndex = new Spool(join(work, 'index-public.jsonl'));
  const internalIndex = new Spool(join(work, 'index-internal.jsonl'));
  const largest = new LargestParcels();
  // Vector tiles for viewing and per-id shards for reading one parcel (issue 16); both fed parcel by parcel below.
  const parcelZoom = parcelMinZoom(sortedBoxes, parcelCount);
  const tiler = new ParcelTiler(work, parcelZoom, TILE_TAGS, PUBLIC_PARCEL_FIELDS);
  const shards = new IdShardWriter(work, parcelCount);
  // Search without the whole index in a static deployment: small files per query (src/lib/data/search-shards.ts).
  const searchShards = new SearchShardWriter(tmp, parcelCount);
  const areaStats = new AreaStatsWriter();
  // The 招商 ranking's parcels (src/lib/chain/sites-file.ts): candidates and chain firms' parcels, few fields — what the
  // site worker streams instead of the county. Only with the policy's ranking block, which says what a candidate is.
  const ranking = opts.policy.chains?.ranking;
  const chainFirms = new Set(enterpriseList.filter((e) => e.chain).map((e) => e.id));
  // In the parcels file's order (keepOrder): the worker sees them as it would streaming that file, so the ranking and
  // the overlay are the same whichever it streams.
  const sites = ranking ? new FgbFileWriter(work, 'sites', { name: 'sites', keepOrder: true }) : null;
  lonlatParcels.close();
  const reader = new SpoolReader(lonlatParcels.path);
  try {
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      const d = deriver.derive(reader.readAt(parcelSpans.data[2 * i]!, parcelSpans.data[2 * i + 1]!) as Feature<AreaGeometry, ParcelSource>);
      const p = d.properties;
      await internalParcels.add(d as unknown as Feature);
      const pub = toPublicParcel(p) as unknown as Record<string, unknown>;
      assertPublic('parcels', pub);
      await publicParcels.add({ type: 'Feature', geometry: d.geometry, properties: pub });
      const entry = {
        id: p.id,
        name: p.name,
        centroid: interiorPoint(d.geometry).map((v: number) => Math.round(v * 1e6) / 1e6),
        area_mu_planar: Math.round(p.area_mu_planar * 100) / 100,
      };
      publicIndex.append(entry);
      const box = sortedBoxes.subarray(4 * k, 4 * k + 4) as unknown as [number, number, number, number];
      areaStats.add(p, box);
      shards.add(p.id, { bbox: [box[0], box[1], box[2], box[3]], point: entry.centroid as [number, number], area_mu: entry.area_mu_planar, name: p.name ?? '' });
      const tags: Record<string, string | number | boolean | null> = {};
      for (const t of TILE_TAGS) {
        const v = (p as unknown as Record<string, unknown>)[t];
        if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') tags[t] = v;
      }
      tiler.add(d.geometry, box, tags, {
        lon: entry.centroid[0]!,
        lat: entry.centroid[1]!,
        mu: p.area_mu_planar,
        classes: { grade: p.grade ?? '', status: p.status, far: farClass(p.far ?? null, p.far_min, p.far_max) },
      });
      internalIndex.append({ ...entry, status: p.status, enterprise_id: p.enterprise_id, enterprise_name: p.enterprise_name });
      searchShards.add({ ...entry, centroid: entry.centroid as [number, number], enterprise_name: p.enterprise_name });
      largest.see(p, d.geometry);
      if (sites && ranking && keptForSites(p, chainFirms, ranking)) sites.add({ type: 'Feature', geometry: d.geometry, properties: siteFileProps(p as unknown as Record<string, unknown>) });
    }
  } finally {
    reader.close();
  }
  internalParcels.finish();
  publicParcels.finish();
  let sitesSpec: SitesFileSpec | null = null;
  // None kept (no candidate, no chain firm): no file, as for the partners; the page then streams the parcels file.
  if (sites && ranking && sites.count > 0) {
    await sites.finish(join(tmp, 'internal', SITES_FILE));
    sitesSpec = { file: SITES_FILE, count: sites.count, candidate_statuses: [...ranking.candidate_statuses], candidate_grades: [...ranking.candidate_grades] };
  }
  const tiles = await tiler.finish(
    { internal: join(tmp, 'internal', 'parcels.pmtiles'), public: join(tmp, 'public', 'parcels.pmtiles') },
    { internal: ['grade', 'status', 'far'], public: ['status'] },
  );
  const idShards = await shards.finish(join(tmp, 'public'));
  const search = searchShards.finish();
  await lonlatParcels.remove();
  for (const u of deriver.unknownEnterprise) warnings.push(`parcel ${u.parcel}: enterprise_id "${u.enterprise}" not found in enterprises.json (kept, not graded)`);

  const publicLayers: Record<string, LayerInfo> = {};
  const internalLayers: Record<string, LayerInfo> = {};
  const parcelBox = internalParcels.envelope();
  internalLayers['parcels'] = { file: 'parcels.fgb', count: internalParcels.count, bbox: parcelBox, fields: internalParcels.fields(), tiles: tiles.internal, ids: idShards, search: search.internal };
  publicLayers['parcels'] = { file: 'parcels.fgb', count: publicParcels.count, bbox: parcelBox, fields: publicParcels.fields(), tiles: tiles.public, ids: idShards, search: search.public };
  const finishFgb = async (w: FgbFileWriter, name: string) => {
    await w.finish(join(tmp, 'public', `${name}.fgb`));
    publicLayers[name] = { file: `${name}.fgb`, count: w.count, bbox: w.envelope(), fields: w.fields() };
  };
  const smallLayers: [string, Feature[]][] = LAYERS.slice(1)
    .filter((s) => small[s.name])
    .map((s) => [s.name, s.name === 'low-efficiency-blocks' ? (deriver.blocksWithArea() as unknown as Feature[]) : small[s.name]!]);
  for (const [name, feats] of smallLayers) {
    const w = new FgbFileWriter(work, name, { name });
    for (const f of feats) {
      assertPublic(name, f.properties);
      w.add(f);
    }
    await finishFgb(w, name);
  }
  // The same layers as vector tiles, so the maps draw them without reading them whole (context-tiles.ts).
  const tiledLayers = new Map(smallLayers.filter((e): e is [ContextTileLayer, Feature[]] => (CONTEXT_TILE_LAYERS as readonly string[]).includes(e[0])));
  const contextTiles = await writeContextTiles(work, join(tmp, 'public', 'layers.pmtiles'), tiledLayers);
  await writeJsonItems(join(tmp, 'public', 'parcels-index.json'), '[', publicIndex.textBatches(), ']');
  await writeJsonItems(join(tmp, 'internal', 'parcels-index.json'), '[', internalIndex.textBatches(), ']');
  await publicIndex.remove();
  await internalIndex.remove();

  const label = sample ? SAMPLE_LABEL : null;
  // Each firm with its 亩均 results, serialised one at a time (a county's firms as one string would be its largest).
  function* enterpriseLines(): Generator<string[]> {
    for (let i = 0; i < enterpriseList.length; i += 1000) {
      yield enterpriseList.slice(i, i + 1000).map((e) => {
        const m = deriver.mujun.get(e.id);
        return JSON.stringify({ ...e, land_mu: m?.land_mu ?? 0, grade: m?.grade ?? null, score: m?.score ?? null, evaluated: m?.evaluated ?? false, indicators: m?.indicators ?? null });
      });
    }
  }
  await writeJsonItems(join(tmp, 'internal', 'enterprises.json'), `{"label":${JSON.stringify(label)},"enterprises":[`, enterpriseLines(), ']}');
  // The areas' statistics over the firms as enterprises.json has them (its grade and evaluated, from the 亩均 run).
  await areaStats.write(
    join(tmp, 'internal', AREA_STATS_FILE),
    new Map(enterpriseList.map((e) => {
      const m = deriver.mujun.get(e.id);
      return [e.id, { id: e.id, above_scale: e.above_scale, tax_10k: e.tax_10k, value_added_10k: e.value_added_10k, evaluated: m?.evaluated ?? false, grade: m?.grade ?? null }];
    })),
  );
  const sideOut: [string, string, unknown[] | null][] = [
    ['chains.json', 'chains', chains],
    ['demands.json', 'demands', demands],
    ['projects.json', 'projects', projects],
    ['land-supply.json', 'land_supply', landSupply],
    ['land-swap.json', 'land_swap', landSwap],
    ['cases.json', 'cases', cases],
    ['block-plans.json', 'block_plans', blockPlans],
    ['small-parks.json', 'small_parks', smallParks],
    ['standard-land.json', 'agreements', agreements],
  ];
  for (const [name, key, list] of sideOut) {
    if (list) await writeFile(join(tmp, 'internal', name), JSON.stringify({ ...sideHeads[name], [key]: list }));
  }
  if (opts.statusEdits) {
    appliedEdits.sort((a, b) => (a.parcel_id < b.parcel_id ? -1 : a.parcel_id > b.parcel_id ? 1 : 0));
    await writeFile(join(tmp, 'internal', STATUS_EDITS_FILE), JSON.stringify({ edits: appliedEdits }));
  }
  // Chain partners for prospect pages: firm names and chain links only, by design (src/lib/share/partners.ts); points
  // in an indexed FlatGeobuf, so a page reads those around its parcel by ranges, whatever the territory's size.
  // No chain firm with a parcel: no file (an empty one could carry no index), and the manifest does not list it.
  const partners = largest.partners(enterpriseList, chains ? { chains } : undefined);
  if (partners.length > 0) await writeFile(join(tmp, 'public', PARTNERS_FILE), writePartnersFgb(partners));

  const report: BuildReport = {
    generated_by: GENERATED_BY,
    source: opts.src,
    source_hash: hash.digest('hex'),
    sample,
    policy: opts.policy.id,
    county: { id: county.id, extent: county.extent, max_parcel_mu: county.max_parcel_mu, config: countyFile },
    layers: layerReports,
    records,
    enterprises: { read: entRecord.read, accepted: entRecord.accepted, rejected: entRecord.rejected },
    rejected: rejects.count,
    rejects: rejects.firstEntries(),
    warnings,
    release: store.releaseId,
    previous,
    mapping: sources.mappingFile,
    join: sources.joinReport(),
    edits,
  };
  await writeFile(join(tmp, 'internal', 'report.json'), JSON.stringify(report, null, 2));
  // Rejected features keep their original geometry and properties, so nothing is lost; they may hold confidential
  // fields, hence internal/.
  await rejects.writeJson(join(tmp, 'internal', 'rejects.json'));

  const manifest = (layers: Record<string, LayerInfo>, files: string[], extra: { context_tiles?: ContextTilesInfo; sites?: SitesFileSpec } = {}) => ({
    generated_by: GENERATED_BY,
    release: store.releaseId,
    source_hash: report.source_hash,
    sample,
    label,
    policy: opts.policy.id,
    county: { id: county.id, name: county.name, extent: county.extent, max_parcel_mu: county.max_parcel_mu },
    crs: 'EPSG:4326',
    bbox: unionBbox(Object.values(layers).map((l) => l.bbox)),
    layers,
    ...extra,
    files,
  });
  await rm(work, { recursive: true, force: true });
  const publicFiles = ['parcels-index.json', ...(partners.length > 0 ? [PARTNERS_FILE] : [])];
  await writeFile(join(tmp, 'public', 'manifest.json'), JSON.stringify(manifest(publicLayers, publicFiles, contextTiles ? { context_tiles: contextTiles } : {}), null, 2));
  await writeFile(
    join(tmp, 'internal', 'manifest.json'),
    JSON.stringify(manifest(internalLayers, (await readdir(join(tmp, 'internal'))).filter((f) => f.endsWith('.json')).sort(), sitesSpec ? { sites: sitesSpec } : {}), null, 2),
  );
  await publish(store);
  return report;
}

interface LayerInfo {
  file: string;
  count: number;
  bbox: Bbox | null;
  fields: string[];
  /** The parcels only: their vector tiles and per-id shards. */
  tiles?: TileArchiveInfo;
  ids?: { shards: number; dir: string };
  /** The parcels only: search shards (public: the parcel table; internal: the firm table too). */
  search?: SearchShardsSpec;
}

/** Parcel fields the tiles carry: what the map's colour modes and a click need (the card reads the rest by id). */
const TILE_TAGS = ['id', 'status', 'grade', 'far', 'far_min', 'far_max'] as const;

/** Guard: a public file must not carry an enterprise figure or a grade, whatever a future edit does. */
function assertPublic(name: string, props: Record<string, unknown>): void {
  for (const k of Object.keys(props)) {
    if ((CONFIDENTIAL_FIELDS as readonly string[]).includes(k)) throw new Error(`refusing to write confidential field "${k}" into public layer ${name}`);
  }
}

/** A JSON document written in 1 MB pieces: `open`, the items' JSON text joined by ",", `close`; flushed to disk. */
async function writeJsonItems(path: string, open: string, batches: AsyncIterable<string[]> | Iterable<string[]>, close: string): Promise<void> {
  const fd = openSync(path, 'w');
  try {
    let buf: string[] = [open];
    let size = open.length;
    let first = true;
    for await (const batch of batches) {
      for (const item of batch) {
        buf.push(first ? item : ',' + item);
        first = false;
        size += item.length + 1;
      }
      if (size > 1 << 20) {
        writeFully(fd, buf.join(''));
        buf = [];
        size = 0;
      }
    }
    buf.push(close);
    writeFully(fd, buf.join(''));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
