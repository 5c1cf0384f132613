// The 招引需求清单 through the API on both databases: two colleagues editing one version (the second gets 409 with
// the first's change), the audit history, soft delete and restore, the polling feed, validation, CSRF; and the
// combined listener leaving every non-/api path to the static server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMANDS, RecordStore } from '../../server/workspace/record-store.ts';
import { demand, INDEX, startApiServer, USER_OF, type ApiServer } from './helpers/api-server.ts';
import { ENGINES } from './helpers/workspaces.ts';

interface Rec {
  id: string;
  version: number;
  deleted: boolean;
  data: Record<string, unknown>;
  updated_by: string;
}

describe.each(ENGINES)('demands API on %s', (engine) => {
  let s: ApiServer;
  let zhang: string; // investment
  let wang: string; // admin
  let viewer: string;
  beforeAll(async () => {
    s = await startApiServer(engine);
    zhang = await s.login(USER_OF.investment);
    wang = await s.login(USER_OF.admin);
    viewer = await s.login(USER_OF.viewer);
  }, 60_000);
  afterAll(() => s.close());

  it('two sessions edit the same version: the second gets 409 with the first one\'s data as current; history lists both', async () => {
    const created = await s.request('POST', '/api/demands', { cookie: zhang, body: demand('C-1') });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'C-1', version: 1, created_by: 'u-investment' });
    const first = await s.request('PUT', '/api/demands/C-1', { cookie: zhang, body: { data: demand('C-1', { land_mu: 40 }), version: 1 } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ version: 2, data: { land_mu: 40 } });
    const second = await s.request('PUT', '/api/demands/C-1', { cookie: wang, body: { data: demand('C-1', { status: 'signed' }), version: 1 } });
    expect(second.status).toBe(409);
    const body = second.body as { error: string; current: Rec };
    expect(body.error).toMatch(/version 2/);
    expect(body.current).toMatchObject({ id: 'C-1', version: 2, updated_by: 'u-investment', data: demand('C-1', { land_mu: 40 }) });
    // The second user merges onto the current version: accepted.
    const merged = await s.request('PUT', '/api/demands/C-1', { cookie: wang, body: { data: { ...body.current.data, status: 'signed' }, version: 2 } });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ version: 3, updated_by: 'u-admin', data: { land_mu: 40, status: 'signed' } });
    const h = await s.request('GET', '/api/demands/C-1/history', { cookie: viewer });
    expect(h.status).toBe(200);
    const history = (h.body as { history: { action: string; actor: string; version: number; before: { land_mu?: number } | null; after: { status?: string } | null }[] }).history;
    expect(history.map((e) => [e.action, e.actor, e.version])).toEqual([
      ['create', 'u-investment', 1],
      ['update', 'u-investment', 2],
      ['update', 'u-admin', 3],
    ]);
    expect(history[2]!.before).toMatchObject({ land_mu: 40, status: 'open' });
    expect(history[2]!.after).toMatchObject({ status: 'signed' });
  });

  it('deletes softly (hidden from the list, shown with ?deleted=1, a stale delete is 409) and restores', async () => {
    await s.request('POST', '/api/demands', { cookie: zhang, body: demand('S-1') });
    const del = await s.request('DELETE', '/api/demands/S-1?version=1', { cookie: zhang });
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ id: 'S-1', version: 2, deleted: true });
    const ids = async (q: string) => ((await s.request('GET', `/api/demands${q}`, { cookie: viewer })).body as { demands: Rec[] }).demands.map((d) => d.id);
    expect(await ids('')).not.toContain('S-1');
    expect(await ids('?deleted=1')).toContain('S-1');
    const stale = await s.request('DELETE', '/api/demands/S-1?version=1', { cookie: zhang });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ current: { version: 2, deleted: true } });
    const edit = await s.request('PUT', '/api/demands/S-1', { cookie: zhang, body: { data: demand('S-1'), version: 2 } });
    expect(edit.status).toBe(409); // a deleted record is restored before it is edited
    const restored = await s.request('POST', '/api/demands/S-1/restore', { cookie: wang, body: { version: 2 } });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ version: 3, deleted: false, data: demand('S-1') });
    expect(await ids('')).toContain('S-1');
    const h = (await s.request('GET', '/api/demands/S-1/history', { cookie: viewer })).body as { history: { action: string }[] };
    expect(h.history.map((e) => e.action)).toEqual(['create', 'delete', 'restore']);
  });

  it('changes?since returns exactly the entries after the list\'s seq, then nothing', async () => {
    const list = (await s.request('GET', '/api/demands', { cookie: viewer })).body as { seq: number };
    await s.request('POST', '/api/demands', { cookie: zhang, body: demand('P-1') });
    await s.request('PUT', '/api/demands/P-1', { cookie: wang, body: { data: demand('P-1', { profile: '改' }), version: 1 } });
    const r = await s.request('GET', `/api/changes?since=${list.seq}`, { cookie: viewer });
    expect(r.status).toBe(200);
    const feed = r.body as { changes: { seq: number; record_id: string; action: string; actor: string }[]; seq: number };
    expect(feed.changes.map((c) => [c.record_id, c.action, c.actor])).toEqual([
      ['P-1', 'create', 'u-investment'],
      ['P-1', 'update', 'u-admin'],
    ]);
    expect(feed.seq).toBe(feed.changes[1]!.seq);
    expect(feed.seq).toBe(list.seq + 2);
    const none = (await s.request('GET', `/api/changes?since=${feed.seq}`, { cookie: viewer })).body as { changes: unknown[]; seq: number };
    expect(none).toEqual({ changes: [], seq: feed.seq });
    const bad = await s.request('GET', '/api/changes?since=-1', { cookie: viewer });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ field: 'since' });
  });

  it('an invalid demand is 400 with the validator\'s reason naming the field, and nothing is written', async () => {
    const r = await s.request('POST', '/api/demands', { cookie: zhang, body: demand('V-1', { land_mu: -5 }) });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ field: 'land_mu', error: expect.stringMatching(/land_mu/) });
    const noId = await s.request('POST', '/api/demands', { cookie: zhang, body: demand('', {}) });
    expect(noId.status).toBe(400);
    expect(noId.body).toMatchObject({ field: 'id' });
    expect(await new RecordStore(s.ws.db).get(DEMANDS, 'V-1')).toBeNull();
    await s.request('POST', '/api/demands', { cookie: zhang, body: demand('V-2') });
    const noVersion = await s.request('PUT', '/api/demands/V-2', { cookie: zhang, body: { data: demand('V-2') } });
    expect(noVersion.status).toBe(400);
    expect(noVersion.body).toMatchObject({ field: 'version' });
    expect((await s.request('DELETE', '/api/demands/V-2', { cookie: zhang })).body).toMatchObject({ field: 'version' });
    const idChange = await s.request('PUT', '/api/demands/V-2', { cookie: zhang, body: { data: demand('V-3'), version: 1 } });
    expect(idChange.status).toBe(400);
    expect(idChange.body).toMatchObject({ field: 'id' });
    const notJson = await s.request('POST', '/api/demands', { cookie: zhang, body: '{"id":' });
    expect(notJson.status).toBe(400);
    expect((await s.request('PUT', '/api/demands/NOPE', { cookie: zhang, body: { data: demand('NOPE'), version: 1 } })).status).toBe(404);
    expect((await s.request('GET', '/api/demands/NOPE/history', { cookie: viewer })).status).toBe(404);
  });

  it('CSRF: a state-changing request without Origin/Referer or from another origin is 403 and writes nothing', async () => {
    const records = new RecordStore(s.ws.db);
    for (const origin of [null, 'http://evil.example', 'null', s.origin.replace('127.0.0.1', 'localhost')]) {
      const r = await s.request('POST', '/api/demands', { cookie: zhang, origin, body: demand('X-1') });
      expect(r.status, String(origin)).toBe(403);
      expect(r.body).toMatchObject({ error: expect.stringMatching(/cross-site/) });
    }
    expect(await records.get(DEMANDS, 'X-1')).toBeNull();
    await records.create(DEMANDS, demand('X-2'), 'setup');
    expect((await s.request('DELETE', '/api/demands/X-2?version=1', { cookie: zhang, origin: 'http://evil.example' })).status).toBe(403);
    expect((await s.request('PUT', '/api/demands/X-2', { cookie: zhang, origin: null, body: { data: demand('X-2', { land_mu: 1 }), version: 1 } })).status).toBe(403);
    expect(await records.get(DEMANDS, 'X-2')).toMatchObject({ version: 1, deleted: false });
    // Login and logout are state-changing too (login CSRF would log a victim into the attacker's account).
    expect((await s.request('POST', '/api/login', { origin: 'http://evil.example', body: { name: USER_OF.viewer, password: 'x' } })).status).toBe(403);
    expect((await s.request('POST', '/api/logout', { cookie: viewer, origin: null })).status).toBe(403);
    expect((await s.request('GET', '/api/me', { cookie: viewer })).status).toBe(200); // that logout did not happen
    // A same-origin Referer stands in for a missing Origin; reads need neither.
    const viaReferer = await s.request('POST', '/api/demands', { cookie: zhang, origin: null, headers: { referer: `${s.origin}/#/map` }, body: demand('X-3') });
    expect(viaReferer.status).toBe(201);
    expect((await s.request('GET', '/api/demands', { cookie: viewer, origin: null })).status).toBe(200);
  });

  it('answers JSON with nosniff and no-store; unknown API paths are JSON 404s; other paths go to the static server', async () => {
    const r = await s.request('GET', '/api/demands', { cookie: viewer });
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('cache-control')).toBe('no-store');
    const missing = await s.request('GET', '/api/nothing-here', { cookie: viewer });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: expect.any(String) });
    const page = await s.request('GET', '/');
    expect(page.status).toBe(200);
    expect(page.text).toBe(INDEX);
    expect((await s.request('GET', '/apiary')).text).toBe('Not found.\n'); // static's own 404, not the API's
    expect((await s.request('GET', '/data/internal/parcels.fgb')).status).toBe(404); // /data as today: no build here
    expect((await s.request('POST', '/index.html')).status).toBe(405); // the static server's rules, unchanged
    const huge = await s.request('POST', '/api/demands', { cookie: zhang, body: demand('BIG', { profile: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ error: expect.stringMatching(/larger than/) });
  });
});
