// Frozen copy of validate.ts as it was before ADR 0013 (O(n²) self-intersection with a 2 000-vertex cap, one
// probe vertex per hole). Tests only: bench/validate.ts times it against the new validator in the same
// process, and validate-oracle.test.ts uses its brute-force pair loop as a reference for small rings. Not for
// production use: it accepts overlapping parts and crossing holes.
import type { AreaGeometry, PolygonCoords, Position, Ring } from '../../data/schema.ts';
import { orient, pointInRing, segmentsMeet } from '../predicates.ts';
import { readPolygonRings, type ValidateOptions } from '../validate.ts';

type GeometryCheck = { ok: true; geometry: AreaGeometry } | { ok: false; reason: string };

/** Rings with more vertices skip the O(n²) self-intersection test (district outlines, not parcels). */
export const LEGACY_SELF_INTERSECTION_MAX_VERTICES = 2000;
/** A ring whose |area| is below this (deg², ≈ 1 cm² at 29°N) counts as zero area. */
const ZERO_AREA_DEG2 = 1e-14;

const fmt = (p: Position): string => `[${p[0]}, ${p[1]}]`;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// The planar primitives are the current ones (predicates.ts): the same arithmetic as the frozen copy had.

function ringSignedArea(ring: readonly Position[]): number {
  const [x0, y0] = ring[0] as Position;
  let s = 0;
  for (let i = 1; i < ring.length - 1; i++) {
    const a = ring[i] as Position;
    const b = ring[i + 1] as Position;
    s += (a[0] - x0) * (b[1] - y0) - (b[0] - x0) * (a[1] - y0);
  }
  return s / 2;
}

// ---------- ring checks ----------

/** Segments of a closed ring as indices of their first vertex, zero-length ones (repeated points) dropped. */
function segmentStarts(ring: readonly Position[]): number[] {
  const starts: number[] = [];
  for (let i = 0; i < ring.length - 1; i++) {
    const a = ring[i] as Position;
    const b = ring[i + 1] as Position;
    if (a[0] !== b[0] || a[1] !== b[1]) starts.push(i);
  }
  return starts;
}

/** First pair of segments that meet other than at their shared vertex, as "i/j", or null. */
function selfIntersection(ring: readonly Position[]): string | null {
  // Work relative to the first vertex so orientation tests keep their precision at 121°E.
  const [x0, y0] = ring[0] as Position;
  const r = ring.map(([x, y]): Position => [x - x0, y - y0]);
  const segs = segmentStarts(r);
  const m = segs.length;
  const at = (k: number): [Position, Position] => {
    const i = segs[k] as number;
    return [r[i] as Position, r[i + 1] as Position];
  };
  for (let p = 0; p < m; p++) {
    const [a, b] = at(p);
    for (let q = p + 1; q < m; q++) {
      const [c, d] = at(q);
      const adjacent = q === p + 1 || (p === 0 && q === m - 1);
      if (adjacent) {
        // Neighbours share one vertex; they only fail if they fold back over each other (a spike).
        const [s, t, u] = q === p + 1 ? [a, b, d] : [c, d, b];
        const folds = orient(s, t, u) === 0 && (t[0] - s[0]) * (u[0] - t[0]) + (t[1] - s[1]) * (u[1] - t[1]) < 0;
        if (folds) return `${segs[p]}/${segs[q]}`;
        continue;
      }
      if (segmentsMeet(a, b, c, d)) return `${segs[p]}/${segs[q]}`;
    }
  }
  return null;
}

/**
 * Checks one polygon's rings; returns cleaned coordinates or a reason (prefixed by the caller). The reading of each
 * ring (structure, China range, closure, collinearity) is the current validator's, for all rings first; the
 * topology after it is the frozen one.
 */
function checkPolygon(raw: unknown, prefix: string, opts: ValidateOptions): PolygonCoords | string {
  const label = (r: number): string => `${prefix}ring ${r}`;
  const read = readPolygonRings(raw, prefix, opts);
  if (typeof read === 'string') return read;
  const rings: Ring[] = [];
  for (let r = 0; r < read.length; r++) {
    const name = label(r);
    const ring = read[r] as Ring;
    if (ring.length <= LEGACY_SELF_INTERSECTION_MAX_VERTICES) {
      const at = selfIntersection(ring);
      if (at) return `${name} self-intersects at segment ${at}`;
    }
    if (Math.abs(ringSignedArea(ring)) < ZERO_AREA_DEG2) return `${name} has zero area`;
    rings.push(ring);
  }
  const shell = rings[0] as Ring;
  for (let h = 1; h < rings.length; h++) {
    const hole = rings[h] as Ring;
    // One vertex decides for a valid (non-crossing) hole; skip vertices that touch the shell.
    const probe = hole.find((p) => pointInRing(p, shell) !== 'boundary');
    if (probe && pointInRing(probe, shell) === 'outside') {
      return `${label(h)} (a hole) lies outside ${label(0)} (the shell): position ${fmt(probe)}`;
    }
  }
  return rings;
}

/**
 * Validates a Polygon/MultiPolygon in lon/lat: structure, ≥ 4 positions per ring, closed rings (an open
 * ring is an error, not silently fixed), finite coordinates inside China, no self-intersecting ring, no
 * zero-area ring, holes inside their shell. Returns a 2-D copy (altitudes dropped) or a short reason.
 */
export function legacyValidateAreaGeometry(geom: unknown, opts: ValidateOptions = {}): GeometryCheck {
  if (!isRecord(geom)) return { ok: false, reason: 'geometry is missing or not an object' };
  const type = geom.type;
  const coords = geom.coordinates;
  if (type === 'Polygon') {
    const res = checkPolygon(coords, '', opts);
    return typeof res === 'string' ? { ok: false, reason: res } : { ok: true, geometry: { type, coordinates: res } };
  }
  if (type === 'MultiPolygon') {
    if (!Array.isArray(coords) || coords.length === 0) return { ok: false, reason: 'MultiPolygon has no polygons' };
    const polys: PolygonCoords[] = [];
    for (let p = 0; p < coords.length; p++) {
      const res = checkPolygon(coords[p], `polygon ${p} `, opts);
      if (typeof res === 'string') return { ok: false, reason: res };
      polys.push(res);
    }
    return { ok: true, geometry: { type, coordinates: polys } };
  }
  return { ok: false, reason: `geometry type is ${JSON.stringify(type) ?? 'missing'}; expected Polygon or MultiPolygon` };
}
