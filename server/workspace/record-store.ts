// Shared records with versions, soft deletion and an audit log (issue 14, "nothing lost under concurrency"). Every
// change names the version it was based on; a change based on an old version is refused with the record as it now
// is (the API answers 409 with it, so the user can merge). Each change and its audit entry are one transaction, the
// row locked while it is read and written, so two simultaneous edits of the same version cannot both succeed.
import type { Kysely, Selectable, Transaction } from 'kysely';
import { REGISTER_FILES, type RegisterKind, type RegisterTypes } from '../../src/lib/campaign/files.ts';
import { demandParser } from '../../src/lib/data/records.ts';
import type { PropsResult } from '../../src/lib/data/props.ts';
import type { Demand } from '../../src/lib/data/schema.ts';
import { IMPORTED_LAYER_KIND, parseSharedLayer, type SharedLayer } from '../../src/lib/import/kept-layer-parse.ts';
import { PARCEL_STATUS_KIND, parseParcelStatus, type ParcelStatusEdit } from '../../src/lib/workspace/parcel-status.ts';
import type { AuditEntry, StoredRecord } from '../../src/lib/workspace/records.ts';
import type { AuditTable, RecordsTable, WorkspaceDb } from './schema.ts';

/** A kind of shared record: how its data is validated and where its id is. */
export interface RecordKind<T> {
  kind: string;
  parse: (raw: unknown) => PropsResult<T>;
  idOf: (t: T) => string;
  /**
   * What the audit log keeps of a version (default: all of it). A kind whose records are never edited may leave out
   * what its record row keeps anyway, deleted or not: an imported layer's features (megabytes) are in its row.
   */
  auditData?: (t: T) => unknown;
}

const auditOf = <T>(k: RecordKind<T>, data: T): unknown => (k.auditData ? k.auditData(data) : data);

export const DEMANDS: RecordKind<Demand> = { kind: 'demand', parse: demandParser(), idOf: (d) => d.id };
/** A parcel's status edit: one per parcel (id = parcel id); deleting it means "back to the delivered status". */
export const PARCEL_STATUS: RecordKind<ParcelStatusEdit> = { kind: PARCEL_STATUS_KIND, parse: parseParcelStatus, idOf: (e) => e.parcel_id };

/** A layer imported in the app (issue 13), shared with the workspace (id = the layer id, imp-…); visibility stays per browser. */
export const IMPORTED_LAYER: RecordKind<SharedLayer> = {
  kind: IMPORTED_LAYER_KIND,
  parse: parseSharedLayer,
  idOf: (l) => l.id,
  // Created and removed, never edited: the row keeps the features through a soft delete, the audit the rest.
  auditData: ({ features: _features, ...rest }) => rest,
};

// The campaign's registers (issue 15). Parsed without the data build's ids: the API checks the parcels a record names
// against the current build (ApiOptions.parcelExists), so a rebuild never makes a stored record unreadable.
/** A register's kind: its parser and id from the one table of registers (src/lib/campaign/files.ts). */
function registerKind<K extends RegisterKind>(kind: K): RecordKind<RegisterTypes[K]> {
  const spec = REGISTER_FILES[kind];
  return { kind, parse: spec.parse, idOf: spec.idOf };
}
/** 整治清单: one case of the 高耗低效整治企业清单 (id = the case id). */
export const CASES = registerKind('case');
/** 项目全周期: one project with its dated nodes (id = the project id). */
export const PROJECTS = registerKind('project');
/** 一区块一方案: the plan of one low-efficiency block (id = the block id: one plan per block). */
export const BLOCK_PLANS = registerKind('block_plan');
/** 小微企业园 (id = the park id). */
export const SMALL_PARKS = registerKind('small_park');
/** 标准地 投资监管协议: one per parcel (id = the parcel id). */
export const STANDARD_LAND = registerKind('standard_land');
/** Every register's kind, by its name. */
export const REGISTER_RECORD_KINDS: { [K in RegisterKind]: RecordKind<RegisterTypes[K]> } = {
  case: CASES,
  project: PROJECTS,
  block_plan: BLOCK_PLANS,
  small_park: SMALL_PARKS,
  standard_land: STANDARD_LAND,
};

export type { AuditEntry, StoredRecord };

/** The change was based on another version than the record's: `current` is the record as it is now. */
export class ConflictError<T> extends Error {
  override name = 'ConflictError';
  constructor(
    readonly current: StoredRecord<T>,
    message: string,
  ) {
    super(message);
  }
}
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}
/** The data does not pass the kind's validation: the reason names the field. */
export class InvalidRecordError extends Error {
  override name = 'InvalidRecordError';
}

const iso = (d: Date | string): string => (d instanceof Date ? d : new Date(d)).toISOString();

function stored<T>(row: Selectable<RecordsTable>): StoredRecord<T> {
  return {
    kind: row.kind,
    id: row.id,
    data: row.data as T,
    version: row.version,
    deleted: row.deleted_at !== null,
    created_at: iso(row.created_at),
    created_by: row.created_by,
    updated_at: iso(row.updated_at),
    updated_by: row.updated_by,
  };
}

export class RecordStore {
  constructor(
    private readonly db: Kysely<WorkspaceDb>,
    /** The clock (tests fix it). */
    private readonly now: () => Date = () => new Date(),
  ) {}

  private validate<T>(k: RecordKind<T>, raw: unknown): T {
    const r = k.parse(raw);
    if (!r.ok) throw new InvalidRecordError(`${k.kind}: ${r.reason}`);
    return r.value;
  }

  async list<T>(k: RecordKind<T>, opts: { includeDeleted?: boolean } = {}): Promise<StoredRecord<T>[]> {
    let q = this.db.selectFrom('records').selectAll().where('kind', '=', k.kind);
    if (!opts.includeDeleted) q = q.where('deleted_at', 'is', null);
    return (await q.orderBy('id').execute()).map((r) => stored<T>(r));
  }

  async get<T>(k: RecordKind<T>, id: string): Promise<StoredRecord<T> | null> {
    const row = await this.db.selectFrom('records').selectAll().where('kind', '=', k.kind).where('id', '=', id).executeTakeFirst();
    return row ? stored<T>(row) : null;
  }

  async create<T>(k: RecordKind<T>, raw: unknown, actor: string): Promise<StoredRecord<T>> {
    const data = this.validate(k, raw);
    const id = k.idOf(data);
    return this.db.transaction().execute(async (tx) => {
      const existing = await locked(tx, k.kind, id);
      if (existing) throw new ConflictError(stored<T>(existing), `${k.kind} ${id} exists already (version ${existing.version}${existing.deleted_at ? ', deleted: restore it instead' : ''})`);
      return insertNew(tx, k, id, data, actor, this.now());
    });
  }

  /**
   * Creates the record or, when it exists deleted, brings it back holding `raw` (the next version, audited as a
   * create): for kinds where a deleted record means "none" — a parcel whose status edit was taken back gets a new
   * one without restoring the old first. A live record is a conflict (its version is the one to edit).
   */
  async createOrRevive<T>(k: RecordKind<T>, raw: unknown, actor: string): Promise<StoredRecord<T>> {
    const data = this.validate(k, raw);
    const id = k.idOf(data);
    try {
      return await this.createOrReviveIn(k, id, data, actor);
    } catch (e) {
      // Two first edits at once (PostgreSQL): both found no row to lock, the second insert hit the key. The loser
      // gets the winner's record, as for any conflict.
      if (isUniqueViolation(e)) {
        const now = await this.get<T>(k, id);
        if (now) throw new ConflictError(now, `${k.kind} ${id} was created meanwhile by ${now.updated_by} (version ${now.version}): edit that version`);
      }
      throw e;
    }
  }

  private createOrReviveIn<T>(k: RecordKind<T>, id: string, data: T, actor: string): Promise<StoredRecord<T>> {
    return this.db.transaction().execute(async (tx) => {
      const existing = await locked(tx, k.kind, id);
      const at = this.now();
      if (!existing) return insertNew(tx, k, id, data, actor, at);
      if (!existing.deleted_at) throw new ConflictError(stored<T>(existing), `${k.kind} ${id} exists already (version ${existing.version}, by ${existing.updated_by}): edit that version`);
      const version = existing.version + 1;
      const row = await tx
        .updateTable('records')
        .set({ data: JSON.stringify(data), deleted_at: null, version, updated_at: at, updated_by: actor })
        .where('kind', '=', k.kind)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(tx, k.kind, id, 'create', actor, at, version, null, auditOf(k, data));
      return stored<T>(row);
    });
  }

  /**
   * Creates `items` in one transaction if this kind has never had a record (no audit entry): the workspace's first
   * list comes from the county's delivered file, once; after that the workspace is the list, and a record deleted
   * there stays deleted. Returns how many were created (0 when the kind was seeded or edited before). Items must
   * be valid: the pipeline has checked them, so an invalid one is a bug and aborts the whole seed.
   */
  async seedOnce<T>(k: RecordKind<T>, items: readonly unknown[], actor: string): Promise<number> {
    const data = items.map((raw) => this.validate(k, raw));
    if (data.length === 0) return 0;
    const ids = new Set<string>();
    for (const d of data) {
      if (ids.has(k.idOf(d))) throw new InvalidRecordError(`${k.kind}: id ${k.idOf(d)} appears twice in the list to seed`);
      ids.add(k.idOf(d));
    }
    // Two servers starting at once on one PostgreSQL database can both find the kind empty; the loser's insert hits
    // the primary key and its whole transaction rolls back: the other one seeded, which is all that was wanted.
    return this.seedTransaction(k, data, actor).catch((e: unknown) => {
      if (isUniqueViolation(e)) return 0;
      throw e;
    });
  }

  private seedTransaction<T>(k: RecordKind<T>, data: T[], actor: string): Promise<number> {
    return this.db.transaction().execute(async (tx) => {
      if (await tx.selectFrom('audit').select('seq').where('kind', '=', k.kind).limit(1).executeTakeFirst()) return 0;
      const at = this.now();
      await tx
        .insertInto('records')
        .values(data.map((d) => ({ kind: k.kind, id: k.idOf(d), data: JSON.stringify(d), version: 1, deleted_at: null, created_at: at, created_by: actor, updated_at: at, updated_by: actor })))
        .execute();
      for (const d of data) await audit(tx, k.kind, k.idOf(d), 'create', actor, at, 1, null, auditOf(k, d));
      return data.length;
    });
  }

  /** Replaces the record's data; `baseVersion` is the version the edit started from. */
  async update<T>(k: RecordKind<T>, id: string, raw: unknown, baseVersion: number, actor: string): Promise<StoredRecord<T>> {
    const data = this.validate(k, raw);
    if (k.idOf(data) !== id) throw new InvalidRecordError(`${k.kind}: the id cannot change (${id} → ${k.idOf(data)}); create a new record instead`);
    return this.change(k, id, baseVersion, actor, 'update', (row) => {
      if (row.deleted_at) throw new ConflictError(stored<T>(row), `${k.kind} ${id} was deleted by ${row.updated_by}; restore it first`);
      return { data, deleted_at: null };
    });
  }

  async remove<T>(k: RecordKind<T>, id: string, baseVersion: number, actor: string): Promise<StoredRecord<T>> {
    return this.change(k, id, baseVersion, actor, 'delete', (row, at) => {
      if (row.deleted_at) throw new ConflictError(stored<T>(row), `${k.kind} ${id} is deleted already`);
      return { data: row.data as T, deleted_at: at };
    });
  }

  async restore<T>(k: RecordKind<T>, id: string, baseVersion: number, actor: string): Promise<StoredRecord<T>> {
    return this.change(k, id, baseVersion, actor, 'restore', (row) => {
      if (!row.deleted_at) throw new ConflictError(stored<T>(row), `${k.kind} ${id} is not deleted`);
      return { data: row.data as T, deleted_at: null };
    });
  }

  private async change<T>(
    k: RecordKind<T>,
    id: string,
    baseVersion: number,
    actor: string,
    action: AuditTable['action'],
    next: (row: Selectable<RecordsTable>, at: Date) => { data: T; deleted_at: Date | null },
  ): Promise<StoredRecord<T>> {
    return this.db.transaction().execute(async (tx) => {
      const row = await locked(tx, k.kind, id);
      if (!row) throw new NotFoundError(`${k.kind} ${id} does not exist`);
      if (row.version !== baseVersion) {
        throw new ConflictError(stored<T>(row), `${k.kind} ${id} is at version ${row.version} (changed by ${row.updated_by} at ${iso(row.updated_at)}), not ${baseVersion}`);
      }
      const at = this.now();
      const n = next(row, at);
      const version = row.version + 1;
      const updated = await tx
        .updateTable('records')
        // A delete or restore keeps the data as it is: not written again (an imported layer's is megabytes).
        .set({ ...(n.data === row.data ? {} : { data: JSON.stringify(n.data) }), deleted_at: n.deleted_at, version, updated_at: at, updated_by: actor })
        .where('kind', '=', k.kind)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(tx, k.kind, id, action, actor, at, version, auditOf(k, row.data as T), action === 'delete' ? null : auditOf(k, n.data));
      return stored<T>(updated);
    });
  }

  /** The record's changes, oldest first: who, when, before, after. */
  async history(kind: string, id: string): Promise<AuditEntry[]> {
    const rows = await this.db.selectFrom('audit').selectAll().where('kind', '=', kind).where('record_id', '=', id).orderBy('seq').execute();
    return rows.map(auditEntry);
  }

  /** Every change after audit entry `seq` (what a client polling for colleagues' changes asks for). */
  async changesSince(seq: number): Promise<AuditEntry[]> {
    const rows = await this.db.selectFrom('audit').selectAll().where('seq', '>', String(seq)).orderBy('seq').execute();
    return rows.map(auditEntry);
  }
}

/** A new record at version 1, and its audit entry (in the caller's transaction). */
async function insertNew<T>(tx: Transaction<WorkspaceDb>, k: RecordKind<T>, id: string, data: T, actor: string, at: Date): Promise<StoredRecord<T>> {
  // Everything but the data comes back (the data is what was just written: not read back, it may be megabytes).
  const row = await tx
    .insertInto('records')
    .values({ kind: k.kind, id, data: JSON.stringify(data), version: 1, deleted_at: null, created_at: at, created_by: actor, updated_at: at, updated_by: actor })
    .returning(['kind', 'id', 'version', 'deleted_at', 'created_at', 'created_by', 'updated_at', 'updated_by'])
    .executeTakeFirstOrThrow();
  await audit(tx, k.kind, id, 'create', actor, at, 1, null, auditOf(k, data));
  return stored<T>({ ...row, data: JSON.parse(JSON.stringify(data)) as Selectable<RecordsTable>['data'] });
}

/** PostgreSQL's unique_violation (23505), from pg or PGlite. */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';
}

function auditEntry(r: Selectable<AuditTable>): AuditEntry {
  return { seq: Number(r.seq), kind: r.kind, record_id: r.record_id, action: r.action, actor: r.actor, at: iso(r.at), version: r.version, before: r.before, after: r.after };
}

/** The record's row, locked until the transaction ends (PostgreSQL: SELECT … FOR UPDATE; PGlite has one writer). */
function locked(tx: Transaction<WorkspaceDb>, kind: string, id: string): Promise<Selectable<RecordsTable> | undefined> {
  return tx.selectFrom('records').selectAll().where('kind', '=', kind).where('id', '=', id).forUpdate().executeTakeFirst();
}

async function audit(tx: Transaction<WorkspaceDb>, kind: string, id: string, action: AuditTable['action'], actor: string, at: Date, version: number, before: unknown, after: unknown): Promise<void> {
  await tx
    .insertInto('audit')
    .values({ kind, record_id: id, action, actor, at, version, before: before === null ? null : JSON.stringify(before), after: after === null ? null : JSON.stringify(after) })
    .execute();
}
