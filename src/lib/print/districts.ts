// Districts a page can be fitted to, and the key figures printed on an atlas page. Towns and parks are the
// `town` / `park` fields of parcels (there is no separate boundary layer for them), low-efficiency blocks are
// their own polygons. Figures come from the parcels' pipeline-derived areas (planar 亩, the rules' area).
// A page reads its districts through a DistrictSource: the county's parcels (countyDistricts), or — without
// reading the county (issue 16) — the pipeline's folded area statistics (statsDistricts: each area's parcels'
// bounding box and sums, the same numbers as the parcels give, since the fold adds the same parcels in file order).
import type { AreaGeometry, Feature, LowEfficiencyBlockProps } from '../data/schema.ts';
import { LOW_EFFICIENCY_STATUSES } from '../data/schema.ts';
import { bboxOf, parcelAreas, unionBbox } from '../geo/index.ts';
import type { AreaStats, AreaStatsFile } from '../stats/area-stats.ts';
import type { FitTarget } from '../url/print-params.ts';

export type Bbox = [number, number, number, number];

export interface PrintParcel {
  geometry: AreaGeometry;
  properties: { town: string; park: string | null; low_eff_block: string | null; status: string; area_mu_planar: number };
}
export type PrintBlock = Feature<AreaGeometry, LowEfficiencyBlockProps>;


/** Sorted distinct town and park names found on the parcels. */
export function districtNames(parcels: readonly PrintParcel[]): { towns: string[]; parks: string[] } {
  const towns = new Set<string>();
  const parks = new Set<string>();
  for (const p of parcels) {
    if (p.properties.town) towns.add(p.properties.town);
    if (p.properties.park) parks.add(p.properties.park);
  }
  const cmp = (a: string, b: string) => a.localeCompare(b, 'zh-CN');
  return { towns: [...towns].sort(cmp), parks: [...parks].sort(cmp) };
}

/** The parcels a district holds (for a block: parcels the pipeline assigned to it). */
export function parcelsOf(target: FitTarget, parcels: readonly PrintParcel[]): PrintParcel[] {
  switch (target.kind) {
    case 'town':
      return parcels.filter((p) => p.properties.town === target.id);
    case 'park':
      return parcels.filter((p) => p.properties.park === target.id);
    case 'block':
      return parcels.filter((p) => p.properties.low_eff_block === target.id);
    case 'chain':
      // a chain's parcels come from its firms (internal enterprises.json), not a parcel field: see sites.ts
      return [];
  }
}

/** Bounding box of a district, or null if the name/id matches nothing. A block uses its own polygon. */
export function districtBbox(target: FitTarget, parcels: readonly PrintParcel[], blocks: readonly PrintBlock[]): Bbox | null {
  if (target.kind === 'block') {
    const b = blocks.find((x) => x.properties.id === target.id);
    return b ? bboxOf(b.geometry) : null;
  }
  return unionBbox(parcelsOf(target, parcels).map((p) => bboxOf(p.geometry)));
}

export interface KeyFigures {
  /** Block polygon area (planar 亩) for a block; total parcel area for a park/town. */
  area_mu: number;
  parcels: number;
  parcels_mu: number;
  /** Area of parcels whose status is one of the five 低效 kinds. */
  low_eff_mu: number;
}

export function keyFigures(target: FitTarget, parcels: readonly PrintParcel[], blocks: readonly PrintBlock[]): KeyFigures {
  return withBlockArea(target, figuresOf(parcelsOf(target, parcels)), blocks);
}

/** A block's page gives the block polygon's area, not its parcels' (as the register records it). */
function withBlockArea(target: FitTarget, f: KeyFigures, blocks: readonly PrintBlock[]): KeyFigures {
  if (target.kind === 'block') {
    const b = blocks.find((x) => x.properties.id === target.id);
    if (b) return { ...f, area_mu: b.properties.area_mu ?? parcelAreas(b.geometry).area_mu_planar };
  }
  return f;
}

/** What key figures read of a parcel. */
export interface FigureParcel {
  properties: Pick<PrintParcel['properties'], 'status' | 'area_mu_planar'>;
}

/** Key figures of a set of parcels (area = their total). */
export function figuresOf(inside: readonly FigureParcel[]): KeyFigures {
  const low = new Set<string>(LOW_EFFICIENCY_STATUSES);
  let parcelsMu = 0;
  let lowMu = 0;
  for (const p of inside) {
    parcelsMu += p.properties.area_mu_planar;
    if (low.has(p.properties.status)) lowMu += p.properties.area_mu_planar;
  }
  return { area_mu: parcelsMu, parcels: inside.length, parcels_mu: parcelsMu, low_eff_mu: lowMu };
}

/** Where pages find a town's, park's or block's names, box and key figures (chains have their own source). */
export interface DistrictSource {
  /** Sorted distinct town and park names (districtNames). */
  readonly names: { towns: string[]; parks: string[] };
  /** districtBbox: null when the district matches nothing. */
  bbox(target: FitTarget): Bbox | null;
  /** keyFigures: all zero (a block: its own area) when no parcel is in the district. */
  figures(target: FitTarget): KeyFigures;
}

/** Districts read from the county's parcels. */
export function countyDistricts(parcels: readonly PrintParcel[], blocks: readonly PrintBlock[]): DistrictSource {
  let names: { towns: string[]; parks: string[] } | null = null;
  return {
    get names() {
      return (names ??= districtNames(parcels));
    },
    bbox: (target) => districtBbox(target, parcels, blocks),
    figures: (target) => keyFigures(target, parcels, blocks),
  };
}

function isBbox(v: unknown): v is Bbox {
  return Array.isArray(v) && v.length === 4 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
}

/**
 * Districts read from the pipeline's area statistics (internal/area-stats.json) and the blocks' polygons, without the
 * county's parcels. Null for a file from before the areas' boxes were folded into it: the page then reads the county.
 * The key figures are the folded ones: parcel_count, area_mu (Σ planar 亩) and low_efficiency.status_mu (parcels with
 * one of the five 低效 statuses — what figuresOf counts; not low_efficiency.mu, which adds the blocks' parcels).
 */
export function statsDistricts(file: AreaStatsFile, blocks: readonly PrintBlock[]): DistrictSource | null {
  const areas = [...Object.values(file.towns), ...Object.values(file.parks)];
  if (file.county.parcel_count > 0) areas.push(file.county);
  if (!areas.every((a) => isBbox(a.bbox))) return null;
  const areaOf = (target: FitTarget): AreaStats | undefined => {
    const m = target.kind === 'town' ? file.towns : target.kind === 'park' ? file.parks : target.kind === 'block' ? file.blocks : null;
    return m && Object.hasOwn(m, target.id) ? m[target.id] : undefined;
  };
  return {
    names: { towns: [...file.names.towns], parks: [...file.names.parks] },
    bbox(target) {
      if (target.kind === 'block') {
        const b = blocks.find((x) => x.properties.id === target.id);
        return b ? bboxOf(b.geometry) : null;
      }
      const box = areaOf(target)?.bbox;
      return box ? [...box] : null;
    },
    figures(target) {
      const a = areaOf(target);
      const f: KeyFigures = a
        ? { area_mu: a.area_mu, parcels: a.parcel_count, parcels_mu: a.area_mu, low_eff_mu: a.low_efficiency.status_mu }
        : { area_mu: 0, parcels: 0, parcels_mu: 0, low_eff_mu: 0 };
      return withBlockArea(target, f, blocks);
    },
  };
}
