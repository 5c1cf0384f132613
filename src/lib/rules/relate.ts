// How a parcel relates to a planning polygon. Parcels are small, so a vertex test with a bbox pre-filter is exact
// enough for parcels drawn on a grid and cheap; 'partial' surfaces straddling parcels to the planner instead of
// silently assigning them to one side. A layer of many polygons finds the boxes a parcel meets through an R-tree.
import Flatbush from 'flatbush';
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

/**
 * Distance tolerance for "on the boundary", in degrees: 5e-7° ≈ 5 cm at Ninghai. Registers state coordinates to the
 * centimetre and a straight Gauss-Krüger edge is a slight curve in longitude-latitude (a few mm over 500 m), so a
 * vertex drawn on a control line must not flip the verdict to 'partial'.
 */
const ON_EDGE = 5e-7;

function onSegment(p: Position, a: Position, b: Position): boolean {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  const ex = a[0] + t * dx - p[0];
  const ey = a[1] + t * dy - p[1];
  return ex * ex + ey * ey <= ON_EDGE * ON_EDGE;
}

/** True when p lies on any ring (shell or hole) of the polygon, within ON_EDGE. */
export function onBoundary(p: Position, geom: AreaGeometry): boolean {
  const polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
  for (const poly of polys) {
    for (const ring of poly) {
      for (let i = 0; i + 1 < ring.length; i++) if (onSegment(p, ring[i] as Position, ring[i + 1] as Position)) return true;
    }
  }
  return false;
}

/**
 * Parcels are often drawn along a control line or zone edge, so a parcel vertex ON the polygon's boundary
 * counts as inside (closed polygon), and a polygon vertex on the parcel's boundary does not make it 'partial'.
 */
export function relate(parcel: AreaGeometry, parcelBox: BBox, poly: IndexedPolygon<unknown>): Relation {
  if (!bboxOverlap(parcelBox, poly.bbox)) return 'outside';
  const vs = vertices(parcel);
  let inside = 0;
  for (const v of vs) if (pointInPolygon(v, poly.feature.geometry) || onBoundary(v, poly.feature.geometry)) inside++;
  if (inside === vs.length && vs.length > 0) return 'inside';
  if (inside > 0) {
    // Only boundary contacts (parcel outside, touching an edge or a corner) do not make it 'partial'.
    let strictly = 0;
    for (const v of vs) if (pointInPolygon(v, poly.feature.geometry) && !onBoundary(v, poly.feature.geometry)) strictly++;
    if (strictly > 0) return 'partial';
  }
  // The zone may be smaller than the parcel, or cut through it without holding a parcel vertex.
  for (const v of vertices(poly.feature.geometry)) if (pointInPolygon(v, parcel) && !onBoundary(v, parcel)) return 'partial';
  return 'outside';
}

/**
 * From this many polygons on, a layer is searched through an R-tree (flatbush, built once per layer) instead of box by
 * box: a county has a few zones and lines, a province's zoning tens of thousands, and a check goes over every parcel
 * (build-data, the batch check, the ranking) — box by box that is parcels × polygons (bench/batch-rules.ts --mosaic).
 */
export const TREE_FROM = 32;

interface LayerTree {
  /** The layer's length when built (a layer that grew is indexed again). */
  n: number;
  tree: Flatbush | null;
  /** The layer's index of each of the tree's items. */
  at: number[];
  /** Polygons whose box is not finite (an empty geometry, an unbounded box): tested box by box, as without a tree. */
  rest: number[];
}
const trees = new WeakMap<readonly IndexedPolygon<unknown>[], LayerTree>();

/** The layer's R-tree over its finite boxes, built on first use. */
function treeOf(polys: readonly IndexedPolygon<unknown>[]): LayerTree {
  const got = trees.get(polys);
  if (got && got.n === polys.length) return got;
  const at: number[] = [];
  const rest: number[] = [];
  polys.forEach((p, i) => (p.bbox.every(Number.isFinite) ? at : rest).push(i));
  let tree: Flatbush | null = null;
  if (at.length > 0) {
    tree = new Flatbush(at.length);
    for (const i of at) {
      const b = polys[i]!.bbox;
      tree.add(b[0], b[1], b[2], b[3]);
    }
    tree.finish();
  }
  const entry = { n: polys.length, tree, at, rest };
  trees.set(polys, entry);
  return entry;
}

/** Every polygon the parcel touches, with its relation, in the layer's order. */
export function relateAll<P>(parcel: AreaGeometry, polys: IndexedPolygon<P>[]): { props: P; relation: Relation }[] {
  const box = bboxOf(parcel) as BBox;
  const out: { props: P; relation: Relation }[] = [];
  const one = (p: IndexedPolygon<P>): void => {
    const r = relate(parcel, box, p as IndexedPolygon<unknown>);
    if (r !== 'outside') out.push({ props: p.feature.properties, relation: r });
  };
  if (polys.length < TREE_FROM || !box.every(Number.isFinite)) {
    for (const p of polys) one(p);
    return out;
  }
  const { tree, at, rest } = treeOf(polys as IndexedPolygon<unknown>[]);
  // Touching boxes count as meeting, as in bboxOverlap; sorted back into the layer's order.
  const hits = tree ? tree.search(box[0], box[1], box[2], box[3]).map((k) => at[k]!) : [];
  hits.push(...rest);
  hits.sort((a, b) => a - b);
  for (const i of hits) one(polys[i]!);
  return out;
}
