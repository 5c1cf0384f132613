// The batch check behind the findings view: every parcel through existingParcelCheck (the same function as the
// card), keeping the verdicts a planner acts on (fail, warn), in chunks so the caller (a Web Worker) can post
// progress and take a cancel between chunks. Pure: no DOM, no worker API.
import type { BBox } from '../data/fgb-read.ts';
import type { AreaGeometry } from '../data/schema.ts';
import { bboxOf } from '../geo/shape.ts';
import type { RuleLayers } from '../rules/check.ts';
import type { RuleLayersFor, RuleSource, RuleTileStats } from '../rules/rule-tiles.ts';
import type { FindingStatus } from '../rules/finding.ts';
import { existingParcelCheck, type ExistingParcel } from '../rules/parcel-findings.ts';
import type { Policy } from '../rules/policy.ts';

export interface BatchParcel {
  geometry: AreaGeometry;
  props: ExistingParcel;
}

/**
 * What the batch check reads: the parcels already in memory (the county was read for another panel), or the parcels
 * file to stream (`url`, `total` as the manifest counts them), so neither the page nor the worker holds the county
 * while checking it (issue 16).
 */
export type BatchSource = { kind: 'parcels'; parcels: BatchParcel[] } | { kind: 'stream'; url: string; total: number };

export interface BatchRequest {
  type: 'run';
  runId: number;
  source: BatchSource;
  /** The zones and control lines: whole, or files the worker reads tile by tile as the parcels come (RuleTiles). */
  rules: RuleSource;
  policy: Policy;
  /** Post progress after every this many parcels. */
  every: number;
}

/** runBatch's input: the parcels in order (an array, or a stream of them) and how many are expected. */
export interface BatchInput {
  parcels: Iterable<BatchParcel> | AsyncIterable<BatchParcel>;
  /** The expected count, for progress (the real count wins if it differs). */
  total: number;
  /** The same whole layers for every parcel, or those read for its box (RuleTiles). */
  rules: RuleLayersFor;
  policy: Policy;
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
  | { type: 'done'; runId: number; total: number; results: ParcelIssues[]; ms: number; ruleTiles: RuleTileStats | null }
  | { type: 'error'; runId: number; message: string };

/** Parcel-level issues of one parcel; a parcel whose check throws is reported as a 'check' failure, not lost. */
function issuesOf(p: BatchParcel, layers: RuleLayers, policy: Policy): ParcelIssues {
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

/** The layers for the parcel's box; none (a 'check' failure follows) when it has no geometry to box. */
async function layersNear(rules: { near(box: BBox): Promise<RuleLayers> }, p: BatchParcel): Promise<RuleLayers> {
  if (!p.geometry) return { zones: [], controlLines: [] };
  return rules.near(bboxOf(p.geometry));
}

export interface RunOptions {
  every: number;
  onProgress(done: number, total: number): void;
  /** Awaited between chunks (the worker passes a macrotask, so a cancel message can arrive). */
  pause?: () => Promise<void>;
  /** Checked between chunks; true stops the run and returns null. */
  cancelled?: () => boolean;
}

/**
 * Checks the parcels as they come, keeping only those with an issue. Progress after every `every` parcels and once
 * at the end; between chunks the run pauses (so a cancel can arrive) and stops if cancelled, returning null.
 */
export async function runBatch(req: BatchInput, opts: RunOptions): Promise<ParcelIssues[] | null> {
  const rules = req.rules;
  const every = Math.max(1, Math.floor(opts.every));
  const out: ParcelIssues[] = [];
  let done = 0;
  if (opts.cancelled?.()) return null;
  for await (const p of req.parcels) {
    const r = issuesOf(p, 'near' in rules ? await layersNear(rules, p) : rules, req.policy);
    if (r.issues.length) out.push(r);
    done++;
    if (done % every === 0 && done < req.total) {
      opts.onProgress(done, req.total);
      if (opts.pause) await opts.pause();
      if (opts.cancelled?.()) return null;
    }
  }
  opts.onProgress(done, done);
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
