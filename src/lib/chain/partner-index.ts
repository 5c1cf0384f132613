// Partners of a demand: which chain links it looks at (the nearest link upstream and downstream that has firms),
// and a static 2-d tree per link for the nearest partner firm of a site and lower bounds of that distance (what lets
// the ranking skip exact searches). Built once per data set by buildSiteIndex. Pure.
import { haversineKm, MEAN_EARTH_RADIUS_KM } from '../geo/distance.ts';
import type { LonLat, Partner } from './site-types.ts';

/**
 * Static 2-d tree of the partner points of one link (built once per data set). Nearest-partner search by
 * haversine, pruned with lower bounds: a latitude gap Δφ is at least R·Δφ away along any path, a longitude gap
 * Δλ at least R·Δλ·cos(φmax) (φmax: the largest |latitude| among the points and the query), less 1 %.
 */
export class PartnerTree {
  private readonly pts: Partner[];
  private readonly kmPerDegLon: number;
  readonly count: number;
  private best: Partner | null = null;
  private bestKm = Infinity;
  private q: LonLat = [0, 0];
  private exclude: ReadonlySet<string> = new Set();
  private lonFactor = 0;

  constructor(points: readonly Partner[]) {
    this.pts = [...points];
    this.count = points.length;
    let maxLat = 0;
    for (const p of points) maxLat = Math.max(maxLat, Math.abs(p.point[1]));
    this.kmPerDegLon = maxLat;
    this.build(0, this.pts.length, 0);
  }
  private build(lo: number, hi: number, axis: 0 | 1): void {
    if (hi - lo <= 1) return;
    const mid = (lo + hi) >> 1;
    // Sort the range on the axis (simple and fast enough: built once per data set).
    const part = this.pts.slice(lo, hi).sort((a, b) => a.point[axis] - b.point[axis]);
    for (let i = 0; i < part.length; i++) this.pts[lo + i] = part[i]!;
    this.build(lo, mid, axis === 0 ? 1 : 0);
    this.build(mid + 1, hi, axis === 0 ? 1 : 0);
  }
  private search(lo: number, hi: number, axis: 0 | 1): void {
    if (hi <= lo) return;
    const mid = (lo + hi) >> 1;
    const p = this.pts[mid]!;
    if (!this.exclude.has(p.parcel_id)) {
      const d = haversineKm(this.q, p.point);
      // Equal distances: the lower parcel id wins, so the answer does not depend on the tree's layout.
      if (d < this.bestKm || (d === this.bestKm && this.best !== null && p.parcel_id < this.best.parcel_id)) {
        this.bestKm = d;
        this.best = p;
      }
    }
    const diff = this.q[axis] - p.point[axis];
    const next: 0 | 1 = axis === 0 ? 1 : 0;
    const gapKm = (diff < 0 ? -diff : diff) * (axis === 1 ? KM_PER_DEG : this.lonFactor);
    if (diff < 0) {
      this.search(lo, mid, next);
      if (gapKm <= this.bestKm) this.search(mid + 1, hi, next);
    } else {
      this.search(mid + 1, hi, next);
      if (gapKm <= this.bestKm) this.search(lo, mid, next);
    }
  }
  private readonly cellBound = new Map<number, number>();
  /**
   * A lower bound of the distance from `pt` to its nearest partner, memoised per 0.01° cell: the nearest
   * distance from the cell's centre less the cell's half-diagonal (triangle inequality). Lets the ranking skip
   * exact searches for sites that cannot reach the top.
   */
  lowerBoundKm(pt: LonLat): number {
    const cx = Math.floor(pt[0] / BOUND_CELL_DEG);
    const cy = Math.floor(pt[1] / BOUND_CELL_DEG);
    const key = (cx + 1_000_000) * 2_000_000 + (cy + 1_000_000);
    let lb = this.cellBound.get(key);
    if (lb === undefined) {
      const hit = this.nearest([(cx + 0.5) * BOUND_CELL_DEG, (cy + 0.5) * BOUND_CELL_DEG], NO_EXCLUDE);
      lb = hit ? Math.max(0, hit.km - BOUND_HALF_DIAGONAL_KM) : Infinity;
      this.cellBound.set(key, lb);
    }
    return lb;
  }
  /**
   * A lower bound of the distance from any point of the box to its nearest partner: the bound at the box's centre
   * less the box's half-diagonal (over-estimated at 112 km per degree on both axes).
   */
  lowerBoundKmBox(w: number, s: number, e: number, n: number): number {
    const lb = this.lowerBoundKm([(w + e) / 2, (s + n) / 2]);
    return Math.max(0, lb - Math.hypot(e - w, n - s) * 56);
  }
  /** Nearest partner by haversine, skipping the parcels in `exclude` (a site's own parcels). */
  nearest(pt: LonLat, exclude: ReadonlySet<string>): { partner: Partner; km: number } | null {
    if (this.count === 0) return null;
    this.best = null;
    this.bestKm = Infinity;
    this.q = pt;
    this.exclude = exclude;
    const phi = Math.min(89.9, Math.max(this.kmPerDegLon, Math.abs(pt[1])));
    this.lonFactor = KM_PER_DEG * Math.cos((phi * Math.PI) / 180) * 0.99;
    this.search(0, this.pts.length, 0);
    const best = this.best as Partner | null;
    return best ? { partner: best, km: this.bestKm } : null;
  }
}

const NO_EXCLUDE: ReadonlySet<string> = new Set();
const BOUND_CELL_DEG = 0.01;
/** Half the diagonal of a bound cell, over-estimated (112 km per degree on both axes). */
const BOUND_HALF_DIAGONAL_KM = (BOUND_CELL_DEG / 2) * 112 * Math.SQRT2;

/** km per degree along a meridian, slightly under the mean-radius value, as a safe lower bound. */
const KM_PER_DEG = (MEAN_EARTH_RADIUS_KM * Math.PI) / 180 * 0.99;

/** The partner links of a demand: the nearest link upstream and downstream that has firms. */
export function partnerLinks(
  chainLinks: readonly { id: string; order: number }[] | undefined,
  chain: string,
  link: string,
  firmsOf: (chain: string, link: string) => number,
): { upstream: { link: string; firms: number } | null; downstream: { link: string; firms: number } | null } {
  const links = chainLinks ?? [];
  const i = links.findIndex((l) => l.id === link);
  let upstream: { link: string; firms: number } | null = null;
  let downstream: { link: string; firms: number } | null = null;
  if (i < 0) return { upstream, downstream };
  for (let j = i - 1; j >= 0 && !upstream; j--) {
    const id = links[j]!.id;
    const n = firmsOf(chain, id);
    if (n > 0) upstream = { link: id, firms: n };
  }
  for (let j = i + 1; j < links.length && !downstream; j++) {
    const id = links[j]!.id;
    const n = firmsOf(chain, id);
    if (n > 0) downstream = { link: id, firms: n };
  }
  return { upstream, downstream };
}
