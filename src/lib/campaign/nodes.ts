// 节点精准管控 and 亮晒比 (seed 三(三)13): a node whose planned day has passed without an actual one is overdue; a node
// done on or before its planned day is on time. Projects and their responsible units are ranked by the share of
// their due nodes done on time.
import { PROJECT_NODES, type CampaignProject, type Day, type ProjectNode } from './types.ts';

export type NodeState = 'done_on_time' | 'done_late' | 'overdue' | 'pending' | 'unplanned';

/** A node's state on `day`. pending: planned later; unplanned: no planned day (done or not). */
export function nodeState(n: ProjectNode, day: Day): NodeState {
  const actual = n.actual !== null && n.actual <= day ? n.actual : null;
  if (n.planned === null) return actual !== null ? 'done_on_time' : 'unplanned';
  if (actual !== null) return actual <= n.planned ? 'done_on_time' : 'done_late';
  return n.planned < day ? 'overdue' : 'pending';
}

export function overdueNodes(p: CampaignProject, day: Day): ProjectNode[] {
  return p.nodes.filter((n) => nodeState(n, day) === 'overdue');
}

export interface NodeScore {
  /** Nodes planned on or before the day (and any done without a plan). */
  due: number;
  on_time: number;
  late: number;
  overdue: number;
  /** on_time / due; null with nothing due. */
  ratio: number | null;
}

export function nodeScore(nodes: readonly ProjectNode[], day: Day): NodeScore {
  let on_time = 0;
  let late = 0;
  let overdue = 0;
  for (const n of nodes) {
    const s = nodeState(n, day);
    if (s === 'done_on_time') on_time++;
    else if (s === 'done_late') late++;
    else if (s === 'overdue') overdue++;
  }
  const due = on_time + late + overdue;
  return { due, on_time, late, overdue, ratio: due ? on_time / due : null };
}

export interface RankedScore extends NodeScore {
  key: string;
  rank: number;
}

/** Best first: the higher on-time share, then more nodes due, then fewer overdue, then key; nothing due last. */
function rank(entries: { key: string; score: NodeScore }[]): RankedScore[] {
  const sorted = [...entries].sort(
    (a, b) =>
      (b.score.ratio ?? -1) - (a.score.ratio ?? -1) || b.score.due - a.score.due || a.score.overdue - b.score.overdue || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  return sorted.map((e, i) => ({ key: e.key, ...e.score, rank: i + 1 }));
}

/** 亮晒比 of projects: each project's nodes on `day`, ranked. */
export function rankProjects(projects: readonly CampaignProject[], day: Day): RankedScore[] {
  return rank(projects.map((p) => ({ key: p.id, score: nodeScore(p.nodes, day) })));
}

/** 亮晒比 of responsible units: the nodes of all their projects together (a project without a unit is "—"). */
export function rankUnits(projects: readonly CampaignProject[], day: Day): RankedScore[] {
  const byUnit = new Map<string, ProjectNode[]>();
  for (const p of projects) {
    const k = p.unit ?? '—';
    byUnit.set(k, [...(byUnit.get(k) ?? []), ...p.nodes]);
  }
  return rank([...byUnit.entries()].map(([key, nodes]) => ({ key, score: nodeScore(nodes, day) })));
}

/** The nodes in lifecycle order, for the Gantt-like strip of a project card. */
export function orderedNodes(p: CampaignProject): ProjectNode[] {
  return [...p.nodes].sort((a, b) => PROJECT_NODES.indexOf(a.key) - PROJECT_NODES.indexOf(b.key));
}
