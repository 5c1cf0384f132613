// Opens the workspace database: PostgreSQL when DATABASE_URL (or `url`) names one, else the embedded PGlite —
// persisted in a folder (data/workspace/ for `npm start`) or, with `memory`, for tests — and brings it to the
// current schema. Both speak PostgreSQL, so one set of migrations and queries serves both (ADR 0019).
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { releasePidLock, takePidLock } from '../../scripts/pid-lock.ts';
import { migrationProvider } from './migrations.ts';
import type { WorkspaceDb } from './schema.ts';

export type WorkspaceTarget = { kind: 'postgres'; url: string; schema?: string } | { kind: 'pglite'; dir: string | null };

export interface Workspace {
  db: Kysely<WorkspaceDb>;
  /** 'postgres' or 'pglite', for messages and benches. */
  engine: WorkspaceTarget['kind'];
  close(): Promise<void>;
}

export class WorkspaceError extends Error {
  override name = 'WorkspaceError';
}

/** Where the workspace lives: `DATABASE_URL` wins; else the PGlite folder. */
export function workspaceTarget(env: NodeJS.ProcessEnv, dir: string): WorkspaceTarget {
  const url = env['DATABASE_URL'];
  return url ? { kind: 'postgres', url } : { kind: 'pglite', dir };
}

export async function openWorkspace(target: WorkspaceTarget): Promise<Workspace> {
  let db: Kysely<WorkspaceDb>;
  let closeExtra = async (): Promise<void> => {};
  if (target.kind === 'postgres') {
    const schema = target.schema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new WorkspaceError(`schema name "${schema}" is not a plain identifier`);
    // Tests run against one shared server: each gets its own schema, set as the search path when every pooled
    // connection starts (a startup option, so no query can run before it).
    const pool = new pg.Pool({ connectionString: target.url, max: 10, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
    try {
      const c = await pool.connect();
      c.release();
    } catch (e) {
      await pool.end();
      throw new WorkspaceError(`cannot connect to PostgreSQL at ${redact(target.url)}: ${e instanceof Error ? e.message : String(e)}`);
    }
    db = new Kysely<WorkspaceDb>({ dialect: new PostgresDialect({ pool }) });
  } else {
    // PGlite is one process's database: a second server (or a backup) on the same folder would corrupt it. The lock
    // sits beside the folder, and one left by a killed process is taken over.
    const lock = target.dir ? `${target.dir.replace(/\/+$/, '')}.lock` : null;
    if (target.dir && lock) {
      await mkdir(dirname(lock), { recursive: true });
      await takePidLock(lock, (pid) => new WorkspaceError(`the workspace ${target.dir} is in use by another process (pid ${pid}): stop it first (a running server, a backup or a restore)`));
    }
    const pglite = target.dir ? new PGlite(target.dir) : new PGlite();
    try {
      await pglite.waitReady;
    } catch (e) {
      if (lock) await releasePidLock(lock);
      throw new WorkspaceError(`cannot open the workspace ${target.dir}: ${e instanceof Error ? e.message : String(e)}`);
    }
    db = new Kysely<WorkspaceDb>({ dialect: new PGliteDialect(pglite) });
    // Kysely's destroy() closes PGlite through the dialect; close it here only if it is still open.
    closeExtra = async () => {
      if (!pglite.closed) await pglite.close();
      if (lock) await releasePidLock(lock);
    };
  }
  // Kysely looks for its migration tables across all schemas: name ours, or a test's schema would see another's.
  const migrationTableSchema = target.kind === 'postgres' ? target.schema : undefined;
  const { error, results } = await new Migrator({ db, provider: migrationProvider, ...(migrationTableSchema ? { migrationTableSchema } : {}) }).migrateToLatest();
  if (error) {
    await db.destroy();
    await closeExtra();
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '(unknown)';
    throw new WorkspaceError(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    db,
    engine: target.kind,
    async close() {
      await db.destroy();
      await closeExtra();
    },
  };
}

/** A connection string without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
