// Findings for an existing parcel as the card shows them: the parcel rules plus the 亩均 verdict already
// computed by the pipeline (grades are relative to the whole county, so they cannot be recomputed per parcel).
import type { AreaGeometry, Grade } from '../data/schema.ts';
import { checkParcel, type ParcelCheck, type RuleLayers } from './check.ts';
import { finding, fmt, type Finding } from './finding.ts';
import type { Policy } from './policy.ts';

export interface ExistingParcel {
  id: string;
  industry?: string;
  floor_area_m2?: number | null;
  height_m?: number | null;
  standard_land?: boolean;
  enterprise_id?: string | null;
  grade?: Grade | null;
  score?: number | null;
  mujun_tax?: number | null;
}

export function mujunCardFinding(p: ExistingParcel): Finding | null {
  if (p.enterprise_id === undefined) return null; // public data: no enterprise information at all
  if (!p.enterprise_id) return finding('mujun.grade', 'info', { grade: null }, '空置地块，无企业参评', 'Vacant parcel: no enterprise to evaluate');
  if (!p.grade) return finding('mujun.grade', 'info', { grade: null }, '企业未参评（规下且用地不足起评面积，或数据缺失）', 'Enterprise not evaluated (below scale on small land, or no data)');
  const status = p.grade === 'D' ? 'fail' : p.grade === 'C' ? 'warn' : 'pass';
  return finding('mujun.grade', status, { grade: p.grade, score: p.score ?? null, tax_per_mu: p.mujun_tax ?? null },
    `亩均评价 ${p.grade} 类（得分 ${fmt(p.score ?? 0, 1)}，亩均税收 ${fmt(p.mujun_tax ?? 0)} 万元/亩）`,
    `Per-mu grade ${p.grade} (score ${fmt(p.score ?? 0, 1)}, tax ${fmt(p.mujun_tax ?? 0)} 10k CNY/mu)`);
}

export function existingParcelCheck(p: ExistingParcel, geometry: AreaGeometry, layers: RuleLayers, policy: Policy): ParcelCheck {
  const c = checkParcel(
    {
      id: p.id,
      geometry,
      floor_area_m2: p.floor_area_m2 ?? null,
      height_m: p.height_m ?? null,
      ...(p.industry !== undefined ? { industry: p.industry } : {}),
      ...(p.standard_land !== undefined ? { standard_land: p.standard_land } : {}),
      grade: p.grade ?? null,
    },
    layers,
    policy,
  );
  const m = mujunCardFinding(p);
  return m ? { ...c, findings: [...c.findings, m] } : c;
}
