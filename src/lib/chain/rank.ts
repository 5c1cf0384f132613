// Site ranking for one 招引需求 (demand entry). Pure: parcels, firms, rule layers and policy in; ranked candidates
// out, each with its score broken into parts and the rules that would block it.
//
// Speed: buildSiteIndex() runs once per data set. It keeps only candidate parcels (idle / unused / low-efficiency
// statuses, or held by firms of the configured grades), sorted by area so that a demand's area window is two
// binary searches, and puts every chain firm's parcel into a per-link 2-d tree. A query bounds every fitting parcel
// and every seed of a combined site from above, resolves them best bound first (exact partner distances, greedy
// growth of a combined site) and stops once the top N cannot change; the rules (checkParcel) run only on the
// released sites, in score order, until the top N unblocked are found.
import type { AreaGeometry, Grade, ParcelStatus } from '../data/schema.ts';
import { checkParcel, type RuleLayers } from '../rules/check.ts';
import type { Finding } from '../rules/finding.ts';
import { industryFarMin, type Policy } from '../rules/policy.ts';
import { relateAll } from '../rules/relate.ts';
import { areNeighbours, buildNeighbours, clustersOf, combinedTraits, combineParcels, IndexedGrower, limitNeighbours, proposeAssembled, siteBBox, type NeighbourMap } from './assemble.ts';
import { haversineKm, SCORE_PARTS, type RankingConfig, type ScorePart } from './config.ts';

export type LonLat = [number, number];

export interface SiteParcel {
  id: string;
  name: string;
  /** A point inside the parcel (interior point), WGS84. */
  point: LonLat;
  /** Planar (cadastral) area, 亩. */
  area_mu: number;
  status: ParcelStatus;
  grade: Grade | null;
  enterprise_id: string | null;
  control_line: 0 | 1 | 2;
  zone: 'central' | 'adjusted-use' | 'none';
  far_max: number | null;
  park: string | null;
  /** Town (镇/街道), when known: combined sites stay within one. */
  town?: string | null;
  /** Needed only for the rule check of the best candidates. */
  geometry: AreaGeometry | null;
}

export interface PartnerFirmInput {
  id: string;
  name: string;
  chain: string | null;
  link: string | null;
}

export interface ChainLinkOrder {
  id: string;
  links: { id: string; order: number }[];
}

export interface DemandInput {
  id: string;
  chain: string;
  link: string;
  land_mu: number;
  park: string | null;
  /** Industry of the wanted project (FAR minimum); the policy's general minimum when absent. */
  industry?: string;
}

export interface Partner {
  enterprise_id: string;
  name: string;
  link: string;
  parcel_id: string;
  point: LonLat;
}

/**
 * Static 2-d tree of the partner points of one link (built once per data set). Nearest-partner search by
 * haversine, pruned with lower bounds: a latitude gap Δφ is at least R·Δφ away along any path, a longitude gap
 * Δλ at least R·Δλ·cos(φmax) (φmax: the largest |latitude| among the points and the query), less 1 %.
 */
class PartnerTree {
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
const KM_PER_DEG = (6371.0088 * Math.PI) / 180 * 0.99;

export interface SiteIndex {
  /** Candidate parcels sorted by area_mu ascending. */
  candidates: SiteParcel[];
  areas: Float64Array;
  /** chain\0link → partner grid. */
  partners: Map<string, PartnerTree>;
  /** chain → links in order. */
  chains: Map<string, { id: string; order: number }[]>;
  /** Candidate parcel id → neighbouring candidates (assembly), sorted by id; absent when it has none. */
  neighbours: NeighbourMap;
  /** Largest cluster total, 亩 (0 without clusters). */
  largestClusterMu: number;
  /** Greedy growth of combined sites over `candidates` (same order). */
  grower: IndexedGrower;
  /** Cluster total 亩 per candidate (0 without neighbours), same order. */
  clusterMuAt: Float64Array;
  /**
   * Reach box per candidate (4 numbers, see IndexedGrower.reachBoxes), same order: bounds a seed's sites of up to
   * `reachMembers` parcels.
   */
  reach: Float64Array;
  reachMembers: number;
}

const linkKey = (chain: string, link: string) => `${chain}\u0000${link}`;

export function isCandidate(p: Pick<SiteParcel, 'status' | 'grade'>, cfg: RankingConfig): boolean {
  return cfg.candidate_statuses.includes(p.status) || (p.grade !== null && cfg.candidate_grades.includes(p.grade));
}

export function buildSiteIndex(
  parcels: readonly SiteParcel[],
  firms: readonly PartnerFirmInput[],
  chains: readonly ChainLinkOrder[],
  cfg: RankingConfig,
): SiteIndex {
  const firmById = new Map(firms.map((f) => [f.id, f]));
  const byLink = new Map<string, Partner[]>();
  const candidates: SiteParcel[] = [];
  for (const p of parcels) {
    if (isCandidate(p, cfg)) candidates.push(p);
    const f = p.enterprise_id ? firmById.get(p.enterprise_id) : undefined;
    if (!f || !f.chain || !f.link) continue;
    const k = linkKey(f.chain, f.link);
    const list = byLink.get(k);
    const partner = { enterprise_id: f.id, name: f.name, link: f.link, parcel_id: p.id, point: p.point };
    if (list) list.push(partner);
    else byLink.set(k, [partner]);
  }
  const partners = new Map<string, PartnerTree>();
  for (const [k, list] of byLink) partners.set(k, new PartnerTree(list));
  candidates.sort((a, b) => a.area_mu - b.area_mu);
  const neighbours = buildNeighbours(candidates, cfg.assembly);
  const withNb = candidates.filter((c) => neighbours.has(c.id));
  const cl = clustersOf(withNb, neighbours);
  const clusterMu = new Map<string, number>();
  for (const [id, c] of cl.clusterOf) clusterMu.set(id, cl.total[c]!);
  const grower = new IndexedGrower(candidates, neighbours);
  if (cfg.assembly.max_members >= 2) grower.prepareSequences(cfg.assembly.max_members);
  return {
    candidates,
    areas: Float64Array.from(candidates, (c) => c.area_mu),
    partners,
    chains: new Map(chains.map((c) => [c.id, [...c.links].sort((a, b) => a.order - b.order)])),
    neighbours,
    largestClusterMu: cl.total.reduce((a, b) => Math.max(a, b), 0),
    grower,
    reach: grower.reachBoxes(Math.max(0, cfg.assembly.max_members - 1)),
    reachMembers: cfg.assembly.max_members,
    clusterMuAt: Float64Array.from(candidates, (c) => clusterMu.get(c.id) ?? 0),
  };
}

export interface ScorePartResult {
  part: ScorePart;
  weight: number;
  /** 0–1. */
  value: number;
  /** weight × value. */
  points: number;
  detail: { zh: string; en: string };
}

export interface NearestPartner extends Partner {
  side: 'upstream' | 'downstream';
  km: number;
}

export interface SiteCandidate {
  /** The parcel's id; for a combined site the member ids joined by "+". */
  parcel_id: string;
  /** Parcel ids of the site (one for a single parcel, sorted by id for a combined site). */
  members: string[];
  name: string;
  point: LonLat;
  area_mu: number;
  status: ParcelStatus;
  grade: Grade | null;
  park: string | null;
  zone: SiteParcel['zone'];
  control_line: 0 | 1 | 2;
  far_max: number | null;
  score: number;
  parts: ScorePartResult[];
  nearest: NearestPartner[];
  /**
   * 'fail' findings of checkParcel for this demand's project (new industrial land, the FAR it needs). For a combined site:
   * every member's, each with `values.member` set and the member's id leading its message.
   */
  blocking: Finding[];
  /** 1-based among unblocked candidates; null for a blocked one. */
  rank: number | null;
  /**
   * Other combinations sharing a parcel with this site that scored below it (combined sites grown from
   * neighbouring seeds overlap): folded into it rather than listed, since they are variants of the same place.
   * Counted among the sites the ranking went through before its lists were full. rankSites always sets it.
   */
  variants?: number;
}

export interface SiteRanking {
  demand_id: string;
  need_mu: number;
  need_far: number;
  area_window_mu: [number, number];
  max_score: number;
  /** Candidate parcels by status/grade, before the area filter. */
  pool: number;
  /** Of those, how many fit the area window on their own (single parcels). */
  area_fit: number;
  /**
   * Smaller candidate parcels from which a combined (multi-parcel) site was or could be grown: below the window,
   * in a cluster of neighbours whose total reaches it. rankSites always sets this and the next three fields; they
   * are optional only so hand-made rankings (other features' test fixtures) stay valid.
   */
  assembly_seeds?: number;
  /**
   * Distinct combined sites built. All of them when `assembled_complete`; otherwise only those the ranking had to
   * build before the top N was settled (the rest could not have entered the answer).
   */
  assembled?: number;
  assembled_complete?: boolean;
  /** Largest total of a cluster of neighbouring candidates, 亩 (what assembly could reach at most). */
  largest_cluster_mu?: number;
  /** Largest candidate parcel, 亩 (to explain an empty answer). */
  largest_mu: number | null;
  upstream: { link: string; firms: number } | null;
  downstream: { link: string; firms: number } | null;
  candidates: SiteCandidate[];
  /** Sites scoring at least as high as the last ranked one that a rule would block. */
  blocked: SiteCandidate[];
  /** Why nothing was found, when candidates is empty. */
  empty_reason: { zh: string; en: string } | null;
}

export interface RankOptions {
  top?: number;
  policy: Policy;
  layers: RuleLayers;
  cfg: RankingConfig;
}

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

const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);

/** The 0–1 value of each score part, in SCORE_PARTS order (no strings: this runs for every fitting parcel). */
export function partValues(p: Pick<SiteParcel, 'area_mu' | 'control_line' | 'far_max' | 'zone' | 'park'>, d: DemandInput, needFar: number, nearestKm: readonly number[], sides: number, cfg: RankingConfig): number[] {
  const fit = Math.min(p.area_mu, d.land_mu) / Math.max(p.area_mu, d.land_mu);
  let dist = 0;
  if (sides > 0) {
    const span = cfg.distance_zero_km - cfg.distance_full_km;
    let sum = 0;
    for (const km of nearestKm) sum += Math.max(0, Math.min(1, (cfg.distance_zero_km - km) / span));
    dist = sum / sides;
  }
  return [
    fit,
    p.control_line > 0 ? 1 : 0,
    p.far_max === null || p.far_max >= needFar ? 1 : 0,
    p.zone === 'central' ? 0 : 1,
    dist,
    d.park === null || p.park === d.park ? 1 : 0,
  ];
}

function weighted(values: readonly number[], cfg: RankingConfig): number {
  let score = 0;
  for (let i = 0; i < SCORE_PARTS.length; i++) score += cfg.weights[SCORE_PARTS[i]!] * (values[i] ?? 0);
  return score;
}

/** Scores one parcel for a demand (no rule check), with each part explained. */
export function scoreSite(
  p: SiteParcel,
  d: DemandInput,
  needFar: number,
  nearest: NearestPartner[],
  sides: number,
  cfg: RankingConfig,
): { score: number; parts: ScorePartResult[] } {
  const v = partValues(p, d, needFar, nearest.map((n) => n.km), sides, cfg);
  const w = cfg.weights;
  const parts: ScorePartResult[] = [];
  const add = (i: number, zh: string, en: string) => {
    const part = SCORE_PARTS[i]!;
    const value = v[i] ?? 0;
    parts.push({ part, weight: w[part], value, points: w[part] * value, detail: { zh, en } });
  };
  const fit = v[0] ?? 0;
  add(0, `${f1(p.area_mu)} 亩 / 需求 ${f1(d.land_mu)} 亩，吻合度 ${f2(fit)}`, `${f1(p.area_mu)} mu vs ${f1(d.land_mu)} mu needed, fit ${f2(fit)}`);
  add(
    1,
    p.control_line > 0 ? `位于${p.control_line === 1 ? '一级' : '二级'}工业区块控制线内` : '不在工业区块控制线内',
    p.control_line > 0 ? `Inside a level-${p.control_line} control line` : 'Outside every control line',
  );
  const farOk = v[2] === 1;
  add(
    2,
    p.far_max === null ? `无容积率上限，可达 ${f1(needFar)}` : `容积率上限 ${f1(p.far_max)} ${farOk ? '≥' : '<'} 所需 ${f1(needFar)}`,
    p.far_max === null ? `No FAR cap: ${f1(needFar)} allowed` : `FAR cap ${f1(p.far_max)} ${farOk ? '≥' : '<'} ${f1(needFar)} needed`,
  );
  add(3, p.zone === 'central' ? '位于中心城区限制区' : '不在中心城区限制区', p.zone === 'central' ? 'Inside the central restricted area' : 'Outside the central restricted area');
  if (sides === 0) add(4, '本链无上下游企业可参照', 'No upstream or downstream firms in this chain');
  else {
    const zh = nearest.map((n) => `${n.side === 'upstream' ? '上游' : '下游'} ${f2(n.km)} km`).join('，');
    const en = nearest.map((n) => `${n.side} ${f2(n.km)} km`).join(', ');
    add(4, zh || '无可达伙伴', en || 'no partner reachable');
  }
  const parkV = v[5] === 1;
  add(
    5,
    d.park === null ? '需求未指定园区' : parkV ? `位于意向园区 ${d.park}` : `不在意向园区 ${d.park}（${p.park ?? '园区外'}）`,
    d.park === null ? 'No preferred park' : parkV ? `In the preferred park ${d.park}` : `Not in the preferred park ${d.park} (${p.park ?? 'no park'})`,
  );
  return { score: weighted(v, cfg), parts };
}

/** FAR the demand's project needs: the new-project minimum, or the industry minimum if higher. */
export function neededFar(policy: Policy, industry: string | undefined): number {
  return Math.max(policy.far.new_project_min, industryFarMin(policy, industry));
}

export function blockingFindings(p: SiteParcel, needFar: number, industry: string | undefined, opts: RankOptions): Finding[] {
  if (!p.geometry) return [];
  const planarM2 = p.area_mu / opts.policy.area.mu_per_m2;
  const check = checkParcel(
    {
      id: p.id,
      geometry: p.geometry,
      floor_area_m2: needFar * planarM2,
      project: 'new',
      standard_land: true,
      grade: null,
      ...(industry ? { industry } : {}),
    },
    opts.layers,
    opts.policy,
  );
  return check.findings.filter((f) => f.status === 'fail');
}

/**
 * Cheap pre-screen (two bbox-indexed polygon relations, no area computation): true only when checkParcel for
 * this project would surely return a 'fail' — outside every control line without straddling one, in the
 * central restricted area while the policy allows no new industrial building there, or in an adjusted-use zone
 * whose FAR cap is below what the project needs. Used to skip the full check of sites that are certainly
 * blocked once enough blocked sites are listed; a test holds it to checkParcel on the sample county.
 */
export function surelyBlocked(p: SiteParcel, needFar: number, opts: RankOptions): boolean {
  if (!p.geometry) return false;
  const lines = relateAll(p.geometry, opts.layers.controlLines);
  if (lines.length === 0) return true;
  for (const z of relateAll(p.geometry, opts.layers.zones)) {
    if (z.props.kind === 'central' && !opts.policy.zones.central.allow_new_industrial) return true;
    if (z.props.kind === 'adjusted-use' && needFar > opts.policy.zones['adjusted-use'].far_max) return true;
  }
  return false;
}

/** A combined site's blocking findings: every member's, each naming the member. */
function memberFindings(members: readonly SiteParcel[], needFar: number, industry: string | undefined, opts: RankOptions): Finding[] {
  const out: Finding[] = [];
  for (const m of members) {
    for (const f of blockingFindings(m, needFar, industry, opts)) {
      out.push({ ...f, values: { ...f.values, member: m.id }, message: { zh: `${m.id}：${f.message.zh}`, en: `${m.id}: ${f.message.en}` } });
    }
  }
  return out;
}

interface Scored {
  p: SiteParcel;
  /** The site's parcels ([p] for a single parcel). */
  members: SiteParcel[];
  score: number;
  nearest: NearestPartner[];
}

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
  const queue = new BoundQueue(ub);
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
    const done = new Heap<Scored>((x, y) => before(x.score, x.p.id, y.score, y.p.id));
    const grown = new Heap<Pending>((x, y) => x.ub > y.ub);
    for (;;) {
      const nextUb = queue.size > 0 ? queue.topBound() : -Infinity;
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
      const next = queue.pop();
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
  return finish(d, needFar, [lo, hi], index.candidates.length, largest, index.largestClusterMu, upstream, downstream, grids.length, bestFirst(), single, tally, top, opts);
}

/** A combined site grown but not yet scored: `ub` bounds its score (partners at their lower-bound distances). */
interface Pending {
  ub: number;
  /** Sorted by id. */
  members: SiteParcel[];
}

/** Combined sites of one ranking: seeds tried, distinct sites built, and whether every seed was grown. */
interface AssemblyTally {
  seeds: number;
  built: number;
  complete: boolean;
}

/** Score order: higher first, then id ascending (reproducible ties). */
function before(scoreA: number, idA: string, scoreB: number, idB: string): boolean {
  return scoreA > scoreB || (scoreA === scoreB && idA < idB);
}

/** Max-heap of entry numbers 0 … n − 1 keyed by their bound, built in linear time. */
class BoundQueue {
  private readonly h: Uint32Array;
  size: number;
  constructor(private readonly key: Float64Array) {
    this.size = key.length;
    this.h = new Uint32Array(key.length);
    for (let i = 0; i < key.length; i++) this.h[i] = i;
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.down(i);
  }
  topBound(): number {
    return this.key[this.h[0]!]!;
  }
  pop(): number {
    const top = this.h[0]!;
    this.size--;
    if (this.size > 0) {
      this.h[0] = this.h[this.size]!;
      this.down(0);
    }
    return top;
  }
  private down(i: number): void {
    const h = this.h;
    const key = this.key;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.size && key[h[l]!]! > key[h[m]!]!) m = l;
      if (r < this.size && key[h[r]!]! > key[h[m]!]!) m = r;
      if (m === i) return;
      const t = h[i]!;
      h[i] = h[m]!;
      h[m] = t;
      i = m;
    }
  }
}

/** Binary heap; `first(a, b)` is true when a comes out before b. */
class Heap<T> {
  private readonly a: T[] = [];
  constructor(private readonly first: (x: T, y: T) => boolean) {}
  get size(): number {
    return this.a.length;
  }
  peek(): T | undefined {
    return this.a[0];
  }
  private less(i: number, j: number): boolean {
    return this.first(this.a[i]!, this.a[j]!);
  }
  private swap(i: number, j: number): void {
    const t = this.a[i]!;
    this.a[i] = this.a[j]!;
    this.a[j] = t;
  }
  push(x: T): void {
    this.a.push(x);
    let i = this.a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }
  pop(): T | undefined {
    const first = this.a[0];
    const last = this.a.pop();
    if (this.a.length > 0 && last !== undefined) {
      this.a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.a.length && this.less(l, m)) m = l;
        if (r < this.a.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return first;
  }
}

function finish(
  d: DemandInput,
  needFar: number,
  window: [number, number],
  pool: number,
  largest: number | null,
  largestCluster: number,
  upstream: SiteRanking['upstream'],
  downstream: SiteRanking['downstream'],
  sides: number,
  /** Fitting sites in score order (highest first, ties by id). */
  scored: Iterable<Scored>,
  singleFit: number,
  /** Read after `scored` is consumed (rankSites builds combined sites while it is iterated). */
  tally: AssemblyTally,
  top: number,
  opts: RankOptions,
): SiteRanking {
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
  const limited = limitNeighbours(nb, cfg.assembly.max_neighbours);
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
  scored.sort((a, b) => (before(a.score, a.p.id, b.score, b.p.id) ? -1 : before(b.score, b.p.id, a.score, a.p.id) ? 1 : 0));
  return finish(d, needFar, [lo, hi], pool, largest, largestCluster, upstream, downstream, nSides, scored, singleFit, { seeds, built: combined.length, complete: true }, top, opts);
}
