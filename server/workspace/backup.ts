// The whole workspace — records, their audit log, users — as one JSON document, and back. A restore goes into an
// empty workspace only (never merged into a live one), keeps every audit sequence number, and moves the sequence on,
// so the restored workspace is the dumped one exactly and goes on from where it stopped.
import { sql, type Kysely } from 'kysely';
import { MIGRATION_NAMES } from './migrations.ts';
import type { WorkspaceDb } from './schema.ts';

export const BACKUP_FORMAT = 'tenglong-workspace';

export interface WorkspaceDump {
  format: typeof BACKUP_FORMAT;
  /** The migrations the dumped schema had: a restore needs the same ones. */
  migrations: string[];
  records: { kind: string; id: string; data: unknown; version: number; deleted_at: string | null; created_at: string; created_by: string; updated_at: string; updated_by: string }[];
  audit: { seq: number; kind: string; record_id: string; action: string; actor: string; at: string; version: number; before: unknown; after: unknown }[];
  users: { name: string; role: string; password_hash: string; created_at: string; disabled: boolean }[];
}

export class BackupError extends Error {
  override name = 'BackupError';
}

const iso = (d: Date | string): string => (d instanceof Date ? d : new Date(d)).toISOString();

export async function dumpWorkspace(db: Kysely<WorkspaceDb>): Promise<WorkspaceDump> {
  // One transaction: a dump taken while colleagues edit is still one consistent moment.
  return db.transaction().execute(async (tx) => {
    const records = await tx.selectFrom('records').selectAll().orderBy('kind').orderBy('id').execute();
    const audit = await tx.selectFrom('audit').selectAll().orderBy('seq').execute();
    const users = await tx.selectFrom('users').selectAll().orderBy('name').execute();
    return {
      format: BACKUP_FORMAT,
      migrations: MIGRATION_NAMES,
      records: records.map((r) => ({ ...r, data: r.data, deleted_at: r.deleted_at ? iso(r.deleted_at) : null, created_at: iso(r.created_at), updated_at: iso(r.updated_at) })),
      audit: audit.map((a) => ({ ...a, seq: Number(a.seq), at: iso(a.at) })),
      users: users.map((u) => ({ ...u, created_at: iso(u.created_at) })),
    };
  });
}

/** Checks a parsed backup file's shape, naming the first thing wrong. */
export function parseDump(raw: unknown, file: string): WorkspaceDump {
  const o = raw as Partial<WorkspaceDump> | null;
  if (!o || typeof o !== 'object' || o.format !== BACKUP_FORMAT) throw new BackupError(`${file}: not a workspace backup (no "format": "${BACKUP_FORMAT}")`);
  for (const k of ['migrations', 'records', 'audit', 'users'] as const) if (!Array.isArray(o[k])) throw new BackupError(`${file}: "${k}" is not a list`);
  const unknown = o.migrations!.filter((m) => !MIGRATION_NAMES.includes(m));
  if (unknown.length) throw new BackupError(`${file}: made by a newer version (migrations ${unknown.join(', ')} unknown here)`);
  return o as WorkspaceDump;
}

export async function restoreWorkspace(db: Kysely<WorkspaceDb>, dump: WorkspaceDump): Promise<{ records: number; audit: number; users: number }> {
  return db.transaction().execute(async (tx) => {
    for (const t of ['records', 'audit', 'users'] as const) {
      const n = await tx.selectFrom(t).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
      if (Number(n.n) > 0) throw new BackupError(`the workspace is not empty (${t}: ${n.n} rows): restore into an empty database`);
    }
    for (const r of dump.records) await tx.insertInto('records').values({ ...r, data: JSON.stringify(r.data) }).execute();
    for (const a of dump.audit) {
      await tx
        .insertInto('audit')
        .values({ ...a, seq: String(a.seq), action: a.action as 'create', before: a.before === null ? null : JSON.stringify(a.before), after: a.after === null ? null : JSON.stringify(a.after) })
        .execute();
    }
    for (const u of dump.users) await tx.insertInto('users').values({ ...u, role: u.role as 'viewer' }).execute();
    const max = dump.audit.reduce((m, a) => Math.max(m, a.seq), 0);
    // Next audit entries follow the restored ones (setval with is_called false when empty: the next is 1).
    await sql`select setval(pg_get_serial_sequence('audit', 'seq'), ${Math.max(max, 1)}, ${max > 0})`.execute(tx);
    return { records: dump.records.length, audit: dump.audit.length, users: dump.users.length };
  });
}
