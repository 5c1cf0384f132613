// The data types of the site ranking, in their own module so that every part of it (assemble.ts, the partner
// index, scoring, blocking, rank.ts) can share them without importing one another: this is what keeps the chain
// modules free of import cycles. Types only.
import type { AreaGeometry, Grade, ParcelStatus } from '../data/schema.ts';
import type { RuleLayers } from '../rules/check.ts';
import type { Finding } from '../rules/finding.ts';
import type { Policy } from '../rules/policy.ts';
import type { RankingConfig, ScorePart } from './config.ts';

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
  /**
   * Read as a chain partner only, never a candidate site, whatever its status and grade: a candidate parcel outside the
   * area a ranking looks in (site-area.ts) that a chain firm holds.
   */
  partnerOnly?: true;
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
