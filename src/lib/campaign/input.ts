// One way to assemble the campaign's input from the county's data and the registers, for the app's dashboard and
// for `tenglong progress` alike: both call campaignInput() with what they read, so the same year gives the same
// numbers in both (issue 15 "Must show").
import type { StrengthConfig } from '../chain/config.ts';
import type { Chain, Enterprise, LowEfficiencyBlockProps } from '../data/schema.ts';
import type { LandSupplyRecord, LandSwapRecord } from '../rules/county-rules.ts';
import type { Policy } from '../rules/policy.ts';
import type { DashboardEnterprise } from '../stats/dashboard.ts';
import type { StatsParcel } from '../stats/area-stats.ts';
import type { AchievedData } from './compliance.ts';
import type { CampaignInput } from './progress.ts';
import type { BlockPlan, CampaignCase, CampaignProject, SmallPark, StandardLandAgreement } from './types.ts';

/** A parcel as the campaign reads it: the stats fields plus FAR (the internal parcels layer has it). */
export type CampaignParcel = StatsParcel & { properties: StatsParcel['properties'] & { far?: number | null } };
/** A firm with the figures an agreement's achieved values come from (enterprises.json after the build). */
export type CampaignEnterprise = DashboardEnterprise & Partial<Pick<Enterprise, 'energy_tce' | 'emissions_t' | 'land_mu'>>;

export interface CampaignSources {
  /**
   * The county's parcels — or, with `firmLand` given, only those the registers name (namedParcelIds): the campaign
   * reads a parcel only for a record's town, an agreement's firm, FAR and 亩 (issue 16: not the whole county).
   */
  parcels: readonly CampaignParcel[];
  /** Each firm's 亩 over the county (firmLandOf(enterprises)); absent = summed over `parcels`, which must then be all. */
  firmLand?: ReadonlyMap<string, number>;
  enterprises: readonly CampaignEnterprise[];
  blocks: readonly Pick<LowEfficiencyBlockProps, 'id' | 'renovation_status' | 'renovation_year'>[];
  policy: Policy;
  chains: { chains: readonly Chain[]; strength: StrengthConfig } | null;
  supply: readonly LandSupplyRecord[] | null;
  swap: readonly LandSwapRecord[] | null;
  /** The registers (the workspace's records, or the delivered files in a static deployment); null = none kept. */
  cases: readonly CampaignCase[] | null;
  projects: readonly CampaignProject[];
  plans: readonly BlockPlan[] | null;
  parks: readonly SmallPark[] | null;
  agreements: readonly StandardLandAgreement[] | null;
}

/** The registers' records that name parcels. */
export interface NamingRecords {
  cases: readonly Pick<CampaignCase, 'parcel_id' | 'parcel_ids'>[] | null;
  projects: readonly Pick<CampaignProject, 'parcel_id'>[];
  agreements: readonly Pick<StandardLandAgreement, 'parcel_id'>[] | null;
}

/** Every parcel the registers name (cases' parcels, projects', 标准地 agreements'), each once, sorted. */
export function namedParcelIds(r: NamingRecords): string[] {
  const ids = new Set<string>();
  for (const c of r.cases ?? []) {
    ids.add(c.parcel_id);
    for (const id of c.parcel_ids) ids.add(id);
  }
  for (const p of r.projects) if (p.parcel_id) ids.add(p.parcel_id);
  for (const a of r.agreements ?? []) ids.add(a.parcel_id);
  return [...ids].sort();
}

export function campaignInput(s: CampaignSources): CampaignInput {
  const parcelById = new Map(s.parcels.map((p) => [p.properties.id, p.properties]));
  const firmById = new Map(s.enterprises.map((e) => [e.id, e]));
  const investmentOn = new Map<string, number>();
  for (const p of s.projects) if (p.parcel_id) investmentOn.set(p.parcel_id, (investmentOn.get(p.parcel_id) ?? 0) + p.investment_100m);
  const achieved = (a: StandardLandAgreement): AchievedData => {
    const parcel = parcelById.get(a.parcel_id);
    const firmId = a.enterprise_id ?? parcel?.enterprise_id ?? null;
    const f = firmId ? firmById.get(firmId) : undefined;
    return {
      firm:
        f && f.land_mu !== undefined && f.energy_tce !== undefined && f.emissions_t !== undefined
          ? { tax_10k: f.tax_10k, energy_tce: f.energy_tce, emissions_t: f.emissions_t, land_mu: f.land_mu }
          : null,
      parcel: parcel ? { far: parcel.far ?? null, area_mu: parcel.area_mu_planar } : null,
      investment_100m: investmentOn.get(a.parcel_id) ?? null,
    };
  };
  return {
    parcels: s.parcels,
    ...(s.firmLand ? { firmLand: s.firmLand } : {}),
    enterprises: s.enterprises,
    blocks: s.blocks,
    targets: s.policy.targets_2025,
    sources: s.policy.sources,
    chains: s.chains,
    county: { policy: s.policy, supply: s.supply, swap: s.swap },
    cases: s.cases,
    projects: s.projects,
    plans: s.plans ?? [],
    parks: s.parks,
    agreements: s.agreements,
    achieved,
    townOfParcel: (id) => parcelById.get(id)?.town ?? null,
  };
}
