// What the site ranking and the 招商 overlay keep of the county, collected one parcel at a time (issue 16): the
// site worker streams the parcels file through a SiteCollector instead of the page holding every parcel. Kept:
// candidate parcels (isCandidate) as ranking inputs with their geometry (rule checks, assembly, outlines), and
// the parcels of chain firms — as partners (id, point, firm) for the index and, as points and boxes, for the
// overlay (their outlines stay with the collection: the page asks for those of the chosen link only). Everything
// else is dropped as it passes. buildSiteIndex over `parcels` gives the same index as over
// the whole county, since it reads nothing else (site-stream.test.ts ranks both ways and compares). Pure.
import type { AreaGeometry, Feature } from '../data/schema.ts';
import type { RuleLayers } from '../rules/check.ts';
import type { Policy } from '../rules/policy.ts';
import type { RankingConfig } from './config.ts';
import { bboxOf } from '../geo/shape.ts';
import { PackedOutlines } from '../geo/packed-outlines.ts';
import type { BBox } from './assemble.ts';
import { siteParcelOf } from './inputs.ts';
import { rankSites } from './rank.ts';
import { buildSiteIndex, isCandidate, type SiteIndex } from './site-index.ts';
import { areaReadBox, boxesMeet, inSiteArea, type SiteArea } from './site-area.ts';
import type { ChainLinkOrder, DemandInput, LonLat, PartnerFirmInput, SiteParcel, SiteRanking } from './site-types.ts';

/**
 * A chain firm's parcel as the overlay draws it: a circle at `point`; its outline (SiteRanker.outlines) only when its
 * link is chosen. At 200 000 parcels the chain firms hold ~94 000 parcels: handing all their outlines to the page cost
 * the worker's answer most of its size, for the few dozen a chosen link shows.
 */
export interface ChainParcel {
  id: string;
  enterprise_id: string;
  point: LonLat;
  /** West, south, east, north: what the print page's chain fit frames. */
  bbox: BBox;
  /** Planar 亩 and status: the print page's key figures of a fitted chain (issue 16). */
  area_mu_planar: number;
  status: string;
}

export interface SiteCollection {
  /** Ranking inputs, in file order: candidates (with geometry) and partner parcels (geometry dropped unless a candidate). */
  parcels: SiteParcel[];
  /** Parcels of firms that belong to a chain, in file order. */
  chainParcels: ChainParcel[];
  /** Their outlines, by parcel id, packed (a province's chain firms hold hundreds of thousands). */
  chainOutlines: PackedOutlines;
  /** Parcels seen. */
  seen: number;
}

type ParcelFeature = Feature<AreaGeometry, Record<string, unknown>>;

export class SiteCollector {
  readonly #firms: Map<string, PartnerFirmInput>;
  readonly #cfg: RankingConfig;
  readonly #out: SiteCollection = { parcels: [], chainParcels: [], chainOutlines: new PackedOutlines(), seen: 0 };
  readonly #area: SiteArea | null;
  readonly #reach: BBox | null;

  /**
   * With an area (site-area.ts), only what a ranking within it reads is kept: candidates whose interior point is in
   * it, and chain firms' parcels whose box meets it grown by the partner reach (the box an indexed file is read by, so
   * parcels read by that box or passing by in a whole stream give the same collection).
   */
  constructor(firms: readonly PartnerFirmInput[], cfg: RankingConfig, area: SiteArea | null = null) {
    this.#firms = new Map(firms.map((f) => [f.id, f]));
    this.#cfg = cfg;
    this.#area = area;
    this.#reach = area ? areaReadBox(area, cfg) : null;
  }

  add(f: ParcelFeature): void {
    this.#out.seen++;
    const props = f.properties;
    const eid = typeof props['enterprise_id'] === 'string' ? props['enterprise_id'] : null;
    const firm = eid ? this.#firms.get(eid) : undefined;
    const inChain = !!firm?.chain;
    // The same test buildSiteIndex makes, on the raw fields (siteParcelOf reads status and grade unchanged), so
    // that most parcels are dropped before their interior point is computed.
    const byFields = isCandidate({ status: props['status'] as SiteParcel['status'], grade: (props['grade'] as SiteParcel['grade'] | undefined) ?? null }, this.#cfg);
    if (!byFields && !inChain) return;
    if (this.#reach && !boxesMeet(bboxOf(f.geometry), this.#reach)) return;
    const p = siteParcelOf(f);
    const candidate = byFields && (!this.#area || inSiteArea(p.point, this.#area));
    if (!candidate && !inChain) return;
    const partner = inChain && !!firm?.link;
    if (candidate) this.#out.parcels.push(p);
    // A partner is read for its id, point and firm only (buildSiteIndex): its geometry is the overlay's, below. One
    // that would be a candidate but lies outside the area is marked, so that the index does not take it for a site.
    else if (partner) this.#out.parcels.push(byFields ? { ...p, geometry: null, partnerOnly: true } : { ...p, geometry: null });
    if (inChain && eid) {
      this.#out.chainParcels.push({ id: p.id, enterprise_id: eid, point: p.point, bbox: bboxOf(f.geometry), area_mu_planar: p.area_mu, status: p.status });
      this.#out.chainOutlines.set(p.id, f.geometry);
    }
  }

  result(): SiteCollection {
    return this.#out;
  }
}

/** Collects a county's ranking inputs from its parcels, arriving one by one or all at once. */
export async function collectSites(
  features: AsyncIterable<ParcelFeature> | Iterable<ParcelFeature>,
  firms: readonly PartnerFirmInput[],
  cfg: RankingConfig,
  area: SiteArea | null = null,
): Promise<SiteCollection> {
  const c = new SiteCollector(firms, cfg, area);
  for await (const f of features) c.add(f);
  return c.result();
}

/** A ranking with the outlines of its sites' member parcels (what the overlay draws without the county). */
export interface RankedSites {
  ranking: SiteRanking;
  /** Geometry of every member of the ranked and blocked sites, by parcel id. */
  outlines: [string, AreaGeometry][];
}

/** The site index over a collection, ranking demand after demand (the site worker's state). */
export class SiteRanker {
  readonly index: SiteIndex;
  /** Candidates' outlines (held by the index anyway), looked up first. */
  readonly #geometry = new Map<string, AreaGeometry>();
  /** The chain firms' parcels' outlines, packed (the collection's). */
  readonly #chainOutlines: PackedOutlines;
  readonly #layers: RuleLayers;
  readonly #cfg: RankingConfig;

  constructor(collection: SiteCollection, firms: readonly PartnerFirmInput[], chains: readonly ChainLinkOrder[], layers: RuleLayers, cfg: RankingConfig) {
    this.index = buildSiteIndex(collection.parcels, firms, chains, cfg);
    for (const c of this.index.candidates) if (c.geometry) this.#geometry.set(c.id, c.geometry);
    this.#chainOutlines = collection.chainOutlines;
    this.#layers = layers;
    this.#cfg = cfg;
  }

  rank(demand: DemandInput, top: number, policy: Policy): RankedSites {
    const ranking = rankSites(this.index, demand, { top, policy, layers: this.#layers, cfg: this.#cfg });
    const outlines = new Map<string, AreaGeometry>();
    for (const c of [...ranking.candidates, ...ranking.blocked]) {
      for (const id of c.members) {
        const g = this.#outline(id);
        if (g) outlines.set(id, g);
      }
    }
    return { ranking, outlines: [...outlines] };
  }

  /** Outlines of the given parcels among those kept (candidates and chain firms' parcels); others are left out. */
  outlines(ids: readonly string[]): [string, AreaGeometry][] {
    const out: [string, AreaGeometry][] = [];
    for (const id of new Set(ids)) {
      const g = this.#outline(id);
      if (g) out.push([id, g]);
    }
    return out;
  }

  #outline(id: string): AreaGeometry | undefined {
    return this.#geometry.get(id) ?? this.#chainOutlines.get(id);
  }
}
