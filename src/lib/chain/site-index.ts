// The site index: what the ranking needs from a data set, built once (buildSiteIndex) and queried per demand by
// rankSites: candidate parcels sorted by area (a demand's area window is two binary searches), a partner tree per
// chain link, the neighbour graph and clusters of combined sites, and the greedy grower with its reach boxes. Pure.
import { buildNeighbours, clustersOf, IndexedGrower, type NeighbourMap } from './assemble.ts';
import type { RankingConfig } from './config.ts';
import { PartnerTree } from './partner-index.ts';
import type { ChainLinkOrder, Partner, PartnerFirmInput, SiteParcel } from './site-types.ts';

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

/** Key of a chain link in SiteIndex.partners. */
export const linkKey = (chain: string, link: string) => `${chain}\u0000${link}`;

/**
 * A candidate parcel: of a candidate status, or held by a firm of a candidate grade (the cage to empty) — unless it is
 * read as a partner only (outside the ranking's area).
 */
export function isCandidate(p: Pick<SiteParcel, 'status' | 'grade' | 'partnerOnly'>, cfg: RankingConfig): boolean {
  if (p.partnerOnly) return false;
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
