// Site ranking for one 招引需求 (demand entry). Pure: parcels, firms, rule layers and policy in; ranked candidates
// out, each with its score broken into parts and the rules that would block it. Callers build the index once
// (site-index.ts) and rank each demand here; the types are in site-types.ts, the other parts next to it:
// partner-index.ts, site-score.ts, site-blocking.ts, ranking-result.ts.
//
// Speed: buildSiteIndex() runs once per data set. It keeps only candidate parcels (idle / unused / low-efficiency
// statuses, or held by firms of the configured grades), sorted by area so that a demand's area window is two
// binary searches, and puts every chain firm's parcel into a per-link 2-d tree. A query bounds every fitting parcel
// and every seed of a combined site from above, resolves them best bound first (exact partner distances, greedy
// growth of a combined site) and stops once the top N cannot change; the rules (checkParcel) run only on the
// released sites, in score order, until the top N unblocked are found.
import { Heap } from '../util/heap.ts';
import { combinedTraits, combineParcels } from './assemble.ts';
import { partnerLinks, type PartnerTree } from './partner-index.ts';
import { finishRanking, type AssemblyTally, type Scored } from './ranking-result.ts';
import { neededFar } from './site-blocking.ts';
import { linkKey, type SiteIndex } from './site-index.ts';
import { partValues, scoresBefore, weighted } from './site-score.ts';
import type { DemandInput, LonLat, NearestPartner, RankOptions, SiteParcel, SiteRanking } from './site-types.ts';

/** First position in the sorted `a` whose value is ≥ x. */
function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] ?? 0) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
/** First position in the sorted `a` whose value is > x. */
function upperBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] ?? 0) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Ranks candidate sites for a demand, through the index. */
export function rankSites(index: SiteIndex, d: DemandInput, opts: RankOptions): SiteRanking {
  const cfg = opts.cfg;
  const top = Math.max(1, opts.top ?? 10);
  const needFar = neededFar(opts.policy, d.industry);
  const lo = d.land_mu * cfg.area_min_ratio;
  const hi = d.land_mu * cfg.area_max_ratio;
  const { upstream, downstream } = partnerLinks(index.chains.get(d.chain), d.chain, d.link, (c, l) => index.partners.get(linkKey(c, l))?.count ?? 0);
  const grids: { side: 'upstream' | 'downstream'; grid: PartnerTree }[] = [];
  if (upstream) grids.push({ side: 'upstream', grid: index.partners.get(linkKey(d.chain, upstream.link))! });
  if (downstream) grids.push({ side: 'downstream', grid: index.partners.get(linkKey(d.chain, downstream.link))! });

  const start = lowerBound(index.areas, lo);
  const end = upperBound(index.areas, hi);
  const single = end - start;
  // Seeds of combined sites: candidates below the window whose cluster can reach it (see assemble.ts). They are
  // grown lazily, only when their optimistic score could still reach the answer (ADR 0009).
  const seeds: number[] = [];
  if (cfg.assembly.max_members >= 2) for (let i = 0; i < start; i++) if (index.clusterMuAt[i]! >= lo) seeds.push(i);
  const n = single + seeds.length;
  // Entry i < single: the window's i-th parcel; else seed i - single.
  const parcelAt = (i: number): SiteParcel => index.candidates[i < single ? start + i : seeds[i - single]!]!;
  // Best first without computing every distance or growing every seed: each entry's score is bounded from above
  // (a parcel: its score with each partner at its lower-bound distance; a seed: the best any site grown from it
  // could score, below); entries are resolved in that bound's order and a resolved site is released once no
  // unresolved entry can beat it. Exact: the release order is the full-score order of all sites.
  const ub = new Float64Array(n);
  const optimistic: number[] = [];
  const optimisticAt = (pt: LonLat): number[] => {
    optimistic.length = 0;
    for (const g of grids) {
      const lb = g.grid.lowerBoundKm(pt);
      if (lb !== Infinity) optimistic.push(lb);
    }
    return optimistic;
  };
  const predicted: number[] = [];
  const predictedSites: SiteParcel[] = [];
  /**
   * Upper bound of the score of the site grown from seed s (a candidate number), -Infinity when it grows none.
   * Read off the index when it can say which site the growth gives (IndexedGrower.predict): then exactly that
   * site's score with partners at their lower-bound distances. Otherwise the best any site containing the seed
   * could score: area fit 1 (its area lies in the window); in a control line, within the FAR cap and outside the
   * central area only if the seed is (the worst member decides); the seed's park (members share it); its centre
   * in the seed's reach box, which bounds its partner distances.
   */
  const seedBound = (s: number, p: SiteParcel): number => {
    const count = index.grower.predict(s, lo, hi, cfg.assembly.max_members, predicted);
    if (count === 0) return -Infinity;
    if (count > 0) {
      for (let j = 0; j < count; j++) predictedSites[j] = index.candidates[predicted[j]!]!;
      predictedSites.length = count;
      const t = combinedTraits(predictedSites);
      return weighted(partValues(t, d, needFar, optimisticAt(t.point), grids.length, cfg), cfg);
    }
    optimistic.length = 0;
    const r = index.reach;
    const o = s * 4;
    for (const g of grids) {
      // A reach box built for fewer members than asked for bounds nothing: partners at 0 km.
      const lb = cfg.assembly.max_members <= index.reachMembers ? g.grid.lowerBoundKmBox(r[o]!, r[o + 1]!, r[o + 2]!, r[o + 3]!) : 0;
      if (lb !== Infinity) optimistic.push(lb);
    }
    const v = partValues(p, d, needFar, optimistic, grids.length, cfg);
    v[0] = 1;
    return weighted(v, cfg);
  };
  for (let i = 0; i < n; i++) {
    const p = parcelAt(i);
    if (i < single) {
      ub[i] = weighted(partValues(p, d, needFar, optimisticAt(p.point), grids.length, cfg), cfg);
    } else {
      ub[i] = seedBound(seeds[i - single]!, p);
    }
  }
  // Entries come out best bound first; most are never taken, so a heap (built in linear time) beats a sort. Ties
  // need no id order because a site is released only when it beats every remaining bound strictly.
  const queue = new Heap<number>((x, y) => ub[x]! > ub[y]!, Array.from({ length: n }, (_, i) => i));
  const resolve = (p: SiteParcel, members: SiteParcel[]): Scored => {
    const nearest: NearestPartner[] = [];
    const own = members.length === 1 ? new Set([p.id]) : new Set(members.map((m) => m.id));
    for (const g of grids) {
      const hit = g.grid.nearest(p.point, own);
      if (hit) nearest.push({ ...hit.partner, side: g.side, km: hit.km });
    }
    return { p, members, score: weighted(partValues(p, d, needFar, nearest.map((x) => x.km), grids.length, cfg), cfg), nearest };
  };
  const tally: AssemblyTally = { seeds: seeds.length, built: 0, complete: seeds.length === 0 };
  const seen = new Set<string>();
  function* bestFirst(): Generator<Scored> {
    // Three stages: an entry of the queue (bound only), a grown combined site (exact area and attributes, partner
    // distances still bounded), a resolved site (exact score). Each step resolves whichever unresolved item has
    // the highest bound, until the best resolved site beats both bounds.
    const done = new Heap<Scored>((x, y) => scoresBefore(x.score, x.p.id, y.score, y.p.id));
    const grown = new Heap<Pending>((x, y) => x.ub > y.ub);
    for (;;) {
      const nextUb = queue.size > 0 ? ub[queue.peek()!]! : -Infinity;
      const g = grown.peek();
      const bound = Math.max(nextUb, g ? g.ub : -Infinity);
      const best = done.peek();
      if (best && best.score > bound) {
        yield done.pop()!;
        continue;
      }
      if (queue.size === 0 && !g) {
        // Nothing left unresolved: release the rest (an empty heap ends the ranking).
        const rest = done.pop();
        if (!rest) return;
        yield rest;
        continue;
      }
      if (g && (queue.size === 0 || g.ub >= nextUb)) {
        grown.pop();
        done.push(resolve(combineParcels(g.members), g.members));
        continue;
      }
      const next = queue.pop()!;
      if (queue.size === 0) tally.complete = true;
      if (next < single) {
        const p = parcelAt(next);
        done.push(resolve(p, [p]));
        continue;
      }
      const ms = index.grower.grow(seeds[next - single]!, lo, hi, cfg.assembly.max_members);
      if (!ms) continue;
      const key = ms.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      tally.built++;
      const members = ms.map((m) => index.candidates[m]!);
      const t = combinedTraits(members);
      grown.push({ ub: weighted(partValues(t, d, needFar, optimisticAt(t.point), grids.length, cfg), cfg), members });
    }
  }
  const largest = index.areas.length ? index.areas[index.areas.length - 1]! : null;
  return finishRanking({
    demand: d,
    needFar,
    window: [lo, hi],
    pool: index.candidates.length,
    largest,
    largestCluster: index.largestClusterMu,
    upstream,
    downstream,
    sides: grids.length,
    scored: bestFirst(),
    singleFit: single,
    tally,
    top,
    opts,
  });
}

/** A combined site grown but not yet scored: `ub` bounds its score (partners at their lower-bound distances). */
interface Pending {
  ub: number;
  /** Sorted by id. */
  members: SiteParcel[];
}
