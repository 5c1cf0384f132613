// The campaign's registers (issue 15, seed 三(一)1–5, 三(三)13, 五(一)–(二)): 整治 cases with dated steps, projects with
// dated nodes, 一区块一方案 plans with milestones, 小微企业园, and 标准地 investment agreements. Each is a workspace
// record kind (server/workspace/record-store.ts) seeded once from the county's delivered files (internal/*.json);
// every view "as of" a date is derived from the dates by the pure functions beside this file.
import type { LowEfficiencyCase, LowEfficiencyCriterion, Project } from '../data/schema.ts';

/** A calendar day, YYYY-MM-DD (China's calendar, as the registers keep it). */
export type Day = string;

/**
 * A case's stage (三(一)2 闭环管理): 排查 screening → 建档 filed → 整治中 rectifying → 销号 closed, or 关停退出 exited
 * (the end of a close case). closed and exited are the two ends; a case at either counts as closed (合格销号).
 */
export const CASE_STAGES = ['screening', 'filed', 'rectifying', 'closed', 'exited'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];
export const CASE_END_STAGES: readonly CaseStage[] = ['closed', 'exited'];

export interface CaseStep {
  date: Day;
  /** The stage the case reached on that day. */
  stage: CaseStage;
  note: string;
}

/** A criterion that put the firm on the list, with its value and threshold as they were then. */
export interface CaseCriterion {
  criterion: LowEfficiencyCriterion;
  /** The value then (亩均税收 万元/亩, FAR, …); null for yes/no criteria (dilapidated, banned, status). */
  value: number | null;
  threshold: number | null;
  /** The year of the data the criterion was judged on. */
  year: number;
}

/**
 * "两高" screening (三(一)3): a firm's project built since 2018 using ≥ 1 000 tce a year (the policy's two_high
 * thresholds), with the plan's checks — 符合产业政策, 产能置换, 节能审查, 环评审批, 审批手续 (no 未批先建 / 批建不符).
 * true: passed; false: failed (to be dealt with 依法查处); null: not checked yet.
 */
export interface TwoHighCheck {
  project: string;
  /** The year the project was put into use. */
  built_year: number;
  energy_tce: number;
  industrial_policy: boolean | null;
  capacity_swap: boolean | null;
  energy_review: boolean | null;
  environment_review: boolean | null;
  approvals: boolean | null;
}
export const TWO_HIGH_CHECKS = ['industrial_policy', 'capacity_swap', 'energy_review', 'environment_review', 'approvals'] as const;

/**
 * A case of the 高耗低效整治企业清单. It keeps every member of the delivered LowEfficiencyCase (the 2025 dashboard
 * counts those) and adds the register's: its stage and dated steps, the other parcels, the criteria, the units,
 * the deadline. status, opened_year and closed_year follow from the steps (the parser derives them): the first
 * step opens the case, the first end step closes it.
 */
export interface CampaignCase extends LowEfficiencyCase {
  enterprise_name: string | null;
  /** Every parcel of the case, parcel_id first. */
  parcel_ids: string[];
  town: string | null;
  criteria: CaseCriterion[];
  /** Responsible units (责任单位): 乡镇（街道）, 经信局, 自然资源和规划局, … */
  units: string[];
  deadline: Day | null;
  stage: CaseStage;
  /** Oldest first; never empty. */
  steps: CaseStep[];
  two_high: TwoHighCheck | null;
  /** true for generated sample records (示例). */
  sample?: boolean;
}

/** The dated nodes of a project (三(三)13 节点精准管控): 签约, 供地, 开工, 竣工验收, 投产, 达产, 履约验收. */
export const PROJECT_NODES = ['signed', 'land', 'start', 'completed', 'operating', 'full_output', 'contract_check'] as const;
export type ProjectNodeKey = (typeof PROJECT_NODES)[number];
/** The lifecycle stage a project is in once a node is done (招引落地 → 建设实施 → 竣工验收 → 投产达产 → 履约监管). */
export const NODE_STAGE: Readonly<Record<ProjectNodeKey, Project['stage']>> = {
  signed: 'attract',
  land: 'construct',
  start: 'construct',
  completed: 'accept',
  operating: 'produce',
  full_output: 'produce',
  contract_check: 'supervise',
};

export interface ProjectNode {
  key: ProjectNodeKey;
  planned: Day | null;
  actual: Day | null;
}

/** A project of the 项目全周期 register: the delivered Project plus its unit, town and dated nodes. */
export interface CampaignProject extends Project {
  /** The responsible unit (责任单位) answering for its nodes. */
  unit: string | null;
  town: string | null;
  /** In PROJECT_NODES order, each at most once; may be empty for a project known only by its stage. */
  nodes: ProjectNode[];
  sample?: boolean;
}

/** 一区块一方案 (三(一)5): the plan of one low-efficiency block and its milestones. */
export interface BlockPlan {
  /** The block's id in low-efficiency-blocks (one plan per block). */
  block_id: string;
  name: string;
  town: string | null;
  /** The use the block is renovated to (e.g. 小微企业园, 工业上楼, 产业用地). */
  target_use: string;
  measures: string[];
  units: string[];
  /** Area to renovate, 亩. */
  area_mu: number;
  /** Oldest planned first; the last is the acceptance (验收) that makes the block renovated. */
  milestones: { name: string; planned: Day; actual: Day | null }[];
  sample?: boolean;
}

/** A 小微企业园 (三(一)5: 建成和提升 15, 新培育五星级以上 2). */
export interface SmallPark {
  id: string;
  name: string;
  town: string | null;
  /** Star rating (1–5), null when not rated. */
  stars: number | null;
  /** The year the current rating was given (a 新培育 five-star park is rated five in the campaign years). */
  rated_year: number | null;
  kind: 'built' | 'upgraded';
  /** The year it was built or upgraded. */
  year: number;
  area_mu: number;
  /** Share of its floor space let, 0–1. */
  occupancy: number | null;
  lon: number;
  lat: number;
  sample?: boolean;
}

/** The indicators a 投资监管协议 contracts for a 标准地 parcel (三(一)4) and which way each must go. */
export const AGREEMENT_INDICATORS = ['investment_per_mu', 'tax_per_mu', 'far', 'energy_per_mu', 'emission_per_mu'] as const;
export type AgreementIndicator = (typeof AGREEMENT_INDICATORS)[number];
/** min: the achieved value must reach the contracted one; max: it must not exceed it. */
export const INDICATOR_DIRECTION: Readonly<Record<AgreementIndicator, 'min' | 'max'>> = {
  investment_per_mu: 'min',
  tax_per_mu: 'min',
  far: 'min',
  energy_per_mu: 'max',
  emission_per_mu: 'max',
};
/** Checked at 竣工 (investment, FAR: the works) or at 达产 (tax, energy, emissions: the operation). */
export const INDICATOR_CHECK_AT: Readonly<Record<AgreementIndicator, 'completed' | 'full_output'>> = {
  investment_per_mu: 'completed',
  far: 'completed',
  tax_per_mu: 'full_output',
  energy_per_mu: 'full_output',
  emission_per_mu: 'full_output',
};

/** A 标准地 investment agreement (投资监管协议) of one parcel. */
export interface StandardLandAgreement {
  parcel_id: string;
  enterprise_id: string | null;
  /** The agreement's number and date, and where it is filed. */
  agreement_no: string;
  signed: Day;
  source: string;
  /** 万元/亩 for investment and tax, FAR as a ratio, tce/亩 and t/亩 for energy and emissions. */
  contracted: Partial<Record<AgreementIndicator, number>>;
  completed: Day | null;
  full_output: Day | null;
  /** Values recorded at the check; an indicator left out is taken from the 亩均 data when it can be. */
  achieved: Partial<Record<AgreementIndicator, number>>;
  sample?: boolean;
}
