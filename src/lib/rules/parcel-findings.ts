// Findings for an existing parcel as the card and the batch check show them: checkParcel over the parcel's stored
// fields, with the 亩均 grade, 亩均税收 and carbon intensity the pipeline computed (grades are relative to the
// whole county, so they cannot be recomputed per parcel). On public data (no enterprise fields at all) the
// enterprise rules are left out rather than reported as "unknown".
import type { AreaGeometry, Grade, ParcelStatus, ProjectKind } from '../data/schema.ts';
import { checkParcel, type EnterpriseInput, type ParcelCheck, type RuleLayers } from './check.ts';
import { mujunGradeFinding } from './efficiency-rules.ts';
import type { Finding } from './finding.ts';
import type { Policy } from './policy.ts';

export interface ExistingParcel {
  id: string;
  industry?: string;
  floor_area_m2?: number | null;
  tall_floor_area_m2?: number | null;
  height_m?: number | null;
  standard_land?: boolean;
  dilapidated?: boolean;
  banned_industry?: boolean;
  /** Works recorded on the parcel (default none). */
  project?: ProjectKind;
  central_approved?: boolean;
  enterprise_id?: string | null;
  grade?: Grade | null;
  score?: number | null;
  mujun_tax?: number | null;
  status?: ParcelStatus;
  coverage?: number | null;
  green_ratio?: number | null;
  admin_ratio?: number | null;
  carbon_l?: number | null;
  /** Internal-only fields, used to tell internal data from public when enterprise_id is absent. */
  area_mu_turf?: number;
  failing?: string;
}

/**
 * True for a parcel read from the internal data. FlatGeobuf omits null values, so a vacant internal parcel has no
 * enterprise_id key at all; `area_mu_turf` and `failing` are always written internally and never published.
 */
export function isInternalParcel(p: ExistingParcel): boolean {
  return p.enterprise_id !== undefined || p.area_mu_turf !== undefined || p.failing !== undefined;
}

/** Rules that need enterprise figures: absent from a public card. */
export const ENTERPRISE_RULES: readonly string[] = ['mujun.grade', 'low-efficiency', 'carbon.grade'];

function enterpriseOf(p: ExistingParcel): EnterpriseInput | null | undefined {
  if (!isInternalParcel(p)) return undefined; // public data: no enterprise information at all
  if (!p.enterprise_id) return null;
  return {
    // The pipeline grades every evaluated firm; no grade means it was not evaluated.
    evaluated: p.grade !== null && p.grade !== undefined,
    tax_per_mu: p.mujun_tax ?? null,
    carbon_l: p.carbon_l ?? null,
    score: p.score ?? null,
  };
}

export function mujunCardFinding(p: ExistingParcel, policy: Policy, landMu: number): Finding | null {
  const ent = enterpriseOf(p);
  return ent === undefined ? null : mujunGradeFinding(ent, p.grade, landMu, policy);
}

export function existingParcelCheck(p: ExistingParcel, geometry: AreaGeometry, layers: RuleLayers, policy: Policy): ParcelCheck {
  const enterprise = enterpriseOf(p);
  const c = checkParcel(
    {
      id: p.id,
      geometry,
      floor_area_m2: p.floor_area_m2 ?? null,
      tall_floor_area_m2: p.tall_floor_area_m2 ?? null,
      height_m: p.height_m ?? null,
      ...(p.dilapidated !== undefined ? { dilapidated: p.dilapidated } : {}),
      ...(p.project !== undefined ? { project: p.project } : {}),
      ...(p.central_approved !== undefined ? { central_approved: p.central_approved } : {}),
      ...(p.banned_industry !== undefined ? { banned_industry: p.banned_industry } : {}),
      ...(p.industry !== undefined ? { industry: p.industry } : {}),
      ...(p.standard_land !== undefined ? { standard_land: p.standard_land } : {}),
      ...(p.status !== undefined ? { status: p.status } : {}),
      coverage: p.coverage ?? null,
      green_ratio: p.green_ratio ?? null,
      admin_ratio: p.admin_ratio ?? null,
      grade: p.grade ?? null,
      ...(enterprise !== undefined ? { enterprise } : {}),
    },
    layers,
    policy,
  );
  return enterprise === undefined ? { ...c, findings: c.findings.filter((f) => !ENTERPRISE_RULES.includes(f.rule)) } : c;
}
