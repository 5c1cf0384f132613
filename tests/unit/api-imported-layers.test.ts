// Imported layers through the API on both databases (issue 14, item 5): every endpoint × every role, a layer of
// ~3 MB taken (past the app-wide 1 MiB body limit, which still holds everywhere else), a malformed one refused
// naming the field, the list and the change feed without the features, remove with the version (soft: the audit
// keeps it), and a stale or repeated remove answered as for any record.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_MAX_BODY } from '../../server/api/import-routes.ts';
import { IMPORTED_LAYER, RecordStore } from '../../server/workspace/record-store.ts';
import { importedLayer, startApiServer, USER_OF, type ApiServer } from './helpers/api-server.ts';
import { ENGINES } from './helpers/workspaces.ts';

type Who = 'anonymous' | 'admin' | 'planner' | 'investment' | 'viewer';
const WHO: Who[] = ['anonymous', 'admin', 'planner', 'investment', 'viewer'];
const PATH = '/api/imported-layers';

interface Endpoint {
  name: string;
  request: (id: string) => { method: string; path: string; body?: unknown };
  /** The cell's layer exists (version 1) before the request. */
  existing?: boolean;
  writes?: boolean;
  expect: Record<Who, number>;
}

const READ = { anonymous: 401, admin: 200, planner: 200, investment: 200, viewer: 200 };
const WRITE = (ok: number) => ({ anonymous: 401, admin: ok, planner: ok, investment: 403, viewer: 403 });
const ENDPOINTS: Endpoint[] = [
  { name: 'GET /api/imported-layers', request: () => ({ method: 'GET', path: PATH }), expect: READ },
  { name: 'GET /api/imported-layers/:id', request: (id) => ({ method: 'GET', path: `${PATH}/${id}` }), existing: true, expect: READ },
  { name: 'POST /api/imported-layers', request: (id) => ({ method: 'POST', path: PATH, body: importedLayer(id) }), writes: true, expect: WRITE(201) },
  { name: 'DELETE /api/imported-layers/:id', request: (id) => ({ method: 'DELETE', path: `${PATH}/${id}?version=1` }), existing: true, writes: true, expect: WRITE(200) },
];

/** The status of a JSON POST declaring `length` bytes whose body never comes (only the headers are sent). */
function answerToHeaders(url: string, cookie: string, length: number): Promise<number> {
  return new Promise((ok, fail) => {
    const u = new URL(url);
    const req = httpRequest({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { origin: u.origin, cookie, 'content-type': 'application/json', 'content-length': String(length) } });
    req.on('response', (res) => {
      ok(res.statusCode ?? 0);
      res.resume();
      req.destroy();
    });
    req.on('error', fail);
    req.flushHeaders();
  });
}

/** The status of a chunked JSON POST (no Content-Length), the body written in 1 MiB pieces. */
function chunkedPost(url: string, cookie: string, body: string): Promise<number> {
  return new Promise((ok, fail) => {
    const u = new URL(url);
    const req = httpRequest({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { origin: u.origin, cookie, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } });
    req.on('response', (res) => {
      ok(res.statusCode ?? 0);
      res.resume();
      req.destroy();
    });
    req.on('error', fail);
    const bytes = Buffer.from(body);
    const step = 1024 * 1024;
    const write = (at: number): void => {
      if (req.destroyed) return;
      if (at >= bytes.length) return void req.end();
      if (req.write(bytes.subarray(at, at + step))) setImmediate(() => write(at + step));
      else req.once('drain', () => write(at + step));
    };
    write(0);
  });
}

interface Summary {
  id: string;
  name: string;
  count: number;
  target: string;
  importedAt: string;
  created_by: string;
  version: number;
}

describe.each(ENGINES)('imported layers API on %s', (engine) => {
  let s: ApiServer;
  let records: RecordStore;
  let planner: string;
  let viewer: string;
  let investment: string;
  let n = 0;
  beforeAll(async () => {
    s = await startApiServer(engine);
    records = new RecordStore(s.ws.db);
    planner = await s.login(USER_OF.planner);
    viewer = await s.login(USER_OF.viewer);
    investment = await s.login(USER_OF.investment);
  }, 60_000);
  afterAll(() => s.close());

  const cells = ENDPOINTS.flatMap((e) => WHO.map((who) => ({ e, who, status: e.expect[who] })));
  it.each(cells)('$e.name as $who → $status', async ({ e, who, status }) => {
    const id = `imp-m-${++n}`;
    if (e.existing) await records.create(IMPORTED_LAYER, importedLayer(id), 'setup');
    const before = await records.get(IMPORTED_LAYER, id);
    const cookie = who === 'anonymous' ? null : await s.login(USER_OF[who]);
    const { method, path, body } = e.request(id);
    const r = await s.request(method, path, { cookie, body });
    expect(r.status, r.text).toBe(status);
    expect(r.headers.get('content-type') ?? '').toMatch(/^application\/json/);
    if (e.writes && status >= 400) {
      expect(await records.get(IMPORTED_LAYER, id)).toEqual(before);
      expect(r.body).toMatchObject({ error: expect.any(String) });
    }
    if (e.writes && status < 300) expect(await records.get(IMPORTED_LAYER, id)).not.toEqual(before);
  });

  it('takes a layer of ~3 MB; the list has it without features, GET /:id has all of it', async () => {
    const layer = importedLayer('imp-big-1', { name: '宗地（全县）' }, 10_000);
    const size = Buffer.byteLength(JSON.stringify(layer));
    expect(size).toBeGreaterThan(3_000_000);
    const created = await s.request('POST', PATH, { cookie: planner, body: layer });
    expect(created.status, created.text.slice(0, 300)).toBe(201);
    expect(created.body).toMatchObject({ kind: 'imported_layer', id: 'imp-big-1', version: 1, created_by: 'u-planner' });
    expect(created.text.length).toBeLessThan(10_000); // the answer does not send the layer back

    const list = await s.request('GET', PATH, { cookie: viewer });
    expect(list.status).toBe(200);
    expect(list.text.length).toBeLessThan(100_000);
    const layers = (list.body as { layers: Summary[]; seq: number }).layers;
    const listed = layers.find((l) => l.id === 'imp-big-1');
    expect(listed).toEqual({ id: 'imp-big-1', name: '宗地（全县）', count: 10_000, target: 'parcels', importedAt: '2026-11-30T08:15:00.000Z', created_by: 'u-planner', version: 1 });
    expect(layers.every((l) => !('features' in l) && !('data' in l))).toBe(true);

    const one = await s.request('GET', `${PATH}/imp-big-1`, { cookie: investment });
    expect(one.status).toBe(200);
    expect((one.body as { data: unknown }).data).toEqual(layer);
  });

  it('keeps the 1 MiB limit everywhere else, refuses a body past 32 MiB, and checks the role before reading the body', async () => {
    // Declared lengths only, the bodies never sent: a server answering before it read the body closes the
    // connection, which a pooled client would otherwise reuse.
    const admin = await s.login(USER_OF.admin);
    expect(await answerToHeaders(s.origin + '/api/demands', admin, 1024 * 1024 + 1)).toBe(413);
    expect(await answerToHeaders(s.origin + PATH, planner, IMPORT_MAX_BODY + 1)).toBe(413);
    // A role that may not import is refused on the headers alone, before any of the body came.
    expect(await answerToHeaders(s.origin + PATH, viewer, IMPORT_MAX_BODY - 1)).toBe(403);
    // A body past the limit without a declared length (chunked) is cut off as it streams in.
    const huge = JSON.stringify(importedLayer('imp-huge', { name: 'y'.repeat(IMPORT_MAX_BODY) }));
    expect(await chunkedPost(s.origin + PATH, planner, huge)).toBe(413);
    expect(await records.get(IMPORTED_LAYER, 'imp-huge')).toBeNull();
  });

  it.each([
    ['features[1].geometry.type', { features: [importedLayer('x').features as unknown[], { id: 'P-2', geometry: { type: 'Point', coordinates: [1, 2] }, props: {}, findings: [] }].flat(), count: 2 }],
    ['count', { count: 5 }],
    ['target', { target: 'enterprises' }],
    ['id', { id: 'not-an-import' }],
  ])('refuses a malformed layer with 400 naming %s, and keeps nothing', async (field, over) => {
    const id = `imp-bad-${++n}`;
    const body = { ...importedLayer(id), ...over };
    const r = await s.request('POST', PATH, { cookie: planner, body });
    expect(r.status, r.text).toBe(400);
    expect(r.body).toMatchObject({ field, error: expect.stringContaining(`field "${field}"`) });
    expect(await records.get(IMPORTED_LAYER, id)).toBeNull();
  });

  it('the change feed carries imported layers to every reader, without their features', async () => {
    const since = (await s.request('GET', '/api/changes?since=0', { cookie: viewer })).body as { seq: number };
    const created = await s.request('POST', PATH, { cookie: planner, body: importedLayer('imp-feed-1', {}, 50) });
    expect(created.status).toBe(201);
    const removed = await s.request('DELETE', `${PATH}/imp-feed-1?version=1`, { cookie: planner });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ id: 'imp-feed-1', version: 2, deleted: true, count: 50 });
    expect(removed.text).not.toContain('features');
    for (const who of [viewer, investment]) {
      const feed = await s.request('GET', `/api/changes?since=${since.seq}`, { cookie: who });
      expect(feed.status).toBe(200);
      const mine = (feed.body as { changes: { kind: string; record_id: string; action: string; before: unknown; after: unknown }[] }).changes.filter((c) => c.record_id === 'imp-feed-1');
      expect(mine.map((c) => [c.kind, c.action])).toEqual([
        ['imported_layer', 'create'],
        ['imported_layer', 'delete'],
      ]);
      expect(mine[0]!.after).toMatchObject({ id: 'imp-feed-1', count: 50, name: '宗地' });
      expect(mine[1]!.before).toMatchObject({ id: 'imp-feed-1', count: 50 });
      expect(feed.text).not.toContain('"features"');
    }
  });

  it('removes with the version (soft: the audit keeps it); a stale or repeated remove is 409, an unknown one 404', async () => {
    expect((await s.request('POST', PATH, { cookie: planner, body: importedLayer('imp-rm-1') })).status).toBe(201);
    const again = await s.request('POST', PATH, { cookie: planner, body: importedLayer('imp-rm-1') });
    expect(again.status).toBe(409);
    expect((await s.request('DELETE', `${PATH}/imp-rm-1?version=7`, { cookie: planner })).status).toBe(409);
    expect((await s.request('DELETE', `${PATH}/imp-rm-1`, { cookie: planner })).body).toMatchObject({ field: 'version' });
    expect((await s.request('DELETE', `${PATH}/imp-rm-1?version=1`, { cookie: planner })).status).toBe(200);
    expect((await s.request('DELETE', `${PATH}/imp-rm-1?version=2`, { cookie: planner })).status).toBe(409);
    expect((await s.request('GET', `${PATH}/imp-rm-1`, { cookie: planner })).status).toBe(404);
    expect((await s.request('DELETE', `${PATH}/imp-none?version=1`, { cookie: planner })).status).toBe(404);
    const list = (await s.request('GET', PATH, { cookie: planner })).body as { layers: Summary[] };
    expect(list.layers.some((l) => l.id === 'imp-rm-1')).toBe(false);
    const stored = await records.get(IMPORTED_LAYER, 'imp-rm-1');
    expect(stored).toMatchObject({ deleted: true, version: 2, updated_by: 'u-planner' });
    // The row keeps the features through the soft delete; the audit keeps the rest (the layer is never edited).
    expect(stored!.data.features).toHaveLength(1);
    const history = await records.history(IMPORTED_LAYER.kind, 'imp-rm-1');
    expect(history.map((h) => h.action)).toEqual(['create', 'delete']);
    expect(history[0]!.after).toMatchObject({ id: 'imp-rm-1', count: 1, name: '宗地' });
    expect(history[0]!.after).not.toHaveProperty('features');
    expect(history[1]!.before).not.toHaveProperty('features');
  });
});
