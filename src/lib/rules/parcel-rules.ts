// Parcel-level rules of the campaign (shared DOMAIN rules 1–6). Each takes plain numbers and relations, so it can
// be tested with worked numbers without any geometry.
import type { Grade } from '../data/schema.ts';
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

/** FAR uses the planar (cadastral) area: it is the figure a land contract states. */
export function plotRatio(floorAreaM2: number | null | undefined, planarAreaM2: number): number | null {
  if (floorAreaM2 === null || floorAreaM2 === undefined || !Number.isFinite(floorAreaM2) || planarAreaM2 <= 0) return null;
  return floorAreaM2 / planarAreaM2;
}

export function farMinFinding(far: number | null, industry: string | undefined, newProject: boolean, policy: Policy): Finding {
  const nationalMin = industryFarMin(policy, industry);
  const principle = policy.far.new_project_min;
  const values = { far, industry: industry ?? 'general', industry_min: nationalMin, new_project_min: newProject ? principle : null };
  if (far === null) {
    return finding('far.min', 'info', values, '未提供建筑面积，无法计算容积率', 'No floor area given: plot ratio cannot be computed');
  }
  if (far < nationalMin) {
    return finding('far.min', 'fail', values,
      `容积率 ${fmt(far)} < 行业最低 ${fmt(nationalMin, 1)}`,
      `Plot ratio ${fmt(far)} < industry minimum ${fmt(nationalMin, 1)}`);
  }
  if (newProject && far < principle) {
    // "原则上" in the plan: below 2.0 needs a justification, it is not an outright refusal.
    return finding('far.min', 'warn', values,
      `容积率 ${fmt(far)} < 新建项目原则要求 ${fmt(principle, 1)}`,
      `Plot ratio ${fmt(far)} < ${fmt(principle, 1)} required in principle for new projects`);
  }
  return finding('far.min', 'pass', values,
    `容积率 ${fmt(far)} ≥ ${fmt(newProject ? Math.max(principle, nationalMin) : nationalMin, 1)}`,
    `Plot ratio ${fmt(far)} ≥ ${fmt(newProject ? Math.max(principle, nationalMin) : nationalMin, 1)}`);
}

export function centralZoneFinding(
  relation: Relation,
  far: number | null,
  heightM: number | null | undefined,
  newProject: boolean,
  policy: Policy,
): Finding {
  const c = policy.zones.central;
  const values = { relation, far, height_m: heightM ?? null, far_max: c.far_max, height_max_m: c.height_max_m };
  if (relation === 'outside') {
    return finding('zone.central', 'pass', values, '不在中心城区限制区内', 'Outside the central restricted area');
  }
  const where = relation === 'partial' ? '部分位于' : '位于';
  const whereEn = relation === 'partial' ? 'Partly inside' : 'Inside';
  const over: string[] = [];
  const overEn: string[] = [];
  if (far !== null && far > c.far_max) {
    over.push(`容积率 ${fmt(far)} > ${fmt(c.far_max, 1)}`);
    overEn.push(`plot ratio ${fmt(far)} > ${fmt(c.far_max, 1)}`);
  }
  if (heightM !== null && heightM !== undefined && heightM > c.height_max_m) {
    over.push(`高度 ${fmt(heightM, 1)} m > ${fmt(c.height_max_m, 0)} m`);
    overEn.push(`height ${fmt(heightM, 1)} m > ${fmt(c.height_max_m, 0)} m`);
  }
  if (newProject && !c.allow_new_industrial) {
    return finding('zone.central', 'fail', values,
      `${where}中心城区限制区：不得新建、扩建工业建筑${over.length ? '；' + over.join('，') : ''}`,
      `${whereEn} the central restricted area: no new or extended industrial building${overEn.length ? '; ' + overEn.join(', ') : ''}`);
  }
  if (over.length) {
    return finding('zone.central', 'fail', values,
      `${where}中心城区限制区：${over.join('，')}`,
      `${whereEn} the central restricted area: ${overEn.join(', ')}`);
  }
  return finding('zone.central', 'warn', values,
    `${where}中心城区限制区：经集体研究同意后，建筑高度 ≤ ${c.height_max_m} m，容积率 ≤ ${fmt(c.far_max, 1)}`,
    `${whereEn} the central restricted area: after collective approval, height ≤ ${c.height_max_m} m and plot ratio ≤ ${fmt(c.far_max, 1)}`);
}

export function adjustedUseFinding(
  relation: Relation,
  far: number | null,
  grade: Grade | null | undefined,
  newProject: boolean,
  policy: Policy,
): Finding {
  const z = policy.zones['adjusted-use'];
  const values = { relation, far, grade: grade ?? null, min_grade: z.min_grade, far_max: z.far_max };
  if (relation === 'outside') {
    return finding('zone.adjusted-use', 'pass', values, '不在规划用途已调整区域内', 'Outside adjusted-use zones');
  }
  const problems: string[] = [];
  const problemsEn: string[] = [];
  if (newProject) {
    if (!grade) {
      return finding('zone.adjusted-use', 'warn', values,
        `位于规划用途已调整（5年内暂不实施）区域：须企业亩均评价 ${z.min_grade} 类及以上方可新建、扩建，未提供企业等级`,
        `In an adjusted-use zone: building or extending needs an enterprise graded ${z.min_grade} or above; no grade given`);
    }
    if (!gradeAtLeast(grade, z.min_grade)) {
      problems.push(`企业等级 ${grade} 低于 ${z.min_grade}`);
      problemsEn.push(`enterprise grade ${grade} is below ${z.min_grade}`);
    }
  }
  if (far !== null && far > z.far_max) {
    problems.push(`容积率 ${fmt(far)} > ${fmt(z.far_max, 1)}`);
    problemsEn.push(`plot ratio ${fmt(far)} > ${fmt(z.far_max, 1)}`);
  }
  if (problems.length) {
    return finding('zone.adjusted-use', 'fail', values,
      `位于规划用途已调整区域：${problems.join('，')}`,
      `In an adjusted-use zone: ${problemsEn.join(', ')}`);
  }
  return finding('zone.adjusted-use', newProject ? 'pass' : 'info', values,
    `位于规划用途已调整区域：${z.min_grade} 类及以上企业可改扩建，容积率上限 ${fmt(z.far_max, 1)}`,
    `In an adjusted-use zone: firms graded ${z.min_grade} or above may rebuild or extend, plot ratio cap ${fmt(z.far_max, 1)}`);
}

/** level: best (lowest) level of a line holding the whole parcel; 0 when none does. */
export function controlLineFinding(level: 0 | 1 | 2, partial: boolean, newProject: boolean): Finding {
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
  if (newProject) {
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
  if (areaMuPlanar < min) {
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
