// Geometry checks for area features (parcels, zones, control lines) after reprojection to lon/lat, and the
// two planar predicates the rules library needs. Predicates work in plain degrees: at parcel scale the
// distortion is far below the precision of the data, and no projection is needed to decide inside/outside.
// The validity rules (OGC Simple Features as PostGIS reads them, plus one leniency) and the segment sweep
// behind them are described in docs/adr/0013-geometry-validation.md; the topology lives in validate-*.ts.
import type { AreaGeometry, PolygonCoords, Position, Ring } from '../data/schema.ts';
import { CHINA_BOUNDS } from './crs.ts';
import { flatten } from './validate-flat.ts';
import { orient as orientXY } from './validate-planar.ts';
import { topologyProblem } from './validate-topology.ts';

export type GeometryCheck = { ok: true; geometry: AreaGeometry } | { ok: false; reason: string };

const fmt = (p: Position): string => `[${p[0]}, ${p[1]}]`;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A GeoJSON position → [lon, lat] (a third, altitude, value is dropped), or a reason. */
function readPosition(v: unknown): Position | string {
  if (!Array.isArray(v) || v.length < 2) return 'is not an array of at least 2 numbers';
  const [x, y] = v as unknown[];
  if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
    return `${JSON.stringify(v)} is not a pair of finite numbers`;
  }
  return [x, y];
}

// ---------- planar primitives ----------

function orient(a: Position, b: Position, c: Position): number {
  return orientXY(a[0], a[1], b[0], b[1], c[0], c[1]);
}

/** c is collinear with a–b: is it within the segment's box? */
function withinBox(a: Position, b: Position, c: Position): boolean {
  return (
    Math.min(a[0], b[0]) <= c[0] && c[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= c[1] && c[1] <= Math.max(a[1], b[1])
  );
}

/** Closed segments a–b and c–d share at least one point (crossing, touching or overlapping). */
function segmentsMeet(a: Position, b: Position, c: Position, d: Position): boolean {
  const d1 = orient(c, d, a);
  const d2 = orient(c, d, b);
  const d3 = orient(a, b, c);
  const d4 = orient(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (
    (d1 === 0 && withinBox(c, d, a)) ||
    (d2 === 0 && withinBox(c, d, b)) ||
    (d3 === 0 && withinBox(a, b, c)) ||
    (d4 === 0 && withinBox(a, b, d))
  );
}

function onSegment(p: Position, a: Position, b: Position): boolean {
  return orient(a, b, p) === 0 && withinBox(a, b, p);
}

type Side = 'inside' | 'outside' | 'boundary';

/** Ray casting (crossings of a ray towards +x), with the boundary detected explicitly. */
function pointInRing(p: Position, ring: readonly Position[]): Side {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i] as Position;
    const b = ring[j] as Position;
    if (onSegment(p, a, b)) return 'boundary';
    // Half-open rule on y so a vertex exactly at the ray's height is counted once.
    if (a[1] > p[1] !== b[1] > p[1]) {
      const x = a[0] + ((p[1] - a[1]) * (b[0] - a[0])) / (b[1] - a[1]);
      if (p[0] < x) inside = !inside;
    }
  }
  return inside ? 'inside' : 'outside';
}

// ---------- ring checks ----------

function allCollinear(ring: readonly Position[]): boolean {
  const a = ring[0] as Position;
  const b = ring.find((p) => p[0] !== a[0] || p[1] !== a[1]);
  return !b || ring.every((p) => orient(a, b, p) === 0);
}

/** Reads one polygon's rings (structure, range, closure, not all collinear); topology is checked later. */
function readPolygon(raw: unknown, prefix: string, opts: ValidateOptions): PolygonCoords | string {
  const label = (r: number): string => `${prefix}ring ${r}`;
  if (!Array.isArray(raw) || raw.length === 0) return `${prefix || 'Polygon '}has no rings`;
  const rings: Ring[] = [];
  for (let r = 0; r < raw.length; r++) {
    const name = label(r);
    const rawRing: unknown = raw[r];
    if (!Array.isArray(rawRing)) return `${name} is not an array of positions`;
    if (rawRing.length < 4) return `${name} has ${rawRing.length} positions; a ring needs at least 4`;
    const ring: Ring = [];
    for (let k = 0; k < rawRing.length; k++) {
      const p = readPosition(rawRing[k]);
      if (typeof p === 'string') return `${name} position ${k} ${p}`;
      const [lon, lat] = p;
      if (!opts.skipRange && (lon < CHINA_BOUNDS.minLon || lon > CHINA_BOUNDS.maxLon || lat < CHINA_BOUNDS.minLat || lat > CHINA_BOUNDS.maxLat)) {
        return (
          `${name} position ${k} ${fmt(p)} is outside China (lon ${CHINA_BOUNDS.minLon}–${CHINA_BOUNDS.maxLon}, ` +
          `lat ${CHINA_BOUNDS.minLat}–${CHINA_BOUNDS.maxLat}); was it reprojected to lon/lat?`
        );
      }
      ring.push(p);
    }
    const first = ring[0] as Position;
    const last = ring[ring.length - 1] as Position;
    if (first[0] !== last[0] || first[1] !== last[1]) return `${name} is not closed (first ${fmt(first)} ≠ last ${fmt(last)})`;
    if (allCollinear(ring)) return `${name} has zero area (all positions on one line)`;
    rings.push(ring);
  }
  return rings;
}

export interface ValidateOptions {
  /**
   * Skip the China lon/lat range check: for checking shape (closure, self-intersection, holes) on source
   * coordinates before reprojection, so an open ring is reported rather than hidden by the transform.
   */
  skipRange?: boolean;
  /**
   * Skip the topology checks (self-intersection, holes, parts): after a reprojection whose source coordinates passed
   * them. Topology is decided on the coordinates as supplied, where touching vertices touch exactly; a reprojection
   * moves a T-junction by ~1e-14° and would turn a touch into a crossing that the source does not have.
   */
  skipTopology?: boolean;
}

/**
 * Validates a Polygon/MultiPolygon in lon/lat: structure, ≥ 4 positions per ring, closed rings (an open
 * ring is an error, not silently fixed), finite coordinates inside China, then topology (ADR 0013): simple
 * rings of non-zero area, holes inside their shell and apart from each other, some area left, rings touching
 * only at points and not in a loop, MultiPolygon parts not overlapping. Returns a 2-D copy (altitudes
 * dropped) or a short reason.
 */
export function validateAreaGeometry(geom: unknown, opts: ValidateOptions = {}): GeometryCheck {
  if (!isRecord(geom)) return { ok: false, reason: 'geometry is missing or not an object' };
  const type = geom.type;
  const coords = geom.coordinates;
  if (type === 'Polygon') {
    const res = readPolygon(coords, '', opts);
    if (typeof res === 'string') return { ok: false, reason: res };
    const problem = opts.skipTopology ? null : topologyProblem(flatten([res]), false);
    return problem ? { ok: false, reason: problem } : { ok: true, geometry: { type, coordinates: res } };
  }
  if (type === 'MultiPolygon') {
    if (!Array.isArray(coords) || coords.length === 0) return { ok: false, reason: 'MultiPolygon has no polygons' };
    const polys: PolygonCoords[] = [];
    for (let p = 0; p < coords.length; p++) {
      const res = readPolygon(coords[p], `polygon ${p} `, opts);
      if (typeof res === 'string') return { ok: false, reason: res };
      polys.push(res);
    }
    const problem = opts.skipTopology ? null : topologyProblem(flatten(polys), true);
    return problem ? { ok: false, reason: problem } : { ok: true, geometry: { type, coordinates: polys } };
  }
  return { ok: false, reason: `geometry type is ${JSON.stringify(type) ?? 'missing'}; expected Polygon or MultiPolygon` };
}

// ---------- predicates for the rules library ----------

function polygonsOf(geom: AreaGeometry): PolygonCoords[] {
  return geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
}

/**
 * Is the point inside the area (holes excluded)? Points on any boundary, shell or hole, count as
 * inside: the rules treat geometry as closed sets, so a parcel corner on a zone line is "in" the zone.
 */
export function pointInPolygon(pt: Position, geom: AreaGeometry): boolean {
  for (const poly of polygonsOf(geom)) {
    const [shell, ...holes] = poly;
    if (!shell) continue;
    const s = pointInRing(pt, shell);
    if (s === 'boundary') return true;
    if (s === 'outside') continue;
    let inHole = false;
    for (const hole of holes) {
      const h = pointInRing(pt, hole);
      if (h === 'boundary') return true;
      if (h === 'inside') {
        inHole = true;
        break;
      }
    }
    if (!inHole) return true;
  }
  return false;
}

function bbox(geom: AreaGeometry): [number, number, number, number] {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const poly of polygonsOf(geom)) {
    for (const ring of poly) {
      for (const [x, y] of ring) {
        w = Math.min(w, x);
        e = Math.max(e, x);
        s = Math.min(s, y);
        n = Math.max(n, y);
      }
    }
  }
  return [w, s, e, n];
}

function edgesOf(geom: AreaGeometry): [Position, Position][] {
  const edges: [Position, Position][] = [];
  for (const poly of polygonsOf(geom)) {
    for (const ring of poly) {
      for (let i = 0; i < ring.length - 1; i++) edges.push([ring[i] as Position, ring[i + 1] as Position]);
    }
  }
  return edges;
}

/**
 * Do two areas share any point (closed-set semantics, like Turf's booleanIntersects: touching counts)?
 * bbox pre-check; then any vertex of one inside the other (covers containment), or any edges meeting.
 * A polygon lying wholly inside the other's hole has neither, so it correctly does not intersect.
 */
export function polygonsIntersect(a: AreaGeometry, b: AreaGeometry): boolean {
  const [aw, as, ae, an] = bbox(a);
  const [bw, bs, be, bn] = bbox(b);
  if (aw > be || bw > ae || as > bn || bs > an) return false;
  for (const poly of polygonsOf(a)) for (const ring of poly) for (const p of ring) if (pointInPolygon(p, b)) return true;
  for (const poly of polygonsOf(b)) for (const ring of poly) for (const p of ring) if (pointInPolygon(p, a)) return true;
  const eb = edgesOf(b);
  for (const [p, q] of edgesOf(a)) {
    for (const [r, s] of eb) if (segmentsMeet(p, q, r, s)) return true;
  }
  return false;
}
