// Publishing through the API on both databases, over a real (tiny) data build: who may preview and publish, the
// preview of the workspace's edits (public or internal, unknown parcels), the publish answering the build summary
// and swapping the served data, one publish at a time, and 404 where publishing is not configured.
import { readFileSync, realpathSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishPreview, PublishResult } from '../../src/lib/workspace/parcel-status.ts';
import { chinaToday } from '../../src/lib/workspace/parcel-status.ts';
import { parcelIdChecker } from '../../server/workspace/parcel-ids.ts';
import { PARCEL_STATUS, RecordStore } from '../../server/workspace/record-store.ts';
import { startApiServer, USER_OF, type ApiServer } from './helpers/api-server.ts';
import { buildTinyCounty, type TinyBuild } from './helpers/tiny-county.ts';
import { ENGINES } from './helpers/workspaces.ts';

type Who = 'anonymous' | 'admin' | 'planner' | 'investment' | 'viewer';
const WHO: Who[] = ['anonymous', 'admin', 'planner', 'investment', 'viewer'];
const ALLOWED = { anonymous: 401, admin: 200, planner: 200, investment: 403, viewer: 403 };
const today = chinaToday();
const path = (id: string) => `/api/parcel-status/${encodeURIComponent(id)}`;

describe.each(ENGINES)('publish API on %s', (engine) => {
  let tiny: TinyBuild;
  let s: ApiServer;
  let records: RecordStore;
  let planner: string;
  const statusOf = (id: string) => (JSON.parse(readFileSync(join(tiny.data, 'internal', 'parcels-index.json'), 'utf8')) as { id: string; status: string }[]).find((e) => e.id === id)?.status;
  const live = () => realpathSync(tiny.data);

  beforeAll(async () => {
    tiny = await buildTinyCounty();
    s = await startApiServer(engine, {
      parcelExists: parcelIdChecker(tiny.data),
      publish: { dataDir: tiny.data, sourceDir: tiny.src, policyFile: tiny.policyFile, storeDir: tiny.store },
    });
    records = new RecordStore(s.ws.db);
    planner = await s.login(USER_OF.planner);
  }, 60_000);
  afterAll(async () => {
    await s.close();
    rmSync(tiny.root, { recursive: true, force: true });
  });

  it('previews the edits against the live build, publishes them, and finds nothing left to publish', async () => {
    expect((await s.request('PUT', path('T-1'), { cookie: planner, body: { data: { status: 'in_use', date: today, reason: '复产' } } })).status).toBe(201);
    // An edit of a parcel that left the data (written before; the API no longer accepts it).
    await records.create(PARCEL_STATUS, { parcel_id: 'GONE-1', status: 'idle', date: today, reason: '旧记录' }, 'setup');
    const p = await s.request('GET', '/api/publish/preview', { cookie: planner });
    expect(p.status, p.text).toBe(200);
    const preview = p.body as PublishPreview;
    expect(preview).toMatchObject({ changes: [{ parcel_id: 'T-1', from: 'idle', to: 'in_use', date: today, reason: '复产', public: true }], unknown: ['GONE-1'], running: null });
    const release = live();

    const r = await s.request('POST', '/api/publish', { cookie: planner });
    expect(r.status, r.text).toBe(200);
    const result = r.body as PublishResult;
    expect(result).toMatchObject({ parcels: 4, edits: { applied: 1, unknown: ['GONE-1'] }, rejected: 0, changes: preview.changes });
    expect(live()).not.toBe(release);
    expect(live().endsWith(result.release)).toBe(true);
    expect(statusOf('T-1')).toBe('in_use');
    const after = (await s.request('GET', '/api/publish/preview', { cookie: planner })).body as PublishPreview;
    expect(after).toMatchObject({ release: result.release, changes: [], unknown: ['GONE-1'] });
  });

  it('publishes one at a time: a second request while one runs is 409 and changes nothing', async () => {
    const rec = await records.get(PARCEL_STATUS, 'T-1');
    await records.update(PARCEL_STATUS, 'T-1', { ...(rec!.data as object), status: 'for_transfer' }, rec!.version, 'setup');
    const admin = await s.login(USER_OF.admin);
    const [a, b] = await Promise.all([s.request('POST', '/api/publish', { cookie: planner }), s.request('POST', '/api/publish', { cookie: admin })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const refused = a.status === 409 ? a : b;
    expect(refused.body).toMatchObject({ error: expect.stringMatching(/already running/), running: { by: expect.stringMatching(/^u-(planner|admin)$/) } });
    expect(statusOf('T-1')).toBe('for_transfer');
    expect(((await s.request('GET', '/api/publish/preview', { cookie: planner })).body as PublishPreview).running).toBeNull();
  });

  it.each(WHO)('GET /api/publish/preview and POST /api/publish as %s', async (who) => {
    const cookie = who === 'anonymous' ? null : await s.login(USER_OF[who]);
    const release = live();
    const p = await s.request('GET', '/api/publish/preview', { cookie });
    expect(p.status, p.text).toBe(ALLOWED[who]);
    const r = await s.request('POST', '/api/publish', { cookie });
    expect(r.status, r.text).toBe(ALLOWED[who]);
    expect(r.headers.get('content-type') ?? '').toMatch(/^application\/json/);
    if (ALLOWED[who] !== 200) {
      expect(live()).toBe(release);
      expect(r.body).toMatchObject({ error: expect.any(String) });
    } else expect(live()).not.toBe(release);
  });
});

describe('publish API without a publish configuration', () => {
  let s: ApiServer;
  beforeAll(async () => {
    s = await startApiServer('pglite');
  }, 60_000);
  afterAll(() => s.close());

  it('answers 404 "not configured" to those who may publish, and the role answer to others', async () => {
    const admin = await s.login(USER_OF.admin);
    for (const [method, p] of [['GET', '/api/publish/preview'], ['POST', '/api/publish']] as const) {
      const r = await s.request(method, p, { cookie: admin });
      expect(r.status).toBe(404);
      expect(r.body).toMatchObject({ error: expect.stringMatching(/publishing is not configured/) });
      expect((await s.request(method, p, { cookie: await s.login(USER_OF.viewer) })).status).toBe(403);
      expect((await s.request(method, p)).status).toBe(401);
    }
  });
});
