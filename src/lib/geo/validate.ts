// Geometry checks for area features (parcels, zones, control lines) after reprojection to lon/lat; the two planar
// predicates the rules library needs live in predicates.ts and are re-exported here.
// The validity rules (OGC Simple Features as PostGIS reads them, plus one leniency) and the segment sweep
// behind them are described in docs/adr/0013-geometry-validation.md; the topology lives in validate-*.ts.
import type { AreaGeometry, PolygonCoords, Position, Ring } from '../data/schema.ts';
import { CHINA_BOUNDS } from './china-bounds.ts';
import { flatten } from './validate-flat.ts';
import { orient as orientXY } from './validate-planar.ts';
import { topologyProblem } from './validate-topology.ts';

export { pointInPolygon, polygonsIntersect } from './predicates.ts';

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

// ---------- ring checks ----------

function allCollinear(ring: readonly Position[]): boolean {
  const a = ring[0] as Position;
  const b = ring.find((p) => p[0] !== a[0] || p[1] !== a[1]);
  return !b || ring.every((p) => orientXY(a[0], a[1], b[0], b[1], p[0], p[1]) === 0);
}

/** Reads one polygon's rings (structure, range, closure, not all collinear); topology is checked later. */
export function readPolygonRings(raw: unknown, prefix: string, opts: ValidateOptions): PolygonCoords | string {
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
    const res = readPolygonRings(coords, '', opts);
    if (typeof res === 'string') return { ok: false, reason: res };
    const problem = opts.skipTopology ? null : topologyProblem(flatten([res]), false);
    return problem ? { ok: false, reason: problem } : { ok: true, geometry: { type, coordinates: res } };
  }
  if (type === 'MultiPolygon') {
    if (!Array.isArray(coords) || coords.length === 0) return { ok: false, reason: 'MultiPolygon has no polygons' };
    const polys: PolygonCoords[] = [];
    for (let p = 0; p < coords.length; p++) {
      const res = readPolygonRings(coords[p], `polygon ${p} `, opts);
      if (typeof res === 'string') return { ok: false, reason: res };
      polys.push(res);
    }
    const problem = opts.skipTopology ? null : topologyProblem(flatten(polys), true);
    return problem ? { ok: false, reason: problem } : { ok: true, geometry: { type, coordinates: polys } };
  }
  return { ok: false, reason: `geometry type is ${JSON.stringify(type) ?? 'missing'}; expected Polygon or MultiPolygon` };
}
