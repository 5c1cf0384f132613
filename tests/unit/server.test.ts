// The static server of `npm start` (server/static.ts), through real HTTP on 127.0.0.1 against real temporary folders:
// a fake Vite build (with a .git/ and a stale data/ copy that must never be served) and data builds behind a symlink.
// Raw paths go through http.request, because fetch would normalise `..` before it reaches the server. Then the
// server's configuration (server/config.ts) and server/main.ts as a real process, always on a temporary workspace.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_ACCOUNTS } from '../../server/api/accounts.ts';
import { parseConfig, type ServerConfig } from '../../server/config.ts';
import { startServer, type RunningServer, type ServeOptions } from '../../server/static.ts';
import { demand } from './helpers/api-server.ts';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const bytes = (n: number, f: (i: number) => number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => f(i) & 0xff));
const FGB_A = bytes(200, (i) => i); // build A's public/x.fgb: byte i is i
const FGB_B = bytes(200, (i) => 255 - i); // build B's
const STALE = bytes(200, () => 7); // dist/data/public/x.fgb: Vite's copy, must never be answered
const SECRET_A = '{"tax_10k":123}';
const SECRET_B = '{"tax_10k":456}';
const INDEX = '<!doctype html><title>app</title>';
const ASSET = 'console.log("app")';
const NOT_FOUND = 'Not found.\n';
const PLAIN = 'text/plain; charset=utf-8';

let tmp = '';
const servers: RunningServer[] = [];

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One request with the path sent exactly as given. */
function get(server: RunningServer, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  const { port } = server.server.address() as AddressInfo;
  return new Promise((ok, fail) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

async function serve(opts: Partial<ServeOptions> & Pick<ServeOptions, 'dataDir'>): Promise<RunningServer> {
  const s = await startServer({ distDir: join(tmp, 'dist'), serveInternal: 'sample', port: 0, ...opts });
  servers.push(s);
  return s;
}

async function put(path: string, content: string | Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}

async function makeBuild(name: string, fgb: Buffer, secret: string, manifest: string | null): Promise<string> {
  const dir = join(tmp, 'builds', name);
  await put(join(dir, 'public', 'x.fgb'), fgb);
  await put(join(dir, 'public', '.x'), 'hidden');
  await put(join(dir, 'internal', 'secret.json'), secret);
  if (manifest !== null) await put(join(dir, 'internal', 'manifest.json'), manifest);
  return dir;
}

/** Re-points a symlink the way a pipeline swaps builds: a new link renamed over the old one (atomic). */
async function repoint(link: string, target: string): Promise<void> {
  const next = `${link}.next`;
  await symlink(target, next);
  await rename(next, link);
}

let app: RunningServer; // dist + data symlink → build A (sample: true)

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'tenglong-server-'));
  const dist = join(tmp, 'dist');
  await put(join(dist, 'index.html'), INDEX);
  await put(join(dist, 'assets', 'app-abc123.js'), ASSET);
  await put(join(dist, '.git', 'config'), '[core]\n');
  await put(join(dist, '.env'), 'SECRET=1\n');
  await put(join(dist, 'data', 'public', 'x.fgb'), STALE);
  await put(join(dist, 'data', 'public', 'only-in-dist.json'), '{}');
  await put(join(dist, 'data', 'internal', 'secret.json'), SECRET_A);
  for (const ext of ['css', 'svg', 'png', 'woff2', 'wasm', 'txt', 'csv', 'mjs', 'json', 'pmtiles', 'xyz', 'HTML']) {
    await put(join(dist, 'types', `f.${ext}`), 'x');
  }
  await makeBuild('a', FGB_A, SECRET_A, JSON.stringify({ sample: true, label: { zh: '示例数据' } }));
  // the county's delivered 招引需求清单, which server/main.ts imports into a new workspace once
  await put(join(tmp, 'builds', 'a', 'internal', 'demands.json'), JSON.stringify({ demands: [demand('D-901'), demand('D-902', { land_mu: 12 })] }));
  await makeBuild('b', FGB_B, SECRET_B, JSON.stringify({ sample: false }));
  await makeBuild('no-manifest', FGB_A, SECRET_A, null);
  await makeBuild('bad-manifest', FGB_A, SECRET_A, '{"sample": true');
  await makeBuild('string-true', FGB_A, SECRET_A, '{"sample": "true"}');
  await put(join(tmp, 'builds', 'a', 'public', 'big.fgb'), bytes(8_000_000, (i) => i * 31));
  await symlink(join(tmp, 'builds', 'a'), join(tmp, 'data'));
  app = await serve({ dataDir: join(tmp, 'data') });
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('what is served from where', () => {
  test('/ is index.html, no-cache', async () => {
    const r = await get(app, '/');
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe(INDEX);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
  });

  test('hashed assets are immutable for a year', async () => {
    const r = await get(app, '/assets/app-abc123.js');
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe(ASSET);
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  test('/data/ comes from the data folder, never from dist/data', async () => {
    const r = await get(app, '/data/public/x.fgb');
    expect(r.status).toBe(200);
    expect(r.body.equals(FGB_A)).toBe(true);
    expect(r.headers['content-type']).toBe('application/octet-stream');
    expect(r.headers['content-length']).toBe('200');
    expect(r.headers['accept-ranges']).toBe('bytes');
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers.etag).toMatch(/^W\/".+"$/);
    expect(r.headers['last-modified']).toBeDefined();
    const distOnly = await get(app, '/data/public/only-in-dist.json');
    expect([distOnly.status, distOnly.body.toString()]).toEqual([404, NOT_FOUND]);
    // `/DATA/…` must not reach dist's copy either (it would on a case-insensitive disk)
    expect((await get(app, '/DATA/public/x.fgb')).status).toBe(404);
  });

  test.each([
    ['missing data file', '/data/public/missing.fgb'],
    ['missing app path', '/no/such/page'],
    ['missing internal file (sample)', '/data/internal/missing.json'],
  ])('%s: plain-text 404, never index.html', async (_, path) => {
    const r = await get(app, path);
    expect(r.status).toBe(404);
    expect(r.body.toString()).toBe(NOT_FOUND);
    expect(r.headers['content-type']).toBe(PLAIN);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  test.each(['/assets', '/assets/', '/data', '/data/', '/data/public', '/data/public/', '/types/'])(
    'directory %s: 404, no listing, no redirect',
    async (path) => {
      const r = await get(app, path);
      expect([r.status, r.body.toString(), r.headers.location]).toEqual([404, NOT_FOUND, undefined]);
    },
  );

  test.each([
    ['css', 'text/css; charset=utf-8'],
    ['svg', 'image/svg+xml'],
    ['png', 'image/png'],
    ['woff2', 'font/woff2'],
    ['wasm', 'application/wasm'],
    ['txt', 'text/plain; charset=utf-8'],
    ['csv', 'text/csv; charset=utf-8'],
    ['mjs', 'text/javascript; charset=utf-8'],
    ['json', 'application/json; charset=utf-8'],
    ['pmtiles', 'application/octet-stream'],
    ['xyz', 'application/octet-stream'],
    ['HTML', 'text/html; charset=utf-8'],
  ])('.%s is served as %s', async (ext, type) => {
    const r = await get(app, `/types/f.${ext}`);
    expect([r.status, r.headers['content-type'], r.headers['x-content-type-options']]).toEqual([200, type, 'nosniff']);
  });

  test('the data folder missing: 404 that says how to build it', async () => {
    const s = await serve({ dataDir: join(tmp, 'nowhere') });
    const r = await get(s, '/data/public/x.fgb');
    expect(r.status).toBe(404);
    expect(r.body.toString()).toBe('Not found: no data has been built (npx tenglong ensure-data).\n');
  });
});

describe('byte ranges (RFC 9110, through send)', () => {
  const path = '/data/public/x.fgb';

  test('bytes=0-99: 206 with exactly those bytes', async () => {
    const r = await get(app, path, { Range: 'bytes=0-99' });
    expect(r.status).toBe(206);
    expect(r.headers['content-range']).toBe('bytes 0-99/200');
    expect(r.headers['content-length']).toBe('100');
    expect(r.body.equals(FGB_A.subarray(0, 100))).toBe(true);
  });

  test('bytes=-50: the LAST 50 bytes', async () => {
    const r = await get(app, path, { Range: 'bytes=-50' });
    expect(r.status).toBe(206);
    expect(r.headers['content-range']).toBe('bytes 150-199/200');
    expect(r.body.equals(FGB_A.subarray(150))).toBe(true);
  });

  test('a suffix longer than the file is the whole file (range-parser alone says 416)', async () => {
    const r = await get(app, path, { Range: 'bytes=-500' });
    expect(r.status).toBe(206);
    expect(r.headers['content-range']).toBe('bytes 0-199/200');
    expect(r.body.equals(FGB_A)).toBe(true);
  });

  test.each([
    ['bytes=150-', 'bytes 150-199/200', 150, 200],
    ['bytes=190-500', 'bytes 190-199/200', 190, 200],
    ['bytes=0-9,5-19', 'bytes 0-19/200', 0, 20], // overlapping ranges are combined into one
  ])('%s → 206 %s', async (range, contentRange, from, to) => {
    const r = await get(app, path, { Range: range });
    expect([r.status, r.headers['content-range']]).toEqual([206, contentRange]);
    expect(r.body.equals(FGB_A.subarray(from, to))).toBe(true);
  });

  test.each(['bytes=200-', 'bytes=1000-2000', 'bytes=50-10', 'bytes=-0'])('%s → 416 with bytes */200', async (range) => {
    const r = await get(app, path, { Range: range });
    expect(r.status).toBe(416);
    expect(r.headers['content-range']).toBe('bytes */200');
    expect(r.headers['content-type']).toBe(PLAIN);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.body.toString()).toBe('Range not satisfiable: see Content-Range for the file size.\n');
  });

  test.each(['bytes=0-9,20-29', 'bytes=abc', 'items=0-9'])('%s → the full 200', async (range) => {
    const r = await get(app, path, { Range: range });
    expect([r.status, r.headers['content-range']]).toEqual([200, undefined]);
    expect(r.body.equals(FGB_A)).toBe(true);
  });

  test('HEAD with a range: 206 headers, no body', async () => {
    const r = await get(app, path, { Range: 'bytes=-50' }, 'HEAD');
    expect(r.status).toBe(206);
    expect(r.headers['content-range']).toBe('bytes 150-199/200');
    expect(r.headers['content-length']).toBe('50');
    expect(r.headers['content-type']).toBe('application/octet-stream');
    expect(r.body.length).toBe(0);
  });

  test('conditional requests: If-None-Match → 304; a stale If-Range → the full 200', async () => {
    const { headers } = await get(app, path);
    const etag = String(headers.etag);
    const notModified = await get(app, path, { 'If-None-Match': etag });
    expect([notModified.status, notModified.body.length, notModified.headers.etag]).toEqual([304, 0, etag]);
    expect(notModified.headers['x-content-type-options']).toBe('nosniff');
    const stale = await get(app, path, { Range: 'bytes=0-9', 'If-Range': '"other"' });
    expect(stale.status).toBe(200);
    expect(stale.body.equals(FGB_A)).toBe(true);
    const fresh = await get(app, path, { Range: 'bytes=0-9', 'If-Range': etag });
    expect(fresh.status).toBe(206);
    expect(fresh.body.equals(FGB_A.subarray(0, 10))).toBe(true);
  });
});

describe('nothing outside the two roots, no dotfiles', () => {
  test.each([
    '/../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E/%2E%2E/etc/passwd',
    '/..%2fpackage.json',
    '/assets/..%2f..%2fpackage.json',
    '/data/../../package.json',
    '/data/public/..%2F..%2F..%2Fpackage.json',
    '/data%2finternal%2fsecret.json',
    '/..%5cpackage.json',
    '/..\\package.json',
    '/index.html%00.png',
    '/%E0%A4%A',
    'http://127.0.0.1/index.html',
  ])('%s → 400', async (path) => {
    const r = await get(app, path);
    expect([r.status, r.body.toString()]).toEqual([400, 'Bad request: this path is not allowed.\n']);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  test.each(['/.git/config', '/%2egit/config', '/.env', '/data/public/.x', '/data/.x', '/./index.html', '//index.html', '/assets//app-abc123.js'])(
    '%s → 404',
    async (path) => {
      const r = await get(app, path);
      expect([r.status, r.body.toString(), r.headers['content-type']]).toEqual([404, NOT_FOUND, PLAIN]);
    },
  );

  test("the project's own .git/config is unreachable even with the project as the app folder", async () => {
    const s = await serve({ distDir: projectRoot, dataDir: join(tmp, 'data') });
    expect((await get(s, '/package.json')).status).toBe(200); // the server does serve this folder…
    for (const path of ['/.git/config', '/.git/HEAD', '/%2Egit/config', '/data/../.git/config', '/src/../.git/config']) {
      const r = await get(s, path);
      expect([path, r.status]).toEqual([path, path.includes('..') ? 400 : 404]); // …but not its .git
      expect(r.body.toString()).not.toContain('[core]');
    }
  });
});

describe('methods and errors', () => {
  test.each(['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'])('%s → 405 with Allow', async (method) => {
    const r = await get(app, '/data/public/x.fgb', {}, method);
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('GET, HEAD');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.body.toString()).toBe('Method not allowed: this server answers GET and HEAD only.\n');
  });

  test('a client that hangs up mid-download does not take the server down', async () => {
    const { port } = app.server.address() as AddressInfo;
    // the server's end of this test's connection closing: the server has seen the hang-up and dealt with it
    const serverSideClosed = new Promise<void>((ok) => app.server.once('connection', (socket) => socket.once('close', () => ok())));
    await new Promise<void>((ok, fail) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/data/public/big.fgb', agent: false }, (res) => {
        res.once('data', () => {
          req.destroy();
          ok();
        });
      });
      req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? undefined : fail(e)));
      req.end();
    });
    await serverSideClosed;
    const r = await get(app, '/data/public/x.fgb', { Range: 'bytes=0-0' });
    expect([r.status, r.body[0]]).toEqual([206, 0]);
  });
});

describe('the internal/ gate', () => {
  const SECRET = '/data/internal/secret.json';
  const REFUSED = /does not serve data\/internal\/.*\n.*TENGLONG_SERVE_INTERNAL=login/s;

  async function expectRefused(s: RunningServer, path = SECRET): Promise<void> {
    const r = await get(s, path);
    expect(r.status).toBe(403);
    expect(r.headers['content-type']).toBe(PLAIN);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.body.toString()).toMatch(REFUSED);
    expect(r.body.toString()).not.toContain('tax_10k');
  }

  test('sample: true → served, never kept by a shared cache', async () => {
    const r = await get(app, SECRET);
    expect([r.status, r.body.toString(), r.headers['content-type']]).toEqual([200, SECRET_A, 'application/json; charset=utf-8']);
    expect(r.headers['cache-control']).toBe('private, no-cache');
  });

  test('sample: false → 403 (also for INTERNAL in capitals and for the folder itself); public/ still served', async () => {
    const s = await serve({ dataDir: join(tmp, 'builds', 'b') });
    await expectRefused(s);
    await expectRefused(s, '/data/INTERNAL/secret.json');
    await expectRefused(s, '/data/internal');
    const pub = await get(s, '/data/public/x.fgb');
    expect([pub.status, pub.body.equals(FGB_B)]).toEqual([200, true]);
  });

  test.each(['no-manifest', 'bad-manifest', 'string-true'])('%s → 403', async (build) => {
    await expectRefused(await serve({ dataDir: join(tmp, 'builds', build) }));
  });

  test("'always' serves real data; 'never' refuses even the sample", async () => {
    const always = await serve({ dataDir: join(tmp, 'builds', 'b'), serveInternal: 'always' });
    expect((await get(always, SECRET)).body.toString()).toBe(SECRET_B);
    const never = await serve({ dataDir: join(tmp, 'builds', 'a'), serveInternal: 'never' });
    await expectRefused(never);
    expect((await get(never, '/data/public/x.fgb')).status).toBe(200);
  });

  test("'login': 401 without a session, the file (private, no-cache) with one; only internal/ asks for a session", async () => {
    const asked: string[] = [];
    const s = await serve({
      dataDir: join(tmp, 'builds', 'b'),
      serveInternal: 'login',
      hasSession: async (req) => {
        asked.push(req.url ?? '');
        return req.headers.cookie === 'session=live';
      },
    });
    const out = await get(s, SECRET);
    expect([out.status, out.headers['content-type'], out.headers['cache-control'], out.headers['x-content-type-options']]).toEqual([401, PLAIN, 'no-cache', 'nosniff']);
    expect(out.body.toString()).toBe(
      'Unauthorized: data/internal/ holds confidential enterprise figures; log in to the planner map first.\n内部数据需要登录：请先在规划地图登录。\n',
    );
    expect((await get(s, SECRET, { Cookie: 'session=ended' })).status).toBe(401);
    expect((await get(s, '/data/INTERNAL/secret.json')).status).toBe(401);
    const pub = await get(s, '/data/public/x.fgb');
    expect([pub.status, pub.body.equals(FGB_B)]).toEqual([200, true]);
    const r = await get(s, SECRET, { Cookie: 'session=live' });
    expect([r.status, r.body.toString(), r.headers['cache-control']]).toEqual([200, SECRET_B, 'private, no-cache']);
    expect(asked).toEqual([SECRET, SECRET, '/data/INTERNAL/secret.json', SECRET]);
  });

  test("'login' without a way to check sessions is refused when the server is made", () => {
    expect(() => startServer({ distDir: join(tmp, 'dist'), dataDir: join(tmp, 'builds', 'b'), serveInternal: 'login', port: 0 })).toThrow(
      "serveInternal 'login' needs hasSession",
    );
  });

  test('a re-pointed data symlink: the next request reads the new build and the sample decision follows it', async () => {
    // The pipeline's layout: public/data → store/current → releases/<build>; a new build re-points `current`.
    const current = join(tmp, 'store-current');
    const link = join(tmp, 'data-live');
    await symlink(join(tmp, 'builds', 'a'), current);
    await symlink(current, link);
    const s = await serve({ dataDir: link });
    expect((await get(s, '/data/public/x.fgb')).body.equals(FGB_A)).toBe(true);
    expect((await get(s, SECRET)).body.toString()).toBe(SECRET_A); // decision "sample" now cached for build a

    await repoint(current, join(tmp, 'builds', 'b'));
    expect((await get(s, '/data/public/x.fgb')).body.equals(FGB_B)).toBe(true);
    await expectRefused(s);

    await repoint(current, join(tmp, 'builds', 'a'));
    expect((await get(s, SECRET)).body.toString()).toBe(SECRET_A);
    await repoint(link, join(tmp, 'builds', 'b')); // the outer link may move too
    await expectRefused(s);
  });

  test('a build swapped in by renaming folders (same path) is re-checked too', async () => {
    const dir = join(tmp, 'in-place');
    await makeBuild('in-place-next', FGB_B, SECRET_B, JSON.stringify({ sample: false }));
    await put(join(dir, 'internal', 'manifest.json'), JSON.stringify({ sample: true }));
    await put(join(dir, 'internal', 'secret.json'), SECRET_A);
    const s = await serve({ dataDir: dir });
    expect((await get(s, SECRET)).status).toBe(200);
    await rename(dir, `${dir}.old`); // what build-data does today
    await rename(join(tmp, 'builds', 'in-place-next'), dir);
    await expectRefused(s);
  });
});

describe('configuration (server/config.ts)', () => {
  const DEFAULT_FILE = join(projectRoot, 'data', 'config', 'server.json');
  /** A `read` that knows only these files: any other path is missing (ENOENT), as on a disk without them. */
  const files =
    (map: Record<string, string> = {}) =>
    (path: string): string => {
      const text = map[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
      return text;
    };
  const errorOf = (c: ReturnType<typeof parseConfig>): string | null => (typeof c === 'object' && 'error' in c ? c.error : null);
  function configOf(c: ReturnType<typeof parseConfig>): ServerConfig {
    if (typeof c !== 'object' || 'error' in c) throw new Error(`not a configuration: ${JSON.stringify(c)}`);
    return c;
  }

  const FILE = { port: 5000, host: '10.0.0.5', dist: '/file/dist', data: '/file/data', source: '/file/src', workspace: '/file/ws', serve_internal: 'never', trust_proxy: true, session_hours: 12 };
  const ENV = {
    PORT: '6000',
    HOST: '10.0.0.6',
    TENGLONG_DIST: '/env/dist',
    TENGLONG_DATA: '/env/data',
    TENGLONG_SOURCE: '/env/src',
    TENGLONG_WORKSPACE: '/env/ws',
    TENGLONG_SERVE_INTERNAL: 'always',
    TENGLONG_TRUST_PROXY: '0',
    TENGLONG_SESSION_HOURS: '2',
  };
  const withFile = files({ [DEFAULT_FILE]: JSON.stringify(FILE) });

  test('the defaults, when there is no config file', () => {
    expect(parseConfig([], {}, files())).toEqual({
      host: '127.0.0.1',
      port: 4173,
      distDir: join(projectRoot, 'dist'),
      dataDir: join(projectRoot, 'public', 'data'),
      serveInternal: 'login',
      internalSource: 'default',
      workspace: { kind: 'pglite', dir: join(projectRoot, 'data', 'workspace') },
      trustProxy: false,
      sessionHours: 8,
      sourceDir: null,
      configFile: null,
    });
  });

  test('data/config/server.json over the defaults', () => {
    expect(parseConfig([], {}, withFile)).toEqual({
      host: '10.0.0.5',
      port: 5000,
      distDir: '/file/dist',
      dataDir: '/file/data',
      serveInternal: 'never',
      internalSource: DEFAULT_FILE,
      workspace: { kind: 'pglite', dir: '/file/ws' },
      trustProxy: true,
      sessionHours: 12,
      sourceDir: '/file/src',
      configFile: DEFAULT_FILE,
    });
  });

  test('the environment over the file', () => {
    expect(parseConfig([], ENV, withFile)).toEqual({
      host: '10.0.0.6',
      port: 6000,
      distDir: '/env/dist',
      dataDir: '/env/data',
      serveInternal: 'always',
      internalSource: 'TENGLONG_SERVE_INTERNAL',
      workspace: { kind: 'pglite', dir: '/env/ws' },
      trustProxy: false,
      sessionHours: 2,
      sourceDir: '/env/src',
      configFile: DEFAULT_FILE,
    });
  });

  test('flags over the environment and the file', () => {
    expect(parseConfig(['--port', '7000', '--host', '::1', '--workspace', '/flag/ws', '--no-internal'], ENV, withFile)).toEqual({
      host: '::1',
      port: 7000,
      distDir: '/env/dist',
      dataDir: '/env/data',
      serveInternal: 'never',
      internalSource: '--no-internal',
      workspace: { kind: 'pglite', dir: '/flag/ws' },
      trustProxy: false,
      sessionHours: 2,
      sourceDir: '/env/src',
      configFile: DEFAULT_FILE,
    });
    expect(parseConfig(['--serve-internal'], { TENGLONG_SERVE_INTERNAL: '0' }, withFile)).toMatchObject({ serveInternal: 'always', internalSource: '--serve-internal' });
    expect(parseConfig(['--port=0'], ENV, withFile)).toMatchObject({ port: 0 });
  });

  test('a setting absent from one source comes from the next; an empty environment variable counts as unset', () => {
    const read = files({ [DEFAULT_FILE]: JSON.stringify({ port: 5000, session_hours: 0.5 }) });
    expect(parseConfig([], { PORT: '', HOST: '10.0.0.6', TENGLONG_SERVE_INTERNAL: ' ' }, read)).toMatchObject({
      port: 5000,
      host: '10.0.0.6',
      serveInternal: 'login',
      internalSource: 'default',
      sessionHours: 0.5,
      trustProxy: false,
    });
  });

  test.each([
    ['login', 'login'],
    ['LOGIN', 'login'],
    [' always ', 'always'],
    ['1', 'always'],
    ['TRUE', 'always'],
    ['never', 'never'],
    ['0', 'never'],
    ['false', 'never'],
  ])('TENGLONG_SERVE_INTERNAL=%j → %s', (value, access) => {
    expect(parseConfig([], { TENGLONG_SERVE_INTERNAL: value }, files())).toMatchObject({ serveInternal: access, internalSource: 'TENGLONG_SERVE_INTERNAL' });
  });

  test('booleans and numbers in the file mean what their text means', () => {
    const read = files({ [DEFAULT_FILE]: JSON.stringify({ serve_internal: false, trust_proxy: 1 }) });
    expect(parseConfig([], {}, read)).toMatchObject({ serveInternal: 'never', trustProxy: true });
  });

  test('--config and TENGLONG_CONFIG name the file (the flag first), relative to the project folder', () => {
    const read = files({
      '/etc/a.json': '{"port": 1111}',
      '/etc/b.json': '{"port": 2222}',
      [DEFAULT_FILE]: '{"port": 3333}',
      [join(projectRoot, 'conf', 'c.json')]: '{"port": 4444}',
    });
    expect(parseConfig(['--config', '/etc/a.json'], { TENGLONG_CONFIG: '/etc/b.json' }, read)).toMatchObject({ port: 1111, configFile: '/etc/a.json' });
    expect(parseConfig([], { TENGLONG_CONFIG: '/etc/b.json' }, read)).toMatchObject({ port: 2222, configFile: '/etc/b.json' });
    expect(parseConfig(['--config', 'conf/c.json'], {}, read)).toMatchObject({ port: 4444, configFile: join(projectRoot, 'conf', 'c.json') });
    expect(parseConfig([], {}, read)).toMatchObject({ port: 3333, configFile: DEFAULT_FILE });
  });

  test('a config file asked for by name must exist; the default one may be missing', () => {
    expect(errorOf(parseConfig(['--config', '/nowhere/server.json'], {}, files()))).toBe(
      "cannot read the config file /nowhere/server.json: ENOENT: no such file or directory, open '/nowhere/server.json'",
    );
    expect(errorOf(parseConfig([], { TENGLONG_CONFIG: '/nowhere/b.json' }, files()))).toMatch(/^cannot read the config file \/nowhere\/b\.json: ENOENT/);
    expect(parseConfig([], {}, files())).toMatchObject({ configFile: null });
  });

  test('a real file on disk, read by the default reader; relative paths in it are from the project folder', async () => {
    const file = join(tmp, 'config', 'server.json');
    await put(file, JSON.stringify({ port: 8123, workspace: 'relative/ws', serve_internal: 'always' }));
    expect(parseConfig(['--config', file], {})).toMatchObject({
      port: 8123,
      workspace: { kind: 'pglite', dir: join(projectRoot, 'relative', 'ws') },
      serveInternal: 'always',
      internalSource: file,
      configFile: file,
    });
    expect(errorOf(parseConfig(['--config', join(tmp, 'config', 'missing.json')], {}))).toMatch(/^cannot read the config file .*missing\.json: ENOENT/);
  });

  test('the workspace: DATABASE_URL (or database_url) is PostgreSQL; else the embedded one in --workspace DIR, TENGLONG_WORKSPACE or the file', () => {
    const ws = (argv: string[], env: NodeJS.ProcessEnv, file: object = {}) =>
      configOf(parseConfig(argv, env, files({ [DEFAULT_FILE]: JSON.stringify(file) }))).workspace;
    expect(ws([], { DATABASE_URL: 'postgres://u:p@db:5432/tenglong' })).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/tenglong' });
    expect(ws([], {}, { database_url: 'postgres://db/from-file' })).toEqual({ kind: 'postgres', url: 'postgres://db/from-file' });
    expect(ws([], { DATABASE_URL: 'postgres://db/env' }, { database_url: 'postgres://db/from-file' })).toEqual({ kind: 'postgres', url: 'postgres://db/env' });
    expect(ws(['--workspace', '/tmp/some-ws'], {})).toEqual({ kind: 'pglite', dir: '/tmp/some-ws' });
    expect(ws(['--workspace', 'ws-here'], {})).toEqual({ kind: 'pglite', dir: join(projectRoot, 'ws-here') });
    expect(ws(['--workspace', '/tmp/flag-ws'], { TENGLONG_WORKSPACE: '/tmp/env-ws' }, { workspace: '/tmp/file-ws' })).toEqual({ kind: 'pglite', dir: '/tmp/flag-ws' });
    expect(ws([], { TENGLONG_WORKSPACE: '/tmp/env-ws' }, { workspace: '/tmp/file-ws' })).toEqual({ kind: 'pglite', dir: '/tmp/env-ws' });
    // a flag over the environment: --workspace on the command line beats DATABASE_URL; TENGLONG_WORKSPACE (also the environment) does not
    expect(ws(['--workspace', '/tmp/flag-ws'], { DATABASE_URL: 'postgres://db/env' })).toEqual({ kind: 'pglite', dir: '/tmp/flag-ws' });
    expect(ws([], { DATABASE_URL: 'postgres://db/env', TENGLONG_WORKSPACE: '/tmp/env-ws' })).toEqual({ kind: 'postgres', url: 'postgres://db/env' });
  });

  test('--help wins over everything, even a broken config file', () => {
    expect(parseConfig(['--help'], { PORT: 'x' }, files({ [DEFAULT_FILE]: 'not json' }))).toBe('help');
  });

  const bad: [string[], NodeJS.ProcessEnv, string | null, string | RegExp][] = [
    [['--port', 'abc'], {}, null, 'port must be a number from 0 to 65535 (got "abc" from --port)'],
    [[], { PORT: '70000' }, null, 'port must be a number from 0 to 65535 (got "70000" from PORT)'],
    [[], {}, '{"port": -1}', `port must be a number from 0 to 65535 (got "-1" from ${DEFAULT_FILE})`],
    [[], {}, '{"port": 80.5}', `port must be a number from 0 to 65535 (got "80.5" from ${DEFAULT_FILE})`],
    [[], { TENGLONG_SERVE_INTERNAL: 'yes' }, null, 'serve-internal must be login, always (1, true) or never (0, false) (got "yes" from TENGLONG_SERVE_INTERNAL)'],
    [[], {}, '{"serve_internal": "sample"}', `serve-internal must be login, always (1, true) or never (0, false) (got "sample" from ${DEFAULT_FILE})`],
    [[], { TENGLONG_SESSION_HOURS: '0' }, null, 'session hours must be a number above 0 and at most 720 (got "0" from TENGLONG_SESSION_HOURS)'],
    [[], { TENGLONG_SESSION_HOURS: 'eight' }, null, 'session hours must be a number above 0 and at most 720 (got "eight" from TENGLONG_SESSION_HOURS)'],
    [[], {}, '{"session_hours": 721}', `session hours must be a number above 0 and at most 720 (got "721" from ${DEFAULT_FILE})`],
    [[], { TENGLONG_TRUST_PROXY: 'yes' }, null, 'trust-proxy must be 1, true, 0 or false (got "yes" from TENGLONG_TRUST_PROXY)'],
    [['--serve-internal', '--no-internal'], {}, null, '--serve-internal and --no-internal contradict each other'],
    [['--bogus'], {}, null, /^npm start: unknown option --bogus \(npm start takes --port X, /],
    [['--port'], {}, null, 'npm start: --port needs a value'],
    [[], {}, '{"prot": 80}', `${DEFAULT_FILE}: unknown setting "prot" (known: port, host, dist, data, source, workspace, database_url, serve_internal, trust_proxy, session_hours)`],
    [[], {}, '{"port": {"n": 80}}', `${DEFAULT_FILE}: "port" must be a string, number or boolean`],
    [[], {}, '{"host": null}', `${DEFAULT_FILE}: "host" must be a string, number or boolean`],
    [[], {}, '[80]', `${DEFAULT_FILE}: must be a JSON object`],
    [[], {}, '{port: 80}', new RegExp(`^${DEFAULT_FILE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not JSON \\(`)],
  ];
  test.each(bad)('%j %j file %s → one error naming the setting and its source', (argv, env, fileText, message) => {
    const error = errorOf(parseConfig(argv, env, files(fileText === null ? {} : { [DEFAULT_FILE]: fileText })));
    if (typeof message === 'string') expect(error).toBe(message);
    else expect(error).toMatch(message);
  });
});

describe('server/main.ts as a process', () => {
  const children = new Set<ChildProcess>();
  afterAll(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL'); // only after a failed test
  });

  /** A fresh folder for the embedded workspace: the tests never touch the project's data/workspace/. */
  let workspaces = 0;
  const newWorkspace = (): string => join(tmp, 'workspaces', `ws-${++workspaces}`);

  /** The environment of whoever runs the tests, without the settings that would change what the server does. */
  function cleanEnv(): NodeJS.ProcessEnv {
    const env = { ...process.env };
    for (const k of ['PORT', 'HOST', 'DATABASE_URL', 'TENGLONG_WORKSPACE', 'TENGLONG_SOURCE', 'TENGLONG_SERVE_INTERNAL', 'TENGLONG_TRUST_PROXY', 'TENGLONG_SESSION_HOURS', 'TENGLONG_CONFIG']) delete env[k];
    return env;
  }

  function run(workspace: string, args: string[], env: Record<string, string>, untilOutput?: RegExp) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--workspace', workspace, ...args], {
      cwd: projectRoot,
      // an empty config file of the test's own, so a data/config/server.json of the developer's changes nothing here
      env: { ...cleanEnv(), TENGLONG_CONFIG: join(tmp, 'empty-config.json'), TENGLONG_DIST: join(tmp, 'dist'), TENGLONG_DATA: join(tmp, 'data'), ...env },
    });
    children.add(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const exited = new Promise<{ code: number | null; out: string; err: string }>((ok) => child.on('close', (code) => ok({ code, out, err })));
    const ready = new Promise<string>((ok, fail) => {
      child.stdout.on('data', () => {
        if (untilOutput?.test(out)) ok(out);
      });
      void exited.then((r) => fail(new Error(`exited ${r.code}: ${r.err}`)));
    });
    ready.catch(() => {}); // only awaited by the tests that wait for the banner
    return { child, exited, ready };
  }

  const urlOf = (out: string): string => {
    const url = /腾笼 Tenglong is running: (http:\/\/127\.0\.0\.1:\d+\/)\n/.exec(out)?.[1];
    if (!url) throw new Error(`no running line in:\n${out}`);
    return url;
  };

  beforeAll(async () => {
    await put(join(tmp, 'empty-config.json'), '{}');
  });

  describe('on the sample county', () => {
    let workspace = '';
    let server: ReturnType<typeof run>;
    let out = '';
    let url = '';

    beforeAll(async () => {
      workspace = newWorkspace(); // here, not when the file is collected: tmp is made by the first beforeAll
      server = run(workspace, ['--port', '0'], {}, /Press Ctrl\+C to stop\./);
      out = await server.ready;
      url = urlOf(out);
    }, 120_000);

    test('prints where it runs, the workspace, who may read internal/ and the demo accounts', () => {
      expect(out).toContain('示例数据 / sample county');
      expect(out).toContain(`  workspace: embedded (PGlite) in ${workspace} (2 demands imported from internal/demands.json)\n`);
      expect(out).toContain('  internal:  only to a logged-in user (401 otherwise)\n');
      expect(out).toContain(`  config:    ${join(tmp, 'empty-config.json')}\n`);
      expect(out).toContain('  demo accounts (示例, sample county only; README lists them too):\n');
      for (const a of DEMO_ACCOUNTS) expect(out).toMatch(new RegExp(`\\n {4}${a.name} +${a.role} +password ${a.password}\\n`));
      expect(out).not.toContain('WARNING');
      expect(readFileSync(`${workspace}.lock`, 'utf8')).toBe(String(server.child.pid));
    });

    test('public/ is served to anyone; internal/ answers 401 without a login', async () => {
      const pub = await fetch(`${url}data/public/x.fgb`, { headers: { Range: 'bytes=-50' } });
      expect(pub.status).toBe(206);
      expect(Buffer.from(await pub.arrayBuffer()).equals(FGB_A.subarray(150))).toBe(true);
      const internal = await fetch(`${url}data/internal/manifest.json`);
      expect(internal.status).toBe(401);
      expect(await internal.text()).toMatch(/^Unauthorized: .*log in/);
      const forged = await fetch(`${url}data/internal/manifest.json`, { headers: { Cookie: 'tenglong_session=not-a-session' } });
      expect([forged.status, await forged.text()]).toEqual([401, expect.stringMatching(/^Unauthorized: /)]);
    });

    test('logged in as demo-viewer, the session cookie opens internal/', async () => {
      const origin = new URL(url).origin;
      const login = await fetch(`${url}api/login`, {
        method: 'POST',
        headers: { Origin: origin, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'demo-viewer', password: 'tenglong-demo-viewer' }),
      });
      expect(login.status).toBe(200);
      expect(await login.json()).toEqual({ user: { name: 'demo-viewer', role: 'viewer' } });
      const cookie = login.headers.get('set-cookie')?.split(';', 1)[0];
      expect(cookie).toMatch(/^tenglong_session=./);
      const r = await fetch(`${url}data/internal/manifest.json`, { headers: { Cookie: cookie! } });
      expect(r.status).toBe(200);
      expect(r.headers.get('cache-control')).toBe('private, no-cache');
      expect(await r.json()).toMatchObject({ sample: true });
      const wrong = await fetch(`${url}api/login`, {
        method: 'POST',
        headers: { Origin: origin, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'demo-viewer', password: 'tenglong-demo-admin' }),
      });
      expect([wrong.status, await wrong.json()]).toEqual([401, { error: 'wrong name or password' }]);
    });

    test('a second server on the same --workspace folder: exit 1 naming the pid of the first, which goes on serving', { timeout: 120_000 }, async () => {
      const second = await run(workspace, ['--port', '0'], {}).exited;
      expect(second.code).toBe(1);
      expect(second.out).toBe('');
      expect(second.err.trim()).toBe(
        `tenglong server: cannot open the workspace (embedded (PGlite) in ${workspace}): the workspace ${workspace} is in use by another process (pid ${server.child.pid}): stop it first (a running server, a backup or a restore)`,
      );
      expect(readFileSync(`${workspace}.lock`, 'utf8')).toBe(String(server.child.pid)); // the loser left the lock alone
      const still = await fetch(`${url}data/public/x.fgb`);
      expect([still.status, Buffer.from(await still.arrayBuffer()).equals(FGB_A)]).toEqual([200, true]);
    });

    test('Ctrl+C: exit 0 and the workspace is free; started again, it imports nothing twice and keeps the accounts', async () => {
      server.child.kill('SIGINT');
      const done = await server.exited;
      expect([done.code, done.err]).toEqual([0, '']);
      expect(existsSync(`${workspace}.lock`)).toBe(false);

      const again = run(workspace, ['--port', '0'], {}, /Press Ctrl\+C to stop\./);
      const out2 = await again.ready;
      expect(out2).toContain(`  workspace: embedded (PGlite) in ${workspace}\n`);
      expect(out2).toMatch(/\n {4}demo-viewer +viewer +password tenglong-demo-viewer\n/);
      again.child.kill('SIGINT');
      const done2 = await again.exited;
      expect([done2.code, done2.err]).toEqual([0, '']);
    }, 120_000);

    test('the same workspace now serving real data: the demo accounts (public passwords) are disabled, and it says so', async () => {
      const real = run(workspace, ['--port', '0'], { TENGLONG_DATA: join(tmp, 'builds', 'b') }, /Press Ctrl\+C to stop\./);
      const out3 = await real.ready;
      expect(out3).toMatch(/\n {2}demo accounts disabled \(.*\): demo-admin, demo-planner, demo-investment, demo-viewer\n/);
      expect(out3).not.toContain('password tenglong-demo');
      const url3 = urlOf(out3);
      const login = await fetch(`${url3}api/login`, {
        method: 'POST',
        headers: { Origin: new URL(url3).origin, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'demo-viewer', password: 'tenglong-demo-viewer' }),
      });
      expect([login.status, await login.json()]).toEqual([401, { error: 'wrong name or password' }]);
      real.child.kill('SIGINT');
      const done3 = await real.exited;
      expect([done3.code, done3.err]).toEqual([0, '']);
    }, 120_000);
  });

  test('real data with internal forced on: a WARNING line, and no demo accounts', async () => {
    const { child, exited, ready } = run(newWorkspace(), ['--port', '0', '--serve-internal'], { TENGLONG_DATA: join(tmp, 'builds', 'b') }, /Press Ctrl\+C/);
    const url = urlOf(await ready);
    const r = await fetch(`${url}data/internal/secret.json`);
    expect([r.status, await r.text()]).toEqual([200, SECRET_B]);
    child.kill('SIGINT');
    const done = await exited;
    expect([done.code, done.err]).toEqual([0, '']);
    expect(done.out).toContain('not marked as the sample county');
    expect(done.out).toContain('  internal:  SERVED WITHOUT A LOGIN (--serve-internal)\n');
    expect(done.out).toMatch(/WARNING: .*confidential enterprise figures .* readable by anyone who can reach 127\.0\.0\.1:\d+\./);
    expect(done.out).not.toContain('demo');
    expect(done.out).not.toContain('demands imported');
  }, 120_000);

  test('real data, default access: internal/ needs a login, and there are no demo accounts to log in with', async () => {
    const { child, exited, ready } = run(newWorkspace(), ['--port', '0'], { TENGLONG_DATA: join(tmp, 'builds', 'b') }, /Press Ctrl\+C/);
    const out = await ready;
    const url = urlOf(out);
    expect(out).toContain('  internal:  only to a logged-in user (401 otherwise)\n');
    expect(out).not.toContain('demo');
    const internal = await fetch(`${url}data/internal/secret.json`);
    expect([internal.status, await internal.text()]).toEqual([401, expect.stringMatching(/^Unauthorized: /)]);
    const login = await fetch(`${url}api/login`, {
      method: 'POST',
      headers: { Origin: new URL(url).origin, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'demo-viewer', password: 'tenglong-demo-viewer' }),
    });
    expect([login.status, await login.json()]).toEqual([401, { error: 'wrong name or password' }]);
    child.kill('SIGINT');
    const done = await exited;
    expect([done.code, done.err]).toEqual([0, '']);
  }, 120_000);

  test('dist/index.html missing: exit 1 with one clear line, before the workspace is made', async () => {
    const workspace = newWorkspace();
    const done = await run(workspace, [], { TENGLONG_DIST: join(tmp, 'nodist') }).exited;
    expect(done.code).toBe(1);
    expect(done.err.trim()).toBe(`tenglong server: ${join(tmp, 'nodist', 'index.html')} is missing: build the app first (npm run build; npm start does it).`);
    expect(existsSync(workspace)).toBe(false);
  }, 120_000);

  test('port taken: exit 1 with one clear line, and the workspace lock is released', async () => {
    const blocker = createNetServer();
    await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', () => ok()));
    const { port } = blocker.address() as AddressInfo;
    const workspace = newWorkspace();
    try {
      const done = await run(workspace, ['--port', String(port)], {}).exited;
      expect(done.code).toBe(1);
      expect(done.err.trim()).toBe(
        `tenglong server: port ${port} on 127.0.0.1 is already in use: stop the other server or choose another port (PORT=${port + 1} npm start).`,
      );
      expect(existsSync(`${workspace}.lock`)).toBe(false);
    } finally {
      blocker.close();
    }
  }, 120_000);

  test('a bad setting: exit 2 with the error and the usage', async () => {
    const done = await run(newWorkspace(), [], { PORT: 'eighty' }).exited;
    expect(done.code).toBe(2);
    expect(done.err).toMatch(/^tenglong server: port must be a number from 0 to 65535 \(got "eighty" from PORT\)\nusage: npm start -- /);
  }, 120_000);
});
