// What a workspace starts with (server/workspace/seed.ts): the delivered demand list once, the demo accounts only for
// the sample county, and demo accounts whose public passwords still work disabled once the data is real.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { authenticate, listUsers } from '../../server/api/accounts.ts';
import { BLOCK_PLANS, CASES, DEMANDS, PROJECTS, RecordStore, SMALL_PARKS, STANDARD_LAND } from '../../server/workspace/record-store.ts';
import { SEED_ACTOR, seedWorkspace } from '../../server/workspace/seed.ts';
import { agreement, blockPlan, closedCase, kase, project, smallPark } from './helpers/campaign-records.ts';
import { ENGINES, freshWorkspace } from './helpers/workspaces.ts';

/** Cheap hashing: these tests are about what is seeded, not about scrypt (tests/unit/api-password.test.ts). */
const FAST = { N: 2 ** 10, r: 8, p: 1 };
const DEMAND = { id: 'D-9', chain: 'pv-storage', link: 'pv-wafer', profile: '示例', land_mu: 20, investment_100m: 1, park: null, status: 'open' };

const NO_REGISTERS = { case: 0, project: 0, block_plan: 0, small_park: 0, standard_land: 0 };

/** The campaign's register files as the pipeline writes them (`{ label, <key>: [...] }`). */
function writeRegisters(dir: string): void {
  const file = (name: string, key: string, list: unknown[]) => writeFileSync(join(dir, 'internal', name), JSON.stringify({ label: '示例', [key]: list }));
  file('cases.json', 'cases', [kase('K-1'), closedCase('K-2', '2023-11-30')]);
  file('projects.json', 'projects', [project('PR-1')]);
  file('block-plans.json', 'block_plans', [blockPlan('B1'), blockPlan('B2')]);
  file('small-parks.json', 'small_parks', [smallPark('SP-1')]);
  file('standard-land.json', 'agreements', [agreement('T-2')]);
}

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
    expect(none).toEqual({ demands: 0, registers: NO_REGISTERS, demoAccounts: [], disabledDemo: [] });
    expect(await listUsers(ws.db)).toEqual([]);

    await seedWorkspace(ws, dataDir(null), true, FAST); // begun on the sample county …
    const after = await seedWorkspace(ws, dataDir([DEMAND]), false, FAST); // … then a real build
    expect(after.disabledDemo.sort()).toEqual(['demo-admin', 'demo-investment', 'demo-planner', 'demo-viewer']);
    expect(after.demands).toBe(1);
    expect((await listUsers(ws.db)).every((u) => u.disabled)).toBe(true);
    expect(await authenticate(ws.db, 'demo-admin', 'tenglong-demo-admin')).toBeNull();
  });

  test('the campaign registers: each seeded once from its file; a case deleted in the workspace stays deleted', async () => {
    const dir = dataDir(null);
    writeRegisters(dir);
    const first = await seedWorkspace(ws, dir, false, FAST);
    expect(first.registers).toEqual({ case: 2, project: 1, block_plan: 2, small_park: 1, standard_land: 1 });
    const records = new RecordStore(ws.db);
    const k2 = await records.get(CASES, 'K-2');
    expect(k2?.created_by).toBe(SEED_ACTOR);
    expect(k2?.data).toMatchObject({ stage: 'closed', status: 'closed', closed_year: 2023 });
    expect((await records.list(PROJECTS)).map((r) => r.id)).toEqual(['PR-1']);
    expect((await records.list(BLOCK_PLANS)).map((r) => r.id)).toEqual(['B1', 'B2']);
    expect((await records.list(SMALL_PARKS)).map((r) => r.id)).toEqual(['SP-1']);
    expect((await records.list(STANDARD_LAND)).map((r) => r.id)).toEqual(['T-2']);

    await records.remove(CASES, 'K-1', 1, 'u-planner');
    const second = await seedWorkspace(ws, dir, false, FAST);
    expect(second.registers).toEqual(NO_REGISTERS);
    expect((await records.list(CASES)).map((r) => r.id)).toEqual(['K-2']);
    expect((await records.list(CASES, { includeDeleted: true })).map((r) => [r.id, r.deleted])).toEqual([
      ['K-1', true],
      ['K-2', false],
    ]);
  });

  test('a register file with a bad record stops the seed naming the file, the entry and the field', async () => {
    const dir = dataDir(null);
    writeFileSync(join(dir, 'internal', 'cases.json'), JSON.stringify({ cases: [kase('K-1'), kase('K-2', { steps: [{ date: '2022-13-01', stage: 'filed', note: '' }] })] }));
    await expect(seedWorkspace(ws, dir, false, FAST)).rejects.toThrow(/cases\.json: record #1 \(K-2\): field "steps\[0\]\.date"/);
    expect(await new RecordStore(ws.db).list(CASES)).toEqual([]);
  });

  test('a broken demands.json stops the seed with the file named, and writes nothing', async () => {
    const dir = dataDir([DEMAND, { ...DEMAND, id: 'D-11', land_mu: -5 }]);
    await expect(seedWorkspace(ws, dir, true, FAST)).rejects.toThrow(/demands\.json: entry 2/);
    expect(await new RecordStore(ws.db).list(DEMANDS)).toEqual([]);
  });
});
