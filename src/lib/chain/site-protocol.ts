// Messages between the page (src/app/site-ranking.svelte.ts) and the site worker (src/workers/sites.worker.ts).
// Everything here is structured-clone-able plain data: the rule layers go as their features, or as the files' URLs
// for the worker to read (it indexes them itself either way), the policy and ranking config as parsed (plain
// objects). Types only.
import type { AreaGeometry } from '../data/schema.ts';
import type { Policy } from '../rules/policy.ts';
import type { RuleSource } from '../rules/rule-tiles.ts';
import type { RankingConfig } from './config.ts';
import type { SiteArea } from './site-area.ts';
import type { ChainParcelColumns } from './chain-parcel-columns.ts';
import type { RankedSites } from './site-stream.ts';
import type { ChainLinkOrder, DemandInput, PartnerFirmInput } from './site-types.ts';

/** Streams the parcels file once and builds the site index over what it keeps. Sent once per worker. */
export interface SiteBuildRequest {
  type: 'build';
  /** The parcels file (DataStore.parcelsFile()), read through fetchDataUrl. */
  url: string;
  firms: PartnerFirmInput[];
  chains: ChainLinkOrder[];
  cfg: RankingConfig;
  /** The zones and control lines: as the page read them, or their files, which the worker then reads whole. */
  rules: RuleSource;
  /** Rank within this area only (site-area.ts), reading the files by range; null: the whole territory. */
  area: SiteArea | null;
}

/** Ranks one demand (answered once the index is built). `key` comes back with the answer. */
export interface SiteRankRequest {
  type: 'rank';
  key: string;
  demand: DemandInput;
  top: number;
  policy: Policy;
}

/** Outlines of parcels kept by the worker (the chosen link's firms' parcels: the overlay outlines them). */
export interface SiteOutlinesRequest {
  type: 'outlines';
  key: string;
  ids: string[];
}

export type SiteRequest = SiteBuildRequest | SiteRankRequest | SiteOutlinesRequest;

export type SiteReply =
  /** The chain firms' parcels in columns (their numbers' buffer transferred). */
  | { type: 'built'; chainParcels: ChainParcelColumns; seen: number; kept: number; ms: number }
  | ({ type: 'ranked'; key: string } & RankedSites)
  /** Answers an outlines request: the outlines of those of its ids the worker keeps. */
  | { type: 'outlines'; key: string; outlines: [string, AreaGeometry][] }
  /** `key` null: the build failed (every ranking fails with it). */
  | { type: 'error'; key: string | null; message: string };
