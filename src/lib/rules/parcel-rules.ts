// Parcel-level rules of the campaign (shared DOMAIN rules 1–6). Each takes plain numbers and relations, so it can
// be tested with worked numbers without any geometry. Caps (far.cap, height.cap) are separate from the
// who-may-build verdicts of the zones (zone.central, zone.adjusted-use), so a map can colour by either.
import type { Grade, ParcelStatus } from '../data/schema.ts';
import { finding, fmt, type Finding } from './finding.ts';
import { gradeAtLeast, industryFarMin, type Policy } from './policy.ts';
import type { Relation } from './relate.ts';

export interface Areas {
  area_m2: number;
  area_mu: number;
  area_m2_planar: number;
  area_mu_planar: number;
  area_mu_turf: number;
}

export function areaFinding(a: Areas): Finding {
  const diff = (a.area_mu_turf / a.area_mu - 1) * 100;
  return finding(
    'area',
    'info',
    { area_mu_planar: a.area_mu_planar, area_mu: a.area_mu, area_mu_turf: a.area_mu_turf, area_m2_planar: a.area_m2_planar },
    `面积 ${fmt(a.area_mu_planar)} 亩（平面，高斯-克吕格），椭球面 ${fmt(a.area_mu)} 亩；球面参考值相差 ${fmt(diff)}%`,
    `Area ${fmt(a.area_mu_planar)} mu (planar, Gauss-Krüger), ellipsoidal ${fmt(a.area_mu)} mu; spherical reference differs by ${fmt(diff)}%`,
  );
}

/**
 * Floor area as FAR counts it: storeys taller than the policy's `tall_floor_m` (8 m) count twice, so the part of
 * the floor area on such storeys (`tallFloorAreaM2`, already included in `floorAreaM2`) is added once more.
 * Without storey data (null) the floor area counts as given.
 */
export function farFloorArea(floorAreaM2: number | null | undefined, tallFloorAreaM2?: number | null): number | null {
  if (floorAreaM2 === null || floorAreaM2 === undefined || !Number.isFinite(floorAreaM2)) return null;
  const tall = tallFloorAreaM2 !== null && tallFloorAreaM2 !== undefined && Number.isFinite(tallFloorAreaM2) ? tallFloorAreaM2 : 0;
  return floorAreaM2 + tall;
}

/** Rounds a ratio to 6 decimals before it is compared with a threshold: removes float and projection round-trip
 * noise (e.g. FAR 1.9999999998) so a parcel at exactly a threshold in decimal terms gets the threshold's verdict.
 * Contracts state FAR to 2 decimals. Reported values stay unrounded. */
export function ruleRound(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** FAR uses the planar (cadastral) area: it is the figure a land contract states. */
export function plotRatio(floorAreaM2: number | null | undefined, planarAreaM2: number): number | null {
  if (floorAreaM2 === null || floorAreaM2 === undefined || !Number.isFinite(floorAreaM2) || planarAreaM2 <= 0) return null;
  return floorAreaM2 / planarAreaM2;
}

/** Statuses of land that has no buildings yet, whatever its floor-area field says. */
const UNBUILT_STATUSES: readonly ParcelStatus[] = ['approved_not_supplied', 'supplied_not_used', 'for_transfer'];
/** Statuses that are unbuilt when no floor area (null or 0) is recorded. */
const UNBUILT_IF_NO_FLOOR: readonly ParcelStatus[] = ['idle', 'under_construction'];

/**
 * True for an existing parcel that is not built yet: 批而未供, 供而未用 and 出让中 always; 闲置 and 在建 when no
 * floor area is recorded. Building rules then say 'not built yet' (info) instead of failing a FAR of 0. A new
 * project is never "unbuilt": its floor area is the plan being checked.
 */
export function isUnbuilt(status: ParcelStatus | undefined, floorAreaM2: number | null | undefined, newProject: boolean): boolean {
  if (newProject || status === undefined) return false;
  if (UNBUILT_STATUSES.includes(status)) return true;
  return UNBUILT_IF_NO_FLOOR.includes(status) && !(typeof floorAreaM2 === 'number' && floorAreaM2 > 0);
}

export const STATUS_LABEL: Record<ParcelStatus, { zh: string; en: string }> = {
  in_use: { zh: '在用', en: 'in use' },
  idle: { zh: '闲置', en: 'idle' },
  approved_not_supplied: { zh: '批而未供', en: 'approved, not supplied' },
  supplied_not_used: { zh: '供而未用', en: 'supplied, not used' },
  used_not_full: { zh: '用而未尽', en: 'used, not fully' },
  built_not_operating: { zh: '建而未投', en: 'built, not operating' },
  operating_below_target: { zh: '投而未达标', en: 'operating below target' },
  under_construction: { zh: '在建', en: 'under construction' },
  for_transfer: { zh: '出让中', en: 'for transfer' },
};

export function notBuiltFinding(rule: string, status: ParcelStatus | undefined, values: Finding['values']): Finding {
  const l = status ? STATUS_LABEL[status] : { zh: '未建', en: 'unbuilt' };
  return finding(rule, 'info', { ...values, not_built: true, status: status ?? null }, `尚未建设（${l.zh}），不适用`, `Not built yet (${l.en}): does not apply`);
}

export function farMinFinding(
  far: number | null,
  industry: string | undefined,
  newProject: boolean,
  policy: Policy,
  status?: ParcelStatus,
  unbuilt = false,
): Finding {
  const nationalMin = industryFarMin(policy, industry);
  const principle = policy.far.new_project_min;
  const values = { far, industry: industry ?? 'general', industry_min: nationalMin, new_project_min: newProject ? principle : null };
  if (unbuilt) return notBuiltFinding('far.min', status, values);
  if (far === null) {
    return finding('far.min', 'info', values, '未提供建筑面积，无法计算容积率', 'No floor area given: plot ratio cannot be computed');
  }
  if (ruleRound(far) < nationalMin) {
    return finding('far.min', 'fail', values,
      `容积率 ${fmt(far)} < 行业最低 ${fmt(nationalMin, 1)}`,
      `Plot ratio ${fmt(far)} < industry minimum ${fmt(nationalMin, 1)}`);
  }
  if (newProject && ruleRound(far) < principle) {
    // "原则上" in the plan: below 2.0 needs a justification, it is not an outright refusal.
    return finding('far.min', 'warn', values,
      `容积率 ${fmt(far)} < 新建项目原则要求 ${fmt(principle, 1)}`,
      `Plot ratio ${fmt(far)} < ${fmt(principle, 1)} required in principle for new projects`);
  }
  return finding('far.min', 'pass', values,
    `容积率 ${fmt(far)} ≥ ${fmt(newProject ? Math.max(principle, nationalMin) : nationalMin, 1)}`,
    `Plot ratio ${fmt(far)} ≥ ${fmt(newProject ? Math.max(principle, nationalMin) : nationalMin, 1)}`);
}

/** The FAR cap of the zones a parcel touches (tighter wins where they overlap); null outside every capped zone. */
export function zoneFarCap(central: Relation, adjusted: Relation, policy: Policy): { cap: number; zone: 'central' | 'adjusted-use' } | null {
  const caps: { cap: number; zone: 'central' | 'adjusted-use' }[] = [];
  if (central !== 'outside') caps.push({ cap: policy.zones.central.far_max, zone: 'central' });
  if (adjusted !== 'outside') caps.push({ cap: policy.zones['adjusted-use'].far_max, zone: 'adjusted-use' });
  if (!caps.length) return null;
  return caps.reduce((a, b) => (b.cap < a.cap ? b : a));
}

const ZONE_ZH = { central: '中心城区限制区', 'adjusted-use': '规划用途已调整区域' } as const;
const ZONE_EN = { central: 'central restricted area', 'adjusted-use': 'adjusted-use zone' } as const;

export function farCapFinding(
  far: number | null,
  cap: { cap: number; zone: 'central' | 'adjusted-use' } | null,
  status?: ParcelStatus,
  unbuilt = false,
): Finding {
  const values = { far, far_max: cap?.cap ?? null, zone: cap?.zone ?? 'none' };
  if (!cap) return finding('far.cap', 'pass', values, '不在容积率限制区域内', 'No zone caps the plot ratio here');
  if (unbuilt) return notBuiltFinding('far.cap', status, values);
  const zh = ZONE_ZH[cap.zone];
  const en = ZONE_EN[cap.zone];
  if (far === null) {
    return finding('far.cap', 'info', values, `${zh}容积率上限 ${fmt(cap.cap, 1)}；未提供建筑面积`, `Plot ratio cap ${fmt(cap.cap, 1)} in the ${en}; no floor area given`);
  }
  if (ruleRound(far) > cap.cap) {
    return finding('far.cap', 'fail', values, `容积率 ${fmt(far)} > ${zh}上限 ${fmt(cap.cap, 1)}`, `Plot ratio ${fmt(far)} > cap ${fmt(cap.cap, 1)} of the ${en}`);
  }
  return finding('far.cap', 'pass', values, `容积率 ${fmt(far)} ≤ ${zh}上限 ${fmt(cap.cap, 1)}`, `Plot ratio ${fmt(far)} ≤ cap ${fmt(cap.cap, 1)} of the ${en}`);
}

export function heightCapFinding(central: Relation, heightM: number | null | undefined, policy: Policy, status?: ParcelStatus, unbuilt = false): Finding {
  const max = policy.zones.central.height_max_m;
  const values = { height_m: heightM ?? null, height_max_m: central === 'outside' ? null : max };
  if (central === 'outside') return finding('height.cap', 'pass', values, '不在限高区域内', 'No zone caps the height here');
  if (unbuilt) return notBuiltFinding('height.cap', status, values);
  if (heightM === null || heightM === undefined) {
    return finding('height.cap', 'info', values, `中心城区限制区限高 ${fmt(max, 0)} m；未提供建筑高度`, `Height cap ${fmt(max, 0)} m in the central restricted area; no height given`);
  }
  if (ruleRound(heightM) > max) {
    return finding('height.cap', 'fail', values, `高度 ${fmt(heightM, 1)} m > 限高 ${fmt(max, 0)} m`, `Height ${fmt(heightM, 1)} m > cap ${fmt(max, 0)} m`);
  }
  return finding('height.cap', 'pass', values, `高度 ${fmt(heightM, 1)} m ≤ 限高 ${fmt(max, 0)} m`, `Height ${fmt(heightM, 1)} m ≤ cap ${fmt(max, 0)} m`);
}

/** Who may build in the central restricted area (the caps are far.cap and height.cap). */
export function centralZoneFinding(relation: Relation, newProject: boolean, policy: Policy): Finding {
  const c = policy.zones.central;
  const values = { relation, new_project: newProject, allow_new_industrial: c.allow_new_industrial };
  if (relation === 'outside') {
    return finding('zone.central', 'pass', values, '不在中心城区限制区内', 'Outside the central restricted area');
  }
  const where = relation === 'partial' ? '部分位于' : '位于';
  const whereEn = relation === 'partial' ? 'Partly inside' : 'Inside';
  if (newProject && !c.allow_new_industrial) {
    return finding('zone.central', 'fail', values,
      `${where}中心城区限制区：不得新建、扩建工业建筑`,
      `${whereEn} the central restricted area: no new or extended industrial building`);
  }
  return finding('zone.central', 'info', values,
    `${where}中心城区限制区：改建须经集体研究同意，高度 ≤ ${fmt(c.height_max_m, 0)} m，容积率 ≤ ${fmt(c.far_max, 1)}`,
    `${whereEn} the central restricted area: rebuilding needs collective approval, height ≤ ${fmt(c.height_max_m, 0)} m, plot ratio ≤ ${fmt(c.far_max, 1)}`);
}

/** Who may build in an adjusted-use zone: only enterprises graded B or above (the cap is far.cap). */
export function adjustedUseFinding(relation: Relation, grade: Grade | null | undefined, newProject: boolean, policy: Policy): Finding {
  const z = policy.zones['adjusted-use'];
  const values = { relation, grade: grade ?? null, min_grade: z.min_grade, new_project: newProject };
  if (relation === 'outside') {
    return finding('zone.adjusted-use', 'pass', values, '不在规划用途已调整区域内', 'Outside adjusted-use zones');
  }
  if (!newProject) {
    return finding('zone.adjusted-use', 'info', values,
      `位于规划用途已调整（5年内暂不实施）区域：${z.min_grade} 类及以上企业方可改建、新建、扩建`,
      `In an adjusted-use zone: only firms graded ${z.min_grade} or above may upgrade, build or extend`);
  }
  if (!grade) {
    return finding('zone.adjusted-use', 'warn', values,
      `位于规划用途已调整区域：须企业亩均评价 ${z.min_grade} 类及以上方可新建、扩建，未提供企业等级`,
      `In an adjusted-use zone: building or extending needs an enterprise graded ${z.min_grade} or above; no grade given`);
  }
  if (!gradeAtLeast(grade, z.min_grade)) {
    return finding('zone.adjusted-use', 'fail', values,
      `位于规划用途已调整区域：企业等级 ${grade} 低于 ${z.min_grade}，不得新建、扩建`,
      `In an adjusted-use zone: enterprise grade ${grade} is below ${z.min_grade}, may not build or extend`);
  }
  return finding('zone.adjusted-use', 'pass', values,
    `位于规划用途已调整区域：企业等级 ${grade} ≥ ${z.min_grade}，可新建、扩建`,
    `In an adjusted-use zone: enterprise grade ${grade} ≥ ${z.min_grade}, may build or extend`);
}

/** level: best (lowest) level of a line holding the whole parcel; 0 when none does. */
export function controlLineFinding(level: 0 | 1 | 2, partial: boolean, newProject: boolean, policy?: Policy): Finding {
  const values = { level, partial };
  if (level > 0 && !partial) {
    const lz = level === 1 ? '一级' : '二级';
    return finding('control-line', 'pass', values,
      `位于${lz}工业区块控制线内：保持工业用途`,
      `Inside a level-${level} industrial block control line: stays industrial`);
  }
  if (partial) {
    return finding('control-line', 'warn', values,
      '跨越工业区块控制线边界：线外部分不得新增工业用地',
      'Straddles an industrial control line: no new industrial land on the part outside');
  }
  if (newProject && !(policy?.control_lines.outside_new_industrial ?? false)) {
    return finding('control-line', 'fail', values,
      '位于工业区块控制线外：不得新增工业用地',
      'Outside every industrial control line: no new industrial land');
  }
  return finding('control-line', 'warn', values,
    '位于工业区块控制线外：现状工业用地，可复垦/清退参与增减挂钩',
    'Outside every industrial control line: existing industrial land, a candidate for reclamation and swap');
}

export function standardLandFinding(areaMuPlanar: number, newProject: boolean, standardLand: boolean | undefined, policy: Policy): Finding {
  const min = policy.area.standard_land_min_mu;
  const values = { area_mu_planar: areaMuPlanar, min_mu: min, standard_land: standardLand ?? null, new_project: newProject };
  if (!newProject) {
    return finding('standard-land', 'info', values,
      standardLand ? '标准地' : '非新供地块，不适用标准地要求',
      standardLand ? 'Standard land (标准地)' : 'Not new land: the standard-land rule does not apply');
  }
  if (ruleRound(areaMuPlanar) < min) {
    return finding('standard-land', 'info', values,
      `新供地 ${fmt(areaMuPlanar)} 亩 < ${min} 亩，不强制标准地`,
      `New land ${fmt(areaMuPlanar)} mu < ${min} mu: standard land not required`);
  }
  if (standardLand) {
    return finding('standard-land', 'pass', values,
      `新供地 ${fmt(areaMuPlanar)} 亩 ≥ ${min} 亩，按标准地出让`,
      `New land ${fmt(areaMuPlanar)} mu ≥ ${min} mu, supplied as standard land`);
  }
  return finding('standard-land', 'fail', values,
    `新供地 ${fmt(areaMuPlanar)} 亩 ≥ ${min} 亩，须 100% 按标准地出让`,
    `New land ${fmt(areaMuPlanar)} mu ≥ ${min} mu must be supplied as standard land`);
}
