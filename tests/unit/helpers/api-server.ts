// The combined site listener (server/api/node.ts) on 127.0.0.1, port 0, over a fresh workspace of either engine,
// with one account per role, and a small client: real HTTP through fetch, the session cookie carried by hand (as
// a browser would), and the page's Origin sent on every request unless a test says otherwise.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addUser } from '../../../server/api/accounts.ts';
import type { ApiOptions } from '../../../server/api/context.ts';
import { createSiteListener } from '../../../server/api/node.ts';
import type { Role } from '../../../server/api/roles.ts';
import { freshWorkspace, type Engine } from './workspaces.ts';

export const PASSWORD = 'correct-horse-1';
export const USER_OF: Record<Role, string> = { admin: 'u-admin', planner: 'u-planner', investment: 'u-investment', viewer: 'u-viewer' };
/** Cheap scrypt for test accounts (the cost is read from the stored hash, so login works the same). */
export const CHEAP = { N: 1024, r: 8, p: 1 };
export const INDEX = '<!doctype html><title>app</title>';

export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

export interface RequestOptions {
  cookie?: string | null;
  body?: unknown;
  /** The Origin header: the server's own by default; null sends none. */
  origin?: string | null;
  headers?: Record<string, string>;
}

export type ApiServer = Awaited<ReturnType<typeof startApiServer>>;

export async function startApiServer(engine: Engine, api: ApiOptions = {}) {
  const ws = await freshWorkspace(engine);
  for (const [role, name] of Object.entries(USER_OF)) await addUser(ws.db, name, role, PASSWORD, CHEAP);
  const dist = mkdtempSync(join(tmpdir(), 'tenglong-api-dist-'));
  writeFileSync(join(dist, 'index.html'), INDEX);
  const server = createServer(createSiteListener(ws, { distDir: dist, dataDir: join(dist, 'no-data'), serveInternal: 'never' }, api));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function request(method: string, path: string, o: RequestOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...o.headers };
    const sendOrigin = o.origin === undefined ? origin : o.origin;
    if (sendOrigin !== null) headers['origin'] = sendOrigin;
    if (o.cookie) headers['cookie'] = o.cookie;
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(origin + path, { method, headers, ...(o.body !== undefined ? { body: typeof o.body === 'string' ? o.body : JSON.stringify(o.body) } : {}) });
    const text = await res.text();
    let body: unknown = null;
    if (res.headers.get('content-type')?.startsWith('application/json')) body = JSON.parse(text);
    return { status: res.status, headers: res.headers, body, text };
  }

  /** Logs in and returns the `name=value` pair to send back as Cookie. */
  async function login(name: string, password = PASSWORD): Promise<string> {
    const r = await request('POST', '/api/login', { body: { name, password } });
    if (r.status !== 200) throw new Error(`login ${name}: ${r.status} ${r.text}`);
    return cookiePair(r.headers);
  }

  return {
    ws,
    origin,
    request,
    login,
    async close() {
      await new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      });
      await ws.drop();
      rmSync(dist, { recursive: true, force: true });
    },
  };
}

export function cookiePair(headers: Headers): string {
  const set = headers.get('set-cookie');
  if (!set) throw new Error('no Set-Cookie');
  return set.split(';', 1)[0]!;
}

/** A valid demand (the sample county's chain and link), with overrides. */
export const demand = (id: string, over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  chain: 'auto-mould',
  link: 'am-heat',
  profile: '热处理共享中心（示例）',
  land_mu: 30,
  investment_100m: 2.5,
  park: null,
  status: 'open',
  ...over,
});

const SQUARE = [[[121.5, 29.3], [121.51, 29.3], [121.51, 29.31], [121.5, 29.3]]];

/** A valid imported layer (as the app POSTs it: a KeptLayer without `visible`) of `n` parcels, with overrides. */
export const importedLayer = (id: string, over: Record<string, unknown> = {}, n = 1): Record<string, unknown> => ({
  id,
  name: '宗地',
  files: ['宗地.zip'],
  target: 'parcels',
  count: n,
  importedAt: '2026-11-30T08:15:00.000Z',
  mapping: { file: null, fields: { id: { from: '地块编号', unit: null, values: null } }, join: null },
  crs: 'EPSG:4549',
  features: Array.from({ length: n }, (_, i) => ({
    id: `P-${i + 1}`,
    geometry: { type: 'Polygon', coordinates: SQUARE },
    props: { id: `P-${i + 1}`, status: 'in_use', floor_area_m2: 100 },
    findings: [{ rule: 'far.min', status: 'fail', message: { zh: '容积率 0.10，低于 1.20', en: 'FAR 0.10 < 1.20' } }],
    area_mu_planar: 12.5,
  })),
  rejects: [],
  ...over,
});
