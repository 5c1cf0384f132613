// Parcel attributes: status, land use, built form and 标准地. Distributions follow the brief (≈ 75 % in use,
// the five 低效 kinds a few percent each) and lean on the area: old areas and low-efficiency blocks hold more
// idle and under-used land, new parks more land in transfer, under construction and 标准地.
import type { LandUse, ParcelSource, ParcelStatus } from '../../src/lib/data/schema.ts';
import type { LayoutBlock, LayoutParcel } from './layout.ts';
import { TOWNS } from './places.ts';
import { fromLonLat, M2_PER_MU } from './geom.ts';
import { clamp, Rng, round } from './rng.ts';

/** A parcel's source fields as the generator builds them, with its layout cell. */
export interface ParcelDraft extends ParcelSource {
  lp: LayoutParcel;
  /** No land user: enterprise_id stays null. */
  vacant: boolean;
}

const BASE_STATUS: readonly (readonly [ParcelStatus, number])[] = [
  ['in_use', 81],
  ['idle', 4.5],
  ['approved_not_supplied', 4],
  ['supplied_not_used', 3],
  ['used_not_full', 3],
  ['built_not_operating', 3],
  ['operating_below_target', 3],
  ['under_construction', 2.5],
  ['for_transfer', 2.5],
];
/** Statuses of recently supplied land (more in new parks). */
const NEW_LAND: readonly ParcelStatus[] = ['approved_not_supplied', 'supplied_not_used', 'built_not_operating', 'under_construction', 'for_transfer'];
/** Statuses of ageing land (more in old areas). */
const OLD_LAND: readonly ParcelStatus[] = ['idle', 'used_not_full', 'operating_below_target'];
/** Share of parcels of a status with no land user. */
const VACANT_SHARE: Partial<Record<ParcelStatus, number>> = {
  approved_not_supplied: 1,
  for_transfer: 1,
  idle: 0.85,
  under_construction: 0.2,
};

function drawStatus(rng: Rng, newness: number, lowEffBlock: boolean, big: boolean): ParcelStatus {
  if (big) return rng.weighted([['in_use', 80], ['under_construction', 12], ['for_transfer', 8]] as const);
  const pairs = BASE_STATUS.map(([s, w]): [ParcelStatus, number] => {
    let k = 1;
    if (NEW_LAND.includes(s)) k *= 0.5 + newness;
    if (OLD_LAND.includes(s)) k *= 1.5 - newness;
    if (lowEffBlock) k *= s === 'in_use' ? 0.45 : s === 'idle' ? 2.5 : s === 'under_construction' || s === 'for_transfer' ? 1 : 2.5;
    return [s, w * k];
  });
  return rng.weighted(pairs);
}

interface BuiltForm {
  far: number;
  height_m: number;
  coverage: number;
  green_ratio: number;
  admin_ratio: number;
}

const NOTHING_BUILT: BuiltForm = { far: 0, height_m: 0, coverage: 0, green_ratio: 0, admin_ratio: 0 };

function builtForm(rng: Rng, far: number, coverageMean: number): BuiltForm {
  const coverage = clamp(coverageMean + 0.1 * rng.normal(), 0.25, 0.65);
  // Storeys ≈ FAR / coverage; industrial storeys are 4–6 m, a ground-floor shed a little more.
  const storeys = Math.max(1, far / coverage);
  return {
    far,
    coverage,
    height_m: clamp(storeys * rng.range(4.2, 5.6) + rng.range(0, 3), 6, 40),
    green_ratio: clamp(0.13 + 0.045 * rng.normal(), 0.05, 0.25),
    admin_ratio: clamp(0.055 + 0.02 * rng.normal(), 0.02, 0.12),
  };
}

/** Plot ratio and building data for a parcel of a status; NOTHING_BUILT for land with no building. */
function drawBuilt(rng: Rng, status: ParcelStatus, landUse: LandUse, standard: boolean): BuiltForm {
  switch (status) {
    case 'approved_not_supplied':
    case 'supplied_not_used':
    case 'for_transfer':
      return NOTHING_BUILT;
    case 'idle':
      // Half of the idle parcels are empty land, half stand with empty old factories.
      return rng.chance(0.5) ? NOTHING_BUILT : builtForm(rng, clamp(rng.logNormal(0.8, 0.35), 0.35, 1.6), 0.42);
    case 'under_construction':
      return builtForm(rng, clamp(rng.logNormal(1.8, 0.25), 1.0, 3) * rng.range(0.2, 0.6), 0.3);
    case 'used_not_full':
      return builtForm(rng, clamp(rng.logNormal(0.62, 0.3), 0.3, 1.1), 0.3);
    case 'built_not_operating':
      return builtForm(rng, clamp(rng.logNormal(1.5, 0.3), 0.8, 2.8), 0.48);
    case 'operating_below_target':
      return builtForm(rng, clamp(rng.logNormal(1.2, 0.3), 0.6, 2.4), 0.46);
    case 'in_use':
      if (landUse === 'warehouse') return builtForm(rng, clamp(rng.logNormal(0.95, 0.3), 0.5, 1.8), 0.5);
      if (standard) return builtForm(rng, clamp(rng.logNormal(1.75, 0.22), 1.1, 3.2), 0.5);
      return builtForm(rng, clamp(rng.logNormal(1.35, 0.3), 0.45, 2.8), 0.46);
  }
}

function nearestTown(candidates: readonly string[], ring: LayoutParcel['ring']): string {
  const c = ring[0]!;
  let best = '';
  let bestD = Infinity;
  for (const id of candidates) {
    const t = TOWNS.find((x) => x.id === id);
    if (!t) throw new Error(`places.ts: area names unknown town "${id}"`);
    const p = fromLonLat(t.at);
    const d = Math.hypot(p[0] - c[0], p[1] - c[1]);
    if (d < bestD) {
      bestD = d;
      best = t.name;
    }
  }
  return best;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * Storeys over the policy's 8 m (high-bay workshops: moulds, castings, PV) count twice in FAR; a register records
 * them apart. Drawn from a stream of their own so adding them left every other sample field as it was.
 */
function tallFloorArea(rng: Rng, floor: number | null, height: number | null): number | null {
  if (floor === null || floor === 0 || height === null || height < 9 || !rng.chance(0.25)) return null;
  return Math.round(floor * rng.range(0.1, 0.5));
}

export function draftParcels(seed: number, parcels: LayoutParcel[], lowEffBlocks: ReadonlySet<LayoutBlock>): ParcelDraft[] {
  const rng = new Rng(seed, 'parcels');
  const extra = new Rng(seed, 'parcels-extra');
  return parcels.map((lp, i) => {
    const spec = lp.block.area.spec;
    const lowEff = lowEffBlocks.has(lp.block);
    const status = drawStatus(rng, spec.newness, lowEff, lp.big);
    const land_use = lp.big ? 'industrial' : rng.weighted([['industrial', 85], ['warehouse', 8], ['mixed_industrial', 7]] as const);
    // 标准地 applies to new land of 5 亩 or more (seed §4), so only those parcels may carry it.
    let pStandard = 0.15 + 0.8 * spec.newness;
    if (NEW_LAND.includes(status)) pStandard = Math.min(0.95, pStandard * 1.6);
    if (OLD_LAND.includes(status) || lowEff) pStandard *= 0.4;
    const standard_land = lp.mu >= 5 && rng.chance(pStandard);
    const built = drawBuilt(rng, status, land_use, standard_land);
    const areaM2 = lp.mu * M2_PER_MU;
    const empty = built === NOTHING_BUILT;
    // Old registers miss some building data; a few old in-use parcels say so (null = unknown, never a guess).
    const unrecorded = status === 'in_use' && rng.chance(spec.newness < 0.3 ? 0.015 : 0);
    const floor = unrecorded ? null : Math.round(built.far * areaM2);
    const height = unrecorded || empty ? null : round(built.height_m, 1);
    // Old idle works are sometimes in disrepair; a very few firms work in a banned industry (DOMAIN rule 9).
    const old = OLD_LAND.includes(status) || lowEff;
    return {
      lp,
      id: `NH-${pad(i + 1, 5)}`,
      name: `${spec.short}-${lp.block.no}-${pad(lp.no, 2)}号地块`,
      town: nearestTown(spec.towns, lp.ring),
      park: spec.park,
      status,
      land_use,
      vacant: rng.chance(VACANT_SHARE[status] ?? 0),
      industry: rng.weighted(spec.industries),
      enterprise_id: null,
      // Nothing built: floor area is a known 0 (FAR 0), while the layout ratios of a plan not yet drawn are null.
      floor_area_m2: floor,
      tall_floor_area_m2: tallFloorArea(extra, floor, height),
      height_m: height,
      coverage: empty ? null : round(built.coverage, 2),
      green_ratio: empty ? null : round(built.green_ratio, 2),
      admin_ratio: empty ? null : round(built.admin_ratio, 3),
      standard_land,
      dilapidated: !empty && extra.chance(old ? 0.08 : 0.005),
      banned_industry: extra.chance(0.004),
      // The register judges existing uses; planned works are checked in the draw panel or with `tenglong check`.
      project: 'none',
      central_approved: false,
    };
  });
}
