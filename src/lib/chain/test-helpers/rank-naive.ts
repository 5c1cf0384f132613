// TEST-ONLY: the naive ranking, an oracle for rankSites. The unit tests hold rankSites to it and bench/sites.ts
// times the two in the same run. Production code never imports it, so no bundle includes it. It shares with
// rankSites the scoring, the rule checks, the choice of partner links and the final listing (finishRanking), never
// the index, the partner trees, the bounds or the indexed growth of combined sites it checks.
import { haversineKm } from '../../geo/distance.ts';
import { areNeighbours, bboxGapM, proposeAssembled, siteBBox, type BBox, type NeighbourMap } from '../assemble.ts';
import { partnerLinks } from '../partner-index.ts';
import { finishRanking, type Scored } from '../ranking-result.ts';
import { neededFar } from '../site-blocking.ts';
import { isCandidate } from '../site-index.ts';
import { scoreSite, scoresBefore } from '../site-score.ts';
import type { ChainLinkOrder, DemandInput, LonLat, NearestPartner, Partner, PartnerFirmInput, RankOptions, SiteParcel, SiteRanking } from '../site-types.ts';

/**
 * Baseline for the bench and a cross-check for tests: no index. Scans every parcel, finds partners by scanning
 * every parcel again per link, scores every parcel with brute-force distances, then filters. Same answer as
 * rankSites, much slower.
 */
export function rankSitesNaive(
  parcels: readonly SiteParcel[],
  firms: readonly PartnerFirmInput[],
  chains: readonly ChainLinkOrder[],
  d: DemandInput,
  opts: RankOptions,
): SiteRanking {
  const cfg = opts.cfg;
  const top = Math.max(1, opts.top ?? 10);
  const needFar = neededFar(opts.policy, d.industry);
  const lo = d.land_mu * cfg.area_min_ratio;
  const hi = d.land_mu * cfg.area_max_ratio;
  const firmById = new Map(firms.map((f) => [f.id, f]));
  const firmOf = (id: string | null) => (id === null ? undefined : firmById.get(id));
  const byLinkCache = new Map<string, Partner[]>();
  const partnersOf = (link: string): Partner[] => {
    const hit = byLinkCache.get(link);
    if (hit) return hit;
    const out: Partner[] = [];
    for (const p of parcels) {
      const f = firmOf(p.enterprise_id);
      if (f && f.chain === d.chain && f.link === link) out.push({ enterprise_id: f.id, name: f.name, link, parcel_id: p.id, point: p.point });
    }
    byLinkCache.set(link, out);
    return out;
  };
  const chain = chains.find((c) => c.id === d.chain);
  const ordered = chain ? [...chain.links].sort((a, b) => a.order - b.order) : [];
  const { upstream, downstream } = partnerLinks(ordered, d.chain, d.link, (_c, l) => partnersOf(l).length);
  const sides = [upstream ? { side: 'upstream' as const, link: upstream.link } : null, downstream ? { side: 'downstream' as const, link: downstream.link } : null];
  const nSides = sides.filter((x) => x !== null).length;
  const nearestOf = (pt: LonLat, own: readonly string[]): NearestPartner[] => {
    const nearest: NearestPartner[] = [];
    for (const s of sides) {
      if (!s) continue;
      let best: Partner | null = null;
      let bestKm = Infinity;
      for (const q of partnersOf(s.link)) {
        if (own.includes(q.parcel_id)) continue;
        const km = haversineKm(pt, q.point);
        if (km < bestKm || (km === bestKm && best !== null && q.parcel_id < best.parcel_id)) {
          bestKm = km;
          best = q;
        }
      }
      if (best) nearest.push({ ...best, side: s.side, km: bestKm });
    }
    return nearest;
  };
  let pool = 0;
  let largest: number | null = null;
  const scored: Scored[] = [];
  const pooled: SiteParcel[] = [];
  for (const p of parcels) {
    const nearest = nearestOf(p.point, [p.id]);
    const s = scoreSite(p, d, needFar, nearest, nSides, cfg);
    if (!isCandidate(p, cfg)) continue;
    pool++;
    pooled.push(p);
    largest = largest === null ? p.area_mu : Math.max(largest, p.area_mu);
    if (p.area_mu < lo || p.area_mu > hi) continue;
    scored.push({ p, members: [p], score: s.score, nearest });
  }
  const singleFit = scored.length;
  // Assembly without an index: every pair of candidates tested, clusters by breadth-first search, every
  // candidate tried as a seed (growSite declines seeds that fit alone).
  const nb = new Map<string, SiteParcel[]>();
  const boxes = pooled.map(siteBBox);
  const link = (a: SiteParcel, b: SiteParcel) => {
    const l = nb.get(a.id) ?? [];
    l.push(b);
    nb.set(a.id, l);
  };
  if (cfg.assembly.max_members >= 2) {
    // All pairs within each park (parcels of different parks are never neighbours).
    const byPark = new Map<string | null, number[]>();
    pooled.forEach((p, i) => (byPark.get(p.park) ?? byPark.set(p.park, []).get(p.park)!).push(i));
    for (const group of byPark.values()) {
      for (let x = 0; x < group.length; x++) {
        const i = group[x]!;
        for (let y = x + 1; y < group.length; y++) {
          const j = group[y]!;
          if (!areNeighbours(pooled[i]!, boxes[i]!, pooled[j]!, boxes[j]!, cfg.assembly)) continue;
          link(pooled[i]!, pooled[j]!);
          link(pooled[j]!, pooled[i]!);
        }
      }
    }
  }
  const limited = limitNaive(nb, cfg.assembly.max_neighbours);
  nb.clear();
  for (const [k, v] of limited) nb.set(k, v);
  let largestCluster = 0;
  let seeds = 0;
  const seen = new Set<string>();
  for (const p of pooled) {
    if (seen.has(p.id) || !nb.has(p.id)) continue;
    let total = 0;
    const queue = [p];
    const cluster: SiteParcel[] = [];
    seen.add(p.id);
    while (queue.length) {
      const q = queue.shift()!;
      cluster.push(q);
      total += q.area_mu;
      for (const r of nb.get(q.id) ?? []) if (!seen.has(r.id)) (seen.add(r.id), queue.push(r));
    }
    largestCluster = Math.max(largestCluster, total);
    if (total >= lo && cfg.assembly.max_members >= 2) seeds += cluster.filter((q) => q.area_mu < lo).length;
  }
  const combined = proposeAssembled(pooled, (id) => nb.get(id), lo, hi, cfg.assembly.max_members);
  for (const c of combined) {
    const nearest = nearestOf(c.site.point, c.members.map((m) => m.id));
    scored.push({ p: c.site, members: c.members, score: scoreSite(c.site, d, needFar, nearest, nSides, cfg).score, nearest });
  }
  scored.sort((a, b) => (scoresBefore(a.score, a.p.id, b.score, b.p.id) ? -1 : scoresBefore(b.score, b.p.id, a.score, a.p.id) ? 1 : 0));
  return finishRanking({
    demand: d,
    needFar,
    window: [lo, hi],
    pool,
    largest,
    largestCluster,
    upstream,
    downstream,
    sides: nSides,
    scored,
    singleFit,
    tally: { seeds, built: combined.length, complete: true },
    top,
    opts,
  });
}

/**
 * `max_neighbours` applied the plain way (as buildNeighbours did before it kept each pair's gap from its sweep): each
 * parcel keeps its k nearest by gap, then id, boxes looked up by id; an edge stays when either end keeps it.
 */
function limitNaive(raw: NeighbourMap, k: number): NeighbourMap {
  const byId = (a: SiteParcel, b: SiteParcel) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const parcel = new Map<string, SiteParcel>();
  for (const l of raw.values()) for (const q of l) parcel.set(q.id, q);
  const boxes = new Map<string, BBox>();
  const bb = (p: SiteParcel) => boxes.get(p.id) ?? boxes.set(p.id, siteBBox(p)).get(p.id)!;
  const out: NeighbourMap = new Map();
  const add = (a: SiteParcel, b: SiteParcel) => (out.get(a.id) ?? out.set(a.id, []).get(a.id)!).push(b);
  const kept = new Set<string>();
  for (const [id, list] of raw) {
    const a = parcel.get(id)!;
    const chosen = list.length <= k ? list : list.map((q) => ({ q, g: bboxGapM(bb(a), bb(q)) })).sort((x, y) => x.g - y.g || byId(x.q, y.q)).slice(0, k).map((x) => x.q);
    for (const q of chosen) {
      const key = a.id < q.id ? `${a.id}\u0000${q.id}` : `${q.id}\u0000${a.id}`;
      if (kept.has(key)) continue;
      kept.add(key);
      add(a, q);
      add(q, a);
    }
  }
  for (const l of out.values()) l.sort(byId);
  return out;
}
