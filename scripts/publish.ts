// Publishing the workspace's parcel status edits (issue 14, "Publishing"): the served data (public/ and internal/)
// is rebuilt from the county's sources with every live edit applied — by build-data, so the swap is atomic and the
// rules, the low-efficiency verdicts and the public/internal split are the pipeline's own — after a preview of
// what will change, and for whom (prospects see the status, a public field; the date and reason stay internal).
//
// The live build says what it was built with: each parcel's status (internal/parcels-index.json) and the edits it
// applied with the status the sources deliver (internal/status-edits.json). So the preview knows both what an
// edit changes and what taking one back (deleting it in the workspace) returns the parcel to.
import { createReadStream, existsSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { JSONParser } from '@streamparser/json';
import { readAllFgb } from '../src/lib/data/fgb-read.ts';
import { PUBLIC_PARCEL_FIELDS, type ParcelStatus } from '../src/lib/data/schema.ts';
import { parsePolicy } from '../src/lib/rules/policy.ts';
import type { PublishChange, PublishPreview, PublishResult } from '../src/lib/workspace/parcel-status.ts';
import { buildData, DEFAULT_MAX_LOSS, STATUS_EDITS_FILE, type AppliedStatusEdit, type BuildReport, type StatusEditInput } from './build-data.ts';
import { readJsonFile } from './pipeline/files.ts';
import { PATHS } from './paths.ts';

export type { PublishChange, PublishPreview, PublishResult, StatusEditInput };

/** Whether prospects see a parcel's status (it is in the public whitelist), so whether a status change is public. */
const STATUS_IS_PUBLIC = (PUBLIC_PARCEL_FIELDS as readonly string[]).includes('status');

const byId = (a: { parcel_id: string }, b: { parcel_id: string }): number => (a.parcel_id < b.parcel_id ? -1 : a.parcel_id > b.parcel_id ? 1 : 0);

/**
 * The status of each of `ids` in the live build: streamed from internal/parcels-index.json (a county's index is not
 * held); a build made before the index carried `status` is read from internal/parcels.fgb instead. Ids the build
 * does not have are absent from the answer.
 */
export async function liveStatuses(dataDir: string, ids: ReadonlySet<string>): Promise<Map<string, ParcelStatus>> {
  const out = new Map<string, ParcelStatus>();
  const index = join(dataDir, 'internal', 'parcels-index.json');
  if (!existsSync(index)) return out;
  let withoutStatus = false;
  const parser = new JSONParser({ paths: ['$.*'], keepStack: false });
  parser.onValue = ({ value }) => {
    const e = value as { id?: unknown; status?: unknown } | null;
    if (typeof e !== 'object' || e === null) return;
    const id = String(e.id);
    if (!ids.has(id)) return;
    if (typeof e.status === 'string') out.set(id, e.status as ParcelStatus);
    else withoutStatus = true;
  };
  for await (const chunk of createReadStream(index, { highWaterMark: 1 << 20 })) parser.write(chunk as Buffer);
  if (!withoutStatus) return out;
  out.clear();
  const fgb = join(dataDir, 'internal', 'parcels.fgb');
  for (const f of readAllFgb(new Uint8Array(await readFile(fgb)))) {
    const p = f.properties as { id?: unknown; status?: unknown };
    if (ids.has(String(p.id)) && typeof p.status === 'string') out.set(String(p.id), p.status as ParcelStatus);
  }
  return out;
}

/** The edits the live build applied (internal/status-edits.json), by parcel id; none before the first publish. */
export async function appliedEdits(dataDir: string): Promise<Map<string, AppliedStatusEdit>> {
  const path = join(dataDir, 'internal', STATUS_EDITS_FILE);
  if (!existsSync(path)) return new Map();
  const raw = JSON.parse(await readFile(path, 'utf8')) as { edits?: AppliedStatusEdit[] };
  return new Map((raw.edits ?? []).map((e) => [e.parcel_id, e]));
}

/** The live build's release id (the name of the folder public/data points at), or null without a build. */
async function liveRelease(dataDir: string): Promise<string | null> {
  if (!existsSync(join(dataDir, 'internal', 'manifest.json'))) return null;
  try {
    const m = JSON.parse(await readFile(join(dataDir, 'internal', 'manifest.json'), 'utf8')) as { release?: unknown };
    return typeof m.release === 'string' ? m.release : basename(await realpath(dataDir));
  } catch {
    return basename(await realpath(dataDir));
  }
}

/**
 * What publishing `edits` now would change, against the live build in `dataDir`, parcel by parcel (sorted by id),
 * only where something changes: a status (public), or only the edit's date or reason (internal). An edit the live
 * build already has changes nothing; an edit the build applied that is no longer among `edits` (taken back) returns
 * the parcel to its delivered status. Edits naming no parcel of the live build are listed in `unknown`.
 */
export async function previewPublish(dataDir: string, edits: ReadonlyMap<string, StatusEditInput>): Promise<PublishPreview> {
  const applied = await appliedEdits(dataDir);
  const live = await liveStatuses(dataDir, new Set([...edits.keys(), ...applied.keys()]));
  const changes: PublishChange[] = [];
  const unknown: string[] = [];
  for (const [parcel_id, e] of edits) {
    const from = live.get(parcel_id);
    if (from === undefined) {
      unknown.push(parcel_id);
      continue;
    }
    const before = applied.get(parcel_id);
    const statusChanges = from !== e.status;
    const recordChanges = !before || before.status !== e.status || before.date !== e.date || before.reason !== e.reason;
    if (statusChanges || recordChanges) changes.push({ parcel_id, from, to: e.status, date: e.date, reason: e.reason, public: STATUS_IS_PUBLIC && statusChanges });
  }
  for (const [parcel_id, before] of applied) {
    if (edits.has(parcel_id)) continue;
    const from = live.get(parcel_id);
    if (from === undefined) continue; // the parcel left the data: nothing of it to change
    changes.push({ parcel_id, from, to: before.source_status, date: null, reason: null, public: STATUS_IS_PUBLIC && from !== before.source_status });
  }
  return { release: await liveRelease(dataDir), changes: changes.sort(byId), unknown: unknown.sort(), running: null };
}

export interface PublishOptions {
  /** The served data folder (default public/data). */
  dataDir?: string;
  /** The county's source folder (default the sample county, data/sample). */
  sourceDir?: string;
  /** Default data/policy/ninghai-2021-2025.json, as build-data. */
  policyFile?: string;
  /** The build store (default build-data's for dataDir). */
  store?: string;
  edits: ReadonlyMap<string, StatusEditInput>;
  maxLoss?: number;
  log?: (line: string) => void;
}

/**
 * Rebuilds the served data from the sources with `edits` applied (build-data: atomic, one build at a time per
 * store, refused with the previous data kept on any problem) and returns the summary with the preview taken
 * just before, i.e. what changed.
 */
export async function publish(opts: PublishOptions): Promise<{ result: PublishResult; report: BuildReport }> {
  const dataDir = opts.dataDir ?? PATHS.dataDir;
  const policyFile = opts.policyFile ?? PATHS.policy;
  const preview = await previewPublish(dataDir, opts.edits);
  const report = await buildData({
    src: opts.sourceDir ?? PATHS.sampleDir,
    out: dataDir,
    policy: parsePolicy(await readJsonFile(policyFile), policyFile),
    ...(opts.store !== undefined ? { store: opts.store } : {}),
    maxLoss: opts.maxLoss ?? DEFAULT_MAX_LOSS,
    statusEdits: opts.edits,
    ...(opts.log ? { log: opts.log } : {}),
  });
  const edits = report.edits ?? { applied: 0, unknown: [] };
  return {
    report,
    result: {
      release: report.release,
      parcels: report.layers['parcels']?.accepted ?? 0,
      edits,
      rejected: report.rejected,
      warnings: report.warnings.length,
      changes: preview.changes.filter((c) => !edits.unknown.includes(c.parcel_id)),
    },
  };
}

/** The edits as build-data takes them, from the workspace's live records. */
export function editsOf(records: readonly { data: { parcel_id: string } & StatusEditInput }[]): Map<string, StatusEditInput> {
  return new Map(records.map((r) => [r.data.parcel_id, { status: r.data.status, date: r.data.date, reason: r.data.reason }]));
}
