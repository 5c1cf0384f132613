// The published data on an object store + CDN (another origin), the app, its login and /api on its own server:
// the deployment of docs/deployment.md, "Data on an object store or CDN". Two origins on this machine (a different
// port is a different origin):
//
//   A  the project's own server (server/api/node.ts, as `npm start`): the e2e build, copied with its
//      <meta name="tenglong-data-url"> pointing at B and <meta name="tenglong-internal-url"> at A's data/internal/,
//      and internal/ behind the login. A has no public/ data at all.
//   B  a stand-in object store (object-store.ts): the published public/ folder under a bucket prefix, CORS for A.
//
// The planner map becomes ready with parcels drawn and internal data on its card, reading public data only from B
// and internal data only from A; the prospect's page reads only from B, partly by byte ranges (206); the browser
// talks to no third host, sends B no cookie, and logs no error. With B's CORS rule naming another origin, the
// prospect's page says which URL it could not read and why.
// Assertions are on what the pages show and on the two servers' request logs (origins, paths, ranges), never on
// data file names beyond manifest.json: the files themselves are the data pipeline's business.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setDataUrlMeta } from '../../scripts/data-url-plugin.ts';
import { createSiteListener } from '../../server/api/node.ts';
import { listen, type RunningServer } from '../../server/static.ts';
import { openWorkspace, type Workspace } from '../../server/workspace/open.ts';
import { parcelIdChecker } from '../../server/workspace/parcel-ids.ts';
import { seedWorkspace } from '../../server/workspace/seed.ts';
import { logIn, openPage, renderedParcelCount, visibleText, waitForMapIdle, waitForText, type OpenedPage } from './browser.ts';
import { startObjectStore, type ObjectStore, type ObjectStoreRequest } from './object-store.ts';
import { distDir } from './site-helpers.ts';

/** The bucket prefix the public data is uploaded under (as `ossutil cp -r data/public oss://bucket/tenglong/data/public/`). */
const PREFIX = '/tenglong/data/';

let root = '';
let store: ObjectStore;
let workspace: Workspace | undefined;
let app: RunningServer | undefined;
/** Origin A (the app) and B (the object store), no trailing slash. */
let appOrigin = '';
let storeOrigin = '';
/** A's data folder: internal/ only. */
let appData = '';
/** The bucket's copy of public/. */
let bucketPublic = '';
/** Every request A received (method and path), in order. */
const appLog: { method: string; path: string }[] = [];

interface IndexEntry {
  id: string;
  enterprise_name?: string | null;
}
const readIndex = (file: string): IndexEntry[] => JSON.parse(readFileSync(file, 'utf8')) as IndexEntry[];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tenglong-e2e-two-origin-'));
  // B: only the published public/ folder is uploaded; internal/ never goes to the bucket.
  bucketPublic = join(root, 'bucket', ...PREFIX.split('/').filter(Boolean), 'public');
  mkdirSync(bucketPublic, { recursive: true });
  cpSync(join(distDir, 'data', 'public'), bucketPublic, { recursive: true });
  store = await startObjectStore({ root: join(root, 'bucket'), allowOrigin: 'http://not-yet-known.invalid' });
  storeOrigin = store.origin;

  // A: the build without its copy of the data, index.html pointing at B (internal/ stays here, behind the login).
  const appDir = join(root, 'app');
  cpSync(distDir, appDir, { recursive: true, filter: (src) => src !== join(distDir, 'data') });
  const index = join(appDir, 'index.html');
  writeFileSync(index, setDataUrlMeta(readFileSync(index, 'utf8'), `${store.url}${PREFIX.slice(1)}`, 'data/internal/'));
  appData = join(root, 'app-data');
  cpSync(join(distDir, 'data', 'internal'), join(appData, 'internal'), { recursive: true });

  workspace = await openWorkspace({ kind: 'pglite', dir: null });
  await seedWorkspace(workspace, appData, true);
  const listener = createSiteListener(workspace, { distDir: appDir, dataDir: appData, serveInternal: 'login' }, { parcelExists: parcelIdChecker(appData) });
  app = await listen(
    (req, res) => {
      appLog.push({ method: req.method ?? '', path: req.url ?? '' });
      listener(req, res);
    },
    '127.0.0.1',
    0,
  );
  appOrigin = new URL(app.url).origin;
  // The bucket's CORS rule: AllowedOrigin is the app's origin.
  store.allowOrigin = appOrigin;
}, 120_000);

afterAll(async () => {
  await app?.close();
  await workspace?.close();
  await store?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** What each server received from now on. */
function mark(): { fromApp: () => { method: string; path: string }[]; fromStore: () => ObjectStoreRequest[] } {
  const a = appLog.length;
  const b = store.requests.length;
  return { fromApp: () => appLog.slice(a), fromStore: () => store.requests.slice(b) };
}

/** Every http(s) request of the browser went to A or B: no third host, not even another port of this machine. */
function expectOnlyTwoOrigins(opened: OpenedPage): void {
  const others = opened.requests.filter((u) => /^https?:/.test(u) && ![appOrigin, storeOrigin].includes(new URL(u).origin));
  expect(others, 'requests to a host other than the app and the object store').toEqual([]);
}

function expectNoCorsErrors(opened: OpenedPage): void {
  expect(opened.errors.filter((e) => /CORS|Access-Control/i.test(e))).toEqual([]);
}

describe('data on an object store on another origin', () => {
  it('the stand-in object store answers as OSS, COS and S3 do: ranges, ETag, CORS, cache headers, plain 404', async () => {
    const manifest = `${store.url}${PREFIX.slice(1)}public/manifest.json`;
    const index = `${store.url}${PREFIX.slice(1)}public/parcels-index.json`;
    const size = readFileSync(join(bucketPublic, 'parcels-index.json')).length;
    const from = { Origin: appOrigin };

    const whole = await fetch(manifest, { headers: from });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('access-control-allow-origin')).toBe(appOrigin);
    expect(whole.headers.get('access-control-expose-headers')).toMatch(/Content-Range.*Content-Length.*Accept-Ranges.*ETag/);
    expect(whole.headers.get('cache-control')).toBe('no-cache');
    const etag = whole.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(((await whole.json()) as { source_hash?: unknown }).source_hash).toEqual(expect.any(String));
    expect((await fetch(manifest, { headers: { ...from, 'If-None-Match': etag! } })).status).toBe(304);
    expect((await fetch(manifest, { headers: { ...from, 'If-Match': '"0"' } })).status).toBe(412);

    const part = await fetch(index, { headers: { ...from, Range: 'bytes=10-19' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${size}`);
    expect((await part.arrayBuffer()).byteLength).toBe(10);
    expect(part.headers.get('access-control-allow-origin')).toBe(appOrigin);
    const suffix = await fetch(index, { headers: { Range: 'bytes=-5' } });
    expect([suffix.status, suffix.headers.get('content-range')]).toEqual([206, `bytes ${size - 5}-${size - 1}/${size}`]);
    const past = await fetch(index, { headers: { Range: `bytes=${size}-` } });
    expect([past.status, past.headers.get('content-range')]).toEqual([416, `bytes */${size}`]);
    await past.body?.cancel();

    const preflight = { ...from, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'range,if-match' };
    const ok = await fetch(index, { method: 'OPTIONS', headers: preflight });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(appOrigin);
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/Range.*If-Match/);
    expect(ok.headers.get('access-control-allow-methods')).toBe('GET, HEAD');
    expect((await fetch(index, { method: 'OPTIONS', headers: { ...preflight, Origin: 'https://elsewhere.example.cn' } })).status).toBe(403);
    expect((await fetch(index, { method: 'OPTIONS', headers: { ...preflight, 'Access-Control-Request-Method': 'PUT' } })).status).toBe(403);
    const other = await fetch(manifest, { headers: { Origin: 'https://elsewhere.example.cn' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    await other.body?.cancel();

    const missing = await fetch(`${store.url}${PREFIX.slice(1)}public/nothing.json`, { headers: from });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(missing.headers.get('access-control-allow-origin')).toBe(appOrigin); // so the app can read the 404
    expect(await missing.text()).toMatch(/NoSuchKey/);
    expect((await fetch(`${store.url}${PREFIX.slice(1)}public/`)).status).toBe(404); // no listings
    expect((await fetch(`${store.url}${PREFIX.slice(1)}internal/manifest.json`)).status).toBe(404); // never uploaded
    expect((await fetch(manifest, { method: 'POST' })).status).toBe(405);

    const logged = store.requests.find((r) => r.range === 'bytes=10-19');
    expect(logged).toMatchObject({ method: 'GET', origin: appOrigin, status: 206, cookie: false });
  });

  it('the planner map reads public data from the object store and internal data from the app, behind the login', async () => {
    // A parcel with a firm: its name on the card comes from internal/ only.
    const withFirm = readIndex(join(appData, 'internal', 'parcels-index.json'))
      .filter((e) => typeof e.enterprise_name === 'string' && e.enterprise_name !== '')
      .sort((a, b) => a.id.localeCompare(b.id));
    const parcel = withFirm[Math.floor(withFirm.length / 2)];
    if (!parcel?.enterprise_name) throw new Error('e2e: no parcel with an enterprise in internal/parcels-index.json');

    const opened = await openPage('about:blank', { user: null });
    await logIn(opened.context, 'demo-planner', appOrigin);
    const seen = mark();
    await opened.page.goto(`${appOrigin}/#/map?p=${encodeURIComponent(parcel.id)}`);
    await waitForMapIdle(opened.page);
    // Checked first, as it names the URLs: whatever the map drew so far, it asked B for public files only.
    expect(
      seen.fromStore().filter((r) => !r.path.startsWith(`${PREFIX}public/`)),
      'requests to the object store outside public/ (internal/ must be read from the app origin)',
    ).toEqual([]);
    await waitForText(opened.page, 'parcel-card-id', (s) => s === parcel.id, 30_000);
    expect(await visibleText(opened.page, 'parcel-enterprise')).toBe(parcel.enterprise_name);
    expect(await renderedParcelCount(opened.page), 'window.__tenglongTest.renderedParcelCount()').toBeGreaterThan(0);
    expect(await opened.page.locator('[data-testid=internal-unavailable]').count()).toBe(0);

    // A served the app, /api and internal/ — and no public data: it has none, and the page never asked it for any.
    const fromApp = seen.fromApp();
    expect(fromApp.filter((r) => r.path.startsWith('/data/') && !r.path.startsWith('/data/internal/'))).toEqual([]);
    expect(fromApp.some((r) => r.path.startsWith('/data/internal/'))).toBe(true);
    // B served the public data, to A's pages (CORS), never with the planner's session cookie, never refusing.
    const fromStore = seen.fromStore();
    expect(fromStore.some((r) => r.method === 'GET' && r.path === `${PREFIX}public/manifest.json`)).toBe(true);
    expect(fromStore.filter((r) => !r.path.startsWith(`${PREFIX}public/`))).toEqual([]);
    expect(fromStore.filter((r) => r.origin !== appOrigin)).toEqual([]);
    expect(fromStore.filter((r) => r.cookie)).toEqual([]);
    expect(fromStore.filter((r) => r.status >= 400)).toEqual([]);

    expectOnlyTwoOrigins(opened);
    expectNoCorsErrors(opened);
    opened.expectNoErrors();
  }, 120_000);

  it("the prospect's page reads its parcel only from the object store, partly by byte ranges", async () => {
    const ids = readIndex(join(bucketPublic, 'parcels-index.json'))
      .map((e) => e.id)
      .sort();
    const id = ids[Math.floor(ids.length / 3)];
    if (id === undefined) throw new Error('e2e: the published parcels-index.json is empty');

    const seen = mark();
    const opened = await openPage(`${appOrigin}/#/site/${encodeURIComponent(id)}`);
    const { page } = opened;
    await page.locator('[data-testid=site-name]').waitFor({ state: 'visible', timeout: 30_000 });
    await page.waitForSelector('[data-testid=site-map][data-idle="true"]', { state: 'attached', timeout: 45_000 });
    expect(await visibleText(page, 'site-id')).toBe(id);
    expect(await visibleText(page, 'site-area')).toMatch(/亩|mu/);
    expect(await page.locator('[data-testid=site-error]').count()).toBe(0);

    // A served only the app: no data request at all (no public copy, and a prospect never reads internal/).
    expect(seen.fromApp().filter((r) => r.path.startsWith('/data/'))).toEqual([]);
    const fromStore = seen.fromStore();
    expect(fromStore.some((r) => r.method === 'GET' && r.path === `${PREFIX}public/manifest.json`)).toBe(true);
    expect(fromStore.filter((r) => !r.path.startsWith(`${PREFIX}public/`))).toEqual([]);
    expect(fromStore.filter((r) => r.origin !== appOrigin || r.cookie)).toEqual([]);
    expect(fromStore.filter((r) => r.status >= 400)).toEqual([]);
    // The parcel's neighbourhood came by byte ranges, answered 206 across origins (Content-Range exposed by CORS).
    const ranged = fromStore.filter((r) => r.range !== null && r.status === 206);
    expect(ranged.length, 'range requests answered 206 by the object store').toBeGreaterThan(0);
    // The browser's own view agrees: its data requests all went to B.
    const dataSeenByBrowser = opened.requests.filter((u) => /^https?:/.test(u) && new URL(u).pathname.includes('/data/'));
    expect(dataSeenByBrowser.length).toBeGreaterThan(0);
    expect(dataSeenByBrowser.filter((u) => new URL(u).origin !== storeOrigin)).toEqual([]);

    expectOnlyTwoOrigins(opened);
    expectNoCorsErrors(opened);
    opened.expectNoErrors();
  }, 120_000);

  it("a bucket whose CORS rule names another origin: the prospect's page says which URL it could not read", async () => {
    const id = readIndex(join(bucketPublic, 'parcels-index.json'))[0]?.id;
    if (id === undefined) throw new Error('e2e: the published parcels-index.json is empty');
    store.allowOrigin = 'https://gis.other-county.example.cn';
    try {
      const opened = await openPage(`${appOrigin}/#/site/${encodeURIComponent(id)}`);
      const message = await visibleText(opened.page, 'site-error', 30_000);
      expect(message).toContain(`${storeOrigin}${PREFIX}public/`);
      expect(message).toContain('CORS');
      // Chromium logs the refusals; those (and only those) are expected here.
      const refused = opened.errors.filter((e) => /blocked by CORS policy|net::ERR_FAILED/.test(e));
      expect(refused.some((e) => /blocked by CORS policy/.test(e))).toBe(true);
      opened.errors.splice(0, opened.errors.length, ...opened.errors.filter((e) => !refused.includes(e)));
      expectOnlyTwoOrigins(opened);
      opened.expectNoErrors();
    } finally {
      store.allowOrigin = appOrigin;
    }
  }, 120_000);
});
