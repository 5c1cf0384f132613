// The static server of `npm start` (server/static.ts), through real HTTP on 127.0.0.1 against real temporary folders:
// a fake Vite build (with a .git/ and a stale data/ copy that must never be served) and data builds behind a symlink.
// Raw paths go through http.request, because fetch would normalise `..` before it reaches the server.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type RunningServer, type ServeOptions } from '../../server/static.ts';
import { parseConfig } from '../../server/main.ts';

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
    await new Promise((r) => setTimeout(r, 50));
    const r = await get(app, '/data/public/x.fgb', { Range: 'bytes=0-0' });
    expect([r.status, r.body[0]]).toEqual([206, 0]);
  });
});

describe('the internal/ gate', () => {
  const SECRET = '/data/internal/secret.json';
  const REFUSED = /needs a login.*\n.*TENGLONG_SERVE_INTERNAL=1/s;

  async function expectRefused(s: RunningServer, path = SECRET): Promise<void> {
    const r = await get(s, path);
    expect(r.status).toBe(403);
    expect(r.headers['content-type']).toBe(PLAIN);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.body.toString()).toMatch(REFUSED);
    expect(r.body.toString()).not.toContain('tax_10k');
  }

  test('sample: true → served', async () => {
    const r = await get(app, SECRET);
    expect([r.status, r.body.toString(), r.headers['content-type']]).toEqual([200, SECRET_A, 'application/json; charset=utf-8']);
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

describe('configuration (server/main.ts)', () => {
  test('defaults, environment, and flags over the environment', () => {
    expect(parseConfig([], {})).toEqual({
      host: '127.0.0.1',
      port: 4173,
      distDir: join(projectRoot, 'dist'),
      dataDir: join(projectRoot, 'public/data'),
      serveInternal: 'sample',
      internalSource: 'default',
    });
    const env = { PORT: '8080', HOST: '0.0.0.0', TENGLONG_SERVE_INTERNAL: 'TRUE', TENGLONG_DIST: '/srv/app', TENGLONG_DATA: '/srv/data' };
    expect(parseConfig([], env)).toMatchObject({ host: '0.0.0.0', port: 8080, distDir: '/srv/app', dataDir: '/srv/data', serveInternal: 'always' });
    expect(parseConfig(['--port', '9000', '--host', '::1', '--no-internal'], env)).toMatchObject({ host: '::1', port: 9000, serveInternal: 'never' });
    expect(parseConfig(['--serve-internal'], { TENGLONG_SERVE_INTERNAL: '0' })).toMatchObject({ serveInternal: 'always' });
    expect(parseConfig([], { TENGLONG_SERVE_INTERNAL: 'false' })).toMatchObject({ serveInternal: 'never' });
    expect(parseConfig(['--port=0'], {})).toMatchObject({ port: 0 });
  });

  test.each([
    [['--port', 'abc'], {}, /port must be a number from 0 to 65535 \(got "abc"\)/],
    [[], { PORT: '70000' }, /got "70000"/],
    [['--serve-internal', '--no-internal'], {}, /contradict/],
    [[], { TENGLONG_SERVE_INTERNAL: 'yes' }, /must be 1, true, 0 or false \(got "yes"\)/],
    [['--bogus'], {}, /bogus/],
  ])('%j %j → a clear error', (argv, env, message) => {
    const c = parseConfig(argv, env);
    expect(typeof c === 'object' && 'error' in c ? c.error : null).toMatch(message);
  });
});

describe('server/main.ts as a process', () => {
  function run(args: string[], env: Record<string, string>, untilOutput?: RegExp) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], {
      cwd: projectRoot,
      env: { ...process.env, TENGLONG_DIST: join(tmp, 'dist'), TENGLONG_DATA: join(tmp, 'data'), ...env },
    });
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

  test('prints the URL and the data/internal status, serves, and exits 0 on Ctrl+C', async () => {
    const { child, exited, ready } = run(['--port', '0'], {}, /Press Ctrl\+C to stop\./);
    const url = /running: (http:\/\/127\.0\.0\.1:\d+\/)\n/.exec(await ready)?.[1];
    expect(url).toBeDefined();
    const res = await fetch(`${url}data/public/x.fgb`, { headers: { Range: 'bytes=-50' } });
    expect(Buffer.from(await res.arrayBuffer()).equals(FGB_A.subarray(150))).toBe(true);
    child.kill('SIGINT');
    const done = await exited;
    expect(done.code).toBe(0);
    expect(done.out).toContain('示例数据 / sample county');
    expect(done.out).toContain('internal: served, because this is the sample county');
    expect(done.out).not.toContain('WARNING');
  });

  test('real data with internal forced on: a WARNING line', async () => {
    const { child, exited, ready } = run(['--port', '0', '--serve-internal'], { TENGLONG_DATA: join(tmp, 'builds', 'b') }, /Press Ctrl\+C/);
    await ready;
    child.kill('SIGINT');
    const done = await exited;
    expect(done.out).toContain('not marked as the sample county');
    expect(done.out).toMatch(/internal: SERVED \(--serve-internal\)/);
    expect(done.out).toMatch(/WARNING: .*confidential enterprise figures .* readable by anyone who can reach 127\.0\.0\.1:\d+\./);
  });

  test('dist/index.html missing: exit 1 with one clear line', async () => {
    const done = await run([], { TENGLONG_DIST: join(tmp, 'nodist') }).exited;
    expect(done.code).toBe(1);
    expect(done.err.trim()).toBe(`tenglong server: ${join(tmp, 'nodist', 'index.html')} is missing: build the app first (npm run build; npm start does it).`);
  });

  test('port taken: exit 1 with one clear line', async () => {
    const blocker = createNetServer();
    await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', () => ok()));
    const { port } = blocker.address() as AddressInfo;
    try {
      const done = await run(['--port', String(port)], {}).exited;
      expect(done.code).toBe(1);
      expect(done.err.trim()).toBe(
        `tenglong server: port ${port} on 127.0.0.1 is already in use: stop the other server or choose another port (PORT=${port + 1} npm start).`,
      );
    } finally {
      blocker.close();
    }
  });
});
