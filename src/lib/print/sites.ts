// Inputs of the two chain-aware print options: a `sites` atlas (one page per ranked candidate site of a
// 招引需求, from src/lib/chain/rank.ts as the CLI ranks it) and a `chain:<id>` fit (the parcels of that chain's
// firms: enterprises.json `chain` → parcels' `enterprise_id`). Both need internal data; the page builder
// turns "loading" into no pages yet and "unavailable" into an honest one-page notice. Pure.
import type { SiteRanking } from '../chain/site-types.ts';
import type { Chain, Demand } from '../data/schema.ts';
import { bboxOf, unionBbox } from '../geo/index.ts';
import type { Lang } from '../i18n/index.ts';
import type { Bbox, FigureParcel, PrintParcel } from './districts.ts';

export type SitesSource =
  | { state: 'loading' }
  | { state: 'unavailable'; reason: string }
  | {
      state: 'ready';
      chains: readonly Chain[];
      /** The chosen demand entry, or null if the id is not in the demand list. */
      demand: Demand | null;
      /** rankSites for that demand (null when demand is null). */
      ranking: SiteRanking | null;
      /** Geometry of a parcel by id (the site's members): all a site page needs of it. */
      parcel(id: string): Pick<PrintParcel, 'geometry'> | undefined;
    };

export type ChainFitSource =
  | { state: 'loading' }
  | { state: 'unavailable'; reason: string }
  | {
      state: 'ready';
      chains: readonly Chain[];
      /** Ids of the parcels of a chain's firms (chainParcelIds). */
      ids(chainId: string): string[];
      parcel(id: string): ChainMember | undefined;
    };

/** What a chain's page reads of a member parcel: its box (the fit; the outlines are the tiles') and its figures. */
export type ChainMember = { bbox: Bbox } & FigureParcel;

/** A county parcel as a chain's page reads it. */
export function chainMemberOf(p: Pick<PrintParcel, 'geometry'> & FigureParcel): ChainMember {
  return { bbox: bboxOf(p.geometry), properties: { status: p.properties.status, area_mu_planar: p.properties.area_mu_planar } };
}

export interface SiteFigures {
  demand_id: string;
  rank: number;
  /** Parcel ids making up the site (several for an assembled site). */
  ids: string[];
  name: string;
  area_mu: number;
  score: number;
  max_score: number;
  parts: { part: string; points: number; weight: number; detail: { zh: string; en: string } }[];
  /** Rules that would block this site (empty for a ranked site: rankSites ranks only unblocked ones). */
  blocking: { rule: string; message: { zh: string; en: string } }[];
  /** Lower-scoring combinations sharing a parcel with this site, folded into it (see SiteCandidate.variants). */
  variants: number;
}

/** The parcels of a candidate site: its `members` when the ranking assembled several, else its own parcel. */
export function candidateMembers(c: { parcel_id: string }): string[] {
  const m = (c as { members?: unknown }).members;
  if (Array.isArray(m) && m.length > 0 && m.every((x): x is string => typeof x === 'string' && x !== '')) return [...new Set(m)];
  return [c.parcel_id];
}

/** Bounding box of the listed parcels that exist; null if none does. */
export function parcelsBbox(ids: readonly string[], parcel: (id: string) => Pick<PrintParcel, 'geometry'> | undefined): Bbox | null {
  const boxes: Bbox[] = [];
  for (const id of ids) {
    const p = parcel(id);
    if (p) boxes.push(bboxOf(p.geometry));
  }
  return unionBbox(boxes);
}

/** Ids of the parcels used by the firms of a chain (firms' `chain` field, parcels' `enterprise_id`), sorted. */
export function chainParcelIds(
  chainId: string,
  firms: readonly { id: string; chain: string | null }[],
  parcels: readonly { id: string; enterprise_id: string | null }[],
): string[] {
  const members = new Set(firms.filter((f) => f.chain === chainId).map((f) => f.id));
  return parcels
    .filter((p) => p.enterprise_id !== null && members.has(p.enterprise_id))
    .map((p) => p.id)
    .sort();
}

/**
 * A chain fit's members without the county (issue 16): the chain firms' parcels as the site worker streamed them,
 * by firm. The same ids as chainParcelIds over the county (a parcel of a chain firm is in `byFirm`, and only those).
 */
export function chainMembersOf(
  byFirm: ReadonlyMap<string, readonly { id: string; bbox: Bbox; area_mu_planar: number; status: string }[]>,
  firms: readonly { id: string; chain: string | null }[],
): { ids(chainId: string): string[]; parcel(id: string): ChainMember | undefined } {
  const byId = new Map<string, ChainMember>();
  for (const list of byFirm.values()) {
    for (const p of list) byId.set(p.id, { bbox: p.bbox, properties: { status: p.status, area_mu_planar: p.area_mu_planar } });
  }
  return {
    ids: (chainId) => [...new Set(firms.filter((f) => f.chain === chainId).flatMap((f) => (byFirm.get(f.id) ?? []).map((p) => p.id)))].sort(),
    parcel: (id) => byId.get(id),
  };
}

export function chainName(chains: readonly Chain[], id: string, lang: Lang): string {
  return chains.find((c) => c.id === id)?.name[lang] ?? id;
}
export function linkName(chains: readonly Chain[], chain: string, link: string, lang: Lang): string {
  return chains.find((c) => c.id === chain)?.links.find((l) => l.id === link)?.name[lang] ?? link;
}

/** A ranked candidate's figures for its page. */
export function siteFigures(r: SiteRanking, c: SiteRanking['candidates'][number], rank: number): SiteFigures {
  return {
    demand_id: r.demand_id,
    rank,
    ids: candidateMembers(c),
    name: c.name,
    area_mu: c.area_mu,
    score: c.score,
    max_score: r.max_score,
    parts: c.parts.map((p) => ({ part: p.part, points: p.points, weight: p.weight, detail: p.detail })),
    blocking: c.blocking.map((f) => ({ rule: f.rule, message: f.message })),
    variants: c.variants ?? 0,
  };
}
