// bench/scale-map (issue 16): the planner map's first view at scale, in ONE headless Chromium run, on the sample
// county (~4 000 parcels) and on a generated county of N parcels (`tenglong sample --scale N`, default 200 000):
//
//   npx tsx bench/scale-map.ts [--scale 200000] [--runs 3] [--keep DIR | --data DIR] [--dist DIR] [--parcel ID]
//                              [--zoom Z] [--json FILE]
//
// Variants, alternated, each in a fresh browser context (empty cache), median of --runs:
// - baseline ("today's way"): bench/scale-map-baseline/, a bare MapLibre page that fetches the whole
//   internal/parcels.fgb, decodes it with the app's readAllFgb and adds it as ONE GeoJSON source with the app's fill;
//   time = navigation start → the map's first `idle` after the source was added.
// - app ("the new way"; until the tiles land it is the current app): the planner map `/#/` at its default view, built
//   with `vite build --mode e2e` (or --dist DIR, such a build); time = navigation start → `[data-testid=map]` gets
//   `data-idle="true"` (MapLibre idle AND the app's data ready — what the e2e specs wait on) and keeps it for 1.5 s,
//   seen by a MutationObserver installed before any script (the flag can flicker true before the parcels are drawn).
// For each first view: JS heap used after a GC — the page's main thread (CDP HeapProfiler.collectGarbage, then
// Performance.getMetrics JSHeapUsedSize) and, apart, its workers (MapLibre's: Runtime.getHeapUsage through the
// browser's CDP session) — and bytes read (CDP Network.loadingFinished encodedDataLength from every target of the page,
// as Playwright's Request.sizes() reports it, booked by the phase the request started in; data = /data/…, api =
// /api/…, app = everything else).
// Then, app only: one card (the hash's `p=<id>` set on the idle map; until `parcel-card-id` shows the id and no data or
// app request is in flight for 0.5 s) and one prospect page (`/#/site/<id>` in a new context without a login, until
// `site-name` shows and `site-map` is idle, then quiet). The parcel is the sample's public parcel nearest the default
// centre (--parcel ID to choose); piece 0 of a scaled parcel keeps its id, so the same id exists in both counties.
// And one 招商 ranking (logged in, the chains panel with demand D-004 chosen, until its answer is shown) both ways
// in the same browser: the site worker streaming the whole internal/parcels.fgb (as before the sites file; the e2e
// build's `sitesFile` setting) and streaming internal/sites.fgb (what the app does): time and the streamed file's bytes.
// Both servers are the project's own listener (server/api/node.ts: static files with ranges, internal/ behind the
// login, the workspace API on an in-memory PGlite seeded like the e2e run), one per data size, in this process, on
// 127.0.0.1, serving one copy of the build with the baseline page in it (same origin as the data). Wall-clock times
// are reported, never asserted. --scale N is `tenglong sample --scale N`'s N: the number of parcels (not a factor).
// --zoom Z opens both variants at zoom Z on the default centre instead of the app's default view (zoom 11): at 200 000
// parcels the archive draws parcels only from its parcel_minzoom (14), so `--zoom 14` times like with like — parcels
// drawn by both.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, type Dirent } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page, type Request } from 'playwright-core';
import { build as viteBuild } from 'vite';
import { parseFlags, UsageError } from '../scripts/args.ts';
import { createSiteListener } from '../server/api/node.ts';
import { isSampleData } from '../server/static.ts';
import { openWorkspace, type Workspace } from '../server/workspace/open.ts';
import { parcelIdChecker } from '../server/workspace/parcel-ids.ts';
import { seedWorkspace } from '../server/workspace/seed.ts';
import { readAllFgb } from '../src/lib/data/fgb-read.ts';
import { formatHash, parseHash } from '../src/lib/url/hash.ts';
import { findChromium } from '../tests/e2e/chromium-path.mjs';
import type { BaselineReport } from './scale-map-baseline/main.ts';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const NODE = process.execPath;
const CLI = join(ROOT, 'bin', 'tenglong.mjs');
/** As tests/e2e/browser.ts (not imported: it needs vitest): a closed network, nothing leaves the machine. */
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--proxy-server=http://127.0.0.1:9'];
const VIEWPORT = { width: 1280, height: 800 };
const LOCALE = 'zh-CN';
const VIEW_TIMEOUT = 300_000;
const STEP_TIMEOUT = 120_000;
/** The issue's targets (decimal units: 3 MB = 3 000 000 bytes). */
const TARGETS = { speedup: 10, selfRatio: 1.5, firstViewBytes: 3_000_000, cardBytes: 100_000, prospectBytes: 600_000 };
const BASELINE_DIR = 'bench-baseline';
/** The app's default view (src/lib/url/params.ts): the map parameters `/#/` opens with. */
const DEFAULT_PARAMS = (() => {
  const r = parseHash('#/');
  if (r.route !== 'map') throw new Error(`bench/scale-map: '#/' parses as route ${r.route}, not the map`);
  return r.params;
})();
const DEFAULT_ZOOM = DEFAULT_PARAMS.zoom;

type Variant = 'baseline' | 'app';

interface Bytes {
  data: number;
  app: number;
  api: number;
  total: number;
  requests: number;
  /** Data requests by file (path under /data/): bytes and count, for reading where the bytes went. */
  files: Record<string, { bytes: number; requests: number }>;
}

interface ViewSample {
  run: number;
  ms: number;
  /** The page's main thread (CDP Performance.getMetrics JSHeapUsedSize after a GC). */
  heapUsedMb: number;
  heapTotalMb: number;
  /** The page's dedicated workers (MapLibre's among them), summed, after a GC in each. */
  workerHeapMb: number;
  workers: number;
  /** App only: the data-idle flag's first change to true and how often it turned true before it stayed. */
  flag: Shown | null;
  /** Parcels drawn at that moment (queryRenderedFeatures on parcels-fill), a check that both drew the same thing. */
  rendered: number | null;
  bytes: Bytes;
  /** Bytes of requests started after the first idle, before the next step (lazy loads; polling). */
  afterIdle: Bytes;
}

interface StepSample {
  run: number;
  ms: number;
  bytes: Bytes;
}

interface DataSet {
  label: string;
  parcels: number;
  dataDir: string;
  /** internal/ and public/ bytes on disk, by file. */
  files: Record<string, number>;
}

// ---------------------------------------------------------------------------------------------------------------
// Data and builds

function run(label: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  console.error(`[scale-map] ${label}: node ${args.map((a) => (a.startsWith(ROOT) ? a.slice(ROOT.length + 1) : a)).join(' ')}`);
  const t0 = performance.now();
  const r = spawnSync(NODE, args, { cwd: ROOT, encoding: 'utf8', env, maxBuffer: 1 << 28 });
  if (r.status !== 0 && r.status !== 3) {
    throw new Error(`${label} failed (exit ${r.status ?? r.signal}):\n${(r.stderr || r.stdout).split('\n').slice(-15).join('\n')}`);
  }
  console.error(`[scale-map] ${label}: done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

function manifestCount(dataDir: string): number | null {
  const path = join(dataDir, 'internal', 'manifest.json');
  if (!existsSync(path)) return null;
  const m = JSON.parse(readFileSync(path, 'utf8')) as { layers?: Record<string, { count?: number }> };
  return m.layers?.['parcels']?.count ?? null;
}

function filesOf(dataDir: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of ['public', 'internal']) {
    const dir = join(dataDir, part);
    const walk = (d: string, prefix: string): void => {
      for (const e of readdirSafe(d)) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p, `${prefix}${e.name}/`);
        else out[`${part}/${prefix}${e.name}`] = statSize(p);
      }
    };
    walk(dir, '');
  }
  return out;
}

function readdirSafe(d: string): Dirent[] {
  try {
    return readdirSync(d, { withFileTypes: true });
  } catch {
    return [];
  }
}
function statSize(p: string): number {
  return statSync(p).size;
}

/** The data set `label` in `work`: reused when built there already, else generated and built (unless reuseOnly). */
function dataSet(work: string, label: string, scale: number | null, reuseOnly: boolean): DataSet {
  const dataDir = join(work, `data-${label}`);
  let count = manifestCount(dataDir);
  if (count === null) {
    if (reuseOnly) throw new UsageError(`--data ${work}: no build in ${dataDir} (make one with --keep ${work})`);
    const src = join(work, `src-${label}`);
    rmSync(src, { recursive: true, force: true });
    run(`sample ${label}`, [CLI, 'sample', ...(scale === null ? [] : ['--scale', String(scale)]), '--out', src]);
    run(`build-data ${label}`, [CLI, 'build-data', '--src', src, '--out', dataDir, '--store', join(work, `store-${label}`)]);
    count = manifestCount(dataDir);
    if (count === null) throw new Error(`build-data ${label}: no internal/manifest.json in ${dataDir}`);
  } else {
    console.error(`[scale-map] reusing ${dataDir} (${count} parcels)`);
  }
  return { label, parcels: count, dataDir, files: filesOf(dataDir) };
}

/** The e2e build of the app (test hooks, as tests/e2e/run.mjs makes it) with the baseline page beside it. */
async function buildSite(work: string, dist: string | undefined): Promise<string> {
  const out = join(work, 'dist');
  if (dist !== undefined) {
    if (!existsSync(join(dist, 'index.html'))) throw new UsageError(`--dist ${dist}: no index.html`);
    rmSync(out, { recursive: true, force: true });
    cpSync(dist, out, { recursive: true });
  } else {
    run('app build (--mode e2e)', [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--mode', 'e2e', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn']);
  }
  // Vite copies public/ (the project's own data) into the build; never served (/data/ comes from the data set), so gone.
  rmSync(join(out, 'data'), { recursive: true, force: true });
  console.error('[scale-map] baseline page build');
  await viteBuild({
    configFile: false,
    root: join(ROOT, 'bench', 'scale-map-baseline'),
    base: './',
    logLevel: 'warn',
    publicDir: false,
    build: { outDir: join(out, BASELINE_DIR), emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 3000 },
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Servers

interface BenchServer {
  url: string;
  close(): Promise<void>;
}

async function startServer(distDir: string, dataDir: string): Promise<BenchServer> {
  const workspace: Workspace = await openWorkspace({ kind: 'pglite', dir: null });
  const sample = await isSampleData(dataDir);
  if (!sample) throw new Error(`${dataDir} is not marked as the sample county: the demo accounts the bench logs in with would be disabled`);
  await seedWorkspace(workspace, dataDir, sample);
  const listener = createSiteListener(workspace, { distDir, dataDir, serveInternal: 'login' }, { parcelExists: parcelIdChecker(dataDir) });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => listener(req, res));
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      await new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      });
      await workspace.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Browser measurements

function isLocalUrl(url: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') return true;
  try {
    const u = new URL(url);
    return ['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol) && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}

type Kind = 'data' | 'api' | 'app' | 'none';
function kindOf(url: string): Kind {
  if (!url.startsWith('http')) return 'none';
  const path = new URL(url).pathname;
  if (path.startsWith('/data/')) return 'data';
  if (path === '/api' || path.startsWith('/api/')) return 'api';
  return 'app';
}

function emptyBytes(): Bytes {
  return { data: 0, app: 0, api: 0, total: 0, requests: 0, files: {} };
}

/**
 * Network accounting for one browser context: each request is booked to the phase that was current when it started,
 * with the bytes CDP's Network.loadingFinished gave as encodedDataLength (headers + body as received), which
 * Playwright collects from every target of the page — the workers' own fetches and scripts included, which the page's
 * CDP session alone does not see — as Request.sizes(): responseHeadersSize + responseBodySize.
 */
class NetLog {
  phase = 'first';
  readonly phases = new Map<string, Bytes>();
  private readonly started = new Map<Request, { url: string; phase: string }>();
  private pendingSizes = 0;
  private lastStart = 0;
  readonly failed: string[] = [];
  readonly nonLocal: string[] = [];

  constructor(context: BrowserContext) {
    context.on('request', (req) => {
      const url = req.url();
      if (!isLocalUrl(url)) this.nonLocal.push(url);
      this.started.set(req, { url, phase: this.phase });
      if (kindOf(url) !== 'api') this.lastStart = performance.now();
    });
    context.on('requestfinished', (req) => {
      const r = this.started.get(req);
      if (!r) return;
      this.pendingSizes++;
      req
        .sizes()
        .then(
          (sz) => this.book(r.url, r.phase, sz.responseHeadersSize + sz.responseBodySize),
          (e: unknown) => this.failed.push(`${r.url}: no sizes (${e instanceof Error ? e.message : String(e)})`),
        )
        .finally(() => {
          this.started.delete(req);
          this.pendingSizes--;
        });
    });
    context.on('requestfailed', (req) => {
      const r = this.started.get(req);
      this.started.delete(req);
      const why = req.failure()?.errorText ?? 'failed';
      if (r && why !== 'net::ERR_ABORTED') this.failed.push(`${r.url}: ${why}`);
    });
  }

  private book(url: string, phase: string, bytes: number): void {
    const kind = kindOf(url);
    if (kind === 'none') return;
    let b = this.phases.get(phase);
    if (!b) this.phases.set(phase, (b = emptyBytes()));
    b[kind] += bytes;
    b.total += bytes;
    b.requests++;
    if (kind === 'data') {
      const file = new URL(url).pathname.slice('/data/'.length);
      const f = (b.files[file] ??= { bytes: 0, requests: 0 });
      f.bytes += bytes;
      f.requests++;
    }
  }

  bytes(phase: string): Bytes {
    return this.phases.get(phase) ?? emptyBytes();
  }

  /** Data and app requests in flight (the workspace's 2 s change-feed polls are not waited for). */
  private busy(): boolean {
    if (this.pendingSizes > 0) return true;
    for (const r of this.started.values()) if (kindOf(r.url) === 'data' || kindOf(r.url) === 'app') return true;
    return false;
  }

  /** Resolves once no data or app request has been in flight or started for `quietMs`. */
  async quiet(quietMs = 500, timeout = STEP_TIMEOUT): Promise<void> {
    const deadline = performance.now() + timeout;
    for (;;) {
      if (!this.busy() && performance.now() - this.lastStart >= quietMs) return;
      if (performance.now() > deadline) throw new Error(`network never went quiet: ${[...this.started.values()].map((r) => r.url).join(', ')}`);
      await new Promise((ok) => setTimeout(ok, 50));
    }
  }
}

interface Opened {
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  net: NetLog;
  errors: string[];
}

/**
 * Installed before any page script: every change of "the planner map is idle" (`[data-testid=map]` with
 * `data-idle="true"`) and of "the prospect page is shown" (`site-name` present and `[data-testid=site-map]` idle), with
 * the page's own time (performance.now(), 0 = navigation start). The flag can be true for a moment before the parcels
 * are drawn (the data turns ready while the map is still idle from before, and the layer marks it busy a tick later),
 * so a view counts as shown at the last change to true after which it stays true for STABLE_MS.
 */
const INIT_SCRIPT = `(() => {
  const logs = { map: [], site: [] };
  window.__benchLog = logs;
  const state = { map: false, site: false };
  const seen = () => {
    const now = {
      map: document.querySelector('[data-testid=map][data-idle="true"]') !== null,
      site: document.querySelector('[data-testid=site-map][data-idle="true"]') !== null && document.querySelector('[data-testid=site-name]') !== null,
    };
    for (const k of ['map', 'site']) {
      if (now[k] !== state[k]) {
        state[k] = now[k];
        logs[k].push([now[k], performance.now()]);
      }
    }
  };
  new MutationObserver(seen).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-idle'] });
})();`;
const STABLE_MS = 1500;

interface Shown {
  /** The last change to true, after which the flag stayed true for STABLE_MS. */
  ms: number;
  /** The first change to true (what a one-shot wait on the flag would have seen). */
  firstMs: number;
  /** How many times the flag turned true before it stayed. */
  flips: number;
}

/** Waits until the page's `which` flag has been true for STABLE_MS; its times. */
async function shown(page: Page, which: 'map' | 'site'): Promise<Shown> {
  const h = await page.waitForFunction(
    ([k, stable]) => {
      const log = (window as unknown as { __benchLog?: Record<string, [boolean, number][]> }).__benchLog?.[k] ?? [];
      const last = log[log.length - 1];
      if (!last || !last[0] || performance.now() - last[1] < stable) return false;
      const ups = log.filter((e) => e[0]);
      return { ms: last[1], firstMs: ups[0]![1], flips: ups.length };
    },
    [which, STABLE_MS] as const,
    { timeout: VIEW_TIMEOUT, polling: 100 },
  );
  return (await h.jsonValue()) as Shown;
}

async function open(browser: Browser, origin: string, login: boolean): Promise<Opened> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: LOCALE, baseURL: origin });
  const errors: string[] = [];
  // No request routing (it would turn the HTTP cache off): the proxy flag fences the network, NetLog notes any
  // non-local request and the measurement is refused.
  const net = new NetLog(context);
  if (login) {
    const res = await context.request.post(new URL('api/login', origin).href, {
      data: { name: 'demo-admin', password: 'tenglong-demo-admin' },
      headers: { Origin: new URL(origin).origin },
    });
    if (res.status() !== 200) throw new Error(`login answered ${res.status()}: ${await res.text()}`);
  }
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  // Times are the page's own performance.now() (0 = navigation start): no Node-side latency in them.
  // A string, not a function: tsx (esbuild keepNames) would wrap a function's inner functions in a __name helper the
  // page does not have.
  await page.addInitScript(INIT_SCRIPT);
  return { context, page, cdp, net, errors };
}

async function heap(cdp: CDPSession): Promise<{ used: number; total: number }> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
  return { used: get('JSHeapUsedSize') / 1e6, total: get('JSHeapTotalSize') / 1e6 };
}

/**
 * JS heap of the page's dedicated workers (MapLibre's, the app's own) in MB after a GC in each, through the browser's
 * CDP session (Target.attachToTarget without flattening: Playwright gives no CDP session for a worker).
 */
async function workerHeap(bs: CDPSession, pageCdp: CDPSession): Promise<{ workers: number; used: number }> {
  const { targetInfo } = await pageCdp.send('Target.getTargetInfo');
  const { targetInfos } = await bs.send('Target.getTargets');
  const mine = targetInfos.filter((t) => t.type === 'worker' && t.browserContextId === targetInfo.browserContextId);
  let used = 0;
  for (const t of mine) {
    const { sessionId } = await bs.send('Target.attachToTarget', { targetId: t.targetId, flatten: false });
    const replies = new Map<number, (m: { result?: { usedSize?: number }; error?: { message: string } }) => void>();
    const onMessage = (e: { sessionId: string; message: string }): void => {
      if (e.sessionId !== sessionId) return;
      const m = JSON.parse(e.message) as { id?: number; result?: { usedSize?: number }; error?: { message: string } };
      if (m.id !== undefined) replies.get(m.id)?.(m);
    };
    bs.on('Target.receivedMessageFromTarget', onMessage);
    const call = (id: number, method: string) =>
      new Promise<{ result?: { usedSize?: number }; error?: { message: string } }>((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`worker ${t.url}: ${method} never answered`)), 30_000);
        replies.set(id, (m) => {
          clearTimeout(timer);
          done(m);
        });
        bs.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) }).catch(fail);
      });
    try {
      await call(1, 'HeapProfiler.collectGarbage');
      const r = await call(2, 'Runtime.getHeapUsage');
      used += (r.result?.usedSize ?? NaN) / 1e6;
    } finally {
      bs.off('Target.receivedMessageFromTarget', onMessage);
      await bs.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
    }
  }
  return { workers: mine.length, used };
}

function checkClean(o: Opened, what: string): void {
  if (o.net.nonLocal.length > 0) throw new Error(`${what}: the page tried to reach non-local URLs: ${o.net.nonLocal.join(', ')}`);
  if (o.net.failed.length > 0) console.error(`[scale-map] ${what}: failed requests: ${o.net.failed.join('; ')}`);
  if (o.errors.length > 0) console.error(`[scale-map] ${what}: browser errors: ${o.errors.slice(0, 5).join(' | ')}`);
}

/** One first view of `variant`; for the app also one card (the context is the one the view was measured in). */
async function firstView(browser: Browser, bs: CDPSession, origin: string, variant: Variant, runNo: number, parcelId: string, zoom: number): Promise<{ view: ViewSample; card: StepSample | null }> {
  const o = await open(browser, origin, true);
  try {
    let ms: number;
    let rendered: number | null;
    let flag: Shown | null = null;
    if (variant === 'baseline') {
      await o.page.goto(`${BASELINE_DIR}/index.html?z=${zoom}`);
      const h = await o.page.waitForFunction(() => (window as unknown as { __benchBaseline?: unknown }).__benchBaseline, undefined, { timeout: VIEW_TIMEOUT, polling: 100 });
      const report = (await h.jsonValue()) as BaselineReport;
      if (!report.ok) throw new Error(`baseline page: ${report.error}`);
      ms = report.idleMs;
      rendered = report.rendered;
    } else {
      await o.page.goto(zoom === DEFAULT_ZOOM ? './#/' : `./${formatHash({ route: 'map', params: { ...DEFAULT_PARAMS, zoom } })}`);
      const at = await shown(o.page, 'map');
      ms = at.ms;
      flag = at;
      rendered = await o.page.evaluate(() => {
        const hook = (window as unknown as { __tenglongTest?: { renderedParcelCount?: () => number } }).__tenglongTest;
        return hook?.renderedParcelCount?.() ?? null;
      });
    }
    o.net.phase = 'after-idle';
    const heapMain = await heap(o.cdp);
    const wh = await workerHeap(bs, o.cdp);
    await o.net.quiet();
    let card: StepSample | null = null;
    if (variant === 'app') {
      const route = parseHash(await o.page.evaluate(() => location.hash));
      const hash = formatHash({ route: 'map', params: { ...route.params, parcel: parcelId } });
      o.net.phase = 'card';
      const t0 = await o.page.evaluate((next) => {
        const t = performance.now();
        location.hash = next;
        return t;
      }, hash);
      const h = await o.page.waitForFunction(
        (id) => {
          const e = document.querySelector<HTMLElement>('[data-testid="parcel-card-id"]');
          return e !== null && e.getClientRects().length > 0 && e.innerText.includes(id) ? performance.now() : false;
        },
        parcelId,
        { timeout: STEP_TIMEOUT, polling: 'raf' },
      );
      const cardShown = (await h.jsonValue()) as number;
      await o.net.quiet();
      card = { run: runNo, ms: cardShown - t0, bytes: o.net.bytes('card') };
      o.net.phase = 'done';
    }
    checkClean(o, `${variant} first view`);
    return {
      view: { run: runNo, ms, heapUsedMb: heapMain.used, heapTotalMb: heapMain.total, workerHeapMb: wh.used, workers: wh.workers, flag, rendered, bytes: o.net.bytes('first'), afterIdle: o.net.bytes('after-idle') },
      card,
    };
  } finally {
    await o.context.close();
  }
}

/** One prospect page, fresh context, no login. */
async function prospect(browser: Browser, origin: string, runNo: number, parcelId: string): Promise<StepSample> {
  const o = await open(browser, origin, false);
  try {
    await o.page.goto(`./#/site/${encodeURIComponent(parcelId)}`);
    const { ms } = await shown(o.page, 'site');
    const id = (await o.page.locator('[data-testid=site-id]').first().innerText()).trim();
    if (id !== parcelId) throw new Error(`prospect page shows ${id}, not ${parcelId}`);
    await o.net.quiet();
    checkClean(o, 'prospect page');
    return { run: runNo, ms, bytes: o.net.bytes('first') };
  } finally {
    await o.context.close();
  }
}

/** The demand the ranking step opens: D-004 (49 亩, the auto-mould chain's testing link), one of the sample's. */
const RANKING_PARAMS = { panel: 'chains', chain: 'auto-mould', link: 'am-testing', demand: 'D-004' } as const;
type RankingVariant = 'parcels' | 'sites';
const RANKING_VARIANTS: RankingVariant[] = ['parcels', 'sites'];

/**
 * One 招商 ranking, logged in, fresh context: the planner map opened on the chains panel with a demand chosen, until
 * the ranking's answer (its summary) is shown. `parcels`: the site worker streams the whole internal/parcels.fgb (the e2e build's
 * `sitesFile` setting), as before the sites file; `sites`: what the app does, internal/sites.fgb. Bytes: the streamed
 * file's, and all data.
 */
/**
 * Where a ranking's answer time went (page clock, ms from navigation): the site worker started (the page had the
 * chains, the zones and control lines), its index built (`buildMs`: its own stream + collect + index, the rest of
 * `builtAt − startedAt` is its start-up and the message), the first ranking back. From the e2e build's hook.
 */
interface WorkerTimeline {
  startedAt: number | null;
  builtAt: number | null;
  buildMs: number | null;
  firstRankedAt: number | null;
}

type RankingSample = StepSample & { streamed: number; worker: WorkerTimeline | null };

async function ranking(browser: Browser, origin: string, runNo: number, variant: RankingVariant): Promise<RankingSample> {
  const o = await open(browser, origin, true);
  try {
    // The whole territory is ranked without the panel's question (data/config/ranking.json's limit: a 1 000 000-parcel
    // county would ask), so that the bench times the read and the ranking, not a click.
    const settings = { wholeAskOver: Number.MAX_SAFE_INTEGER, ...(variant === 'parcels' ? { sitesFile: 'parcels' } : {}) };
    await o.page.addInitScript(`window.__tenglongTestSettings = ${JSON.stringify(settings)};`);
    await o.page.goto(`./${formatHash({ route: 'map', params: { ...DEFAULT_PARAMS, ...RANKING_PARAMS } })}`);
    // The ranking's answer: its summary (with the sites, or why there are none: at 200 000 parcels the sample's
    // parcels are cut too small for D-004's 44–123 亩 even combined, so the list is empty there).
    const h = await o.page.waitForFunction(() => (document.querySelector('[data-testid=site-summary], [data-testid=site-error]') ? performance.now() : false), undefined, { timeout: VIEW_TIMEOUT, polling: 100 });
    const ms = (await h.jsonValue()) as number;
    await o.net.quiet();
    checkClean(o, `ranking (${variant})`);
    const bytes = o.net.bytes('first');
    const streamed = bytes.files[variant === 'parcels' ? 'internal/parcels.fgb' : 'internal/sites.fgb']?.bytes ?? 0;
    if (streamed === 0) throw new Error(`ranking (${variant}): the ${variant} file was not read`);
    if ((await o.page.locator('[data-testid=site-error]').count()) > 0) throw new Error(`ranking (${variant}): ${await o.page.locator('[data-testid=site-error]').innerText()}`);
    const worker = await o.page.evaluate(
      () => (window as unknown as { __tenglongTest?: { chainOverlay?: () => { siteWorker?: WorkerTimeline } } }).__tenglongTest?.chainOverlay?.().siteWorker ?? null,
    );
    return { run: runNo, ms, bytes, streamed, worker };
  } finally {
    await o.context.close();
  }
}

function timelineText(w: WorkerTimeline | null): string {
  if (!w) return 'no worker timeline (not an e2e build?)';
  const n = (x: number | null) => (x === null ? '—' : x.toFixed(0));
  return `worker started ${n(w.startedAt)} ms, built ${n(w.builtAt)} ms (own ${n(w.buildMs)} ms), first ranking ${n(w.firstRankedAt)} ms`;
}

// ---------------------------------------------------------------------------------------------------------------
// Summary

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The parcel the card and prospect steps open: the sample's public parcel nearest the default view's centre. */
function pickParcel(sample: DataSet): string {
  const centre: [number, number] = [121.45, 29.36];
  const index = join(sample.dataDir, 'public', 'parcels-index.json');
  let cands: { id: string; c: [number, number] }[];
  if (existsSync(index)) {
    cands = (JSON.parse(readFileSync(index, 'utf8')) as { id: string; centroid: [number, number] }[]).map((e) => ({ id: e.id, c: e.centroid }));
  } else {
    const fgb = join(sample.dataDir, 'public', 'parcels.fgb');
    if (!existsSync(fgb)) throw new UsageError('no public/parcels-index.json nor public/parcels.fgb to pick a parcel from: give --parcel ID');
    cands = readAllFgb(new Uint8Array(readFileSync(fgb))).map((f) => {
      const ring = (f.geometry as { coordinates: unknown }).coordinates as [number, number][][] | [number, number][][][];
      const first = (Array.isArray(ring[0]?.[0]?.[0]) ? (ring as [number, number][][][])[0]![0]! : (ring as [number, number][][])[0]!) as [number, number][];
      const c: [number, number] = [first.reduce((s, p) => s + p[0], 0) / first.length, first.reduce((s, p) => s + p[1], 0) / first.length];
      return { id: String((f.properties as { id: unknown }).id), c };
    });
  }
  const d = (c: [number, number]) => (c[0] - centre[0]) ** 2 + (c[1] - centre[1]) ** 2;
  const best = cands.sort((a, b) => d(a.c) - d(b.c))[0];
  if (!best) throw new Error('the sample has no parcels');
  return best.id;
}

const MB = (n: number) => (n / 1e6).toFixed(2);
const KB = (n: number) => (n / 1e3).toFixed(1);

async function main(): Promise<void> {
  const flags = parseFlags('bench/scale-map', process.argv.slice(2), {
    scale: 'string',
    runs: 'string',
    keep: 'string',
    data: 'string',
    dist: 'string',
    parcel: 'string',
    zoom: 'string',
    json: 'string',
  });
  const scale = flags.int('scale', 4001) ?? 200_000;
  const runs = flags.int('runs', 1) ?? 3;
  const zoom = flags.int('zoom', 0) ?? DEFAULT_ZOOM;
  if (zoom > 22) throw new UsageError(`bench/scale-map: --zoom ${zoom}: at most 22`);
  const keep = flags.str('keep');
  const reuse = flags.str('data');
  if (keep !== undefined && reuse !== undefined) throw new UsageError('bench/scale-map: --keep DIR or --data DIR, not both');
  const found = await findChromium();
  if ('error' in found) throw new Error(found.error);

  const work = resolve(reuse ?? keep ?? mkdtempSync(join(tmpdir(), 'tenglong-scale-map-')));
  if (reuse === undefined) mkdirSync(work, { recursive: true });
  const temp = reuse === undefined && keep === undefined;
  const servers: BenchServer[] = [];
  let browser: Browser | null = null;
  try {
    const small = dataSet(work, 'sample', null, reuse !== undefined);
    const large = dataSet(work, String(scale), scale, reuse !== undefined);
    const site = await buildSite(work, flags.str('dist'));
    const parcelId = flags.str('parcel') ?? pickParcel(small);
    const sets = [small, large];
    for (const s of sets) servers.push(await startServer(site, s.dataDir));
    console.error(`[scale-map] servers: ${sets.map((s, i) => `${s.parcels} parcels at ${servers[i]!.url}`).join(', ')}; parcel ${parcelId}`);

    browser = await chromium.launch({ executablePath: found.path, args: LAUNCH_ARGS });
    const bs = await browser.newBrowserCDPSession();
    const views = new Map<string, ViewSample[]>();
    const cards = new Map<string, StepSample[]>();
    const prospects = new Map<string, StepSample[]>();
    const rankings = new Map<string, RankingSample[]>();
    const push = <T>(m: Map<string, T[]>, k: string, v: T) => (m.get(k) ?? m.set(k, []).get(k)!).push(v);
    for (let r = 1; r <= runs; r++) {
      // Alternate: which size and which variant go first changes from run to run.
      const order = r % 2 ? [0, 1] : [1, 0];
      const variants: Variant[] = r % 2 ? ['baseline', 'app'] : ['app', 'baseline'];
      for (const i of order) {
        const s = sets[i]!;
        const origin = servers[i]!.url;
        for (const v of variants) {
          const { view, card } = await firstView(browser, bs, origin, v, r, parcelId, zoom);
          push(views, `${s.label}/${v}`, view);
          if (card) push(cards, s.label, card);
          console.error(
            `[scale-map] run ${r} ${s.parcels} ${v}: first idle ${view.ms.toFixed(0)} ms, heap ${view.heapUsedMb.toFixed(1)} MB (+ ${view.workers} workers ${view.workerHeapMb.toFixed(1)} MB), data ${MB(view.bytes.data)} MB, app ${MB(view.bytes.app)} MB, drawn ${view.rendered}` +
              (card ? `; card ${card.ms.toFixed(0)} ms, ${KB(card.bytes.total)} KB (data ${KB(card.bytes.data)} KB)` : ''),
          );
        }
        const p = await prospect(browser, origin, r, parcelId);
        push(prospects, s.label, p);
        console.error(`[scale-map] run ${r} ${s.parcels} prospect: ${p.ms.toFixed(0)} ms, ${KB(p.bytes.total)} KB (data ${KB(p.bytes.data)} KB)`);
        for (const rv of r % 2 ? RANKING_VARIANTS : [...RANKING_VARIANTS].reverse()) {
          const k = await ranking(browser, origin, r, rv);
          push(rankings, `${s.label}/${rv}`, k);
          console.error(`[scale-map] run ${r} ${s.parcels} ranking (${rv}): answer ${k.ms.toFixed(0)} ms, streamed ${MB(k.streamed)} MB, data ${MB(k.bytes.data)} MB; ${timelineText(k.worker)}`);
        }
      }
    }

    // ---- summary
    const view = (s: DataSet, v: Variant) => {
      const xs = views.get(`${s.label}/${v}`) ?? [];
      return {
        first_idle_ms: Math.round(median(xs.map((x) => x.ms))),
        heap_used_mb: Number(median(xs.map((x) => x.heapUsedMb)).toFixed(1)),
        worker_heap_mb: Number(median(xs.map((x) => x.workerHeapMb)).toFixed(1)),
        data_bytes: median(xs.map((x) => x.bytes.data)),
        app_bytes: median(xs.map((x) => x.bytes.app)),
        api_bytes: median(xs.map((x) => x.bytes.api)),
        rendered: median(xs.map((x) => x.rendered ?? NaN)),
        samples: xs,
      };
    };
    const step = (m: Map<string, StepSample[]>, s: DataSet) => {
      const xs = m.get(s.label) ?? [];
      return { ms: Math.round(median(xs.map((x) => x.ms))), total_bytes: median(xs.map((x) => x.bytes.total)), data_bytes: median(xs.map((x) => x.bytes.data)), samples: xs };
    };
    const rankingStep = (s: DataSet, v: RankingVariant) => {
      const xs = rankings.get(`${s.label}/${v}`) ?? [];
      const med = (f: (w: WorkerTimeline) => number | null) => {
        const got = xs.map((x) => (x.worker ? f(x.worker) : null)).filter((n): n is number => n !== null);
        return got.length ? Math.round(median(got)) : null;
      };
      return {
        answer_ms: Math.round(median(xs.map((x) => x.ms))),
        streamed_bytes: median(xs.map((x) => x.streamed)),
        data_bytes: median(xs.map((x) => x.bytes.data)),
        worker: { started_at_ms: med((w) => w.startedAt), build_ms: med((w) => w.buildMs), built_at_ms: med((w) => w.builtAt), first_ranked_at_ms: med((w) => w.firstRankedAt) },
        samples: xs,
      };
    };
    const results = sets.map((s) => ({
      label: s.label,
      parcels: s.parcels,
      baseline: view(s, 'baseline'),
      app: view(s, 'app'),
      card: step(cards, s),
      prospect: step(prospects, s),
      ranking: { parcels: rankingStep(s, 'parcels'), sites: rankingStep(s, 'sites') },
      files: s.files,
    }));
    const [rs, rl] = results as [(typeof results)[0], (typeof results)[0]];
    const speedup = rl.baseline.first_idle_ms / rl.app.first_idle_ms;
    const self = rl.app.first_idle_ms / rs.app.first_idle_ms;
    const checks = [
      { target: `first view at ${rl.parcels}: baseline / app ≥ ${TARGETS.speedup}×`, value: `${speedup.toFixed(2)}×`, pass: speedup >= TARGETS.speedup },
      { target: `app at ${rl.parcels} / app at ${rs.parcels} ≤ ${TARGETS.selfRatio}×`, value: `${self.toFixed(2)}×`, pass: self <= TARGETS.selfRatio },
      { target: `first view data bytes at ${rl.parcels} < 3 MB`, value: `${MB(rl.app.data_bytes)} MB`, pass: rl.app.data_bytes < TARGETS.firstViewBytes },
      { target: `one card, data bytes at ${rl.parcels} < 100 KB`, value: `${KB(rl.card.data_bytes)} KB`, pass: rl.card.data_bytes < TARGETS.cardBytes },
      { target: `one prospect page, data bytes at ${rl.parcels} < 600 KB`, value: `${KB(rl.prospect.data_bytes)} KB`, pass: rl.prospect.data_bytes < TARGETS.prospectBytes },
    ];
    const chrome = browser.version();
    const summary = {
      bench: 'scale-map',
      date: new Date().toISOString(),
      node: process.version,
      chromium: chrome,
      runs,
      zoom,
      parcel: parcelId,
      results,
      ratios: {
        speedup_baseline_over_app_large: Number(speedup.toFixed(2)),
        app_large_over_app_small: Number(self.toFixed(2)),
        heap_baseline_over_app_large: Number((rl.baseline.heap_used_mb / rl.app.heap_used_mb).toFixed(2)),
        heap_app_large_over_small: Number((rl.app.heap_used_mb / rs.app.heap_used_mb).toFixed(2)),
        ranking_streamed_parcels_over_sites_large: Number((rl.ranking.parcels.streamed_bytes / rl.ranking.sites.streamed_bytes).toFixed(2)),
        ranking_time_parcels_over_sites_large: Number((rl.ranking.parcels.answer_ms / rl.ranking.sites.answer_ms).toFixed(2)),
      },
      checks,
    };

    const line = (cells: (string | number)[], widths: number[]) => cells.map((c, i) => String(c).padStart(widths[i]!)).join('  ');
    const w = [9, 9, 11, 9, 12, 10, 10, 9];
    console.log(`\nbench/scale-map — median of ${runs} run(s), Chromium ${chrome} (headless, software GL), node ${process.version}\n`);
    console.log(line(['parcels', 'variant', 'first idle', 'JS heap', 'worker heap', 'data', 'app code', 'drawn'], w));
    for (const r of results) {
      for (const v of ['baseline', 'app'] as const) {
        const x = r[v];
        console.log(line([r.parcels, v, `${x.first_idle_ms} ms`, `${x.heap_used_mb} MB`, `${x.worker_heap_mb} MB`, `${MB(x.data_bytes)} MB`, `${MB(x.app_bytes)} MB`, x.rendered], w));
      }
    }
    console.log('');
    for (const r of results) {
      console.log(`${r.parcels} parcels: one card ${r.card.ms} ms, ${KB(r.card.total_bytes)} KB read (data ${KB(r.card.data_bytes)} KB); one prospect page ${r.prospect.ms} ms, ${KB(r.prospect.total_bytes)} KB read (data ${KB(r.prospect.data_bytes)} KB)`);
      const k = r.ranking;
      console.log(
        `${r.parcels} parcels: 招商 ranking (D-004) answered in ${k.parcels.answer_ms} ms streaming parcels.fgb (${MB(k.parcels.streamed_bytes)} MB), ${k.sites.answer_ms} ms streaming sites.fgb (${MB(k.sites.streamed_bytes)} MB): ${(k.parcels.answer_ms / k.sites.answer_ms).toFixed(2)}× faster, ${(k.parcels.streamed_bytes / k.sites.streamed_bytes).toFixed(2)}× fewer bytes`,
      );
      const w = k.sites.worker;
      console.log(`  sites.fgb, medians: worker started at ${w.started_at_ms ?? '—'} ms, built its index at ${w.built_at_ms ?? '—'} ms (its own stream + collect + index ${w.build_ms ?? '—'} ms), first ranking back at ${w.first_ranked_at_ms ?? '—'} ms`);
    }
    console.log('');
    for (const c of checks) console.log(`${c.pass ? 'PASS' : 'MISS'}  ${c.target}: ${c.value}`);
    const json = JSON.stringify(summary);
    console.log(`\n${json}`);
    const jsonPath = flags.str('json');
    if (jsonPath !== undefined) writeFileSync(jsonPath, JSON.stringify(summary, null, 2) + '\n');
  } finally {
    await browser?.close();
    for (const s of servers) await s.close();
    if (temp) rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    const message = e instanceof Error ? e.message : String(e);
    console.error(message.startsWith('bench/scale-map') ? message : `bench/scale-map: ${message}`);
    process.exit(e instanceof UsageError ? 2 : 1);
  });
}
