// The deterministic sample county: `generateSample` builds it in memory, `writeSample` writes the files that
// `tenglong build-data` reads. Same seed and parcel count ⇒ byte-identical files (own PRNG, fixed key order,
// coordinates rounded to 7 decimals, one feature per line so diffs stay readable).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AnyGeometry, Feature, ParcelSource, PolygonGeometry } from '../../src/lib/data/schema.ts';
import { buildBase, polygonFromXY } from './base.ts';
import { chainsOut } from './chains.ts';
import { makeEnterprises } from './enterprises.ts';
import { chooseSpecialBlocks, controlLineFeatures, lowEffFeatures, roadFeatures, zoneFeatures } from './layers.ts';
import { layoutParcels } from './layout.ts';
import { draftParcels } from './parcels.ts';
import { makeLandSupply, makeLandSwap } from './land.ts';
import { makeAgreements, makeBlockPlans, makeCampaignCases, makeCampaignProjects, makeSmallParks } from './registers.ts';
import { makeDemands, makeProjects } from './projects.ts';
import { SAMPLE_LABEL, type SampleCollection, type SampleCounty } from './types.ts';

export type { SampleCounty } from './types.ts';
export { SAMPLE_LABEL } from './types.ts';

export const DEFAULT_SEED = 20210;
export const DEFAULT_PARCELS = 4000;
export const PARCELS_RANGE: [number, number] = [3000, 6000];

export interface SampleOptions {
  seed?: number;
  parcels?: number;
}

function checkOptions(opts: SampleOptions): { seed: number; parcels: number } {
  const seed = opts.seed ?? DEFAULT_SEED;
  const parcels = opts.parcels ?? DEFAULT_PARCELS;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`sample: --seed must be a whole number ≥ 0, got ${seed}`);
  if (!Number.isInteger(parcels) || parcels < PARCELS_RANGE[0] || parcels > PARCELS_RANGE[1]) {
    throw new RangeError(`sample: --parcels must be a whole number from ${PARCELS_RANGE[0]} to ${PARCELS_RANGE[1]}, got ${parcels}`);
  }
  return { seed, parcels };
}

function collection<G extends AnyGeometry, P>(name: string, features: Feature<G, P>[]): SampleCollection<G, P> {
  return { type: 'FeatureCollection', name, sample: true, label: SAMPLE_LABEL, features };
}

export function generateSample(opts: SampleOptions = {}): SampleCounty {
  const { seed, parcels: total } = checkOptions(opts);
  const base = buildBase();
  const layout = layoutParcels(seed, total, { county: base.countyXY, water: base.waterXY });
  const special = chooseSpecialBlocks(seed, layout);
  const drafts = draftParcels(seed, layout.parcels, special.lowEffSet);
  const enterprises = makeEnterprises(seed, drafts);
  const demands = makeDemands(seed, enterprises);
  const projects = makeProjects(seed, drafts, enterprises, demands);
  // Industrial grants point at parcels supplied in the campaign years (supplied, being built, built not operating).
  const suppliedIds = drafts
    .filter((d) => d.land_use === 'industrial' && ['supplied_not_used', 'under_construction', 'built_not_operating'].includes(d.status))
    .map((d) => d.id);
  const parcelFeatures = drafts.map((d): Feature<PolygonGeometry, ParcelSource> => ({
    type: 'Feature',
    geometry: polygonFromXY(d.lp.ring),
    // Key order is the schema's field order, fixed here so the files are stable.
    properties: {
      id: d.id,
      land_use: d.land_use,
      status: d.status,
      enterprise_id: d.enterprise_id,
      floor_area_m2: d.floor_area_m2,
      tall_floor_area_m2: d.tall_floor_area_m2,
      height_m: d.height_m,
      coverage: d.coverage,
      green_ratio: d.green_ratio,
      admin_ratio: d.admin_ratio,
      standard_land: d.standard_land,
      dilapidated: d.dilapidated,
      banned_industry: d.banned_industry,
      industry: d.industry,
      town: d.town,
      park: d.park,
      name: d.name,
      project: d.project,
      central_approved: d.central_approved,
    },
  }));
  return {
    seed,
    parcels: collection('parcels', parcelFeatures),
    enterprises,
    chains: chainsOut(),
    demands,
    projects,
    landSupply: makeLandSupply(seed, suppliedIds),
    landSwap: makeLandSwap(seed),
    controlLines: collection('control-lines', controlLineFeatures(layout)),
    lowEfficiencyBlocks: collection('low-efficiency-blocks', lowEffFeatures(seed, special)),
    zones: collection('zones', zoneFeatures(special)),
    county: collection('base-county', base.county),
    towns: collection('base-towns', base.towns),
    water: collection('base-water', base.water),
    roads: collection('base-roads', roadFeatures(layout)),
  };
}

/** JSON with one array item per line: compact, yet a changed parcel shows as one changed line in a diff. */
function linesJson(head: Record<string, unknown>, key: string, items: readonly unknown[]): string {
  const open = JSON.stringify({ ...head, [key]: [] }).slice(0, -3);
  return `${open}[\n${items.map((x) => JSON.stringify(x)).join(',\n')}\n]}\n`;
}

function geojson<G extends AnyGeometry, P>(fc: SampleCollection<G, P>): string {
  return linesJson({ type: fc.type, name: fc.name, sample: fc.sample, label: fc.label }, 'features', fc.features);
}

/** Margin around the generated layers for the sample county's extent (degrees, ≈ 5 km). */
const EXTENT_MARGIN_DEG = 0.05;

/** county.json of the sample county: its extent is the generated layers' box plus a margin, rounded outward. */
export function sampleCountyConfig(county: SampleCounty): Record<string, unknown> {
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      box[0] = Math.min(box[0]!, c[0]);
      box[1] = Math.min(box[1]!, c[1] as number);
      box[2] = Math.max(box[2]!, c[0]);
      box[3] = Math.max(box[3]!, c[1] as number);
      return;
    }
    for (const x of c) visit(x);
  };
  for (const fc of [county.parcels, county.controlLines, county.lowEfficiencyBlocks, county.zones, county.county, county.towns, county.water, county.roads]) {
    for (const f of fc.features) visit(f.geometry.coordinates);
  }
  const down = (v: number) => Math.floor((v - EXTENT_MARGIN_DEG) * 100) / 100;
  const up = (v: number) => Math.ceil((v + EXTENT_MARGIN_DEG) * 100) / 100;
  return {
    id: 'ninghai-sample',
    name: { zh: '宁海县（示例数据）', en: 'Ninghai County (sample data)' },
    adcode: '330226',
    extent: [down(box[0]!), down(box[1]!), up(box[2]!), up(box[3]!)],
    max_parcel_mu: 5000,
    sample: true,
    label: SAMPLE_LABEL,
    source: `generated: the box of the sample layers plus ${EXTENT_MARGIN_DEG}°`,
  };
}

/** File name → text, in a fixed order. */
export function sampleFiles(county: SampleCounty): [string, string][] {
  const head = { sample: true, label: SAMPLE_LABEL };
  return [
    ['county.json', JSON.stringify(sampleCountyConfig(county), null, 2) + '\n'],
    ['parcels.geojson', geojson(county.parcels)],
    ['enterprises.json', linesJson(head, 'enterprises', county.enterprises)],
    ['chains.json', linesJson(head, 'chains', county.chains)],
    ['demands.json', linesJson(head, 'demands', county.demands)],
    // The registers (registers.ts): the delivered case and project fields plus their dated steps and nodes.
    ['projects.json', linesJson(head, 'projects', makeCampaignProjects(county))],
    ['land-supply.json', linesJson(head, 'land_supply', county.landSupply)],
    ['land-swap.json', linesJson(head, 'land_swap', county.landSwap)],
    ['cases.json', linesJson(head, 'cases', makeCampaignCases(county))],
    ['block-plans.json', linesJson(head, 'block_plans', makeBlockPlans(county))],
    ['small-parks.json', linesJson(head, 'small_parks', makeSmallParks(county))],
    ['standard-land.json', linesJson(head, 'agreements', makeAgreements(county))],
    ['control-lines.geojson', geojson(county.controlLines)],
    ['low-efficiency-blocks.geojson', geojson(county.lowEfficiencyBlocks)],
    ['zones.geojson', geojson(county.zones)],
    ['base-county.geojson', geojson(county.county)],
    ['base-towns.geojson', geojson(county.towns)],
    ['base-water.geojson', geojson(county.water)],
    ['base-roads.geojson', geojson(county.roads)],
  ];
}

/** Generate and write the sample county into `dir`; returns the written paths. */
export async function writeSample(dir: string, opts: SampleOptions = {}): Promise<string[]> {
  const files = sampleFiles(generateSample(opts));
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const [name, text] of files) {
    const path = join(dir, name);
    await writeFile(path, text, 'utf8');
    paths.push(path);
  }
  return paths;
}
