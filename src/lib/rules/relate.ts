// How a parcel relates to a planning polygon. Parcels are small and zones are few, so a vertex test with a
// bbox pre-filter is exact enough for parcels drawn on a grid and cheap; 'partial' surfaces straddling parcels
// to the planner instead of silently assigning them to one side.
import type { AreaGeometry, Feature, Position } from '../data/schema.ts';
import { bboxOf, pointInPolygon } from '../geo/index.ts';

export type Relation = 'inside' | 'partial' | 'outside';
export type BBox = [number, number, number, number];

export interface IndexedPolygon<P> {
  feature: Feature<AreaGeometry, P>;
  bbox: BBox;
}

export function indexPolygons<P>(features: Feature<AreaGeometry, P>[]): IndexedPolygon<P>[] {
  return features.map((feature) => ({ feature, bbox: bboxOf(feature.geometry) as BBox }));
}

function vertices(geom: AreaGeometry): Position[] {
  const polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
  const out: Position[] = [];
  for (const poly of polys) {
    const shell = poly[0];
    if (!shell) continue;
    // the closing vertex repeats the first one
    for (let i = 0; i < shell.length - 1; i++) out.push(shell[i] as Position);
  }
  return out;
}

function bboxOverlap(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

export function relate(parcel: AreaGeometry, parcelBox: BBox, poly: IndexedPolygon<unknown>): Relation {
  if (!bboxOverlap(parcelBox, poly.bbox)) return 'outside';
  const vs = vertices(parcel);
  let inside = 0;
  for (const v of vs) if (pointInPolygon(v, poly.feature.geometry)) inside++;
  if (inside === vs.length && vs.length > 0) return 'inside';
  if (inside > 0) return 'partial';
  // The zone may be smaller than the parcel, or cut through it without holding a parcel vertex.
  for (const v of vertices(poly.feature.geometry)) if (pointInPolygon(v, parcel)) return 'partial';
  return 'outside';
}

/** Every polygon the parcel touches, with its relation. */
export function relateAll<P>(parcel: AreaGeometry, polys: IndexedPolygon<P>[]): { props: P; relation: Relation }[] {
  const box = bboxOf(parcel) as BBox;
  const out: { props: P; relation: Relation }[] = [];
  for (const p of polys) {
    const r = relate(parcel, box, p as IndexedPolygon<unknown>);
    if (r !== 'outside') out.push({ props: p.feature.properties, relation: r });
  }
  return out;
}
