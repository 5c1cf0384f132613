// Every API endpoint × {not logged in, admin, planner, investment, viewer}, against a matrix written by hand from
// the role rules of issue 14 (admin: users, and answers for the whole workspace; investment: demands; planner:
// parcel status, cases, block plans; viewer: reads). Every request carries the right Origin, so a refusal here is
// the role check, not CSRF. Each cell gets its own session and its own demand, so cells cannot affect each other;
// a refused write must leave the demand exactly as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../server/api/app.ts';
import type { Role } from '../../server/api/roles.ts';
import { BLOCK_PLANS, CASES, DEMANDS, PROJECTS, RecordStore, SMALL_PARKS, STANDARD_LAND, type RecordKind } from '../../server/workspace/record-store.ts';
import { demand, importedLayer, PASSWORD, startApiServer, USER_OF, type ApiServer } from './helpers/api-server.ts';
import { agreement, blockPlan, kase, project, smallPark } from './helpers/campaign-records.ts';
import { ENGINES } from './helpers/workspaces.ts';

type Who = 'anonymous' | 'admin' | 'planner' | 'investment' | 'viewer';
const WHO: Who[] = ['anonymous', 'admin', 'planner', 'investment', 'viewer'];

interface Endpoint {
  name: string;
  /** `id` is a demand made for this cell: live (version 1), or deleted (version 2) when `deleted`. */
  request: (id: string) => { method: string; path: string; body?: unknown };
  deleted?: boolean;
  /** Whether a success changes the demand (then a refusal must not). */
  writes?: boolean;
  expect: Record<Who, number>;
  /** A register record made for the cell too (id = the cell's id), live or deleted (version 2) like the demand. */
  register?: { kind: RecordKind<unknown>; make: (id: string) => Record<string, unknown> };
}

/**
 * The six endpoints of one campaign register (issue 15): every logged-in role reads; `writers` (written here by
 * hand from the issue: cases, block plans, parks and 标准地 the planners', projects the investment office's) change.
 */
function registerRows(path: string, kind: RecordKind<unknown>, make: (id: string) => Record<string, unknown>, writers: Role[]): Endpoint[] {
  const reads = { anonymous: 401, admin: 200, planner: 200, investment: 200, viewer: 200 };
  const writes = (ok: number): Record<Who, number> => ({
    anonymous: 401,
    admin: writers.includes('admin') ? ok : 403,
    planner: writers.includes('planner') ? ok : 403,
    investment: writers.includes('investment') ? ok : 403,
    viewer: writers.includes('viewer') ? ok : 403,
  });
  const register = { kind, make };
  return [
    { name: `GET ${path}`, request: () => ({ method: 'GET', path }), expect: reads },
    { name: `POST ${path}`, request: (id) => ({ method: 'POST', path, body: make(`${id}-new`) }), register, writes: true, expect: writes(201) },
    { name: `PUT ${path}/:id`, request: (id) => ({ method: 'PUT', path: `${path}/${id}`, body: { data: make(id), version: 1 } }), register, writes: true, expect: writes(200) },
    { name: `DELETE ${path}/:id`, request: (id) => ({ method: 'DELETE', path: `${path}/${id}?version=1` }), register, writes: true, expect: writes(200) },
    { name: `POST ${path}/:id/restore`, request: (id) => ({ method: 'POST', path: `${path}/${id}/restore`, body: { version: 2 } }), register, deleted: true, writes: true, expect: writes(200) },
    { name: `GET ${path}/:id/history`, request: (id) => ({ method: 'GET', path: `${path}/${id}/history` }), register, expect: reads },
  ];
}
const kindOf = <T>(k: RecordKind<T>): RecordKind<unknown> => k as unknown as RecordKind<unknown>;

const ENDPOINTS: Endpoint[] = [
  { name: 'POST /api/login', request: () => ({ method: 'POST', path: '/api/login', body: { name: USER_OF.viewer, password: PASSWORD } }), expect: { anonymous: 200, admin: 200, planner: 200, investment: 200, viewer: 200 } },
  { name: 'POST /api/logout', request: () => ({ method: 'POST', path: '/api/logout' }), expect: { anonymous: 204, admin: 204, planner: 204, investment: 204, viewer: 204 } },
  { name: 'GET /api/me', request: () => ({ method: 'GET', path: '/api/me' }), expect: { anonymous: 401, admin: 200, planner: 200, investment: 200, viewer: 200 } },
  // Search reads internal data (enterprise names): every logged-in role, as internal/ is (over an empty index here;
  // tests/unit/api-search.test.ts searches a real one).
  { name: 'GET /api/search', request: () => ({ method: 'GET', path: '/api/search?q=NH' }), expect: { anonymous: 401, admin: 200, planner: 200, investment: 200, viewer: 200 } },
  { name: 'GET /api/demands', request: () => ({ method: 'GET', path: '/api/demands' }), expect: { anonymous: 401, admin: 200, planner: 200, investment: 200, viewer: 200 } },
  { name: 'GET /api/demands?deleted=1', request: () => ({ method: 'GET', path: '/api/demands?deleted=1' }), expect: { anonymous: 401, admin: 200, planner: 200, investment: 200, viewer: 200 } },
  {
    name: 'POST /api/demands',
    request: (id) => ({ method: 'POST', path: '/api/demands', body: demand(`${id}-new`) }),
    writes: true,
    expect: { anonymous: 401, admin: 201, planner: 403, investment: 201, viewer: 403 },
  },
  {
    name: 'PUT /api/demands/:id',
    request: (id) => ({ method: 'PUT', path: `/api/demands/${id}`, body: { data: demand(id, { land_mu: 99 }), version: 1 } }),
    writes: true,
    expect: { anonymous: 401, admin: 200, planner: 403, investment: 200, viewer: 403 },
  },
  {
    name: 'DELETE /api/demands/:id',
    request: (id) => ({ method: 'DELETE', path: `/api/demands/${id}?version=1` }),
    writes: true,
    expect: { anonymous: 401, admin: 200, planner: 403, investment: 200, viewer: 403 },
  },
  {
    name: 'POST /api/demands/:id/restore',
    request: (id) => ({ method: 'POST', path: `/api/demands/${id}/restore`, body: { version: 2 } }),
    deleted: true,
    writes: true,
    expect: { anonymous: 401, admin: 200, planner: 403, investment: 200, viewer: 403 },
  },
  { name: 'GET /api/demands/:id/history', request: (id) => ({ method: 'GET', path: `/api/demands/${id}/history` }), expect: { anonymous: 401, admin: 200, planner: 200, investment: 200, viewer: 200 } },
  { name: 'GET /api/changes', request: () => ({ method: 'GET', path: '/api/changes?since=0' }), expect: { anonymous: 401, admin: 200, planner: 200, investment: 200, viewer: 200 } },
  // Parcel status: the planner's record (and admin's); every role reads it. The server here has no data build, so
  // any parcel id is taken (api-parcel-status.test.ts checks them against a build, and the records themselves).
  { name: 'GET /api/parcel-status', request: () => ({ method: 'GET', path: '/api/parcel-status' }), expect: { anonymous: 401, admin: 200, planner: 200, investment: 200, viewer: 200 } },
  {
    name: 'PUT /api/parcel-status/:parcelId',
    request: (id) => ({ method: 'PUT', path: `/api/parcel-status/${id}`, body: { data: { status: 'idle', date: '2026-01-05', reason: '停产' } } }),
    expect: { anonymous: 401, admin: 201, planner: 201, investment: 403, viewer: 403 },
  },
  { name: 'DELETE /api/parcel-status/:parcelId', request: (id) => ({ method: 'DELETE', path: `/api/parcel-status/${id}?version=1` }), expect: { anonymous: 401, admin: 404, planner: 404, investment: 403, viewer: 403 } },
  { name: 'GET /api/parcel-status/:parcelId/history', request: (id) => ({ method: 'GET', path: `/api/parcel-status/${id}/history` }), expect: { anonymous: 401, admin: 404, planner: 404, investment: 404, viewer: 404 } },
  // Imported layers (issue 14, item 5): everyone reads them, admin and planner import and remove. The cell's layer
  // id follows its demand's; none exists before the request, so reading or removing one is 404 for those allowed.
  { name: 'GET /api/imported-layers', request: () => ({ method: 'GET', path: '/api/imported-layers' }), expect: { anonymous: 401, admin: 200, planner: 200, investment: 200, viewer: 200 } },
  { name: 'GET /api/imported-layers/:id', request: (id) => ({ method: 'GET', path: `/api/imported-layers/imp-${id.toLowerCase()}` }), expect: { anonymous: 401, admin: 404, planner: 404, investment: 404, viewer: 404 } },
  {
    name: 'POST /api/imported-layers',
    request: (id) => ({ method: 'POST', path: '/api/imported-layers', body: importedLayer(`imp-${id.toLowerCase()}`) }),
    expect: { anonymous: 401, admin: 201, planner: 201, investment: 403, viewer: 403 },
  },
  {
    name: 'DELETE /api/imported-layers/:id',
    request: (id) => ({ method: 'DELETE', path: `/api/imported-layers/imp-${id.toLowerCase()}?version=1` }),
    expect: { anonymous: 401, admin: 404, planner: 404, investment: 403, viewer: 403 },
  },
  // Publishing: admin and planner; this server has no publish configuration, so they get 404 (api-publish.test.ts).
  { name: 'GET /api/publish/preview', request: () => ({ method: 'GET', path: '/api/publish/preview' }), expect: { anonymous: 401, admin: 404, planner: 404, investment: 403, viewer: 403 } },
  { name: 'POST /api/publish', request: () => ({ method: 'POST', path: '/api/publish' }), expect: { anonymous: 401, admin: 404, planner: 404, investment: 403, viewer: 403 } },
  // The campaign's registers (issue 15). No data build here: any parcel id is taken (api-registers.test.ts checks them).
  ...registerRows('/api/cases', kindOf(CASES), (id) => kase(id), ['admin', 'planner']),
  ...registerRows('/api/projects', kindOf(PROJECTS), (id) => project(id), ['admin', 'investment']),
  ...registerRows('/api/block-plans', kindOf(BLOCK_PLANS), (id) => blockPlan(id), ['admin', 'planner']),
  ...registerRows('/api/small-parks', kindOf(SMALL_PARKS), (id) => smallPark(id), ['admin', 'planner']),
  ...registerRows('/api/standard-land', kindOf(STANDARD_LAND), (id) => agreement(id), ['admin', 'planner']),
];

describe.each(ENGINES)('authorization matrix on %s', (engine) => {
  let s: ApiServer;
  let records: RecordStore;
  let n = 0;
  beforeAll(async () => {
    s = await startApiServer(engine, { search: async () => [] });
    records = new RecordStore(s.ws.db);
  }, 60_000);
  afterAll(() => s.close());

  const cells = ENDPOINTS.flatMap((e) => WHO.map((who) => ({ e, who, status: e.expect[who] })));
  it.each(cells)('$e.name as $who → $status', async ({ e, who, status }) => {
    const id = `M-${++n}`;
    await records.create(DEMANDS, demand(id), 'setup');
    if (e.deleted) await records.remove(DEMANDS, id, 1, 'setup');
    const before = await records.get(DEMANDS, id);
    const reg = e.register;
    if (reg) {
      await records.create(reg.kind, reg.make(id), 'setup');
      if (e.deleted) await records.remove(reg.kind, id, 1, 'setup');
    }
    const regBefore = reg ? await records.get(reg.kind, id) : null;
    const cookie = who === 'anonymous' ? null : await s.login(USER_OF[who]);
    const { method, path, body } = e.request(id);
    const r = await s.request(method, path, { cookie, body });
    expect(r.status, r.text).toBe(status);
    expect(r.headers.get('content-type') ?? 'application/json').toMatch(/^application\/json/); // never HTML
    if (e.writes && status >= 400) {
      expect(await records.get(DEMANDS, id)).toEqual(before);
      expect(await records.get(DEMANDS, `${id}-new`)).toBeNull();
      if (reg) {
        expect(await records.get(reg.kind, id)).toEqual(regBefore);
        expect(await records.get(reg.kind, `${id}-new`)).toBeNull();
      }
      expect(r.body).toMatchObject({ error: expect.any(String) });
    }
  });

  it('the matrix covers every route the API has (a new endpoint without a row fails here)', () => {
    const routes = createApi(s.ws).routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path.replace(/(.)\/$/, '$1')}`);
    const tested = ENDPOINTS.map((e) => e.name.replace(/\?.*/, ''));
    expect([...new Set(routes)].sort()).toEqual([...new Set(tested)].sort());
  });
});
