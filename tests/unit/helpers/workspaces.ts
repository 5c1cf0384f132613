// The two databases every workspace test runs on: the embedded PGlite (in memory) and the PostgreSQL server of the
// development and CI machines (TENGLONG_TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test, trust
// authentication; .ci/run starts it). Each PostgreSQL workspace lives in a fresh schema, dropped afterwards, so
// tests never see each other's rows. An unreachable server fails the test with the reason: never a silent skip.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openWorkspace, type Workspace } from '../../../server/workspace/open.ts';

export const TEST_DATABASE_URL = process.env['TENGLONG_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export type Engine = 'pglite' | 'postgres';
export const ENGINES: Engine[] = ['pglite', 'postgres'];

/** A fresh, migrated workspace on `engine`; `drop()` removes it. */
export async function freshWorkspace(engine: Engine): Promise<Workspace & { drop: () => Promise<void> }> {
  if (engine === 'pglite') {
    const ws = await openWorkspace({ kind: 'pglite', dir: null });
    return { ...ws, drop: () => ws.close() };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const dropSchema = async () => {
    const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await c.connect();
    await c.query(`drop schema ${schema} cascade`);
    await c.end();
  };
  let ws: Workspace;
  try {
    ws = await openWorkspace({ kind: 'postgres', url: TEST_DATABASE_URL, schema });
  } catch (e) {
    await dropSchema();
    throw e;
  }
  return {
    ...ws,
    async drop() {
      await ws.close();
      await dropSchema();
    },
  };
}
