// Parcel-level rules of the campaign (shared DOMAIN rules 1–6). Each takes plain numbers and relations, so it can
// be tested with worked numbers without any geometry. Caps (far.cap, height.cap) are separate from the
// who-may-build verdicts of the zones (zone.central, zone.adjusted-use), so a map can colour by either.
//
// The plan's limits bind works, not what already stands (DOMAIN "Who a rule binds", docs/rules.md): each rule takes
// the project kind — none (an existing use), new land, extension, rebuild, renovation (技改 without added floor
// area) or added floors — and an existing building above a cap, or below a minimum, is a fact to show (info), never
// a violation. Every verdict that applies a threshold carries that threshold's source.
import type { Grade, ParcelStatus, ProjectKind } from '../data/schema.ts';
import { finding, fmt, sourced, type Finding } from './finding.ts';
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

/** Works that build (新建、扩建、改建、厂房加层): the caps, minimums and site indicators bind them. */
export function buildsWorks(kind: ProjectKind): boolean {
  return kind === 'new' || kind === 'extension' || kind === 'rebuild' || kind === 'add_floors';
}

export const PROJECT_LABEL: Record<ProjectKind, { zh: string; en: string }> = {
  none: { zh: '现状用地（无建设项目）', en: 'existing use (no works)' },
  new: { zh: '新增工业用地项目', en: 'new industrial land' },
  extension: { zh: '扩建项目', en: 'extension on land held' },
  rebuild: { zh: '改建项目', en: 'rebuild' },
  renovation: { zh: '技改项目（不增加建筑面积）', en: 'renovation without added floor area' },
  add_floors: { zh: '厂房加层 / 零土地技改', en: 'added floors / zero-land renovation' },
};

/** Statuses of land that has no buildings yet, whatever its floor-area field says. */
const UNBUILT_STATUSES: readonly ParcelStatus[] = ['approved_not_supplied', 'supplied_not_used', 'for_transfer'];
/** Statuses that are unbuilt when no floor area (null or 0) is recorded. */
const UNBUILT_IF_NO_FLOOR: readonly ParcelStatus[] = ['idle', 'under_construction'];

/**
 * True for an existing parcel that is not built yet: 批而未供, 供而未用 and 出让中 always; 闲置 and 在建 when no
 * floor area is recorded. Building rules then say 'not built yet' (info) instead of failing a FAR of 0. A parcel with
 * works is never "unbuilt": its floor area is the plan being checked.
 */
export function isUnbuilt(status: ParcelStatus | undefined, floorAreaM2: number | null | undefined, project: ProjectKind): boolean {
  if (project !== 'none' || status === undefined) return false;
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

export type ZoneCap = { cap: number; zone: 'central' | 'adjusted-use' };

/**
 * The FAR minimum. New industrial land: 2.0 in principle (warn below; 四(二)) and never below the industry's national
 * minimum (fail). Extension, rebuild and added floors: the result after the works against the national minimum. Inside
 * a capped zone the zone's cap governs and no minimum applies. An existing use or a renovation without added floor
 * area: the figure is shown, the minimum binds works only.
 */
export function farMinFinding(
  far: number | null,
  industry: string | undefined,
  project: ProjectKind,
  policy: Policy,
  status?: ParcelStatus,
  unbuilt = false,
  cap: ZoneCap | null = null,
): Finding {
  const nationalMin = industryFarMin(policy, industry);
  const principle = policy.far.new_project_min;
  const applies = project === 'new' && !cap;
  const values = { far, industry: industry ?? 'general', industry_min: nationalMin, new_project_min: applies ? principle : null, project };
  if (unbuilt) return notBuiltFinding('far.min', status, values);
  if (far === null) {
    return finding('far.min', 'info', values, '未提供建筑面积，无法计算容积率', 'No floor area given: plot ratio cannot be computed');
  }
  if (cap && project !== 'none') {
    const zone = ZONE_ZH[cap.zone];
    return finding('far.min', 'info', { ...values, far_max: cap.cap },
      `位于${zone}：容积率以上限 ${fmt(cap.cap, 1)} 控制，不适用最低容积率`,
      `In the ${ZONE_EN[cap.zone]}: the cap ${fmt(cap.cap, 1)} governs, no minimum plot ratio applies`,
      sourced(policy, `zones.${cap.zone}.far_max`));
  }
  const below = ruleRound(far) < nationalMin;
  if (!buildsWorks(project)) {
    const zh = below ? `现状容积率 ${fmt(far)} 低于行业最低 ${fmt(nationalMin, 1)}（最低值约束建设项目，现状仅作提示）` : `现状容积率 ${fmt(far)}（行业最低 ${fmt(nationalMin, 1)} 约束建设项目）`;
    const en = below
      ? `Existing plot ratio ${fmt(far)} is below the industry minimum ${fmt(nationalMin, 1)} (the minimum binds works; shown for information)`
      : `Existing plot ratio ${fmt(far)} (the industry minimum ${fmt(nationalMin, 1)} binds works)`;
    return finding('far.min', 'info', values, zh, en, sourced(policy, 'far.by_industry_min'));
  }
  if (below) {
    return finding('far.min', 'fail', values,
      `容积率 ${fmt(far)} < 行业最低 ${fmt(nationalMin, 1)}`,
      `Plot ratio ${fmt(far)} < industry minimum ${fmt(nationalMin, 1)}`,
      sourced(policy, 'far.by_industry_min'));
  }
  if (applies && ruleRound(far) < principle) {
    // "原则上" in the plan: below 2.0 needs a justification, it is not an outright refusal.
    return finding('far.min', 'warn', values,
      `容积率 ${fmt(far)} < 新建工业用地项目原则要求 ${fmt(principle, 1)}`,
      `Plot ratio ${fmt(far)} < ${fmt(principle, 1)} required in principle for new industrial land`,
      sourced(policy, 'far.new_project_min'));
  }
  const floor = applies ? Math.max(principle, nationalMin) : nationalMin;
  return finding('far.min', 'pass', values,
    `容积率 ${fmt(far)} ≥ ${fmt(floor, 1)}`,
    `Plot ratio ${fmt(far)} ≥ ${fmt(floor, 1)}`,
    sourced(policy, applies ? 'far.new_project_min' : 'far.by_industry_min'));
}

/** The FAR cap of the zones a parcel touches (tighter wins where they overlap); null outside every capped zone. */
export function zoneFarCap(central: Relation, adjusted: Relation, policy: Policy): ZoneCap | null {
  const caps: ZoneCap[] = [];
  if (central !== 'outside') caps.push({ cap: policy.zones.central.far_max, zone: 'central' });
  if (adjusted !== 'outside') caps.push({ cap: policy.zones['adjusted-use'].far_max, zone: 'adjusted-use' });
  if (!caps.length) return null;
  return caps.reduce((a, b) => (b.cap < a.cap ? b : a));
}

const ZONE_ZH = { central: '中心城区限制区', 'adjusted-use': '规划用途已调整区域' } as const;
const ZONE_EN = { central: 'central restricted area', 'adjusted-use': 'adjusted-use zone' } as const;

/**
 * A zone's FAR cap binds works that build; an existing building (or a renovation, which adds no floor area) above it
 * is shown as information about what future works may reach.
 */
export function farCapFinding(far: number | null, cap: ZoneCap | null, project: ProjectKind, policy: Policy, status?: ParcelStatus, unbuilt = false): Finding {
  const values = { far, far_max: cap?.cap ?? null, zone: cap?.zone ?? 'none', project };
  if (!cap) return finding('far.cap', 'pass', values, '不在容积率限制区域内', 'No zone caps the plot ratio here');
  const src = sourced(policy, `zones.${cap.zone}.far_max`);
  if (unbuilt) return notBuiltFinding('far.cap', status, values);
  const zh = ZONE_ZH[cap.zone];
  const en = ZONE_EN[cap.zone];
  if (far === null) {
    return finding('far.cap', 'info', values, `${zh}容积率上限 ${fmt(cap.cap, 1)}；未提供建筑面积`, `Plot ratio cap ${fmt(cap.cap, 1)} in the ${en}; no floor area given`, src);
  }
  const over = ruleRound(far) > cap.cap;
  if (over && !buildsWorks(project)) {
    return finding('far.cap', 'info', values,
      `现状容积率 ${fmt(far)} 高于${zh}上限 ${fmt(cap.cap, 1)}：上限约束今后的建设，现状不作违规`,
      `Existing plot ratio ${fmt(far)} exceeds the cap ${fmt(cap.cap, 1)} of the ${en}, which applies to future works`, src);
  }
  if (over) return finding('far.cap', 'fail', values, `容积率 ${fmt(far)} > ${zh}上限 ${fmt(cap.cap, 1)}`, `Plot ratio ${fmt(far)} > cap ${fmt(cap.cap, 1)} of the ${en}`, src);
  return finding('far.cap', 'pass', values, `容积率 ${fmt(far)} ≤ ${zh}上限 ${fmt(cap.cap, 1)}`, `Plot ratio ${fmt(far)} ≤ cap ${fmt(cap.cap, 1)} of the ${en}`, src);
}

/** The central area's height cap, read like the FAR cap: it binds works that build. */
export function heightCapFinding(central: Relation, heightM: number | null | undefined, project: ProjectKind, policy: Policy, status?: ParcelStatus, unbuilt = false): Finding {
  const max = policy.zones.central.height_max_m;
  const values = { height_m: heightM ?? null, height_max_m: central === 'outside' ? null : max, project };
  if (central === 'outside') return finding('height.cap', 'pass', values, '不在限高区域内', 'No zone caps the height here');
  const src = sourced(policy, 'zones.central.height_max_m');
  if (unbuilt) return notBuiltFinding('height.cap', status, values);
  if (heightM === null || heightM === undefined) {
    return finding('height.cap', 'info', values, `中心城区限制区限高 ${fmt(max, 0)} m；未提供建筑高度`, `Height cap ${fmt(max, 0)} m in the central restricted area; no height given`, src);
  }
  const over = ruleRound(heightM) > max;
  if (over && !buildsWorks(project)) {
    return finding('height.cap', 'info', values,
      `现状高度 ${fmt(heightM, 1)} m 高于限高 ${fmt(max, 0)} m：限高约束今后的建设，现状不作违规`,
      `Existing height ${fmt(heightM, 1)} m exceeds the ${fmt(max, 0)} m cap, which applies to future works`, src);
  }
  if (over) return finding('height.cap', 'fail', values, `高度 ${fmt(heightM, 1)} m > 限高 ${fmt(max, 0)} m`, `Height ${fmt(heightM, 1)} m > cap ${fmt(max, 0)} m`, src);
  return finding('height.cap', 'pass', values, `高度 ${fmt(heightM, 1)} m ≤ 限高 ${fmt(max, 0)} m`, `Height ${fmt(heightM, 1)} m ≤ cap ${fmt(max, 0)} m`, src);
}

/**
 * Who may build in the central restricted area (四(二)): new building and extension are not allowed in principle; after
 * 工治办 collective approval, buildings ≤ 8 m and FAR ≤ 1.0 (the caps: far.cap, height.cap). A renovation adding no
 * floor area is allowed; an existing use is shown what the area allows.
 */
export function centralZoneFinding(relation: Relation, project: ProjectKind, approved: boolean, policy: Policy): Finding {
  const c = policy.zones.central;
  const values = { relation, project, central_approved: approved, allow_new_industrial: c.allow_new_industrial };
  if (relation === 'outside') return finding('zone.central', 'pass', values, '不在中心城区限制区内', 'Outside the central restricted area');
  const src = sourced(policy, 'zones.central.allow_new_industrial');
  const where = relation === 'partial' ? '部分位于' : '位于';
  const whereEn = relation === 'partial' ? 'Partly inside' : 'Inside';
  const caps = `高度 ≤ ${fmt(c.height_max_m, 0)} m、容积率 ≤ ${fmt(c.far_max, 1)}`;
  const capsEn = `height ≤ ${fmt(c.height_max_m, 0)} m, plot ratio ≤ ${fmt(c.far_max, 1)}`;
  if (project === 'none') {
    return finding('zone.central', 'info', values,
      `${where}中心城区限制区：原则上不允许新建、扩建；经工治办集体讨论同意后可建${caps}的厂房`,
      `${whereEn} the central restricted area: no new building or extension in principle; with the works office's collective approval, ${capsEn}`, src);
  }
  if (project === 'renovation') {
    return finding('zone.central', 'pass', values,
      `${where}中心城区限制区：技改不增加建筑面积，可实施（${caps}）`,
      `${whereEn} the central restricted area: a renovation adding no floor area may proceed (${capsEn})`, src);
  }
  if (c.allow_new_industrial) {
    return finding('zone.central', 'pass', values, `${where}中心城区限制区：本政策允许建设（${caps}）`, `${whereEn} the central restricted area: this policy allows building (${capsEn})`, src);
  }
  if (approved) {
    return finding('zone.central', 'pass', values,
      `${where}中心城区限制区：已记录工治办集体讨论同意，按${caps}控制`,
      `${whereEn} the central restricted area: collective approval recorded; the caps apply (${capsEn})`, src);
  }
  return finding('zone.central', 'fail', values,
    `${where}中心城区限制区：${PROJECT_LABEL[project].zh}原则上不允许（新建、扩建须经工治办集体讨论同意，且${caps}）`,
    `${whereEn} the central restricted area: ${PROJECT_LABEL[project].en} is not allowed in principle (needs the works office's collective approval, and ${capsEn})`, src);
}

/** Who may build in an adjusted-use zone (四(二)): any works need a firm graded B or above (the cap is far.cap). */
export function adjustedUseFinding(relation: Relation, grade: Grade | null | undefined, project: ProjectKind, policy: Policy): Finding {
  const z = policy.zones['adjusted-use'];
  const values = { relation, grade: grade ?? null, min_grade: z.min_grade, project };
  if (relation === 'outside') return finding('zone.adjusted-use', 'pass', values, '不在规划用途已调整区域内', 'Outside adjusted-use zones');
  const src = sourced(policy, 'zones.adjusted-use.min_grade');
  if (project === 'none') {
    return finding('zone.adjusted-use', 'info', values,
      `位于规划用途已调整（5年内暂不实施）区域：${z.min_grade} 档及以上企业方可实施技改及新建、扩建、改建（容积率上限 ${fmt(z.far_max, 1)}）`,
      `In an adjusted-use zone: only firms graded ${z.min_grade} or above may renovate, build, extend or rebuild (plot ratio cap ${fmt(z.far_max, 1)})`, src);
  }
  if (!grade) {
    return finding('zone.adjusted-use', 'warn', values,
      `位于规划用途已调整区域：${PROJECT_LABEL[project].zh}须企业亩均评价 ${z.min_grade} 档及以上，未提供企业等级`,
      `In an adjusted-use zone: ${PROJECT_LABEL[project].en} needs an enterprise graded ${z.min_grade} or above; no grade given`, src);
  }
  if (!gradeAtLeast(grade, z.min_grade)) {
    return finding('zone.adjusted-use', 'fail', values,
      `位于规划用途已调整区域：企业等级 ${grade} 低于 ${z.min_grade}，不得实施${PROJECT_LABEL[project].zh}`,
      `In an adjusted-use zone: enterprise grade ${grade} is below ${z.min_grade}, no ${PROJECT_LABEL[project].en}`, src);
  }
  return finding('zone.adjusted-use', 'pass', values,
    `位于规划用途已调整区域：企业等级 ${grade} ≥ ${z.min_grade}，可实施${PROJECT_LABEL[project].zh}`,
    `In an adjusted-use zone: enterprise grade ${grade} ≥ ${z.min_grade}, ${PROJECT_LABEL[project].en} may proceed`, src);
}

/**
 * Control lines: inside, industrial land stays industrial (四(二)); outside, no new industrial land (Ningbo practice,
 * labelled by its source). Works on land already held outside the lines are not a violation: that land's future is
 * 增减挂钩 or exit. level: best (lowest) level of a line holding the whole parcel; 0 when none does.
 */
export function controlLineFinding(level: 0 | 1 | 2, partial: boolean, project: ProjectKind, policy: Policy): Finding {
  const values = { level, partial, project };
  const src = sourced(policy, 'control_lines.outside_new_industrial');
  if (level > 0 && !partial) {
    const lz = level === 1 ? '一级' : '二级';
    return finding('control-line', 'pass', values, `位于${lz}工业区块控制线内：保持工业用途`, `Inside a level-${level} industrial block control line: stays industrial`, src);
  }
  const newLand = project === 'new' && !policy.control_lines.outside_new_industrial;
  if (partial) {
    return newLand
      ? finding('control-line', 'warn', values, '跨越工业区块控制线边界：线外部分不得新增工业用地', 'Straddles an industrial control line: no new industrial land on the part outside', src)
      : finding('control-line', 'info', values, '跨越工业区块控制线边界：线外部分为现状工业用地', 'Straddles an industrial control line: the part outside is existing industrial land', src);
  }
  if (newLand) {
    return finding('control-line', 'fail', values, '位于工业区块控制线外：不得新增工业用地', 'Outside every industrial control line: no new industrial land', src);
  }
  return finding('control-line', 'info', values,
    '位于工业区块控制线外：现状工业用地，今后可复垦/清退参与增减挂钩或退出',
    'Outside every industrial control line: land already held; its future is reclamation and swap (增减挂钩) or exit', src);
}

/** 标准地 (三(一)4): new industrial land of 5 亩 or more is supplied as 标准地; works on land held are not new land. */
export function standardLandFinding(areaMuPlanar: number, project: ProjectKind, standardLand: boolean | undefined, policy: Policy): Finding {
  const min = policy.area.standard_land_min_mu;
  const values = { area_mu_planar: areaMuPlanar, min_mu: min, standard_land: standardLand ?? null, project };
  const src = sourced(policy, 'area.standard_land_min_mu');
  if (project !== 'new') {
    return finding('standard-land', 'info', values,
      standardLand ? '标准地' : '非新增工业用地，不适用标准地要求',
      standardLand ? 'Standard land (标准地)' : 'Not new industrial land: the standard-land rule does not apply', src);
  }
  if (ruleRound(areaMuPlanar) < min) {
    return finding('standard-land', 'info', values, `新增工业用地 ${fmt(areaMuPlanar)} 亩 < ${min} 亩，不强制标准地`, `New land ${fmt(areaMuPlanar)} mu < ${min} mu: standard land not required`, src);
  }
  if (standardLand) {
    return finding('standard-land', 'pass', values, `新增工业用地 ${fmt(areaMuPlanar)} 亩 ≥ ${min} 亩，按标准地出让`, `New land ${fmt(areaMuPlanar)} mu ≥ ${min} mu, supplied as standard land`, src);
  }
  return finding('standard-land', 'fail', values, `新增工业用地 ${fmt(areaMuPlanar)} 亩 ≥ ${min} 亩，须 100% 按标准地出让`, `New land ${fmt(areaMuPlanar)} mu ≥ ${min} mu must be supplied as standard land`, src);
}
