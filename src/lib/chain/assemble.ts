// Assembled sites (拼合地块): 招商 practice often answers a large demand with several neighbouring vacant or
// low-efficiency parcels taken together (a low-efficiency block or a street block). Pure.
//
// Neighbours: two candidate parcels whose bounding boxes are at most `max_gap_m` metres apart (a 2 m cadastral
// gap or a street no wider than the setting) and that lie in the same park (and town, when both carry one).
// The neighbour graph's connected components are the clusters; a combined site never leaves its cluster.
//
// Proposal (greedy, not an exhaustive search for the smallest subset): from every seed parcel smaller than the
// demand's window minimum, repeatedly add the neighbour of the growing set that lies nearest to the seed
// (interior points, equirectangular distance at the seed's latitude — enough to order neighbours tens of metres
// apart; ties by parcel id) among those that keep the total within the window
// maximum and that would not fit the demand alone (those are single-parcel sites already), until the planar
// total reaches the window minimum. It gives up when no neighbour qualifies or `max_members` is reached.
// Identical member sets found from different seeds are one site.
import type { SiteParcel } from './site-types.ts';

export interface AssemblyConfig {
  /** Largest bounding-box gap (m) between two parcels that may be combined. */
  max_gap_m: number;
  /** Most parcels in one combined site; 1 turns assembly off. */
  max_members: number;
  /**
   * Each parcel keeps only its this-many nearest neighbours (by gap, then id; an edge stays when either end keeps
   * it). Real parcels have a handful of neighbours; the cap bounds the work on implausibly dense data.
   */
  max_neighbours: number;
}

export type BBox = [number, number, number, number];

/** Bounding box of a parcel (its interior point when it carries no geometry). */
export function siteBBox(p: SiteParcel): BBox {
  if (!p.geometry) return [p.point[0], p.point[1], p.point[0], p.point[1]];
  let b: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  const rings = p.geometry.type === 'Polygon' ? [p.geometry.coordinates] : p.geometry.coordinates;
  for (const poly of rings) {
    for (const [x, y] of poly[0] ?? []) b = [Math.min(b[0], x!), Math.min(b[1], y!), Math.max(b[2], x!), Math.max(b[3], y!)];
  }
  return b;
}

/** m per degree of latitude and of longitude at the equator (WGS84, to 0.1 %). */
export const M_PER_DEG_LAT = 110_574;
export const M_PER_DEG_LON = 111_320;

/** Gap between two boxes in metres (0 when they touch or overlap): longitude scaled at the pair's mean latitude. */
export function bboxGapM(a: BBox, b: BBox): number {
  const dx = Math.max(0, b[0] - a[2], a[0] - b[2]);
  const dy = Math.max(0, b[1] - a[3], a[1] - b[3]);
  const lat = ((a[1] + a[3] + b[1] + b[3]) / 4) * (Math.PI / 180);
  return Math.hypot(dx * M_PER_DEG_LON * Math.cos(lat), dy * M_PER_DEG_LAT);
}

/** Same park, and same town when both parcels name one. */
export function sameGroup(a: SiteParcel, b: SiteParcel): boolean {
  if (a.park !== b.park) return false;
  return a.town === undefined || a.town === null || b.town === undefined || b.town === null || a.town === b.town;
}

export function areNeighbours(a: SiteParcel, ab: BBox, b: SiteParcel, bb: BBox, cfg: AssemblyConfig): boolean {
  return a.id !== b.id && sameGroup(a, b) && bboxGapM(ab, bb) <= cfg.max_gap_m;
}

export type NeighbourMap = Map<string, SiteParcel[]>;

const byId = (a: SiteParcel, b: SiteParcel) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Neighbour lists of candidate parcels (each sorted by id), by a sweep over boxes sorted by west edge within bands of
 * latitude: a pair is tested only when their west/east edges are within the gap at the largest latitude present (a
 * safe bound) and their south/north edges within the gap in latitude (dy alone already exceeds it otherwise).
 * Then `max_neighbours` (see AssemblyConfig): each parcel keeps its k nearest by gap, then id; an edge stays when
 * either end keeps it. Parcels are numbered here and each pair's gap is kept from the sweep, so the limit neither
 * looks boxes up again nor keys edges by strings (at 200 000 parcels the two steps took seconds in the site worker).
 */
export function buildNeighbours(cands: readonly SiteParcel[], cfg: AssemblyConfig): NeighbourMap {
  const out: NeighbourMap = new Map();
  if (cfg.max_members < 2) return out;
  const n = cands.length;
  const boxes = cands.map(siteBBox);
  let maxLat = 0;
  for (const b of boxes) maxLat = Math.max(maxLat, Math.abs(b[1]), Math.abs(b[3]));
  const cos = Math.cos(Math.min(89.9, maxLat) * (Math.PI / 180));
  const gapDegLon = cfg.max_gap_m / (M_PER_DEG_LON * cos) + 1e-12;
  const gapDegLat = cfg.max_gap_m / M_PER_DEG_LAT + 1e-12;
  // Bands of latitude: each parcel goes into every band its box, grown by the gap, meets; within a band the sweep runs
  // over west edges. A pair in several bands is counted only in the band of the higher of their grown south edges
  // (both boxes meet it when they are within the gap in latitude). On a dense county a longitude window alone holds
  // parcels from every latitude: 18 M pairs looked at for 47 000 candidates at 200 000 parcels, 1.1 M of them near.
  let minY = Infinity;
  let maxY = -Infinity;
  for (const b of boxes) {
    minY = Math.min(minY, b[1]);
    maxY = Math.max(maxY, b[3]);
  }
  // About two typical parcels tall; never so thin that a box spans thousands of bands (parcels without geometry
  // have no height, a zero gap no width).
  const heights = boxes.map((b) => b[3] - b[1]).sort((x, y) => x - y);
  const bandH = Math.max(4 * gapDegLat, 2 * (heights[heights.length >> 1] ?? 0), (maxY - minY) / 4096, 1e-9);
  const bandOf = (y: number) => Math.floor((y - minY) / bandH);
  const bands = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const b = boxes[i]!;
    for (let k = bandOf(b[1] - gapDegLat); k <= bandOf(b[3] + gapDegLat); k++) (bands.get(k) ?? bands.set(k, []).get(k)!).push(i);
  }
  // Each parcel's neighbours within the gap: their numbers, and the pair's gap.
  const nbs: number[][] = Array.from({ length: n }, () => []);
  const gaps: number[][] = Array.from({ length: n }, () => []);
  for (const [band, members] of bands) {
    // By west edge, ties by number: the order of one sweep over the whole county, so each pair is tested as it was.
    members.sort((x, y) => boxes[x]![0] - boxes[y]![0] || x - y);
    const m = members.length;
    // The band's boxes in sweep order, flat: the inner loop reads four numbers in a row instead of chasing arrays.
    const flat = new Float64Array(4 * m);
    members.forEach((i, q) => flat.set(boxes[i]!, 4 * q));
    for (let p = 0; p < m; p++) {
      const i = members[p]!;
      const a = boxes[i]!;
      const east = a[2] + gapDegLon;
      const south = a[1] - gapDegLat;
      const north = a[3] + gapDegLat;
      for (let q = p + 1; q < m; q++) {
        if (flat[4 * q]! > east) break;
        if (flat[4 * q + 1]! > north || flat[4 * q + 3]! < south) continue;
        if (bandOf(Math.max(a[1], flat[4 * q + 1]!) - gapDegLat) !== band) continue;
        const j = members[q]!;
        const b = boxes[j]!;
        // areNeighbours' test, with the gap (the same seen from either end) computed once and kept.
        if (cands[i]!.id === cands[j]!.id || !sameGroup(cands[i]!, cands[j]!)) continue;
        const gap = bboxGapM(a, b);
        if (gap > cfg.max_gap_m) continue;
        nbs[i]!.push(j);
        gaps[i]!.push(gap);
        nbs[j]!.push(i);
        gaps[j]!.push(gap);
      }
    }
  }
  // Each parcel's k nearest (by gap, then id); an edge is kept when either end chose it, added once: by the lower
  // number, or by the higher one when the lower did not choose it (a chosen list is at most k long).
  const k = cfg.max_neighbours;
  const chosen: number[][] = nbs.map((js, i) => (js.length <= k ? js : nearestK(js, gaps[i]!, k, cands)));
  const adj: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) {
    for (const j of chosen[i]!) {
      if (j < i && chosen[j]!.includes(i)) continue;
      adj[i]!.push(j);
      adj[j]!.push(i);
    }
  }
  for (let i = 0; i < n; i++) {
    if (adj[i]!.length === 0) continue;
    out.set(cands[i]!.id, adj[i]!.map((j) => cands[j]!).sort(byId));
  }
  return out;
}

/**
 * The k of `js` with the smallest gaps `gs` (ties by id), nearest first: kept in order while scanning once, so a
 * parcel with many neighbours costs about one comparison per neighbour instead of a sort.
 */
function nearestK(js: readonly number[], gs: readonly number[], k: number, cands: readonly SiteParcel[]): number[] {
  const best: number[] = [];
  const before = (x: number, y: number) => gs[x]! < gs[y]! || (gs[x] === gs[y] && byId(cands[js[x]!]!, cands[js[y]!]!) < 0);
  for (let x = 0; x < js.length; x++) {
    if (best.length === k && !before(x, best[k - 1]!)) continue;
    let at = best.length === k ? k - 1 : best.length;
    while (at > 0 && before(x, best[at - 1]!)) {
      best[at] = best[at - 1]!;
      at--;
    }
    best[at] = x;
  }
  return best.map((x) => js[x]!);
}

/** Connected clusters of the neighbour graph: parcel id → cluster number, and each cluster's total 亩. */
export function clustersOf(cands: readonly SiteParcel[], nb: NeighbourMap): { clusterOf: Map<string, number>; total: number[] } {
  const clusterOf = new Map<string, number>();
  const total: number[] = [];
  for (const p of [...cands].sort(byId)) {
    if (clusterOf.has(p.id)) continue;
    const c = total.length;
    total.push(p.area_mu);
    clusterOf.set(p.id, c);
    const stack = [p.id];
    while (stack.length) {
      const id = stack.pop()!;
      for (const q of nb.get(id) ?? []) {
        if (clusterOf.has(q.id)) continue;
        clusterOf.set(q.id, c);
        total[c]! += q.area_mu;
        stack.push(q.id);
      }
    }
  }
  return { clusterOf, total };
}

/** Greedy growth from one seed (see the header); the members sorted by id, or null when no site results. */
export function growSite(seed: SiteParcel, nb: (id: string) => readonly SiteParcel[] | undefined, lo: number, hi: number, maxMembers: number): SiteParcel[] | null {
  if (seed.area_mu >= lo) return null;
  const set: SiteParcel[] = [seed];
  let total = seed.area_mu;
  const kx = Math.cos(seed.point[1] * (Math.PI / 180));
  // Frontier: neighbours of the set not yet taken, each with its squared distance to the seed. A parcel that
  // fits alone (area ≥ lo) never enters; one that would overshoot hi is dropped for good (the total only grows).
  const fr: SiteParcel[] = [];
  const fd: number[] = [];
  const seen = new Set<string>([seed.id]);
  const extend = (m: SiteParcel) => {
    for (const q of nb(m.id) ?? []) {
      if (seen.has(q.id)) continue;
      seen.add(q.id);
      if (q.area_mu >= lo) continue;
      fr.push(q);
      fd.push(((q.point[0] - seed.point[0]) * kx) ** 2 + (q.point[1] - seed.point[1]) ** 2);
    }
  };
  extend(seed);
  while (total < lo) {
    if (set.length >= maxMembers) return null;
    let bi = -1;
    for (let i = 0; i < fr.length; i++) {
      const q = fr[i]!;
      if (total + q.area_mu > hi) {
        // Never eligible again: swap-remove.
        fr[i] = fr[fr.length - 1]!;
        fd[i] = fd[fd.length - 1]!;
        fr.pop();
        fd.pop();
        i--;
        continue;
      }
      if (bi < 0 || fd[i]! < fd[bi]! || (fd[i] === fd[bi] && q.id < fr[bi]!.id)) bi = i;
    }
    if (bi < 0) return null;
    const best = fr[bi]!;
    fr[bi] = fr[fr.length - 1]!;
    fd[bi] = fd[fd.length - 1]!;
    fr.pop();
    fd.pop();
    set.push(best);
    total += best.area_mu;
    extend(best);
  }
  return set.sort(byId);
}

/** The scored attributes of a combined site (members sorted by id): the worst member decides each rule-like one. */
export type CombinedTraits = Pick<SiteParcel, 'point' | 'area_mu' | 'control_line' | 'zone' | 'far_max' | 'park'>;

/**
 * The traits of the site made of `ms` (sorted by id), without building the site: the ranking bounds thousands of
 * grown sites with these and builds only the few it resolves. combineParcels uses it, so the two always agree.
 */
export function combinedTraits(ms: readonly SiteParcel[]): CombinedTraits {
  let area = 0;
  for (const m of ms) area += m.area_mu;
  let x = 0;
  let y = 0;
  let line: 0 | 1 | 2 = 1;
  let central = false;
  let adjusted = false;
  let cap: number | null = null;
  for (const m of ms) {
    const w = area > 0 ? m.area_mu / area : 1 / ms.length;
    x += m.point[0] * w;
    y += m.point[1] * w;
    // Outside every line anywhere: outside; else the weakest (highest-numbered) level.
    if (m.control_line === 0 || line === 0) line = 0;
    else if (m.control_line > line) line = m.control_line;
    central ||= m.zone === 'central';
    adjusted ||= m.zone === 'adjusted-use';
    if (m.far_max !== null && (cap === null || m.far_max < cap)) cap = m.far_max;
  }
  return { point: [x, y], area_mu: area, control_line: line, zone: central ? 'central' : adjusted ? 'adjusted-use' : 'none', far_max: cap, park: ms[0]!.park };
}

/** One site made of several parcels: the worst member decides each rule-like attribute. */
export function combineParcels(members: readonly SiteParcel[]): SiteParcel {
  const ms = [...members].sort(byId);
  const largest = ms.reduce((a, b) => (b.area_mu > a.area_mu ? b : a));
  const first = ms[0]!;
  return {
    ...combinedTraits(ms),
    id: ms.map((m) => m.id).join('+'),
    name: `${first.name} +${ms.length - 1}`,
    status: largest.status,
    grade: largest.grade,
    enterprise_id: null,
    ...(first.town !== undefined ? { town: first.town } : {}),
    geometry: null,
  };
}

/** Combined sites grown from the given seeds, deduplicated, as [aggregate, members] pairs. */
export function proposeAssembled(
  seeds: Iterable<SiteParcel>,
  nb: (id: string) => readonly SiteParcel[] | undefined,
  lo: number,
  hi: number,
  maxMembers: number,
): { site: SiteParcel; members: SiteParcel[] }[] {
  const seen = new Set<string>();
  const out: { site: SiteParcel; members: SiteParcel[] }[] = [];
  if (maxMembers < 2) return out;
  for (const s of seeds) {
    const ms = growSite(s, nb, lo, hi, maxMembers);
    if (!ms) continue;
    const key = ms.map((m) => m.id).join('+');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ site: combineParcels(ms), members: ms });
  }
  return out;
}

/**
 * The same greedy growth as growSite over a compact graph (candidate numbers instead of ids, a stamp array
 * instead of sets), for the index: one instance per index, reused across seeds and demands. Kept separate from
 * growSite on purpose: the naive reference grows with growSite, and tests hold the two to the same answers.
 */
export class IndexedGrower {
  private readonly stamp: Int32Array;
  private tick = 0;
  private readonly frI: number[] = [];
  private readonly frD: number[] = [];
  /** Neighbours of candidate i: adj[start[i]] … adj[start[i + 1] - 1]. */
  private readonly start: Int32Array;
  private readonly adj: Int32Array;
  private readonly lon: Float64Array;
  private readonly lat: Float64Array;
  private readonly area: Float64Array;
  /** Position of each candidate in parcel-id order: id comparisons as integer ones. */
  private readonly idRank: Int32Array;

  constructor(private readonly ps: readonly SiteParcel[], nb: NeighbourMap) {
    const at = new Map(ps.map((p, i) => [p.id, i]));
    this.start = new Int32Array(ps.length + 1);
    const all: number[] = [];
    ps.forEach((p, i) => {
      this.start[i] = all.length;
      for (const q of nb.get(p.id) ?? []) all.push(at.get(q.id)!);
    });
    this.start[ps.length] = all.length;
    this.adj = Int32Array.from(all);
    this.stamp = new Int32Array(ps.length);
    this.lon = Float64Array.from(ps, (p) => p.point[0]);
    this.lat = Float64Array.from(ps, (p) => p.point[1]);
    this.area = Float64Array.from(ps, (p) => p.area_mu);
    this.idRank = new Int32Array(ps.length);
    ps.map((p, i) => ({ id: p.id, i }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .forEach((x, r) => (this.idRank[x.i] = r));
  }

  /**
   * Reach box of every candidate: the union of the bounding boxes of all candidates within `hops` steps in the
   * neighbour graph (4 numbers per candidate: west, south, east, north), by `hops` rounds of
   * reach_k(i) = box(i) ∪ reach_{k-1}(j) for every neighbour j. A combined site of at most hops + 1 members is
   * connected, so every member lies within `hops` steps of every other: the site's area-weighted centre (a mean of
   * interior points, each inside its parcel's box) lies inside the reach box of each of its members, whatever the
   * demand. The ranking bounds a seed's partner distances with it before growing anything.
   */
  reachBoxes(hops: number): Float64Array {
    const n = this.ps.length;
    let cur = new Float64Array(n * 4);
    this.ps.forEach((p, i) => cur.set(siteBBox(p), i * 4));
    const own = cur.slice();
    for (let h = 0; h < hops; h++) {
      const next = own.slice();
      for (let i = 0; i < n; i++) {
        const o = i * 4;
        for (let e = this.start[i]!; e < this.start[i + 1]!; e++) {
          const q = this.adj[e]! * 4;
          if (cur[q]! < next[o]!) next[o] = cur[q]!;
          if (cur[q + 1]! < next[o + 1]!) next[o + 1] = cur[q + 1]!;
          if (cur[q + 2]! > next[o + 2]!) next[o + 2] = cur[q + 2]!;
          if (cur[q + 3]! > next[o + 3]!) next[o + 3] = cur[q + 3]!;
        }
      }
      cur = next;
    }
    return cur;
  }

  /** Members (candidate numbers) of the site grown from `seed`, sorted by parcel id; null when none. */
  grow(seed: number, lo: number, hi: number, maxMembers: number): number[] | null {
    const set: number[] = [];
    if (!this.run(seed, lo, hi, maxMembers, set)) return null;
    const rank = this.idRank;
    return set.sort((a, b) => rank[a]! - rank[b]!);
  }

  /** The greedy growth: members into `set` in the order taken; true when the total reached `lo`. */
  private run(seed: number, lo: number, hi: number, maxMembers: number, set: number[]): boolean {
    const area = this.area;
    set.length = 0;
    if (area[seed]! >= lo) return false;
    const tick = ++this.tick;
    const stamp = this.stamp;
    const frI = this.frI;
    const frD = this.frD;
    frI.length = 0;
    frD.length = 0;
    const sx = this.lon[seed]!;
    const sy = this.lat[seed]!;
    const kx = Math.cos(sy * (Math.PI / 180));
    set.push(seed);
    let total = area[seed]!;
    stamp[seed] = tick;
    this.extend(seed, tick, lo, sx, sy, kx);
    while (total < lo) {
      if (set.length >= maxMembers) return false;
      let bi = -1;
      for (let i = 0; i < frI.length; i++) {
        const q = frI[i]!;
        if (total + area[q]! > hi) {
          frI[i] = frI[frI.length - 1]!;
          frD[i] = frD[frD.length - 1]!;
          frI.pop();
          frD.pop();
          i--;
          continue;
        }
        if (bi < 0 || frD[i]! < frD[bi]! || (frD[i] === frD[bi] && this.idRank[q]! < this.idRank[frI[bi]!]!)) bi = i;
      }
      if (bi < 0) return false;
      const best = frI[bi]!;
      frI[bi] = frI[frI.length - 1]!;
      frD[bi] = frD[frD.length - 1]!;
      frI.pop();
      frD.pop();
      set.push(best);
      total += area[best]!;
      this.extend(best, tick, lo, sx, sy, kx);
    }
    return true;
  }

  /** Unfiltered growth order of every candidate: seq[i·seqMax …] holds seqLen[i] candidate numbers, seed first. */
  private seq = new Int32Array(0);
  private seqLen = new Int32Array(0);
  private seqMax = 0;

  /**
   * Records, once per index, the order in which each candidate's growth takes its neighbours when nothing is
   * filtered out (no window: every neighbour may join, up to `maxMembers`). predict() reads a demand's site off it.
   */
  prepareSequences(maxMembers: number): void {
    const n = this.ps.length;
    this.seqMax = maxMembers;
    this.seq = new Int32Array(n * maxMembers);
    this.seqLen = new Int32Array(n);
    const buf: number[] = [];
    for (let i = 0; i < n; i++) {
      this.run(i, Infinity, Infinity, maxMembers, buf);
      this.seq.set(buf, i * maxMembers);
      this.seqLen[i] = buf.length;
    }
  }

  /**
   * The site grow(seed, lo, hi, maxMembers) would return, without growing: the number of members (the first ones
   * of seq, into `out` sorted by id), 0 when grow would return null, -1 when the window's filters could change the
   * growth (then only grow() knows). Exact, because while every parcel the unfiltered order takes is below `lo`
   * and keeps the total within `hi`, it is also the nearest parcel of the filtered frontier (a subset of the
   * unfiltered one that contains it), so both growths take the same parcels; and when the unfiltered order ends
   * below `lo` (members exhausted or `maxMembers` reached), the filtered growth ends there too.
   */
  predict(seed: number, lo: number, hi: number, maxMembers: number, out: number[]): number {
    out.length = 0;
    if (maxMembers !== this.seqMax) return -1;
    const area = this.area;
    if (area[seed]! >= lo) return 0;
    const o = seed * this.seqMax;
    const len = this.seqLen[seed]!;
    let total = area[seed]!;
    for (let j = 1; j < len; j++) {
      const q = this.seq[o + j]!;
      if (area[q]! >= lo || total + area[q]! > hi) return -1;
      total += area[q]!;
      if (total >= lo) {
        for (let k = 0; k <= j; k++) out.push(this.seq[o + k]!);
        const rank = this.idRank;
        out.sort((a, b) => rank[a]! - rank[b]!);
        return j + 1;
      }
    }
    return 0;
  }

  /** Puts the unseen neighbours of m that do not fit alone on the frontier, with their squared distance to the seed. */
  private extend(m: number, tick: number, lo: number, sx: number, sy: number, kx: number): void {
    const stamp = this.stamp;
    for (let e = this.start[m]!; e < this.start[m + 1]!; e++) {
      const q = this.adj[e]!;
      if (stamp[q] === tick) continue;
      stamp[q] = tick;
      if (this.area[q]! >= lo) continue;
      this.frI.push(q);
      this.frD.push(((this.lon[q]! - sx) * kx) ** 2 + (this.lat[q]! - sy) ** 2);
    }
  }
}
