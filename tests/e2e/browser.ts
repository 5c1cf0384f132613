// Browser helpers for the e2e specs: one Chromium per spec file, a fresh context per test, every request
// recorded, anything not on this machine aborted (and the test failed), console and page errors collected.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, inject, onTestFinished } from 'vitest';
import { parseHash, type AppRoute } from '../../src/lib/url/hash.ts';
import { findChromium } from './chromium-path.mjs';

/**
 * Flags for a closed network: without the background-networking ones Chromium keeps trying Google hosts.
 * The proxy is a second fence behind request routing: loopback always bypasses a proxy, everything else
 * would go to a closed local port, so nothing can leave the machine even if a request escapes the route.
 */
export const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--proxy-server=http://127.0.0.1:9',
];
export const VIEWPORT = { width: 1280, height: 800 };
export const LOCALE = 'zh-CN';
const resultsDir = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));

let browser: Promise<Browser> | undefined;

async function launch(): Promise<Browser> {
  const found = await findChromium();
  if ('error' in found) throw new Error(found.error);
  return chromium.launch({ executablePath: found.path, args: LAUNCH_ARGS });
}

afterAll(async () => {
  if (browser !== undefined) await (await browser).close();
  browser = undefined;
});

/** The preview server's origin with a trailing slash, e.g. `http://127.0.0.1:41234/`. */
export function baseURL(): string {
  return inject('baseURL');
}

/** Same machine only: loopback hosts, plus in-page data: and blob: URLs that never touch a network. */
export function isLocalUrl(url: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') return true;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol)) return false;
  return u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]';
}

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** Every request URL the context made, in order (local and blocked alike). */
  requests: string[];
  /** Every answer the context received, in order: its URL and HTTP status (206 for a range read). */
  responses: { url: string; status: number }[];
  /** Non-local request URLs; each was aborted. Any of these fails the test unless allowNonLocal. */
  blocked: string[];
  /** Console errors and uncaught page errors, as readable lines. */
  errors: string[];
  /**
   * Throws, listing them, if any console/page error or non-local request was recorded. `expected`: errors the test
   * itself provoked (Chromium logs every 4xx answer as a console error, e.g. the 409 of a conflict), each of which
   * must have happened.
   */
  expectNoErrors(expected?: readonly RegExp[]): void;
}

/** The sample county's demo accounts (server/api/accounts.ts DEMO_ACCOUNTS), seeded by the e2e server. */
export type DemoUser = 'demo-admin' | 'demo-planner' | 'demo-investment' | 'demo-viewer';

export interface OpenOptions {
  /** Only for the harness's own tests: record and abort non-local requests without failing the test. */
  allowNonLocal?: boolean;
  /**
   * Logged in as this demo account before the page opens (default: demo-admin, who may do everything the specs do;
   * none for a prospect's #/site/ page); null: not logged in (planner routes show the login page).
   */
  user?: DemoUser | null;
  /**
   * The app's test settings (window.__tenglongTestSettings, read by src/app/test-hooks.ts), installed before the
   * page's first load: a spec that counts requests sees only the load that ran with them.
   */
  settings?: Record<string, unknown>;
}

/** A demo account's documented password (README, server/api/accounts.ts). */
export const demoPassword = (user: DemoUser): string => user.replace(/^demo-/, 'tenglong-demo-');

/**
 * Logs the context in through the API, as the login page does (same origin, so the CSRF check passes): on the suite's
 * server, or on `server` (a spec's own, e.g. `http://127.0.0.1:<port>/`).
 */
export async function logIn(context: BrowserContext, user: DemoUser, server: string = baseURL()): Promise<void> {
  const origin = new URL(server).origin;
  const res = await context.request.post(`${origin}/api/login`, { data: { name: user, password: demoPassword(user) }, headers: { Origin: origin } });
  if (res.status() !== 200) throw new Error(`e2e: login as ${user} at ${origin} answered ${res.status()}: ${await res.text()}`);
}

/** POSTs JSON to the workspace API with the context's session (as the app would: same origin). */
export async function apiPost(context: BrowserContext, path: string, data: unknown): Promise<unknown> {
  const origin = new URL(baseURL()).origin;
  const res = await context.request.post(`${origin}/api/${path}`, { data, headers: { Origin: origin } });
  if (!res.ok()) throw new Error(`e2e: POST /api/${path} answered ${res.status()}: ${await res.text()}`);
  return res.json();
}

/** Puts the e2e server's workspace back to its seeded state (the sample demands; accounts and sessions stay). */
export async function resetWorkspace(): Promise<void> {
  const res = await fetch(new URL('__e2e__/reset-workspace', baseURL()), { method: 'POST' });
  if (res.status !== 204) throw new Error(`e2e: resetting the workspace answered ${res.status}: ${await res.text()}`);
}

/** Throws if the page tried to reach anything off this machine. */
export function assertOnlyLocal(opened: Pick<OpenedPage, 'blocked'>): void {
  if (opened.blocked.length > 0) {
    throw new Error(`e2e: the page tried to reach ${opened.blocked.length} non-local URL(s):\n  ${opened.blocked.join('\n  ')}`);
  }
}

function safeName(name: string): string {
  return name.replace(/[^\w.-]+/g, '_').slice(0, 120);
}

/**
 * Opens `path` (relative to the preview server, e.g. `/#/map?z=12`) in a new context. Call it inside a
 * test: the context is closed when the test ends, with a screenshot in test-results/e2e/ if it failed.
 */
export async function openPage(path: string, options: OpenOptions = {}): Promise<OpenedPage> {
  browser ??= launch();
  const context = await (await browser).newContext({ viewport: VIEWPORT, locale: LOCALE, baseURL: baseURL() });
  const requests: string[] = [];
  const responses: { url: string; status: number }[] = [];
  const blocked: string[] = [];
  const errors: string[] = [];
  const opened: OpenedPage = {
    page: await context.newPage(),
    context,
    requests,
    responses,
    blocked,
    errors,
    expectNoErrors(expected = []) {
      assertOnlyLocal(opened);
      for (const re of expected) if (!errors.some((e) => re.test(e))) throw new Error(`e2e: the expected browser error ${re} did not happen`);
      const rest = errors.filter((e) => !expected.some((re) => re.test(e)));
      if (rest.length > 0) throw new Error(`e2e: ${rest.length} browser error(s):\n  ${rest.join('\n  ')}`);
    },
  };

  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (isLocalUrl(url)) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  context.on('request', (req) => requests.push(req.url()));
  context.on('response', (res) => responses.push({ url: res.url(), status: res.status() }));
  const watch = (page: Page): void => {
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const at = msg.location();
      errors.push(`console.error: ${msg.text()}${at.url ? ` (${at.url}:${at.lineNumber})` : ''}`);
    });
    page.on('pageerror', (err) => errors.push(`page error: ${err.stack ?? err.message}`));
  };
  watch(opened.page);
  context.on('page', watch); // popups and window.open

  onTestFinished(async (ctx) => {
    try {
      if (ctx.task.result?.state === 'fail' && !opened.page.isClosed()) {
        mkdirSync(resultsDir, { recursive: true });
        await opened.page.screenshot({ path: `${resultsDir}${safeName(ctx.task.name)}.png` }).catch(() => undefined);
      }
    } finally {
      await context.close();
    }
    if (!options.allowNonLocal) assertOnlyLocal(opened);
  });

  // A prospect's page (#/site/…) is opened as a prospect opens it: with no account.
  const user = options.user !== undefined ? options.user : path.includes('#/site/') ? null : 'demo-admin';
  if (user !== null) await logIn(context, user);
  if (options.settings !== undefined) {
    await context.addInitScript((settings) => {
      (window as unknown as { __tenglongTestSettings?: Record<string, unknown> }).__tenglongTestSettings = settings;
    }, options.settings);
  }
  await opened.page.goto(path);
  return opened;
}

/** Waits until the map says it has drawn everything (`data-idle="true"` on `[data-testid=map]`). */
export async function waitForMapIdle(page: Page, timeout = 45_000): Promise<void> {
  await page.waitForSelector('[data-testid=map][data-idle="true"]', { state: 'attached', timeout });
}

/** The route the page's hash holds now, read with the app's own codec. */
export async function currentRoute(page: Page): Promise<AppRoute> {
  return parseHash(await page.evaluate(() => location.hash));
}

/** Visible text of the first element with this data-testid (waits for it to be visible). */
export async function visibleText(page: Page, testid: string, timeout = 15_000): Promise<string> {
  const el = page.locator(`[data-testid="${testid}"]`).first();
  await el.waitFor({ state: 'visible', timeout });
  return (await el.innerText()).trim();
}

/**
 * In the page: the element's text ({text: null} while it is absent or not rendered) once it differs from `prev`,
 * else false — what waitForFunction re-checks each animation frame. `prev` undefined answers at once.
 */
function changedText([selector, prev]: readonly [string, string | null | undefined]): { text: string | null } | false {
  const e = document.querySelector<HTMLElement>(selector);
  const text = !e || e.getClientRects().length === 0 || getComputedStyle(e).visibility === 'hidden' ? null : e.innerText.trim();
  return text !== prev ? { text } : false;
}

/**
 * Waits until the element's text satisfies `accept`; returns that text, or throws with the last one seen. Between
 * two judgements it waits in the page for the text to change, so it waits on the app's own state, not on a time.
 */
export async function waitForText(
  page: Page,
  testid: string,
  accept: (text: string) => boolean,
  timeout = 15_000,
): Promise<string> {
  const deadline = Date.now() + timeout;
  const selector = `[data-testid="${testid}"]`;
  let last: string | null | undefined;
  for (;;) {
    const left = Math.max(1, deadline - Date.now());
    const next = await page
      .waitForFunction(changedText, [selector, last] as const, { timeout: left })
      .then((h) => h.jsonValue() as Promise<{ text: string | null }>, () => null);
    if (next === null) throw new Error(`e2e: [data-testid=${testid}] never showed the expected text; last seen: ${JSON.stringify(last ?? '(element not visible)')}`);
    last = next.text;
    if (last !== null && accept(last)) return last;
  }
}

/** Waits until the hash, parsed, satisfies `accept`; returns that route. Between judgements it waits for the hash to change. */
export async function waitForRoute(page: Page, accept: (r: AppRoute) => boolean, timeout = 15_000): Promise<AppRoute> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const hash = await page.evaluate(() => location.hash);
    const route = parseHash(hash);
    if (accept(route)) return route;
    const left = deadline - Date.now();
    const changed = left > 0 && (await page.waitForFunction((prev) => location.hash !== prev, hash, { timeout: left }).then(() => true, () => false));
    if (!changed) throw new Error(`e2e: the hash never reached the expected state; last: ${hash}`);
  }
}

/**
 * Waits until the page has rendered two more frames: an input event's handlers (terra-draw's, MapLibre's) have run
 * and what they changed has been drawn. A wait on the page's own render loop, not on a time.
 */
export async function nextFrames(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
}

/** The test hook the app exposes: how many parcel features the map has drawn (undefined if no hook). */
export async function renderedParcelCount(page: Page): Promise<number | undefined> {
  return page.evaluate(() => {
    const hook = (window as unknown as { __tenglongTest?: { renderedParcelCount?: () => number } }).__tenglongTest;
    return hook?.renderedParcelCount?.();
  });
}

let nodeSession: Promise<string> | undefined;

/** A session cookie for requests made from Node (the specs' own reads of internal/), logged in once per spec file. */
function nodeCookie(): Promise<string> {
  nodeSession ??= (async () => {
    const res = await fetch(new URL('api/login', baseURL()), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: new URL(baseURL()).origin },
      body: JSON.stringify({ name: 'demo-admin', password: 'tenglong-demo-admin' }),
    });
    const cookie = res.headers.get('set-cookie')?.split(';', 1)[0];
    if (res.status !== 200 || !cookie) throw new Error(`e2e: login from Node answered ${res.status}`);
    return cookie;
  })();
  return nodeSession;
}

/** GET a JSON file from the preview server, in Node (not through the page), logged in. */
export async function fetchJson(path: string): Promise<unknown> {
  const url = new URL(path.replace(/^\//, ''), baseURL());
  const res = await fetch(url, { headers: { Cookie: await nodeCookie() } });
  if (!res.ok) throw new Error(`e2e: GET ${url} answered ${res.status}`);
  return res.json();
}
