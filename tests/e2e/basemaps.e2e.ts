// Issue 17: basemaps. A local tile server stands in for 天地图 (tile-server.ts: the same KVP WMTS URLs, reached
// through the configuration's `host`), and the e2e build is copied with its index.html basemap block rewritten by
// the build's own functions (resolveBasemapConfig + setBasemapsScript), from a configuration written as a county
// would write it: the 天地图 presets with the key `${TIANDITU_KEY}` filled from the environment, a county's own XYZ
// service (not public), and an Amap (GCJ-02) entry the app must refuse. One app server (server/api/node.ts, as
// `npm start`) serves that copy; each test writes the block it needs before opening its page.
//
// Proven here, in Chromium: choosing imagery requests the stand-in's tiles with the key and draws them under the
// parcels (the map's pixels); credit and 审图号 in the attribution control; the GCJ-02 entry refused in the panel
// with its message and never requested; a 403 (and a dropped connection) gives one notice and the parcels still
// draw, and the notice's button goes back to the offline base; the prospect's page uses the public basemap and
// credits it; print credits the basemap and the county's 审图号, asks for deeper tiles at 300 dpi within the
// provider's max zoom and says when the provider is coarser; the PNG export carries the credit (two exports that
// differ only in the 审图号 differ only where the credit is printed); with no basemap configured, the planner
// map and the prospect's page make no request outside their own origin.
// Expected values come from outside the app: tile numbers from the Web Mercator formulas here, colours from the
// stand-in's own table and the parcel style's legend, ground resolutions from the 256-px tile pyramid.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { setBasemapsScript } from '../../scripts/basemap-plugin.ts';
import { createSiteListener } from '../../server/api/node.ts';
import { listen, type RunningServer } from '../../server/static.ts';
import { openWorkspace, type Workspace } from '../../server/workspace/open.ts';
import { parcelIdChecker } from '../../server/workspace/parcel-ids.ts';
import { seedWorkspace } from '../../server/workspace/seed.ts';
import { resolveBasemapConfig } from '../../src/lib/basemap/config.ts';
import type { ResolvedBasemapConfig } from '../../src/lib/basemap/types.ts';
import { readAllFgb } from '../../src/lib/data/fgb-read.ts';
import { GRADES, type AreaGeometry, type Feature } from '../../src/lib/data/schema.ts';
import { interiorPoint } from '../../src/lib/geo/interior-point.ts';
import { legendEntries } from '../../src/lib/style/parcel-style.ts';
import { logIn, openPage, renderedParcelCount, visibleText, waitForMapIdle, waitForText, type OpenedPage } from './browser.ts';
import { decodePng } from './png.ts';
import { waitForPrintReady, type Hook } from './print-helpers.ts';
import { distDir } from './site-helpers.ts';
import { ANNOTATION_ROW, startTileServer, TILE_COLOURS, type TileRequest, type TileServer } from './tile-server.ts';

// ---------------------------------------------------------------------------------------------------------------
// The configuration

// The key comes from the environment, as in a deployment; a distinctive stand-in when the runner has none.
process.env['TIANDITU_KEY'] ??= 'e2eTiandituKey0f3c9a';
const KEY = process.env['TIANDITU_KEY'];
const REVIEW = 'GS(2099)0000号（测试）';
const REVIEW_ALT = 'GS(2099)8888号（变体）';
const COUNTY_REVIEW = '浙S(2099)12号（测试）';
const COUNTY_REVIEW_ALT = '浙S(2099)77号（变体）';
const COUNTY_XYZ_REVIEW = '浙S(2099)34号（测试）';
/** The names the presets give (src/lib/basemap/presets.ts), as a planner reads them. */
const IMG_NAME = '天地图影像';
const TIANDITU_CREDIT = '天地图';
const AMAP_NAME = '高德影像（测试）';
const COUNTY_ATTRIBUTION = '宁海县自然资源和规划局（测试）';

/** data/config/basemaps.json as a county with a 天地图 key, its own tile service and a pasted Amap URL would write it. */
function rawConfig(host: string): unknown {
  return {
    county_review_number: '${TEST_COUNTY_REVIEW_NUMBER}',
    basemaps: [
      {
        // the county's own 政务 XYZ service, for planners only
        id: 'county-img',
        name: { zh: '县政务影像（测试）', en: 'County imagery (test)' },
        kind: 'imagery',
        url: `http://${host}/xyz/county/{z}/{x}/{y}.png`,
        datum: 'cgcs2000',
        attribution: { zh: COUNTY_ATTRIBUTION, en: 'Ninghai natural resources bureau (test)' },
        review_number: COUNTY_XYZ_REVIEW,
        maxzoom: 18,
        public: false,
      },
      { preset: 'tianditu-vec', key: '${TIANDITU_KEY}', review_number: '${TIANDITU_REVIEW_NUMBER}', host, scheme: 'http' },
      { preset: 'tianditu-img', key: '${TIANDITU_KEY}', review_number: '${TIANDITU_REVIEW_NUMBER}', host, scheme: 'http' },
      {
        // 高德 satellite tiles, GCJ-02: declared honestly, so the app must refuse them
        id: 'amap-img',
        name: { zh: AMAP_NAME, en: 'Amap imagery (test)' },
        kind: 'imagery',
        url: 'https://webst0{s}.is.autonavi.com/appmaptile?style=6&x={x}&y={y}&z={z}',
        subdomains: ['1', '2', '3', '4'],
        host,
        scheme: 'http',
        datum: 'gcj02',
        attribution: { zh: '高德地图', en: 'Amap' },
        review_number: 'GS(2099)9999号（测试）',
        maxzoom: 18,
        public: true,
      },
    ],
  };
}

/** The block the build would write with these environment values (skips none: everything is set). */
function resolved(host: string, review: string, county: string): ResolvedBasemapConfig {
  const env = { ...process.env, TIANDITU_REVIEW_NUMBER: review, TEST_COUNTY_REVIEW_NUMBER: county };
  const out = resolveBasemapConfig(rawConfig(host), env, 'tests/e2e/basemaps.e2e.ts');
  expect(out.skipped).toEqual([]);
  return out.config;
}

const EMPTY: ResolvedBasemapConfig = { county_review_number: null, basemaps: [] };

// ---------------------------------------------------------------------------------------------------------------
// The servers

let root = '';
let tiles: TileServer;
let workspace: Workspace | undefined;
let app: RunningServer | undefined;
let appOrigin = '';
let indexFile = '';
let builtIndex = '';
let configured: ResolvedBasemapConfig;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tenglong-e2e-basemaps-'));
  tiles = await startTileServer({ key: KEY });
  configured = resolved(tiles.host, REVIEW, COUNTY_REVIEW);

  const appDir = join(root, 'app');
  cpSync(distDir, appDir, { recursive: true, filter: (src) => src !== join(distDir, 'data') });
  indexFile = join(appDir, 'index.html');
  builtIndex = readFileSync(indexFile, 'utf8');
  const dataDir = join(distDir, 'data');
  workspace = await openWorkspace({ kind: 'pglite', dir: null });
  await seedWorkspace(workspace, dataDir, true);
  const listener = createSiteListener(workspace, { distDir: appDir, dataDir, serveInternal: 'login' }, { parcelExists: parcelIdChecker(dataDir) });
  app = await listen(listener, '127.0.0.1', 0);
  appOrigin = new URL(app.url).origin;
}, 120_000);

afterAll(async () => {
  await app?.close();
  await workspace?.close();
  await tiles?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** index.html with this basemap block (the server reads it per request, so the next page load sees it). */
function serveConfig(config: ResolvedBasemapConfig): void {
  writeFileSync(indexFile, setBasemapsScript(builtIndex, config));
  tiles.mode = 'ok';
}

/** A planner's page on this spec's server (logged in there, not on the suite's server). */
async function openPlanner(hash: string): Promise<OpenedPage> {
  const opened = await openPage('about:blank', { user: null });
  await logIn(opened.context, 'demo-planner', appOrigin);
  await opened.page.goto(`${appOrigin}/${hash}`);
  return opened;
}

/** The stand-in's log from now on. */
function markTiles(): () => TileRequest[] {
  const start = tiles.requests.length;
  return () => tiles.requests.slice(start);
}

/** Waits until the stand-in has logged a request satisfying `accept` (its log is this test's state). */
async function waitForTile(since: () => TileRequest[], accept: (r: TileRequest) => boolean, what: string, timeout = 45_000): Promise<TileRequest> {
  return vi.waitFor(
    () => {
      const hit = since().find(accept);
      if (!hit) throw new Error(`e2e: the tile stand-in never received ${what}; it received:\n  ${since().map((r) => `${r.status} ${r.url}`).slice(0, 20).join('\n  ')}`);
      return hit;
    },
    { timeout, interval: 50 },
  );
}

/** A value of the hash's query (`bm`, `bma`…), or null when the URL leaves it at its default. */
async function hashParam(page: Page, key: string): Promise<string | null> {
  return page.evaluate((k) => new URLSearchParams(location.hash.split('?')[1] ?? '').get(k), key);
}

async function waitForHashParam(page: Page, key: string, accept: readonly (string | null)[], timeout = 15_000): Promise<void> {
  await page
    .waitForFunction(([k, ok]) => ok.includes(new URLSearchParams(location.hash.split('?')[1] ?? '').get(k)), [key, accept] as const, { timeout })
    .catch(async () => {
      throw new Error(`e2e: the URL's ${key} never became ${accept.join(' or ')}; hash: ${await page.evaluate(() => location.hash)}`);
    });
}

/** The map's attribution control text once it contains every one of `parts`. */
async function waitForAttribution(page: Page, scope: string, parts: readonly string[], timeout = 30_000): Promise<string> {
  const selector = `${scope} .maplibregl-ctrl-attrib`;
  await page
    .waitForFunction(
      ([sel, want]) => {
        const el = document.querySelector<HTMLElement>(sel);
        return el !== null && el.getClientRects().length > 0 && want.every((p) => el.innerText.includes(p));
      },
      [selector, parts] as const,
      { timeout },
    )
    .catch(async () => {
      const seen = await page.evaluate((sel) => document.querySelector<HTMLElement>(sel)?.innerText ?? '(no attribution control)', selector);
      throw new Error(`e2e: ${selector} never showed ${parts.join(' and ')}; it shows: ${seen}`);
    });
  return page.evaluate((sel) => document.querySelector<HTMLElement>(sel)!.innerText, selector);
}

// ---------------------------------------------------------------------------------------------------------------
// Geometry and pixels, computed here

/** The 256-px Web Mercator tile holding [lon, lat] at tile zoom z (the XYZ / 天地图 `w` numbering). */
function tileAt([lon, lat]: readonly [number, number], z: number): { x: number; y: number } {
  const n = 2 ** z;
  const s = Math.sin((lat * Math.PI) / 180);
  return { x: Math.floor(((lon + 180) / 360) * n), y: Math.floor((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n) };
}

/** Ground size of one pixel of a 256-px tile at zoom z, latitude lat (m). */
const tileMetresPerPixel = (z: number, lat: number): number => ((2 * Math.PI * 6378137) / 256 / 2 ** z) * Math.cos((lat * Math.PI) / 180);

type Rgb = [number, number, number];
const rgb = (c: readonly number[]): Rgb => [c[0]!, c[1]!, c[2]!];
const hexRgb = (hex: string): Rgb => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;
const blend = (colour: Rgb, opacity: number, under: Rgb): Rgb => colour.map((c, i) => Math.round(opacity * c + (1 - opacity) * under[i]!)) as Rgb;
const near = (a: readonly number[], b: readonly number[], tol = 3): boolean => a.every((v, i) => Math.abs(v - b[i]!) <= tol);
/** The map's background (src/map/style.ts). */
const BACKGROUND = hexRgb('#eef1f4');
/** parcels-fill's opacity (src/map/layers/ParcelsLayer.svelte). */
const PARCEL_OPACITY = 0.85;

/** In the page: how many pixels of the map canvas are within 3 of each colour, and the colour at the canvas centre. */
async function canvasColours(page: Page, scope: string, colours: Record<string, Rgb>): Promise<{ counts: Record<string, number>; total: number; centre: Rgb }> {
  return page.locator(`${scope} canvas.maplibregl-canvas`).first().evaluate((el, cols) => {
    const src = el as HTMLCanvasElement;
    const c = document.createElement('canvas');
    c.width = src.width;
    c.height = src.height;
    const ctx = c.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2d context');
    ctx.drawImage(src, 0, 0);
    const px = ctx.getImageData(0, 0, c.width, c.height).data;
    const counts: Record<string, number> = Object.fromEntries(Object.keys(cols).map((k) => [k, 0]));
    for (let i = 0; i < c.width * c.height; i++) {
      for (const [k, [r, g, b]] of Object.entries(cols)) {
        if (Math.abs(px[i * 4]! - r) <= 3 && Math.abs(px[i * 4 + 1]! - g) <= 3 && Math.abs(px[i * 4 + 2]! - b) <= 3) counts[k]!++;
      }
    }
    const o = (Math.floor(c.height / 2) * c.width + Math.floor(c.width / 2)) * 4;
    return { counts, total: c.width * c.height, centre: [px[o]!, px[o + 1]!, px[o + 2]!] as [number, number, number] };
  }, colours);
}

interface GradedParcel {
  id: string;
  grade: (typeof GRADES)[number];
  point: [number, number];
}

/** A large graded parcel (the tenth largest by area), with a point inside it: read from internal/parcels.fgb here. */
function pickGradedParcel(): GradedParcel {
  const features = readAllFgb(new Uint8Array(readFileSync(join(distDir, 'data/internal/parcels.fgb'))), 'internal/parcels.fgb');
  const isArea = (f: Feature): f is Feature<AreaGeometry> => f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon';
  const graded = features
    .filter((f): f is Feature<AreaGeometry> => isArea(f) && (GRADES as readonly unknown[]).includes(f.properties['grade']) && typeof f.properties['area_mu_planar'] === 'number')
    .sort((a, b) => (b.properties['area_mu_planar'] as number) - (a.properties['area_mu_planar'] as number) || String(a.properties['id']).localeCompare(String(b.properties['id'])));
  const f = graded[Math.min(graded.length - 1, 9)];
  if (!f) throw new Error('internal/parcels.fgb: no graded parcel');
  const [lon, lat] = interiorPoint(f.geometry);
  return { id: String(f.properties['id']), grade: f.properties['grade'] as GradedParcel['grade'], point: [lon!, lat!] };
}

const centreParam = ([lon, lat]: readonly [number, number]): string => `${lon.toFixed(5)},${lat.toFixed(5)}`;

/** An id of the published (public) parcels, for the prospect's page. */
function publicParcelId(): string {
  const ids = (JSON.parse(readFileSync(join(distDir, 'data/public/parcels-index.json'), 'utf8')) as { id: string }[]).map((e) => e.id).sort();
  const id = ids[Math.floor(ids.length / 3)];
  if (id === undefined) throw new Error('e2e: the published parcels-index.json is empty');
  return id;
}

async function waitForSite(page: Page): Promise<void> {
  await page.locator('[data-testid=site-name]').waitFor({ state: 'visible', timeout: 30_000 });
  await page.waitForSelector('[data-testid=site-map][data-idle="true"]', { state: 'attached', timeout: 45_000 });
}

/** Every http(s) request went to the app's own origin. */
function expectOnlyOwnOrigin(opened: OpenedPage): void {
  const others = opened.requests.filter((u) => /^https?:/.test(u) && new URL(u).origin !== appOrigin);
  expect(others, 'requests outside the app origin').toEqual([]);
}

const isWmts = (layer: string) => (r: TileRequest) => r.layer === layer && r.path === `/${layer}_w/wmts`;

// ---------------------------------------------------------------------------------------------------------------

// Budget: 120 s a test. Each opens a page of a cold app on a busy 2-core machine and waits for MapLibre in
// SwiftShader; the print tests render a 300-dpi frame. A slowdown past this fails rather than hides.
describe('basemaps on the planner map', { timeout: 120_000 }, () => {
  it('choosing imagery requests the stand-in with the key from the environment and draws its tiles under the parcels, credited', async () => {
    serveConfig(configured);
    const parcel = pickGradedParcel();
    const z = 16;
    const seen = markTiles();
    const opened = await openPlanner(`#/map?c=${centreParam(parcel.point)}&z=${z}.00&l=parcels`);
    const { page } = opened;
    await waitForMapIdle(page);
    // the offline base is the default: no tile requested yet
    expect(await hashParam(page, 'bm')).toBeNull();
    expect(seen(), 'tile requests before any basemap was chosen').toEqual([]);
    await expect.poll(() => page.locator('[data-testid=basemap-option-offline]').isChecked()).toBe(true);

    await page.locator('[data-testid=basemap-option-tianditu-img]').check();
    await waitForHashParam(page, 'bm', ['tianditu-img']);
    // MapLibre's zoom z shows 256-px tiles of zoom z + 1 one to one (its world is 512 · 2^z px wide)
    const centreTile = tileAt(parcel.point, z + 1);
    const img = await waitForTile(seen, (r) => isWmts('img')(r) && r.x === centreTile.x && r.y === centreTile.y, `img tile ${z + 1}/${centreTile.y}/${centreTile.x}`);
    await waitForTile(seen, isWmts('cia'), 'a cia (annotation) tile');
    await waitForMapIdle(page);

    // The requests are 天地图's KVP GetTile, with the key from the environment
    expect(img.query).toMatchObject({ SERVICE: 'WMTS', REQUEST: 'GetTile', LAYER: 'img', TILEMATRIXSET: 'w', TILEMATRIX: String(z + 1), tk: KEY });
    const wmts = seen().filter((r) => r.layer === 'img' || r.layer === 'cia');
    expect(wmts.every((r) => r.tk === KEY && r.z === z + 1 && r.status === 200), 'every tile request carried the key, at the view zoom, and was answered').toBe(true);
    expect(seen().filter((r) => r.layer !== 'img' && r.layer !== 'cia'), 'requests for other layers').toEqual([]);
    expect(seen().filter((r) => r.origin !== appOrigin), 'tile requests from another origin').toEqual([]);

    // The pixels: imagery where there is no parcel, the parcel's fill blended over imagery (not over the bare map)
    const fill = hexRgb(legendEntries('grade').find((e) => e.key === parcel.grade)!.colour);
    const colours = {
      imagery: rgb(TILE_COLOURS.img),
      annotation: rgb(TILE_COLOURS.cia),
      parcelOverImagery: blend(fill, PARCEL_OPACITY, rgb(TILE_COLOURS.img)),
      parcelOverAnnotation: blend(fill, PARCEL_OPACITY, rgb(TILE_COLOURS.cia)),
      parcelOverBackground: blend(fill, PARCEL_OPACITY, BACKGROUND),
      background: BACKGROUND,
    };
    const px = await canvasColours(page, '[data-testid=map]', colours);
    console.log(`[basemaps] canvas ${px.total} px: ${Object.entries(px.counts).map(([k, n]) => `${k}=${n}`).join(' ')}; centre ${px.centre.join(',')}`);
    expect(px.counts['imagery']!, 'pixels of the stand-in imagery colour').toBeGreaterThan(0.1 * px.total);
    expect(px.counts['annotation']!, `pixels of the annotation line (row ${ANNOTATION_ROW} of each cia tile)`).toBeGreaterThan(0);
    expect(px.counts['parcelOverImagery']!, 'parcel fill over imagery').toBeGreaterThan(500);
    expect(px.counts['parcelOverBackground']!, 'parcel fill over the bare background').toBe(0);
    expect(px.counts['background']!, 'bare background').toBe(0);
    // the centre of the canvas is inside the parcel: its fill over the imagery (or over an annotation line)
    expect(near(px.centre, colours.parcelOverImagery) || near(px.centre, colours.parcelOverAnnotation), `centre pixel ${px.centre.join(',')}`).toBe(true);
    expect(await renderedParcelCount(page)).toBeGreaterThan(0);

    // Credit and 审图号 in the attribution control, on screen
    const attribution = await waitForAttribution(page, '[data-testid=map]', [TIANDITU_CREDIT, REVIEW]);
    expect(attribution).toContain('审图号');
    await expect.poll(() => page.locator('[data-testid=map] .maplibregl-ctrl-attrib').isVisible()).toBe(true);
    // nothing is refused but Amap, and the planner was told nothing failed
    expect(await page.locator('[data-testid=basemap-failure]').count()).toBe(0);

    // The annotation toggle and the imagery opacity are URL state and reach the pixels
    await page.locator('[data-testid=basemap-annotation]').uncheck();
    await waitForHashParam(page, 'bma', ['0']);
    await expect.poll(async () => (await canvasColours(page, '[data-testid=map]', { annotation: colours.annotation })).counts['annotation'], { timeout: 30_000 }).toBe(0);
    await page.locator('[data-testid=basemap-opacity]').fill('50');
    await waitForHashParam(page, 'bmo', ['50']);
    const halfImagery = blend(rgb(TILE_COLOURS.img), 0.5, BACKGROUND);
    await expect
      .poll(async () => (await canvasColours(page, '[data-testid=map]', { halfImagery })).counts['halfImagery']! / px.total, { timeout: 30_000 })
      .toBeGreaterThan(0.1);
    expectOnlyStandInAndApp(opened);
    opened.expectNoErrors();
  });

  it("a county's own XYZ service (not public) is drawn for planners, with its own credit and 审图号", async () => {
    serveConfig(configured);
    const point: [number, number] = [121.43, 29.3];
    const seen = markTiles();
    const opened = await openPlanner(`#/map?c=${centreParam(point)}&z=14.00&l=parcels&bm=county-img`);
    const { page } = opened;
    const t = tileAt(point, 15);
    const hit = await waitForTile(seen, (r) => r.layer === 'county' && r.x === t.x && r.y === t.y, `county tile 15/${t.x}/${t.y}`);
    expect(hit.path).toBe(`/xyz/county/15/${t.x}/${t.y}.png`);
    await waitForMapIdle(page);
    const px = await canvasColours(page, '[data-testid=map]', { county: rgb(TILE_COLOURS.county) });
    expect(px.counts['county']!).toBeGreaterThan(0.1 * px.total);
    await waitForAttribution(page, '[data-testid=map]', [COUNTY_ATTRIBUTION, COUNTY_XYZ_REVIEW]);
    expect(seen().filter((r) => r.layer !== 'county')).toEqual([]);
    opened.expectNoErrors();
  });

  it('the GCJ-02 basemap is refused in the layer panel with its message, and never requested', async () => {
    serveConfig(configured);
    const seen = markTiles();
    // even named in the link
    const opened = await openPlanner('#/map?c=121.43000,29.30000&z=14.00&bm=amap-img');
    const { page } = opened;
    await waitForMapIdle(page);
    const refused = page.locator('[data-testid=basemap-refused]');
    await refused.first().waitFor({ state: 'visible', timeout: 15_000 });
    expect(await refused.count()).toBe(1);
    const message = (await refused.first().innerText()).trim();
    expect(message).toContain(AMAP_NAME);
    expect(message).toContain('GCJ-02');
    expect(message).toMatch(/500\s*米/);
    expect(message).toContain('天地图');
    // it is not offered; the link that names it gets the offline base and a notice saying why
    expect(await page.locator('[data-testid=basemap-option-amap-img]').count()).toBe(0);
    const notice = await visibleText(page, 'basemap-unknown');
    expect(notice).toContain('GCJ-02');
    expect(notice).toContain(AMAP_NAME);
    for (const id of ['none', 'offline', 'county-img', 'tianditu-vec', 'tianditu-img']) {
      expect(await page.locator(`[data-testid=basemap-option-${id}]`).count(), `option ${id}`).toBe(1);
    }
    expect(await renderedParcelCount(page)).toBeGreaterThan(0);
    expect(seen().filter((r) => r.path.startsWith('/appmaptile')), 'requests to the refused basemap').toEqual([]);
    expect(opened.requests.filter((u) => u.includes('appmaptile') || u.includes('autonavi'))).toEqual([]);
    expect(seen(), 'no tile requested at all on the offline base').toEqual([]);
    opened.expectNoErrors();
  });

  it('the stand-in answering 403: one notice naming the basemap and the status, parcels still drawn, back to offline', async () => {
    serveConfig(configured);
    tiles.mode = 'forbidden';
    const seen = markTiles();
    const opened = await openPlanner('#/map?c=121.43000,29.30000&z=15.00&bm=tianditu-img');
    const { page } = opened;
    await waitForTile(seen, (r) => r.status === 403, 'a request answered 403');
    const notice = await waitForText(page, 'basemap-failure', (s) => s.includes('403'), 30_000);
    expect(notice).toContain(IMG_NAME);
    expect(notice).toContain('HTTP 403');
    expect(await page.locator('[data-testid=basemap-failure]').count(), 'one notice, not one per tile').toBe(1);
    expect(await page.locator('[data-testid=basemap-failure]').getAttribute('role')).toBe('status');
    await waitForMapIdle(page);
    expect(await renderedParcelCount(page), 'parcels drawn despite the basemap').toBeGreaterThan(0);

    const before = seen().length;
    await page.locator('[data-testid=basemap-use-offline]').click();
    await waitForHashParam(page, 'bm', [null, 'offline']);
    await page.locator('[data-testid=basemap-failure]').waitFor({ state: 'detached', timeout: 15_000 });
    await waitForMapIdle(page);
    await expect.poll(() => page.locator('[data-testid=basemap-option-offline]').isChecked()).toBe(true);
    expect(await renderedParcelCount(page)).toBeGreaterThan(0);
    // the offline base asks the stand-in for nothing more
    expect(seen().slice(before).filter((r) => r.layer === 'img' || r.layer === 'cia')).toEqual([]);
    // Chromium logs each refused tile as a console error: those, and only those, are expected
    opened.expectNoErrors([/403/]);
  });

  it('the stand-in dropping connections (no network): the notice says the basemap could not be reached', async () => {
    serveConfig(configured);
    tiles.mode = 'drop';
    const seen = markTiles();
    const opened = await openPlanner('#/map?c=121.43000,29.30000&z=15.00&bm=tianditu-img');
    const { page } = opened;
    await waitForTile(seen, (r) => r.status === 'dropped', 'a dropped request');
    const notice = await waitForText(page, 'basemap-failure', (s) => s.includes(IMG_NAME), 30_000);
    expect(notice).toContain('无法连接');
    await waitForMapIdle(page);
    expect(await renderedParcelCount(page)).toBeGreaterThan(0);
    tiles.mode = 'ok';
    const errors = opened.errors.filter((e) => /ERR_EMPTY_RESPONSE|ERR_CONNECTION|Failed to fetch|AJAXError/i.test(e));
    opened.errors.splice(0, opened.errors.length, ...opened.errors.filter((e) => !errors.includes(e)));
    opened.expectNoErrors();
  });
});

/** The planner map with a basemap talks to the app and the stand-in only. */
function expectOnlyStandInAndApp(opened: OpenedPage): void {
  const others = opened.requests.filter((u) => /^https?:/.test(u) && ![appOrigin, tiles.origin].includes(new URL(u).origin));
  expect(others, 'requests to a host other than the app and the tile stand-in').toEqual([]);
}

describe("basemaps on the prospect's page", { timeout: 120_000 }, () => {
  it('the first public basemap is drawn and credited with its 审图号; the non-public county service is not used', async () => {
    serveConfig(configured);
    const id = publicParcelId();
    const seen = markTiles();
    const opened = await openPage(`${appOrigin}/#/site/${encodeURIComponent(id)}`);
    const { page } = opened;
    await waitForSite(page);
    // county-img comes first in the configuration but is not public: 天地图 vector (the first public one) is used
    const vec = await waitForTile(seen, isWmts('vec'), 'a vec tile');
    expect(vec.tk).toBe(KEY);
    await waitForTile(seen, isWmts('cva'), 'a cva (annotation) tile');
    expect(seen().filter((r) => r.layer === 'county' || r.path.startsWith('/appmaptile'))).toEqual([]);
    const credit = await visibleText(page, 'site-basemap-credit');
    expect(credit).toContain(TIANDITU_CREDIT);
    expect(credit).toContain(REVIEW);
    await waitForAttribution(page, '[data-testid=site-map]', [TIANDITU_CREDIT, REVIEW]);
    expectOnlyStandInAndApp(opened);
    opened.expectNoErrors();
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Print

const PRINT_TITLE = '底图打印测试';
const printHash = (extra: string): string =>
  `#/print?c=121.43000,29.30000&z=14.00&l=parcels&bm=tianditu-img&paper=a4&orient=landscape&title=${encodeURIComponent(PRINT_TITLE)}&${extra}`;

async function printView(page: Page): Promise<{ zoom: number; lat: number; scale: number }> {
  const p = await page.evaluate(() => (window as unknown as { __tenglongPrint: Hook }).__tenglongPrint.pages()[0]!);
  return { zoom: p.view.zoom, lat: p.view.center[1], scale: p.scale };
}

/** The numbers written in a text (decimal point or comma). */
const numbersIn = (s: string): number[] => (s.match(/\d+(?:[.,]\d+)?/g) ?? []).map((n) => Number(n.replace(',', '.')));

describe('basemaps in print', { timeout: 180_000 }, () => {
  it('the source block credits the basemap and the county 审图号; the PNG export carries them', async () => {
    serveConfig(configured);
    const dir = mkdtempSync(join(root, 'png-'));
    const exportPng = async (name: string): Promise<{ png: Buffer; rects: Record<string, { x: number; y: number; w: number; h: number }>; sheetW: number }> => {
      const seen = markTiles();
      const opened = await openPlanner(printHash('dpi=96'));
      const { page } = opened;
      await waitForPrintReady(page, 100_000);
      await waitForTile(seen, isWmts('img'), 'an img tile for the print');
      expect(await visibleText(page, 'print-basemap-credit')).toMatch(/天地图/);
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), page.locator('[data-testid=print-png]').click()]);
      const file = join(dir, name);
      await download.saveAs(file);
      // where, on the sheet, the texts holding a 审图号 are laid out (CSS px from the sheet's corner)
      const layout = await page.evaluate(() => {
        const sheet = document.querySelector('[data-testid=print-sheet]')!.getBoundingClientRect();
        const rects: Record<string, { x: number; y: number; w: number; h: number }> = {};
        for (const id of ['print-basemap-credit', 'print-review-number']) {
          const r = document.querySelector(`[data-testid=${id}]`)!.getBoundingClientRect();
          rects[id] = { x: r.left - sheet.left, y: r.top - sheet.top, w: r.width, h: r.height };
        }
        return { rects, sheetW: sheet.width };
      });
      opened.expectNoErrors();
      await opened.context.close();
      return { png: readFileSync(file), ...layout };
    };

    const a = await exportPng('a.png');
    serveConfig(resolved(tiles.host, REVIEW_ALT, COUNTY_REVIEW_ALT));
    const b = await exportPng('b.png');
    serveConfig(configured);

    const ia = decodePng(a.png);
    const ib = decodePng(b.png);
    expect([ib.width, ib.height]).toEqual([ia.width, ia.height]);
    expect(a.rects).toEqual(b.rects);
    const k = ia.width / a.sheetW; // PNG px per CSS px
    const inside = (x: number, y: number, r: { x: number; y: number; w: number; h: number }): boolean =>
      x >= (r.x - 2) * k && x < (r.x + r.w + 2) * k && y >= (r.y - 2) * k && y < (r.y + r.h + 2) * k;
    const diff = { credit: 0, county: 0, elsewhere: 0 };
    let firstElsewhere: [number, number] | null = null;
    for (let y = 0; y < ia.height; y++) {
      for (let x = 0; x < ia.width; x++) {
        const o = (y * ia.width + x) * 4;
        if (ia.data[o] === ib.data[o] && ia.data[o + 1] === ib.data[o + 1] && ia.data[o + 2] === ib.data[o + 2] && ia.data[o + 3] === ib.data[o + 3]) continue;
        if (inside(x, y, a.rects['print-basemap-credit']!)) diff.credit++;
        else if (inside(x, y, a.rects['print-review-number']!)) diff.county++;
        else {
          diff.elsewhere++;
          firstElsewhere ??= [x, y];
        }
      }
    }
    console.log(`[basemaps] PNG ${ia.width} × ${ia.height}; pixels differing with the 审图号 changed: ${JSON.stringify(diff)}${firstElsewhere ? ` (first elsewhere at ${firstElsewhere.join(',')})` : ''}`);
    // the two sheets differ where, and only where, the two 审图号 are printed: the PNG carries them
    expect(diff.credit, 'PNG pixels of the basemap credit that change with its 审图号').toBeGreaterThan(50);
    expect(diff.county, "PNG pixels of the county's 审图号 that change with it").toBeGreaterThan(50);
    expect(diff.elsewhere, 'PNG pixels changing anywhere else').toBe(0);
  }, 300_000); // two print pages and two 300-dpi PNG exports

  it('the print page names basemap and 审图号 in the source block (DOM), in both the credit and the county line', async () => {
    serveConfig(configured);
    const opened = await openPlanner(printHash('dpi=96'));
    const { page } = opened;
    await waitForPrintReady(page, 100_000);
    const credit = await visibleText(page, 'print-basemap-credit');
    expect(credit).toContain(TIANDITU_CREDIT);
    expect(credit).toContain(REVIEW);
    expect(await visibleText(page, 'print-review-number')).toContain(COUNTY_REVIEW);
    expect(await page.locator('[data-testid=print-basemap-coarse]').count()).toBe(0);
    opened.expectNoErrors();
  });

  it('tiles refused (403) while printing: the sheets still render, and the controls (not printed) say which basemap failed', async () => {
    serveConfig(configured);
    tiles.mode = 'forbidden';
    const seen = markTiles();
    const opened = await openPlanner(printHash('dpi=96'));
    const { page } = opened;
    await waitForPrintReady(page, 100_000);
    await waitForTile(seen, (r) => r.status === 403, 'a print tile answered 403');
    const notice = await waitForText(page, 'print-basemap-failure', (s) => s.includes('403'), 30_000);
    expect(notice).toContain(IMG_NAME);
    expect(await page.locator('[data-testid=print-basemap-failure]').count()).toBe(1);
    // it sits in the controls, which @media print hides: the printed sheet has no trace of it
    expect(await page.locator('.controls [data-testid=print-basemap-failure]').count()).toBe(1);
    expect(await page.locator('[data-testid=print-sheet] [data-testid=print-basemap-failure]').count()).toBe(0);
    expect(await page.locator('[data-testid=print-sheet]').count()).toBeGreaterThan(0);
    tiles.mode = 'ok';
    opened.expectNoErrors([/403/]);
  });

  it('at 300 dpi the tiles come from deeper zooms (one tile pixel about one printed pixel), within the provider max zoom', async () => {
    serveConfig(configured);
    const seen = markTiles();
    const opened = await openPlanner(printHash('dpi=300&scale=10000'));
    const { page } = opened;
    await waitForPrintReady(page, 150_000);
    const view = await printView(page);
    const zooms = [...new Set(seen().filter(isWmts('img')).map((r) => r.z!))].sort((p, q) => p - q);
    // a 256-px tile zoom whose pixel is one device pixel of the print: MapLibre zoom + 1 + log2(300/96)
    const needed = view.zoom + 1 + Math.log2(300 / 96);
    console.log(`[basemaps] 300 dpi print: view zoom ${view.zoom.toFixed(2)} (1:${view.scale}), img tile zooms ${zooms.join(',')}, needed ${needed.toFixed(2)}`);
    expect(zooms.length).toBeGreaterThan(0);
    expect(Math.max(...zooms), 'deepest tile zoom requested').toBeGreaterThanOrEqual(Math.floor(needed));
    expect(Math.max(...zooms)).toBeLessThanOrEqual(Math.min(18, Math.ceil(needed)));
    expect(Math.max(...zooms), 'deeper than the screen tiles of this view').toBeGreaterThan(Math.round(view.zoom + 1));
    expect(await page.locator('[data-testid=print-basemap-coarse]').count(), 'no coarse note: 天地图 goes deep enough').toBe(0);
    expect(seen().filter((r) => r.tk !== KEY || r.status !== 200), 'print tile requests without the key or not answered').toEqual([]);
    expectOnlyStandInAndApp(opened);
    opened.expectNoErrors();
  });

  it('at 1:2000 and 300 dpi the provider max zoom (18) is coarser than the print: tiles stop at 18 and the page says so', async () => {
    serveConfig(configured);
    const seen = markTiles();
    const opened = await openPlanner(printHash('dpi=300&scale=2000'));
    const { page } = opened;
    await waitForPrintReady(page, 150_000);
    const view = await printView(page);
    const zooms = [...new Set(seen().filter(isWmts('img')).map((r) => r.z!))];
    expect(Math.max(...zooms)).toBe(18);
    const note = await visibleText(page, 'print-basemap-coarse');
    // the provider's pixel at zoom 18 and the print's device pixel (1:2000 at 300 dpi), on the ground
    const provider = tileMetresPerPixel(18, view.lat);
    const print = (2000 * 0.0254) / 300;
    const numbers = numbersIn(note);
    console.log(`[basemaps] coarse note: ${note} (provider ${provider.toFixed(3)} m/px, print ${print.toFixed(3)} m/px)`);
    expect(numbers).toContain(18);
    expect(numbers.some((n) => Math.abs(n - provider) / provider < 0.05), `the provider's ${provider.toFixed(3)} m/px in "${note}"`).toBe(true);
    expect(numbers.some((n) => Math.abs(n - print) / print < 0.1), `the print's ${print.toFixed(3)} m/px in "${note}"`).toBe(true);
    opened.expectNoErrors();
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('no basemap configured', { timeout: 120_000 }, () => {
  it('the planner map and the prospect page make no request outside their own origin', async () => {
    serveConfig(EMPTY);
    const seen = markTiles();
    const planner = await openPlanner('#/map');
    await waitForMapIdle(planner.page);
    expect(await renderedParcelCount(planner.page)).toBeGreaterThan(0);
    // only the two built-in choices are offered, the offline base chosen
    const options = await planner.page.locator('[data-testid^=basemap-option-]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(options.sort()).toEqual(['basemap-option-none', 'basemap-option-offline']);
    await expect.poll(() => planner.page.locator('[data-testid=basemap-option-offline]').isChecked()).toBe(true);
    expect(await planner.page.locator('[data-testid=basemap-refused]').count()).toBe(0);
    expectOnlyOwnOrigin(planner);
    planner.expectNoErrors();

    const site = await openPage(`${appOrigin}/#/site/${encodeURIComponent(publicParcelId())}`);
    await waitForSite(site.page);
    expect(await site.page.locator('[data-testid=site-basemap-credit]').count()).toBe(0);
    expectOnlyOwnOrigin(site);
    site.expectNoErrors();
    expect(seen(), 'requests to the tile stand-in').toEqual([]);
  });
});
