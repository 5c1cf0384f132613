// The rules that would block a site for a demand's project: the FAR it needs, the full rule check of a parcel
// (checkParcel, 'fail' findings only), of every member of a combined site, and a cheap pre-screen that lets the
// ranking skip the full check of sites that are surely blocked. Pure.
import { checkParcel } from '../rules/check.ts';
import type { Finding } from '../rules/finding.ts';
import { industryFarMin, type Policy } from '../rules/policy.ts';
import { relateAll } from '../rules/relate.ts';
import type { RankOptions, SiteParcel } from './site-types.ts';

/** FAR the demand's project needs: the new-project minimum, or the industry minimum if higher. */
export function neededFar(policy: Policy, industry: string | undefined): number {
  return Math.max(policy.far.new_project_min, industryFarMin(policy, industry));
}

/** 'fail' findings of checkParcel for the demand's project (new industrial land at the FAR it needs) on one parcel. */
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
export function memberFindings(members: readonly SiteParcel[], needFar: number, industry: string | undefined, opts: RankOptions): Finding[] {
  const out: Finding[] = [];
  for (const m of members) {
    for (const f of blockingFindings(m, needFar, industry, opts)) {
      out.push({ ...f, values: { ...f.values, member: m.id }, message: { zh: `${m.id}：${f.message.zh}`, en: `${m.id}: ${f.message.en}` } });
    }
  }
  return out;
}
