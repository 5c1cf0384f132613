// The end of a ranking, shared by rankSites and the test oracle: from fitting sites in score order to the
// SiteRanking — variants folded, rule checks run top-down only until the lists are full, counts, and the reason
// for an empty answer. Pure.
import { SCORE_PARTS, type RankingConfig } from './config.ts';
import { blockingFindings, memberFindings, surelyBlocked } from './site-blocking.ts';
import { scoreSite } from './site-score.ts';
import type { DemandInput, NearestPartner, RankOptions, SiteCandidate, SiteParcel, SiteRanking } from './site-types.ts';

const f1 = (x: number) => x.toFixed(1);

/** A fitting site with its exact score and nearest partners. */
export interface Scored {
  p: SiteParcel;
  /** The site's parcels ([p] for a single parcel). */
  members: SiteParcel[];
  score: number;
  nearest: NearestPartner[];
}

/** The listed form of a scored site (its rule findings and rank set by finishRanking). */
function toCandidate(x: Scored, d: DemandInput, needFar: number, sides: number, cfg: RankingConfig): SiteCandidate {
  const p = x.p;
  const s = scoreSite(p, d, needFar, x.nearest, sides, cfg);
  const nearest = x.nearest;
  return {
    parcel_id: p.id,
    members: x.members.map((m) => m.id),
    name: p.name,
    point: p.point,
    area_mu: p.area_mu,
    status: p.status,
    grade: p.grade,
    park: p.park,
    zone: p.zone,
    control_line: p.control_line,
    far_max: p.far_max,
    score: s.score,
    parts: s.parts,
    nearest,
    blocking: [],
    rank: null,
    variants: 0,
  };
}

/** Combined sites of one ranking: seeds tried, distinct sites built, and whether every seed was grown. */
export interface AssemblyTally {
  seeds: number;
  built: number;
  complete: boolean;
}

/** What finishRanking needs: the demand, what rankSites (or the test oracle) found, and the options. */
export interface RankingContext {
  demand: DemandInput;
  /** FAR the demand's project needs (neededFar). */
  needFar: number;
  /** The demand's area window, 亩. */
  window: [number, number];
  /** Candidate parcels by status/grade, before the area filter. */
  pool: number;
  /** Largest candidate parcel, 亩 (null without candidates). */
  largest: number | null;
  /** Largest total of a cluster of neighbouring candidates, 亩. */
  largestCluster: number;
  upstream: SiteRanking['upstream'];
  downstream: SiteRanking['downstream'];
  /** Partner sides (0–2) the distance part averages over. */
  sides: number;
  /** Fitting sites in score order (highest first, ties by id). */
  scored: Iterable<Scored>;
  /** Single parcels that fit the area window. */
  singleFit: number;
  /** Read after `scored` is consumed (rankSites builds combined sites while it is iterated). */
  tally: AssemblyTally;
  /** How many unblocked (and at most how many blocked) sites to list. */
  top: number;
  opts: RankOptions;
}

/**
 * Lists the top sites: takes `scored` in score order, folds a site sharing a parcel with a better listed one into
 * it as a variant, runs the rule check on the rest until `top` unblocked sites are ranked, and explains an empty
 * answer.
 */
export function finishRanking(ctx: RankingContext): SiteRanking {
  const { demand: d, needFar, window, pool, largest, largestCluster, upstream, downstream, sides, scored, singleFit, tally, top, opts } = ctx;
  const candidates: SiteCandidate[] = [];
  const blocked: SiteCandidate[] = [];
  // Parcel id → the listed site holding it (ranked, and blocked, separately): the lists hold distinct places.
  const rankedHolder = new Map<string, SiteCandidate>();
  const blockedHolder = new Map<string, SiteCandidate>();
  const holder = (members: readonly SiteParcel[], held: Map<string, SiteCandidate>): SiteCandidate | undefined => {
    let first: SiteCandidate | undefined;
    for (const m of members) {
      const h = held.get(m.id);
      // The earliest listed of the sites it shares parcels with.
      if (h && (!first || (h.rank ?? blocked.indexOf(h)) < (first.rank ?? blocked.indexOf(first)))) first = h;
    }
    return first;
  };
  for (const x of scored) {
    if (candidates.length >= top) break;
    // Sharing a parcel with a better ranked site: a variant of it, whether or not a rule would block it.
    const ranked = holder(x.members, rankedHolder);
    if (ranked) {
      ranked.variants = (ranked.variants ?? 0) + 1;
      continue;
    }
    // Enough blocked sites listed: a site that is surely blocked needs no full rule check.
    if (blocked.length >= top && x.members.some((m) => surelyBlocked(m, needFar, opts))) continue;
    const c = toCandidate(x, d, needFar, sides, opts.cfg);
    c.blocking = x.members.length === 1 ? blockingFindings(x.p, needFar, d.industry, opts) : memberFindings(x.members, needFar, d.industry, opts);
    if (c.blocking.length) {
      const b = holder(x.members, blockedHolder);
      if (b) b.variants = (b.variants ?? 0) + 1;
      else if (blocked.length < top) {
        blocked.push(c);
        for (const m of c.members) blockedHolder.set(m, c);
      }
    } else {
      c.rank = candidates.length + 1;
      candidates.push(c);
      for (const m of c.members) rankedHolder.set(m, c);
    }
  }
  const maxScore = SCORE_PARTS.reduce((s, k) => s + opts.cfg.weights[k], 0);
  // With no candidate ranked every site was resolved, so every seed was grown and the counts below are complete.
  const assembled = tally.built;
  const fitCount = singleFit + assembled;
  let empty: SiteRanking['empty_reason'] = null;
  if (candidates.length === 0) {
    if (fitCount === 0) {
      const a = opts.cfg.assembly;
      empty =
        a.max_members < 2
          ? {
              zh: `没有面积在 ${f1(window[0])}–${f1(window[1])} 亩之间的候选地块（候选 ${pool} 宗，最大 ${largest === null ? '—' : f1(largest)} 亩）`,
              en: `No candidate parcel of ${f1(window[0])}–${f1(window[1])} mu (${pool} candidates, largest ${largest === null ? '—' : f1(largest)} mu)`,
            }
          : {
              zh: `没有面积在 ${f1(window[0])}–${f1(window[1])} 亩之间的候选地块，相邻地块（间距 ≤ ${a.max_gap_m} m，至多 ${a.max_members} 宗）也拼不成（候选 ${pool} 宗，最大 ${largest === null ? '—' : f1(largest)} 亩，最大相邻地块群 ${f1(largestCluster)} 亩）`,
              en: `No candidate parcel of ${f1(window[0])}–${f1(window[1])} mu, and no combination of neighbouring parcels (gap ≤ ${a.max_gap_m} m, at most ${a.max_members}) fits (${pool} candidates, largest ${largest === null ? '—' : f1(largest)} mu, largest cluster ${f1(largestCluster)} mu)`,
            };
    } else {
      empty = {
        zh: assembled ? `面积合适的 ${fitCount} 处地块（含 ${assembled} 处拼合地块）均被规则否决` : `面积合适的 ${fitCount} 宗地块均被规则否决`,
        en: `All ${fitCount} ${assembled ? `sites (${assembled} of them combined)` : 'parcels'} of a fitting size are blocked by a rule`,
      };
    }
  }
  return {
    demand_id: d.id,
    need_mu: d.land_mu,
    need_far: needFar,
    area_window_mu: window,
    max_score: maxScore,
    pool,
    area_fit: singleFit,
    assembly_seeds: tally.seeds,
    assembled,
    assembled_complete: tally.complete,
    largest_cluster_mu: largestCluster,
    largest_mu: largest,
    upstream,
    downstream,
    candidates,
    blocked,
    empty_reason: empty,
  };
}
