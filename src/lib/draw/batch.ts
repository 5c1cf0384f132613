// The batch check behind the findings view: every parcel through existingParcelCheck (the same function as the
// card), keeping the verdicts a planner acts on (fail, warn), in chunks so the caller (a Web Worker) can post
// progress and take a cancel between chunks. Pure: no DOM, no worker API.
import type { AreaGeometry, ControlLineProps, Feature, ZoneProps } from '../data/schema.ts';
import { buildRuleLayers } from '../rules/check.ts';
import type { FindingStatus } from '../rules/finding.ts';
import { existingParcelCheck, type ExistingParcel } from '../rules/parcel-findings.ts';
import type { Policy } from '../rules/policy.ts';

export interface BatchParcel {
  geometry: AreaGeometry;
  props: ExistingParcel;
}

export interface BatchRequest {
  type: 'run';
  runId: number;
  parcels: BatchParcel[];
  zones: Feature<AreaGeometry, ZoneProps>[];
  controlLines: Feature<AreaGeometry, ControlLineProps>[];
  policy: Policy;
  /** Post progress after every this many parcels. */
  every: number;
}

export interface BatchIssue {
  rule: string;
  status: Extract<FindingStatus, 'fail' | 'warn'>;
  message: { zh: string; en: string };
}

export interface ParcelIssues {
  id: string;
  issues: BatchIssue[];
}

export type BatchReply =
  | { type: 'progress'; runId: number; done: number; total: number }
  | { type: 'done'; runId: number; total: number; results: ParcelIssues[]; ms: number }
  | { type: 'error'; runId: number; message: string };

/** Parcel-level issues of one parcel; a parcel whose check throws is reported as a 'check' failure, not lost. */
function issuesOf(p: BatchParcel, layers: ReturnType<typeof buildRuleLayers>, policy: Policy): ParcelIssues {
  try {
    const c = existingParcelCheck(p.props, p.geometry, layers, policy);
    const issues: BatchIssue[] = [];
    for (const f of c.findings) {
      if (f.status === 'fail' || f.status === 'warn') issues.push({ rule: f.rule, status: f.status, message: f.message });
    }
    return { id: p.props.id, issues };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return { id: p.props.id, issues: [{ rule: 'check', status: 'fail', message: { zh: `检查出错：${msg}`, en: `Check failed: ${msg}` } }] };
  }
}

export interface RunOptions {
  every: number;
  onProgress(done: number, total: number): void;
  /** Awaited between chunks (the worker passes a macrotask, so a cancel message can arrive). */
  pause?: () => Promise<void>;
  /** Checked between chunks; true stops the run and returns null. */
  cancelled?: () => boolean;
}

export async function runBatch(req: Omit<BatchRequest, 'type' | 'runId' | 'every'>, opts: RunOptions): Promise<ParcelIssues[] | null> {
  const layers = buildRuleLayers(req.zones, req.controlLines);
  const total = req.parcels.length;
  const every = Math.max(1, Math.floor(opts.every));
  const out: ParcelIssues[] = [];
  for (let i = 0; i < total; i += every) {
    if (opts.cancelled?.()) return null;
    const end = Math.min(total, i + every);
    for (let k = i; k < end; k++) {
      const r = issuesOf(req.parcels[k] as BatchParcel, layers, req.policy);
      if (r.issues.length) out.push(r);
    }
    opts.onProgress(end, total);
    if (end < total && opts.pause) await opts.pause();
  }
  return out;
}

export interface RuleCount {
  rule: string;
  fail: number;
  warn: number;
}

/** Parcels per rule and status, rules with the most failures first (then by id, for a stable order). */
export function countByRule(results: readonly ParcelIssues[]): RuleCount[] {
  const m = new Map<string, RuleCount>();
  for (const r of results) {
    for (const i of r.issues) {
      let c = m.get(i.rule);
      if (!c) m.set(i.rule, (c = { rule: i.rule, fail: 0, warn: 0 }));
      c[i.status]++;
    }
  }
  return [...m.values()].sort((a, b) => b.fail - a.fail || b.warn - a.warn || a.rule.localeCompare(b.rule));
}

export interface RuleRow {
  id: string;
  status: BatchIssue['status'];
  message: { zh: string; en: string };
}

/** Parcels with an issue under `rule`: failures first, then warnings, each by parcel id. */
export function rowsForRule(results: readonly ParcelIssues[], rule: string): RuleRow[] {
  const rows: RuleRow[] = [];
  for (const r of results) {
    for (const i of r.issues) if (i.rule === rule) rows.push({ id: r.id, status: i.status, message: i.message });
  }
  return rows.sort((a, b) => (a.status === b.status ? a.id.localeCompare(b.id) : a.status === 'fail' ? -1 : 1));
}
