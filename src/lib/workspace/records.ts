// Shared records as the workspace API sends them (issue 14), and the pure steps the app takes with them: keeping a
// local copy current from the change feed, showing what an audit entry changed, merging two people's edits field
// by field after a conflict. The server (server/workspace/record-store.ts) produces exactly these shapes.

export type AuditAction = 'create' | 'update' | 'delete' | 'restore';

export interface StoredRecord<T> {
  kind: string;
  id: string;
  data: T;
  version: number;
  deleted: boolean;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

export interface AuditEntry {
  seq: number;
  kind: string;
  record_id: string;
  action: AuditAction;
  actor: string;
  at: string;
  /** The version the change produced. */
  version: number;
  before: unknown;
  after: unknown;
}

/**
 * Applies the feed's entries of `kind` to a local copy (id → record, live records only): a create, update or
 * restore puts the entry's `after` at its version, a delete takes the record out. An entry not newer than the copy
 * held (the list was read after it) changes nothing, so reading the list and then the feed never goes backwards.
 */
export function applyChanges<T>(records: ReadonlyMap<string, StoredRecord<T>>, kind: string, changes: readonly AuditEntry[]): Map<string, StoredRecord<T>> {
  const out = new Map(records);
  for (const c of changes) {
    if (c.kind !== kind) continue;
    const held = out.get(c.record_id);
    if (held && held.version >= c.version) continue;
    if (c.action === 'delete' || c.after === null || c.after === undefined) {
      out.delete(c.record_id);
      continue;
    }
    out.set(c.record_id, {
      kind,
      id: c.record_id,
      data: c.after as T,
      version: c.version,
      deleted: false,
      created_at: held?.created_at ?? c.at,
      created_by: held?.created_by ?? c.actor,
      updated_at: c.at,
      updated_by: c.actor,
    });
  }
  return out;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** The top-level fields whose values differ between two versions of a record (in the order first seen). */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const b = asObject(before);
  const a = asObject(after);
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields.filter((f) => !sameValue(b[f], a[f])).map((field) => ({ field, before: b[field], after: a[field] }));
}

export type MergeChoice = 'mine' | 'theirs';

/**
 * After a conflict: `theirs` (the record as it now is) with, for every field the user keeps as "mine", the value
 * of their edit. A field both sides left equal needs no choice; one not named in `choices` keeps mine.
 */
export function mergeFields<T extends object>(mine: T, theirs: T, choices: Readonly<Record<string, MergeChoice>>): T {
  const out: Record<string, unknown> = { ...(theirs as Record<string, unknown>) };
  for (const { field, before: m } of fieldChanges(mine, theirs)) {
    if ((choices[field] ?? 'mine') === 'mine') {
      if (m === undefined) delete out[field];
      else out[field] = m;
    }
  }
  return out as T;
}

function asObject(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function sameValue(x: unknown, y: unknown): boolean {
  return JSON.stringify(x) === JSON.stringify(y);
}

/** A value of a record field as one line of text (numbers as they are, absent as —). */
export function fieldText(v: unknown): string {
  if (v === undefined || v === null || v === '') return '—';
  return typeof v === 'string' ? v : JSON.stringify(v);
}
