// Districts a page can be fitted to, and the key figures printed on an atlas page. Towns and parks are the
// `town` / `park` fields of parcels (there is no separate boundary layer for them), low-efficiency blocks are
// their own polygons. Figures come from the parcels' pipeline-derived areas (planar 亩, the rules' area).
import type { AreaGeometry, Feature, LowEfficiencyBlockProps } from '../data/schema.ts';
import { LOW_EFFICIENCY_STATUSES } from '../data/schema.ts';
import { bboxOf, parcelAreas } from '../geo/index.ts';
import type { FitTarget } from '../url/print-params.ts';

export type Bbox = [number, number, number, number];

export interface PrintParcel {
  geometry: AreaGeometry;
  properties: { town: string; park: string | null; low_eff_block: string | null; status: string; area_mu_planar: number };
}
export type PrintBlock = Feature<AreaGeometry, LowEfficiencyBlockProps>;

export function unionBbox(boxes: Iterable<Bbox>): Bbox | null {
  let out: Bbox | null = null;
  for (const b of boxes) {
    out = out === null ? [...b] : [Math.min(out[0], b[0]), Math.min(out[1], b[1]), Math.max(out[2], b[2]), Math.max(out[3], b[3])];
  }
  return out;
}

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
  const f = figuresOf(parcelsOf(target, parcels));
  if (target.kind === 'block') {
    const b = blocks.find((x) => x.properties.id === target.id);
    if (b) return { ...f, area_mu: b.properties.area_mu ?? parcelAreas(b.geometry).area_mu_planar };
  }
  return f;
}

/** Key figures of a set of parcels (area = their total). */
export function figuresOf(inside: readonly PrintParcel[]): KeyFigures {
  const low = new Set<string>(LOW_EFFICIENCY_STATUSES);
  let parcelsMu = 0;
  let lowMu = 0;
  for (const p of inside) {
    parcelsMu += p.properties.area_mu_planar;
    if (low.has(p.properties.status)) lowMu += p.properties.area_mu_planar;
  }
  return { area_mu: parcelsMu, parcels: inside.length, parcels_mu: parcelsMu, low_eff_mu: lowMu };
}
