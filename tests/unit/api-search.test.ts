// GET /api/search (issue 16): the planner map's search answered by the server over the current build's
// parcels-index.json — here a hand-written index in a real data folder, so every expected hit is read off the rows
// below: who may search, what a query finds (parcel ids and names; a firm once, at its largest parcel), the limits
// on q and limit, a server without search, and a rebuilt index read again.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parcelSearcher } from '../../server/workspace/parcel-search.ts';
import { startApiServer, USER_OF, type ApiServer } from './helpers/api-server.ts';

const ROWS = [
  { id: 'NH-001', name: '跃龙老工业点-1号地块', centroid: [121.41, 29.29], area_mu_planar: 5.2, status: 'in_use', enterprise_id: 'E1', enterprise_name: '宁海示例模具有限公司' },
  { id: 'NH-002', name: '跃龙老工业点-2号地块', centroid: [121.42, 29.29], area_mu_planar: 12.5, status: 'in_use', enterprise_id: 'E1', enterprise_name: '宁海示例模具有限公司' },
  { id: 'NH-003', name: '西店工业区-3号地块', centroid: [121.43, 29.3], area_mu_planar: 8, status: 'idle', enterprise_id: 'E2', enterprise_name: '宁海示例文具有限公司' },
  { id: 'XD-010', name: '西店工业区-10号地块', centroid: [121.44, 29.31], area_mu_planar: 3, status: 'idle', enterprise_id: null, enterprise_name: null },
];

let root = '';
let s: ApiServer;
let viewer = '';
const get = async (path: string, cookie: string | null = viewer) => s.request('GET', path, { cookie });

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tenglong-api-search-'));
  mkdirSync(join(root, 'internal'), { recursive: true });
  writeFileSync(join(root, 'internal', 'parcels-index.json'), JSON.stringify(ROWS));
  s = await startApiServer('pglite', { search: parcelSearcher(root) });
  viewer = await s.login(USER_OF.viewer);
}, 60_000);
afterAll(async () => {
  await s?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('GET /api/search', () => {
  it.each([
    ['anonymous', 401],
    ['admin', 200],
    ['planner', 200],
    ['investment', 200],
    ['viewer', 200],
  ] as const)('as %s → %i', async (who, status) => {
    const cookie = who === 'anonymous' ? null : await s.login(USER_OF[who]);
    const r = await get('/api/search?q=NH', cookie);
    expect(r.status, r.text).toBe(status);
    expect(r.headers.get('content-type') ?? '').toMatch(/^application\/json/);
  });

  it('finds parcels by id or name, and a firm once at its largest parcel', async () => {
    const byId = await get(`/api/search?q=${encodeURIComponent('nh-003')}`);
    expect(byId.body).toEqual({ hits: [{ kind: 'parcel', label: 'NH-003 西店工业区-3号地块', parcelId: 'NH-003', centroid: [121.43, 29.3] }] });

    const byName = await get(`/api/search?q=${encodeURIComponent('西店工业区')}`);
    expect((byName.body as { hits: { parcelId: string }[] }).hits.map((h) => h.parcelId)).toEqual(['NH-003', 'XD-010']);

    // 宁海示例模具有限公司 holds NH-001 (5.2 亩) and NH-002 (12.5 亩): one line, pointing at NH-002.
    const firm = await get(`/api/search?q=${encodeURIComponent('模具')}`);
    expect(firm.body).toEqual({ hits: [{ kind: 'enterprise', label: '宁海示例模具有限公司', parcelId: 'NH-002', centroid: [121.42, 29.29] }] });

    const none = await get(`/api/search?q=${encodeURIComponent('没有这个')}`);
    expect(none.body).toEqual({ hits: [] });
  });

  it('keeps to limit, and names the field of a bad q or limit', async () => {
    const one = await get('/api/search?q=NH&limit=1');
    expect((one.body as { hits: unknown[] }).hits).toHaveLength(1);
    for (const [query, field] of [
      [`q=${'地'.repeat(101)}`, 'q'],
      [`q=${encodeURIComponent('a\u0001b')}`, 'q'],
      ['q=NH&limit=0', 'limit'],
      ['q=NH&limit=51', 'limit'],
      ['q=NH&limit=2.5', 'limit'],
    ]) {
      const r = await get(`/api/search?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.body, query).toMatchObject({ field, error: expect.stringContaining(`"${field}"`) });
    }
  });

  it('reads the index again when the build rewrites it', async () => {
    expect((await get('/api/search?q=NEW-9')).body).toEqual({ hits: [] });
    writeFileSync(join(root, 'internal', 'parcels-index.json'), JSON.stringify([...ROWS, { id: 'NEW-9', name: '新地块', centroid: [121.5, 29.4], area_mu_planar: 1 }]));
    expect((await get('/api/search?q=NEW-9')).body).toEqual({ hits: [{ kind: 'parcel', label: 'NEW-9 新地块', parcelId: 'NEW-9', centroid: [121.5, 29.4] }] });
  });
});

describe('a server without search', () => {
  it('answers 404 with a message, so the app searches in the browser', async () => {
    const bare = await startApiServer('pglite');
    try {
      const r = await bare.request('GET', '/api/search?q=NH', { cookie: await bare.login(USER_OF.viewer) });
      expect(r.status).toBe(404);
      expect(r.body).toMatchObject({ error: 'search is not configured on this server' });
    } finally {
      await bare.close();
    }
  });
});
