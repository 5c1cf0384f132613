// Parcel status edits through the API on both databases, against a real data build (the parcel must exist there,
// checked by parcelIdChecker): every endpoint × every role, create / edit / stale edit (409 with current) / take
// back / set again, the history, validation naming the field, ids with the characters registers use, the change
// feed, and the checker following a new build.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildData } from '../../scripts/build-data.ts';
import { ninghaiPolicy } from '../../src/lib/rules/test-policy.ts';
import { chinaToday } from '../../src/lib/workspace/parcel-status.ts';
import { parcelIdChecker } from '../../server/workspace/parcel-ids.ts';
import { PARCEL_STATUS, RecordStore } from '../../server/workspace/record-store.ts';
import { startApiServer, USER_OF, type ApiServer } from './helpers/api-server.ts';
import { buildTinyCounty, TINY_PARCELS, writeTinyCounty, type TinyBuild, type TinyParcel } from './helpers/tiny-county.ts';
import { ENGINES } from './helpers/workspaces.ts';

type Who = 'anonymous' | 'admin' | 'planner' | 'investment' | 'viewer';
const WHO: Who[] = ['anonymous', 'admin', 'planner', 'investment', 'viewer'];
const ODD = '宁海 B区/12#';
const MATRIX_PARCELS = 40;
const PARCELS: TinyParcel[] = [...TINY_PARCELS, ...Array.from({ length: MATRIX_PARCELS }, (_, i) => ({ id: `M-${i + 1}`, status: 'idle' as const }))];

const today = chinaToday();
const edit = (over: Record<string, unknown> = {}) => ({ status: 'in_use', date: today, reason: '企业复产，已恢复生产', ...over });
const path = (id: string) => `/api/parcel-status/${encodeURIComponent(id)}`;

interface Rec {
  id: string;
  version: number;
  deleted: boolean;
  data: Record<string, unknown>;
  updated_by: string;
}

interface Endpoint {
  name: string;
  request: (id: string) => { method: string; path: string; body?: unknown };
  /** The cell's parcel has a live edit (version 1) before the request. */
  existing?: boolean;
  writes?: boolean;
  expect: Record<Who, number>;
}

const READ = { anonymous: 401, admin: 200, planner: 200, investment: 200, viewer: 200 };
const ENDPOINTS: Endpoint[] = [
  { name: 'GET /api/parcel-status', request: () => ({ method: 'GET', path: '/api/parcel-status' }), expect: READ },
  { name: 'GET /api/parcel-status?deleted=1', request: () => ({ method: 'GET', path: '/api/parcel-status?deleted=1' }), expect: READ },
  {
    name: 'PUT /api/parcel-status/:parcelId (create)',
    request: (id) => ({ method: 'PUT', path: path(id), body: { data: edit() } }),
    writes: true,
    expect: { anonymous: 401, admin: 201, planner: 201, investment: 403, viewer: 403 },
  },
  {
    name: 'PUT /api/parcel-status/:parcelId (edit)',
    request: (id) => ({ method: 'PUT', path: path(id), body: { data: edit({ status: 'for_transfer' }), version: 1 } }),
    existing: true,
    writes: true,
    expect: { anonymous: 401, admin: 200, planner: 200, investment: 403, viewer: 403 },
  },
  {
    name: 'DELETE /api/parcel-status/:parcelId',
    request: (id) => ({ method: 'DELETE', path: `${path(id)}?version=1` }),
    existing: true,
    writes: true,
    expect: { anonymous: 401, admin: 200, planner: 200, investment: 403, viewer: 403 },
  },
  { name: 'GET /api/parcel-status/:parcelId/history', request: (id) => ({ method: 'GET', path: `${path(id)}/history` }), existing: true, expect: READ },
];

let tiny: TinyBuild;
beforeAll(async () => {
  tiny = await buildTinyCounty(PARCELS);
}, 60_000);
afterAll(() => rmSync(tiny.root, { recursive: true, force: true }));

describe.each(ENGINES)('parcel status API on %s', (engine) => {
  let s: ApiServer;
  let records: RecordStore;
  let planner: string;
  let admin: string;
  let viewer: string;
  let n = 0;
  beforeAll(async () => {
    s = await startApiServer(engine, { parcelExists: parcelIdChecker(tiny.data) });
    records = new RecordStore(s.ws.db);
    planner = await s.login(USER_OF.planner);
    admin = await s.login(USER_OF.admin);
    viewer = await s.login(USER_OF.viewer);
  }, 60_000);
  afterAll(() => s.close());

  const cells = ENDPOINTS.flatMap((e) => WHO.map((who) => ({ e, who, status: e.expect[who] })));
  it.each(cells)('$e.name as $who → $status', async ({ e, who, status }) => {
    const id = `M-${++n}`;
    if (e.existing) await records.create(PARCEL_STATUS, { parcel_id: id, ...edit() }, 'setup');
    const before = await records.get(PARCEL_STATUS, id);
    const cookie = who === 'anonymous' ? null : await s.login(USER_OF[who]);
    const { method, path: p, body } = e.request(id);
    const r = await s.request(method, p, { cookie, body });
    expect(r.status, r.text).toBe(status);
    expect(r.headers.get('content-type') ?? '').toMatch(/^application\/json/);
    if (e.writes && status >= 400) {
      expect(await records.get(PARCEL_STATUS, id)).toEqual(before);
      expect(r.body).toMatchObject({ error: expect.any(String) });
    }
    if (e.writes && status < 300) expect(await records.get(PARCEL_STATUS, id)).not.toEqual(before);
  });

  it('sets, edits, refuses a stale edit with the current one, takes back and sets again; the history has every step', async () => {
    const created = await s.request('PUT', path('T-1'), { cookie: planner, body: { data: edit() } });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ kind: 'parcel_status', id: 'T-1', version: 1, created_by: 'u-planner', data: { parcel_id: 'T-1', status: 'in_use', date: today, reason: '企业复产，已恢复生产' } });
    // A second "set" that did not know of the first: 409 with it.
    const again = await s.request('PUT', path('T-1'), { cookie: admin, body: { data: edit({ status: 'for_transfer' }) } });
    expect(again.status).toBe(409);
    expect((again.body as { current: Rec }).current).toMatchObject({ version: 1, data: { status: 'in_use' } });
    const edited = await s.request('PUT', path('T-1'), { cookie: admin, body: { data: edit({ status: 'for_transfer', reason: '拟挂牌出让' }), version: 1 } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 2, updated_by: 'u-admin', data: { status: 'for_transfer' } });
    const stale = await s.request('PUT', path('T-1'), { cookie: planner, body: { data: edit({ status: 'idle' }), version: 1 } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: expect.stringMatching(/version 2/), current: { version: 2, updated_by: 'u-admin', data: { status: 'for_transfer', reason: '拟挂牌出让' } } });
    expect((await records.get(PARCEL_STATUS, 'T-1'))!.version).toBe(2);

    const gone = await s.request('DELETE', `${path('T-1')}?version=2`, { cookie: planner });
    expect(gone.status).toBe(200);
    expect(gone.body).toMatchObject({ version: 3, deleted: true });
    const ids = async (q: string) => ((await s.request('GET', `/api/parcel-status${q}`, { cookie: viewer })).body as { statuses: Rec[] }).statuses.map((r) => r.id);
    expect(await ids('')).not.toContain('T-1');
    expect(await ids('?deleted=1')).toContain('T-1');
    expect((await s.request('DELETE', `${path('T-1')}?version=2`, { cookie: planner })).status).toBe(409);
    // Editing the taken-back version is a conflict; setting anew (no version) brings the record back.
    const onDeleted = await s.request('PUT', path('T-1'), { cookie: planner, body: { data: edit(), version: 3 } });
    expect(onDeleted.status).toBe(409);
    expect(onDeleted.body).toMatchObject({ current: { deleted: true, version: 3 } });
    const revived = await s.request('PUT', path('T-1'), { cookie: planner, body: { data: edit({ status: 'under_construction', reason: '开工' }) } });
    expect(revived.status).toBe(201);
    expect(revived.body).toMatchObject({ version: 4, deleted: false, data: { status: 'under_construction' } });
    expect(await ids('')).toContain('T-1');

    const h = await s.request('GET', `${path('T-1')}/history`, { cookie: viewer });
    expect(h.status).toBe(200);
    const history = (h.body as { history: { action: string; actor: string; version: number; before: { status?: string } | null; after: { status?: string } | null }[] }).history;
    expect(history.map((e) => [e.action, e.actor, e.version, e.before?.status ?? null, e.after?.status ?? null])).toEqual([
      ['create', 'u-planner', 1, null, 'in_use'],
      ['update', 'u-admin', 2, 'in_use', 'for_transfer'],
      ['delete', 'u-planner', 3, 'for_transfer', null],
      ['create', 'u-planner', 4, null, 'under_construction'],
    ]);
  });

  it('two first edits of one parcel at once: one is created, the other gets 409 with it', async () => {
    const [a, b] = await Promise.all([
      s.request('PUT', path('T-3'), { cookie: planner, body: { data: edit({ status: 'idle', reason: '甲' }) } }),
      s.request('PUT', path('T-3'), { cookie: admin, body: { data: edit({ status: 'for_transfer', reason: '乙' }) } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const [won, lost] = a.status === 201 ? [a, b] : [b, a];
    expect((lost.body as { current: Rec }).current).toMatchObject({ version: 1, data: (won.body as Rec).data });
    expect(await records.history(PARCEL_STATUS.kind, 'T-3')).toHaveLength(1);
  });

  it('answers 400 naming the field, and writes nothing', async () => {
    const cases: [string, unknown, string][] = [
      ['T-2', { data: edit({ status: '在用' }) }, 'status'],
      ['T-2', { data: edit({ status: undefined }) }, 'status'],
      ['T-2', { data: edit({ date: '2026-02-30' }) }, 'date'],
      ['T-2', { data: edit({ date: '30/11/2026' }) }, 'date'],
      ['T-2', { data: edit({ date: '2999-01-01' }) }, 'date'],
      ['T-2', { data: edit({ reason: '  ' }) }, 'reason'],
      ['T-2', { data: edit({ reason: 'x'.repeat(501) }) }, 'reason'],
      ['T-2', { data: edit({ parcel_id: 'T-3' }) }, 'parcel_id'],
      ['T-2', { data: 'in_use' }, 'data'],
      ['T-2', { status: 'in_use' }, 'data'],
      ['T-2', { data: edit(), version: 0 }, 'version'],
      ['T-2', { data: edit(), version: 'x' }, 'version'],
      ['NO-SUCH-PARCEL', { data: edit() }, 'parcel_id'],
      ['<b>', { data: edit() }, 'parcel_id'],
    ];
    for (const [id, body, field] of cases) {
      const r = await s.request('PUT', path(id), { cookie: planner, body });
      expect(r.status, `${JSON.stringify(body)}: ${r.text}`).toBe(400);
      expect(r.body, JSON.stringify(body)).toMatchObject({ field, error: expect.stringContaining(field) });
    }
    expect(await records.get(PARCEL_STATUS, 'T-2')).toBeNull();
    expect(await records.get(PARCEL_STATUS, 'NO-SUCH-PARCEL')).toBeNull();
    expect((await s.request('PUT', path('T-2'), { cookie: planner, body: '{"data":' })).status).toBe(400);
    expect((await s.request('DELETE', path('T-2'), { cookie: planner })).body).toMatchObject({ field: 'version' });
    expect((await s.request('DELETE', `${path('T-2')}?version=1`, { cookie: planner })).status).toBe(404);
    expect((await s.request('PUT', path('T-2'), { cookie: planner, body: { data: edit(), version: 1 } })).status).toBe(404);
    expect((await s.request('GET', `${path('T-2')}/history`, { cookie: viewer })).status).toBe(404);
  });

  it('takes ids with Chinese, spaces, / and # in the path; the change feed carries the edits to every role', async () => {
    const seq = ((await s.request('GET', '/api/parcel-status', { cookie: viewer })).body as { seq: number }).seq;
    const r = await s.request('PUT', path(ODD), { cookie: planner, body: { data: edit({ status: 'idle', reason: '停产' }) } });
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({ id: ODD, data: { parcel_id: ODD, status: 'idle' } });
    expect((await s.request('GET', `${path(ODD)}/history`, { cookie: viewer })).status).toBe(200);
    expect((await s.request('DELETE', `${path(ODD)}?version=1`, { cookie: planner })).status).toBe(200);
    for (const who of ['viewer', 'investment'] as const) {
      const feed = (await s.request('GET', `/api/changes?since=${seq}`, { cookie: await s.login(USER_OF[who]) })).body as { changes: { kind: string; record_id: string; action: string }[] };
      expect(feed.changes.map((c) => [c.kind, c.record_id, c.action])).toEqual([
        ['parcel_status', ODD, 'create'],
        ['parcel_status', ODD, 'delete'],
      ]);
    }
  });
});

describe('parcelIdChecker', () => {
  it('reads the live build once and again when a new build replaces it', async () => {
    const exists = parcelIdChecker(tiny.data);
    expect(await exists('T-1')).toBe(true);
    expect(await exists(ODD)).toBe(true);
    expect(await exists('NEW-1')).toBe(false);
    expect(await Promise.all([exists('T-2'), exists('T-3'), exists('x')])).toEqual([true, true, false]);
    // A second build of a changed county into the same served folder (public/data → store/current → new release).
    const src = join(tiny.root, 'src2');
    writeTinyCounty(src, [...PARCELS, { id: 'NEW-1', status: 'idle' }]);
    await buildData({ src, out: tiny.data, store: tiny.store, policy: ninghaiPolicy() });
    expect(await exists('NEW-1')).toBe(true);
    expect(await exists('T-1')).toBe(true);
    expect(await parcelIdChecker(join(tiny.root, 'nothing-here'))('T-1')).toBe(false);
  });
});
