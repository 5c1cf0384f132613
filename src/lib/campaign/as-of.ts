// The registers as they stood on a day (issue 15 item 5): a case counts from its first step, is closed from its end
// step; a project exists from its first done node and is at the stage of its latest done node; a block is renovated
// once its last milestone (验收) is done. Everything the year control shows is derived from these, so a case closed
// in 2023 counts in 2023 and after, never before.
import type { LowEfficiencyBlockProps } from '../data/schema.ts';
import { stageOfNodes } from './parse.ts';
import { CASE_END_STAGES, type BlockPlan, type CampaignCase, type CampaignProject, type Day } from './types.ts';

/** The year control: a campaign year (its last day) or now (today). */
export type YearChoice = number | 'now';
/** The years the control offers (the plan's 2021—2025). */
export const CONTROL_YEARS = [2021, 2022, 2023, 2024, 2025] as const;

/** The day a choice stands for: 31 December of the year — or today, when that is earlier — and today for now. */
export function dayOf(choice: YearChoice, today: Day): Day {
  if (choice === 'now') return today;
  const end = `${choice}-12-31`;
  return end < today ? end : today;
}

/** The case as it stood on `day`; null when it was not on the list yet. */
export function caseAsOf<C extends CampaignCase>(c: C, day: Day): C | null {
  const steps = c.steps.filter((s) => s.date <= day);
  const first = steps[0];
  const last = steps[steps.length - 1];
  if (!first || !last) return null;
  const closed = CASE_END_STAGES.includes(last.stage);
  return {
    ...c,
    steps,
    stage: last.stage,
    status: closed ? 'closed' : 'open',
    opened_year: Number(first.date.slice(0, 4)),
    closed_year: closed ? Number(last.date.slice(0, 4)) : null,
    // What closing yielded is known only once it closed.
    outcome: closed ? c.outcome : null,
    energy_freed_tce: closed ? c.energy_freed_tce : null,
    co2_cut_t: closed ? c.co2_cut_t : null,
  };
}

/**
 * The project as it stood on `day`: null when its first done node is later (not signed yet); a project without any
 * done node is a project being attracted and stays as it is; one without nodes at all (a delivered file of stages
 * only) cannot be dated and keeps its stage.
 */
export function projectAsOf<P extends CampaignProject>(p: P, day: Day): P | null {
  const done = p.nodes.filter((n) => n.actual !== null);
  if (done.length === 0) return p;
  const stage = stageOfNodes(p.nodes, day);
  if (stage === null) return null;
  return { ...p, stage, nodes: p.nodes.map((n) => (n.actual !== null && n.actual > day ? { ...n, actual: null } : n)) };
}

export interface BlockProgress {
  block_id: string;
  done: number;
  total: number;
  /** done / total. */
  share: number;
  status: LowEfficiencyBlockProps['renovation_status'];
  /** The acceptance day, when done by then. */
  renovated_on: Day | null;
}

/** How far a block's plan had come on `day`: milestones done, renovated when the last one (验收) is. */
export function blockProgress(plan: BlockPlan, day: Day): BlockProgress {
  const done = plan.milestones.filter((m) => m.actual !== null && m.actual <= day).length;
  const last = plan.milestones[plan.milestones.length - 1]!;
  const renovated = last.actual !== null && last.actual <= day;
  return {
    block_id: plan.block_id,
    done,
    total: plan.milestones.length,
    share: plan.milestones.length ? done / plan.milestones.length : 0,
    status: renovated ? 'done' : done > 0 ? 'in_progress' : 'planned',
    renovated_on: renovated ? last.actual : null,
  };
}

/**
 * The blocks as they stood on `day`: a block with a plan takes its status from the plan; one without keeps the
 * delivered status, counted done only from its renovation year on.
 */
export type DatedBlock = Pick<LowEfficiencyBlockProps, 'id' | 'renovation_status' | 'renovation_year'>;
export function blocksAsOf<B extends DatedBlock>(blocks: readonly B[], plans: readonly BlockPlan[], day: Day): B[] {
  const byId = new Map(plans.map((p) => [p.block_id, p]));
  const year = Number(day.slice(0, 4));
  return blocks.map((b) => {
    const plan = byId.get(b.id);
    if (plan) return { ...b, renovation_status: blockProgress(plan, day).status };
    if (b.renovation_status === 'done' && b.renovation_year > year) return { ...b, renovation_status: 'in_progress' };
    return b;
  });
}
