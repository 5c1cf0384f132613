// What a workspace starts with (server/workspace/seed.ts): the delivered demand list once, the demo accounts only for
// the sample county, and demo accounts whose public passwords still work disabled once the data is real.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { authenticate, listUsers } from '../../server/api/accounts.ts';
import { DEMANDS, RecordStore } from '../../server/workspace/record-store.ts';
import { SEED_ACTOR, seedWorkspace } from '../../server/workspace/seed.ts';
import { ENGINES, freshWorkspace } from './helpers/workspaces.ts';

/** Cheap hashing: these tests are about what is seeded, not about scrypt (tests/unit/api-password.test.ts). */
const FAST = { N: 2 ** 10, r: 8, p: 1 };
const DEMAND = { id: 'D-9', chain: 'pv-storage', link: 'pv-wafer', profile: '示例', land_mu: 20, investment_100m: 1, park: null, status: 'open' };

function dataDir(demands: unknown[] | null): string {
  const dir = mkdtempSync(join(tmpdir(), 'tenglong-seed-'));
  mkdirSync(join(dir, 'internal'));
  if (demands) writeFileSync(join(dir, 'internal', 'demands.json'), JSON.stringify({ demands }));
  return dir;
}

describe.each(ENGINES)('seedWorkspace on %s', (engine) => {
  // One workspace per engine (opening PGlite is the slow part), emptied before each test.
  let ws: Awaited<ReturnType<typeof freshWorkspace>>;
  beforeAll(async () => {
    ws = await freshWorkspace(engine);
  }, 120_000);
  afterAll(async () => {
    await ws.drop();
  });
  beforeEach(async () => {
    for (const table of ['sessions', 'users', 'audit', 'records'] as const) await ws.db.deleteFrom(table).execute();
  });

  test('the sample county: demands once, the four demo accounts, printed', async () => {
    const dir = dataDir([DEMAND, { ...DEMAND, id: 'D-10' }]);
    const first = await seedWorkspace(ws, dir, true, FAST);
    expect(first.demands).toBe(2);
    expect(first.demoAccounts.map((a) => a.name)).toEqual(['demo-admin', 'demo-planner', 'demo-investment', 'demo-viewer']);
    const records = new RecordStore(ws.db);
    const d9 = await records.get(DEMANDS, 'D-9');
    expect(d9?.created_by).toBe(SEED_ACTOR);
    expect(d9?.data).toEqual(DEMAND);

    // a deleted seed record stays deleted: the second start seeds nothing
    await records.remove(DEMANDS, 'D-9', 1, 'demo-admin');
    const second = await seedWorkspace(ws, dir, true, FAST);
    expect(second.demands).toBe(0);
    expect((await records.list(DEMANDS)).map((r) => r.id)).toEqual(['D-10']);
    expect(second.demoAccounts).toHaveLength(4);
    expect(await authenticate(ws.db, 'demo-viewer', 'tenglong-demo-viewer')).not.toBeNull();
  });

  test('real data: no demo accounts, and those left from the sample county with their public passwords are disabled', async () => {
    const none = await seedWorkspace(ws, dataDir(null), false, FAST);
    expect(none).toEqual({ demands: 0, demoAccounts: [], disabledDemo: [] });
    expect(await listUsers(ws.db)).toEqual([]);

    await seedWorkspace(ws, dataDir(null), true, FAST); // begun on the sample county …
    const after = await seedWorkspace(ws, dataDir([DEMAND]), false, FAST); // … then a real build
    expect(after.disabledDemo.sort()).toEqual(['demo-admin', 'demo-investment', 'demo-planner', 'demo-viewer']);
    expect(after.demands).toBe(1);
    expect((await listUsers(ws.db)).every((u) => u.disabled)).toBe(true);
    expect(await authenticate(ws.db, 'demo-admin', 'tenglong-demo-admin')).toBeNull();
  });

  test('a broken demands.json stops the seed with the file named, and writes nothing', async () => {
    const dir = dataDir([DEMAND, { ...DEMAND, id: 'D-11', land_mu: -5 }]);
    await expect(seedWorkspace(ws, dir, true, FAST)).rejects.toThrow(/demands\.json: entry 2/);
    expect(await new RecordStore(ws.db).list(DEMANDS)).toEqual([]);
  });
});
