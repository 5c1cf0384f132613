// The campaign's registers through the API on both databases (issue 15): the one generic route set
// (server/api/register-routes.ts) for cases, projects, block plans, 小微企业园 and 标准地 agreements — create, list
// with the feed position, edit the version it started from (409 with `current` on a stale one), soft delete and
// restore, history — and the checks beyond a parser's: parcels of the current build, no dated fact after today,
// the path's id, each 400 naming its field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, USER_OF, type ApiServer } from './helpers/api-server.ts';
import { agreement, blockPlan, closedCase, kase, project, smallPark } from './helpers/campaign-records.ts';
import { ENGINES } from './helpers/workspaces.ts';

interface Rec {
  id: string;
  version: number;
  deleted: boolean;
  data: Record<string, unknown>;
  updated_by: string;
}
interface HistoryEntry {
  action: string;
  actor: string;
  version: number;
}

describe.each(ENGINES)('register routes on %s', (engine) => {
  let s: ApiServer;
  let planner: string;
  let investment: string;
  let admin: string;
  let viewer: string;
  beforeAll(async () => {
    // The build's parcels: T-1 … T-4 (any id starting "T-").
    s = await startApiServer(engine, { parcelExists: async (id) => id.startsWith('T-') });
    planner = await s.login(USER_OF.planner);
    investment = await s.login(USER_OF.investment);
    admin = await s.login(USER_OF.admin);
    viewer = await s.login(USER_OF.viewer);
  }, 120_000);
  afterAll(() => s.close());

  const list = async (path: string, q = '') => (await s.request('GET', `${path}${q}`, { cookie: viewer })).body as { records: Rec[]; seq: number };

  it('cases: create, edit, a stale edit gets 409 with current, soft delete, restore, history', async () => {
    const created = await s.request('POST', '/api/cases', { cookie: planner, body: kase('K-1') });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ id: 'K-1', version: 1, created_by: USER_OF.planner, data: { stage: 'rectifying', status: 'open', opened_year: 2022, parcel_ids: ['T-1'] } });
    const before = await list('/api/cases');
    expect(before.records.map((r) => r.id)).toEqual(['K-1']);
    expect(before.seq).toBeGreaterThan(0);

    const closed = await s.request('PUT', '/api/cases/K-1', { cookie: planner, body: { version: 1, data: closedCase('K-1', '2024-03-15') } });
    expect(closed.status, closed.text).toBe(200);
    expect(closed.body).toMatchObject({ version: 2, data: { stage: 'closed', status: 'closed', closed_year: 2024, outcome: 'use_raised' } });
    const stale = await s.request('PUT', '/api/cases/K-1', { cookie: admin, body: { version: 1, data: kase('K-1', { deadline: '2026-06-30' }) } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ current: { id: 'K-1', version: 2, updated_by: USER_OF.planner, data: { stage: 'closed' } } });

    const del = await s.request('DELETE', '/api/cases/K-1?version=2', { cookie: admin });
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ version: 3, deleted: true });
    expect((await list('/api/cases')).records).toEqual([]);
    expect((await list('/api/cases', '?deleted=1')).records.map((r) => [r.id, r.deleted])).toEqual([['K-1', true]]);
    expect((await s.request('DELETE', '/api/cases/K-1?version=2', { cookie: admin })).status).toBe(409);
    const again = await s.request('POST', '/api/cases', { cookie: planner, body: kase('K-1') });
    expect(again.status).toBe(409); // deleted: restored, not created anew
    const restored = await s.request('POST', '/api/cases/K-1/restore', { cookie: planner, body: { version: 3 } });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ version: 4, deleted: false, data: { stage: 'closed' } });

    const h = await s.request('GET', '/api/cases/K-1/history', { cookie: viewer });
    expect(h.status).toBe(200);
    expect((h.body as { history: HistoryEntry[] }).history.map((e) => [e.action, e.actor, e.version])).toEqual([
      ['create', USER_OF.planner, 1],
      ['update', USER_OF.planner, 2],
      ['delete', USER_OF.admin, 3],
      ['restore', USER_OF.planner, 4],
    ]);
    expect((await s.request('GET', '/api/cases/NONE/history', { cookie: viewer })).status).toBe(404);
    expect((await s.request('PUT', '/api/cases/NONE', { cookie: planner, body: { version: 1, data: kase('NONE') } })).status).toBe(404);
  });

  it('projects: the investment office creates and edits, a stale edit is 409, history; planners only read', async () => {
    const created = await s.request('POST', '/api/projects', { cookie: investment, body: project('PR-1') });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ id: 'PR-1', version: 1, data: { stage: 'attract', unit: '投促中心' } });
    expect((await s.request('POST', '/api/projects', { cookie: planner, body: project('PR-2') })).status).toBe(403);
    const landed = project('PR-1', {
      nodes: [
        { key: 'signed', planned: '2022-01-10', actual: '2022-01-10' },
        { key: 'land', planned: '2022-06-01', actual: '2022-07-20' },
      ],
    });
    const edit = await s.request('PUT', '/api/projects/PR-1', { cookie: investment, body: { version: 1, data: landed } });
    expect(edit.status, edit.text).toBe(200);
    expect(edit.body).toMatchObject({ version: 2, data: { stage: 'construct' } });
    const stale = await s.request('PUT', '/api/projects/PR-1', { cookie: admin, body: { version: 1, data: project('PR-1', { investment_100m: 9 }) } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ current: { version: 2, data: { stage: 'construct', investment_100m: 3 } } });
    const h = (await s.request('GET', '/api/projects/PR-1/history', { cookie: planner })).body as { history: HistoryEntry[] };
    expect(h.history.map((e) => [e.action, e.version])).toEqual([
      ['create', 1],
      ['update', 2],
    ]);
    const { records } = await list('/api/projects');
    expect(records.map((r) => [r.id, r.version])).toEqual([['PR-1', 2]]);
  });

  it('a dated fact after today is refused naming the field (as the client sent it); so are unknown parcels and another id', async () => {
    const future = '2099-01-01';
    const step = await s.request('POST', '/api/cases', {
      cookie: planner,
      body: closedCase('K-F', future),
    });
    expect(step.status).toBe(400);
    expect(step.body).toMatchObject({ field: 'steps[2].date', error: expect.stringMatching(/after today/) });
    // Nodes sent out of lifecycle order: the index is the body's.
    const node = await s.request('POST', '/api/projects', {
      cookie: investment,
      body: project('PR-F', { nodes: [{ key: 'start', planned: '2023-01-01', actual: null }, { key: 'land', planned: '2022-06-01', actual: '2022-06-01' }, { key: 'signed', planned: '2022-01-01', actual: future }] }),
    });
    expect(node.status).toBe(400);
    expect(node.body).toMatchObject({ field: 'nodes[2].actual' });
    const milestone = await s.request('POST', '/api/block-plans', {
      cookie: planner,
      body: blockPlan('B-F', { milestones: [{ name: '验收', planned: '2024-01-01', actual: future }] }),
    });
    expect(milestone.body).toMatchObject({ field: 'milestones[0].actual' });
    // A planned day in the future is a plan, not a fact.
    expect((await s.request('POST', '/api/projects', { cookie: investment, body: project('PR-P', { nodes: [{ key: 'signed', planned: future, actual: null }] }) })).status).toBe(201);

    const parcel = await s.request('POST', '/api/cases', { cookie: planner, body: kase('K-P', { parcel_id: 'X-9' }) });
    expect(parcel.status).toBe(400);
    expect(parcel.body).toMatchObject({ field: 'parcel_id', error: expect.stringMatching(/X-9.*no parcel of the current data build/) });
    const more = await s.request('POST', '/api/cases', { cookie: planner, body: kase('K-P', { parcel_ids: ['T-1', 'T-2', 'X-8'] }) });
    expect(more.body).toMatchObject({ field: 'parcel_ids' });
    const land = await s.request('POST', '/api/standard-land', { cookie: planner, body: agreement('X-7') });
    expect(land.status).toBe(400);
    expect(land.body).toMatchObject({ field: 'parcel_id' });
    const projectParcel = await s.request('POST', '/api/projects', { cookie: investment, body: project('PR-X', { parcel_id: 'X-6' }) });
    expect(projectParcel.body).toMatchObject({ field: 'parcel_id' });

    // The parser's own reasons carry their field too.
    const stage = await s.request('POST', '/api/cases', { cookie: planner, body: kase('K-S', { steps: [{ date: '2022-01-01', stage: 'done', note: '' }] }) });
    expect(stage.status).toBe(400);
    expect(stage.body).toMatchObject({ field: 'steps[0].stage' });

    expect((await s.request('POST', '/api/cases', { cookie: planner, body: kase('K-2') })).status).toBe(201);
    const other = await s.request('PUT', '/api/cases/K-2', { cookie: planner, body: { version: 1, data: kase('K-3') } });
    expect(other.status).toBe(400);
    expect(other.body).toMatchObject({ field: 'id' });
    const noData = await s.request('PUT', '/api/cases/K-2', { cookie: planner, body: { version: 1 } });
    expect(noData.body).toMatchObject({ field: 'data' });
    const badVersion = await s.request('PUT', '/api/cases/K-2', { cookie: planner, body: { version: 0, data: kase('K-2') } });
    expect(badVersion.body).toMatchObject({ field: 'version' });
    // Nothing refused was written.
    expect((await list('/api/cases', '?deleted=1')).records.map((r) => r.id)).not.toContain('K-F');
    expect((await list('/api/cases')).records.find((r) => r.id === 'K-2')?.version).toBe(1);
  });

  it('block plans, 小微企业园 and 标准地 agreements: created, listed, edited under their own ids', async () => {
    const plan = await s.request('POST', '/api/block-plans', { cookie: planner, body: blockPlan('B1') });
    expect(plan.status, plan.text).toBe(201);
    expect(plan.body).toMatchObject({ id: 'B1', version: 1 });
    const park = await s.request('POST', '/api/small-parks', { cookie: admin, body: smallPark('SP-1') });
    expect(park.status, park.text).toBe(201);
    const land = await s.request('POST', '/api/standard-land', { cookie: planner, body: agreement('T-2') });
    expect(land.status, land.text).toBe(201);
    expect(land.body).toMatchObject({ id: 'T-2' });
    const done = await s.request('PUT', '/api/standard-land/T-2', { cookie: planner, body: { version: 1, data: agreement('T-2', { completed: '2023-09-01', achieved: { investment_per_mu: 320 } }) } });
    expect(done.status, done.text).toBe(200);
    expect(done.body).toMatchObject({ version: 2, data: { completed: '2023-09-01', achieved: { investment_per_mu: 320 } } });
    const moved = await s.request('PUT', '/api/standard-land/T-2', { cookie: planner, body: { version: 2, data: agreement('T-3') } });
    expect(moved.body).toMatchObject({ field: 'parcel_id' });
    expect((await s.request('POST', '/api/small-parks', { cookie: investment, body: smallPark('SP-2') })).status).toBe(403);
    expect((await list('/api/block-plans')).records.map((r) => r.id)).toEqual(['B1']);
    expect((await list('/api/small-parks')).records.map((r) => r.id)).toEqual(['SP-1']);
    expect((await list('/api/standard-land')).records.map((r) => [r.id, r.version])).toEqual([['T-2', 2]]);
  });

  it('the changes feed carries the registers to every reader', async () => {
    const { seq } = await list('/api/cases');
    expect((await s.request('POST', '/api/cases', { cookie: planner, body: kase('K-FEED') })).status).toBe(201);
    expect((await s.request('POST', '/api/small-parks', { cookie: planner, body: smallPark('SP-FEED') })).status).toBe(201);
    const feed = (await s.request('GET', `/api/changes?since=${seq}`, { cookie: viewer })).body as { changes: { kind: string; record_id: string }[] };
    expect(feed.changes.map((c) => [c.kind, c.record_id])).toEqual([
      ['case', 'K-FEED'],
      ['small_park', 'SP-FEED'],
    ]);
  });
});
