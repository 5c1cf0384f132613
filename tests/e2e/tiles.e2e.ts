// Issue 16: the planner map reads vector tiles, not the county. The first view reads parcels.pmtiles by HTTP ranges
// and never the whole parcels.fgb or the search index; a click reads one id shard and a few ranges of the indexed
// FlatGeobuf and opens the same card as before; below the parcel zoom the map draws cell aggregates, and a click on
// one jumps to the parcel zoom; the print page draws its 300-dpi map from the same tiles.
// Expected values come from outside the page: the manifest and parcels.fgb read from disk in Node (readAllFgb), the
// tile archive decoded in Node (pmtiles + @mapbox/vector-tile), colours from the style's legend entries, labels
// from the i18n dictionaries. Every wait is on the app's state (map idle, card text, route, print ready).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import type { BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../scripts/pipeline/pmtiles-node-source.ts';
import { readAllFgb } from '../../src/lib/data/fgb-read.ts';
import { GRADES, type AreaGeometry, type Feature } from '../../src/lib/data/schema.ts';
import { interiorPoint } from '../../src/lib/geo/interior-point.ts';
import { t, type MessageKey } from '../../src/lib/i18n/index.ts';
import { legendEntries } from '../../src/lib/style/parcel-style.ts';
import { tileRange } from '../../src/lib/tiles/web-mercator.ts';
import { currentRoute, nextFrames, openPage, renderedParcelCount, visibleText, waitForMapIdle, waitForRoute, waitForText } from './browser.ts';
import { centreParam, pixelOffset } from './parcels-index.ts';
import { waitForPrintReady } from './print-helpers.ts';

const dataDir = fileURLToPath(new URL('../../public/data/', import.meta.url));

// ---------------------------------------------------------------------------------------------------------------
// What the build says, read from disk

interface TilesInfo {
  file: string;
  minzoom: number;
  parcelZoom: number;
  count: number;
  bbox: [number, number, number, number];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${where}: not a number`);
  return v;
}

/** layers.parcels of a manifest: its tile archive, parcel zoom, count and bbox. */
function tilesInfo(folder: 'public' | 'internal'): TilesInfo {
  const where = `public/data/${folder}/manifest.json`;
  const raw: unknown = JSON.parse(readFileSync(`${dataDir}${folder}/manifest.json`, 'utf8'));
  const parcels = isRecord(raw) && isRecord(raw['layers']) ? raw['layers']['parcels'] : undefined;
  if (!isRecord(parcels)) throw new Error(`${where}: no layers.parcels`);
  const tiles = parcels['tiles'];
  if (!isRecord(tiles) || typeof tiles['file'] !== 'string') throw new Error(`${where}: layers.parcels.tiles missing (a build before issue 16?)`);
  const bbox = parcels['bbox'];
  if (!Array.isArray(bbox) || bbox.length !== 4) throw new Error(`${where}: layers.parcels.bbox must be [w, s, e, n]`);
  const b = bbox.map((v, i) => num(v, `${where} bbox[${i}]`));
  return {
    file: tiles['file'],
    minzoom: num(tiles['minzoom'], `${where} tiles.minzoom`),
    parcelZoom: num(tiles['parcel_minzoom'], `${where} tiles.parcel_minzoom`),
    count: num(parcels['count'], `${where} count`),
    bbox: [b[0]!, b[1]!, b[2]!, b[3]!],
  };
}

interface ParcelRecord {
  id: string;
  area_mu_planar: number;
  enterprise_name: string;
  grade: (typeof GRADES)[number];
  /** A point inside the parcel, [lon, lat]. */
  point: [number, number];
}

function isArea(f: Feature): f is Feature<AreaGeometry> {
  return f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon';
}

const isGrade = (v: unknown): v is ParcelRecord['grade'] => typeof v === 'string' && (GRADES as readonly string[]).includes(v);

/**
 * Internal parcels with an enterprise and a 亩均 grade, from internal/parcels.fgb read whole in Node. Sorted like
 * pickClickableParcel: large first, so the first tenth's end is big on screen but not an outlier.
 */
function gradedParcels(): ParcelRecord[] {
  const features = readAllFgb(new Uint8Array(readFileSync(`${dataDir}internal/parcels.fgb`)), 'internal/parcels.fgb');
  const out: ParcelRecord[] = [];
  for (const f of features) {
    const { id, area_mu_planar, enterprise_name, grade } = f.properties;
    if (typeof id !== 'string' || typeof area_mu_planar !== 'number' || typeof enterprise_name !== 'string' || enterprise_name === '' || !isGrade(grade)) continue;
    if (!isArea(f)) continue;
    const [lon, lat] = interiorPoint(f.geometry);
    out.push({ id, area_mu_planar, enterprise_name, grade, point: [lon!, lat!] });
  }
  return out.sort((a, b) => b.area_mu_planar - a.area_mu_planar || a.id.localeCompare(b.id));
}

function pickGradedParcel(): ParcelRecord {
  const all = gradedParcels();
  const pick = all[Math.min(all.length - 1, Math.floor(all.length / 10))];
  if (pick === undefined) throw new Error('internal/parcels.fgb: no parcel with both an enterprise and a grade');
  return pick;
}

// ---------------------------------------------------------------------------------------------------------------
// The tile archive, decoded in Node

const closers: (() => void)[] = [];
afterAll(() => {
  for (const close of closers.splice(0)) close();
});

/** Properties of every `cells` feature the archive holds at zoom z over the parcels' bbox. */
async function cellsAtZoom(folder: 'public' | 'internal', info: TilesInfo, z: number): Promise<Record<string, unknown>[]> {
  const { archive, close } = openArchive(`${dataDir}${folder}/${info.file}`);
  closers.push(close);
  const [x0, y0, x1, y1] = tileRange(info.bbox, z);
  const out: Record<string, unknown>[] = [];
  for (let x = x0; x <= x1; x++) {
    for (let y = y0; y <= y1; y++) {
      const got = await archive.getZxy(z, x, y);
      if (!got) continue;
      const layer = new VectorTile(new PbfReader(new Uint8Array(got.data))).layers['cells'];
      if (layer) for (let i = 0; i < layer.length; i++) out.push(layer.feature(i).properties);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The context layers: the public manifest's context_tiles and the layer files, read in Node

function contextTilesInfo(): { file: string; bbox: [number, number, number, number] } {
  const raw: unknown = JSON.parse(readFileSync(`${dataDir}public/manifest.json`, 'utf8'));
  const ct = isRecord(raw) ? raw['context_tiles'] : undefined;
  if (!isRecord(ct) || typeof ct['file'] !== 'string') throw new Error('public/manifest.json: no context_tiles (a build before them?)');
  const bbox = isRecord(raw) ? raw['bbox'] : undefined;
  if (!Array.isArray(bbox) || bbox.length !== 4) throw new Error('public/manifest.json: bbox must be [w, s, e, n]');
  const b = bbox.map((v, i) => num(v, `public/manifest.json bbox[${i}]`));
  return { file: ct['file'], bbox: [b[0]!, b[1]!, b[2]!, b[3]!] };
}

function publicLayer(name: string): Feature[] {
  const fs = readAllFgb(new Uint8Array(readFileSync(`${dataDir}public/${name}.fgb`)), `public/${name}.fgb`);
  if (fs.length === 0) throw new Error(`public/${name}.fgb: no features`);
  return fs;
}

/** Ray casting: whether (x, y) is inside a ring. */
function inRing(x: number, y: number, ring: readonly (readonly number[])[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const polygonsOf = (g: AreaGeometry): number[][][][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as number[][][][];
const inArea = (x: number, y: number, g: AreaGeometry) => polygonsOf(g).some(([outer, ...holes]) => inRing(x, y, outer!) && !holes.some((h) => inRing(x, y, h)));

/** The id of the first internal parcel (file order) all of whose vertices lie inside one of `areas`, none inside `clear`. */
function parcelInside(areas: Feature[], clear: Feature[] = []): string {
  const parcels = readAllFgb(new Uint8Array(readFileSync(`${dataDir}internal/parcels.fgb`)), 'internal/parcels.fgb');
  for (const p of parcels) {
    if (!isArea(p)) continue;
    const vertices = polygonsOf(p.geometry).flat(2) as unknown as [number, number][];
    if (clear.some((a) => isArea(a) && vertices.some(([x, y]) => inArea(x, y, a.geometry)))) continue;
    if (areas.some((a) => isArea(a) && vertices.every(([x, y]) => inArea(x, y, a.geometry)))) return String(p.properties['id']);
  }
  throw new Error('internal/parcels.fgb: no parcel wholly inside the given control lines');
}

// ---------------------------------------------------------------------------------------------------------------
// The page's network log: every response under /data/, with its status and body size

interface DataResponse {
  url: string;
  path: string;
  status: number;
  bytes: number;
}

class DataLog {
  readonly #entries: Promise<DataResponse>[] = [];

  constructor(context: BrowserContext) {
    context.on('response', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.includes('/data/')) this.#entries.push(DataLog.#read(r, path));
    });
  }

  static async #read(r: Response, path: string): Promise<DataResponse> {
    // The body as received (for a 206, the range); if the page dropped it (an aborted tile), the wire size.
    const bytes = await r.body().then(
      (b) => b.length,
      () => r.request().sizes().then((s) => s.responseBodySize, () => 0),
    );
    return { url: r.url(), path, status: r.status(), bytes };
  }

  /** A position in the log: what arrives later is `since(mark)`. */
  mark(): number {
    return this.#entries.length;
  }

  async since(start = 0, end = this.#entries.length): Promise<DataResponse[]> {
    return Promise.all(this.#entries.slice(start, end));
  }
}

const totalBytes = (rs: readonly DataResponse[]): number => rs.reduce((s, r) => s + r.bytes, 0);
const describeLog = (rs: readonly DataResponse[]): string => rs.map((r) => `${r.status} ${r.bytes} B ${r.path}`).join('\n  ');

/**
 * Opens `path` with the network log listening from the first request: the context is logged in on about:blank,
 * the log attached, and only then the app loaded.
 */
async function openLogged(path: string): Promise<Awaited<ReturnType<typeof openPage>> & { log: DataLog }> {
  const opened = await openPage('about:blank');
  const log = new DataLog(opened.context);
  await opened.page.goto(path);
  return { ...opened, log };
}

// ---------------------------------------------------------------------------------------------------------------
// Map helpers

/** The test hook's ids of the features drawn on a layer (one per tile part). */
async function renderedIds(page: Page, layer: string): Promise<string[]> {
  const ids = await page.evaluate((l) => {
    const hook = (window as unknown as { __tenglongTest?: { renderedIds?: (layer: string) => string[] } }).__tenglongTest;
    return hook?.renderedIds?.(l) ?? null;
  }, layer);
  if (ids === null) throw new Error('no renderedIds test hook: is this the e2e build?');
  return ids;
}

async function clickMapAt(page: Page, dx = 0, dy = 0): Promise<void> {
  const map = page.locator('[data-testid=map]');
  const box = await map.boundingBox();
  if (box === null) throw new Error('e2e: [data-testid=map] has no box');
  await map.click({ position: { x: box.width / 2 + dx, y: box.height / 2 + dy }, timeout: 10_000 });
}

type Rgb = [number, number, number];
const hexRgb = (hex: string): Rgb => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;
/** A fill of `colour` at `opacity` over `under`, as the GPU blends it (to within rounding). */
const blend = (colour: Rgb, opacity: number, under: Rgb): Rgb => colour.map((c, i) => Math.round(opacity * c + (1 - opacity) * under[i]!)) as Rgb;
/** The map's background (src/map/style.ts); with only the parcels layer on, fills are blended over it. */
const BACKGROUND = hexRgb('#eef1f4');

interface ColourCount {
  key: string;
  rgb: Rgb;
  count: number;
}

/**
 * In the page: how many pixels of an image source (a canvas or an <img>) are within `tol` of each colour, and up to
 * `keep` pixel positions (CSS px from the element's top-left, nearest its centre first) whose 3 × 3 neighbourhood is
 * all one of the colours — points well inside a fill. Counted in the page: an A4 frame at 300 dpi is 8 M pixels.
 */
async function countColours(
  page: Page,
  selector: string,
  colours: readonly { key: string; rgb: Rgb }[],
  tol: number,
  keep = 0,
): Promise<{ counts: ColourCount[]; interior: { x: number; y: number; key: string }[]; width: number; height: number }> {
  return page.locator(selector).first().evaluate(
    async (el, [cols, tolerance, keepN]) => {
      let src: CanvasImageSource;
      let w: number;
      let h: number;
      if (el instanceof HTMLImageElement) {
        await el.decode();
        [src, w, h] = [el, el.naturalWidth, el.naturalHeight];
      } else if (el instanceof HTMLCanvasElement) {
        [src, w, h] = [el, el.width, el.height];
      } else throw new Error(`not an image or canvas: ${el.tagName}`);
      const c = document.createElement('canvas');
      c.width = w;
      c.height = h;
      const ctx = c.getContext('2d', { willReadFrequently: true });
      if (!ctx) throw new Error('no 2d context');
      ctx.drawImage(src, 0, 0);
      const px = ctx.getImageData(0, 0, w, h).data;
      const which = new Int8Array(w * h).fill(-1);
      const counts = cols.map(() => 0);
      for (let i = 0; i < w * h; i++) {
        const r = px[i * 4]!;
        const g = px[i * 4 + 1]!;
        const b = px[i * 4 + 2]!;
        for (let k = 0; k < cols.length; k++) {
          const [cr, cg, cb] = cols[k]!.rgb;
          if (Math.abs(r - cr) <= tolerance && Math.abs(g - cg) <= tolerance && Math.abs(b - cb) <= tolerance) {
            which[i] = k;
            counts[k]!++;
            break;
          }
        }
      }
      const interior: { x: number; y: number; key: string; d: number }[] = [];
      if (keepN > 0) {
        const rect = el.getBoundingClientRect();
        const sx = rect.width / w;
        const sy = rect.height / h;
        for (let y = 1; y < h - 1; y += 3) {
          for (let x = 1; x < w - 1; x += 3) {
            const k = which[y * w + x]!;
            if (k < 0) continue;
            let same = true;
            for (let dy = -1; dy <= 1 && same; dy++) for (let dx = -1; dx <= 1 && same; dx++) same = which[(y + dy) * w + x + dx] === k;
            if (same) interior.push({ x: x * sx, y: y * sy, key: cols[k]!.key, d: Math.hypot(x - w / 2, y - h / 2) });
          }
        }
        interior.sort((a, b) => a.d - b.d);
      }
      return {
        counts: cols.map((col, k) => ({ key: col.key, rgb: col.rgb, count: counts[k]! })),
        interior: interior.slice(0, keepN).map(({ x, y, key }) => ({ x, y, key })),
        width: w,
        height: h,
      };
    },
    [colours, tol, keep] as const,
  );
}

/** The grade legend's colours (parcels-fill / parcel-cells-fill in grade mode), blended at `opacity` over the background. */
function gradeColours(opacity: number): { key: string; rgb: Rgb }[] {
  return legendEntries('grade').map((e) => ({ key: e.key, rgb: blend(hexRgb(e.colour), opacity, BACKGROUND) }));
}

const PUBLIC = tilesInfo('public');
const INTERNAL = tilesInfo('internal');
const isPmtiles = (r: DataResponse): boolean => r.path.endsWith(`/${INTERNAL.file}`) || r.path.endsWith(`/${PUBLIC.file}`);
const isFgb = (r: DataResponse): boolean => r.path.endsWith('/parcels.fgb');

// ---------------------------------------------------------------------------------------------------------------

describe('parcels from vector tiles (issue 16)', () => {
  it('first view: range reads of parcels.pmtiles draw the parcels; no parcels.fgb, no parcels-index.json, < 3 MB of data', async () => {
    // The map draws parcels from the parcel zoom up, and the app reads that zoom from the public manifest.
    expect(PUBLIC.parcelZoom).toBe(INTERNAL.parcelZoom);
    const { page, requests, log, expectNoErrors } = await openLogged('/#/map');
    await waitForMapIdle(page);
    const route = await currentRoute(page);
    expect(route.route).toBe('map');
    // the default view is at (or above) the parcel zoom, so parcels, not cells, are drawn
    expect(route.params.zoom).toBeGreaterThanOrEqual(PUBLIC.parcelZoom);
    expect(await renderedParcelCount(page), 'window.__tenglongTest.renderedParcelCount()').toBeGreaterThan(0);

    const data = await log.since();
    const tiles = data.filter(isPmtiles);
    expect(tiles.length, `pmtiles responses:\n  ${describeLog(data)}`).toBeGreaterThan(0);
    expect(tiles.every((r) => r.status === 206), `every pmtiles read is a range read:\n  ${describeLog(tiles)}`).toBe(true);
    // logged in: the internal archive (grades for the colours), not the public one
    expect(tiles.every((r) => r.path.includes('/internal/'))).toBe(true);
    // read in MapLibre's worker, where they are parsed: the page's own pmtiles handler (its fallback) answered none
    const pageReads = await page.evaluate(() => (window as unknown as { __tenglongTest?: { pageTileReads?: () => number } }).__tenglongTest?.pageTileReads?.() ?? null);
    expect(pageReads, 'window.__tenglongTest.pageTileReads()').toBe(0);
    expect(requests.filter((u) => u.includes('parcels-index.json')), 'requests for the search index').toEqual([]);
    expect(requests.filter((u) => u.includes('parcels.fgb')), 'requests for parcels.fgb').toEqual([]);

    const bytes = totalBytes(data);
    console.log(`[tiles] first view: ${data.length} data responses, ${bytes} B (pmtiles: ${tiles.length} ranges, ${totalBytes(tiles)} B)\n  ${describeLog(data)}`);
    expect(bytes).toBeLessThan(3 * 1024 * 1024);
    expectNoErrors();
  });

  it('a parcel picked from a tile opens the card of its record: one id shard and range reads of internal/parcels.fgb, < 100 KB', async () => {
    const parcel = pickGradedParcel();
    const zoom = 17.5;
    const { page, requests, log, expectNoErrors } = await openLogged(`/#/map?c=${centreParam(parcel.point)}&z=${zoom.toFixed(2)}`);
    await waitForMapIdle(page);
    // the URL keeps 5 decimals of the centre: click where the parcel's point is drawn, not at the rounded centre
    const at = await currentRoute(page);
    const { dx, dy } = pixelOffset(at.params.center, parcel.point, at.params.zoom);
    expect(await renderedParcelCount(page)).toBeGreaterThan(0);
    const before = log.mark();

    await clickMapAt(page, dx, dy);
    await waitForText(page, 'parcel-card-id', (text) => text.includes(parcel.id));
    const end = log.mark();
    await waitForRoute(page, (r) => r.params.parcel === parcel.id);

    // the card, against the record read in Node from internal/parcels.fgb
    const area = await visibleText(page, 'parcel-area-mu');
    expect(area.replace(/[,\s]/g, '')).toContain(`${parcel.area_mu_planar.toFixed(2)}亩`);
    expect(await visibleText(page, 'parcel-enterprise')).toBe(parcel.enterprise_name);
    expect(await visibleText(page, 'parcel-grade')).toBe(t('zh', `grade.${parcel.grade}` as MessageKey));

    const read = await log.since(before, end);
    const bytes = totalBytes(read);
    console.log(`[tiles] click → card ${parcel.id}: ${read.length} data responses, ${bytes} B\n  ${describeLog(read)}`);
    expect(bytes).toBeLessThan(100 * 1024);
    expect(read.some((r) => r.path.includes('/ids/') && r.path.endsWith('.json') && r.status === 200), 'an id shard was read').toBe(true);
    const fgb = read.filter(isFgb);
    expect(fgb.length, 'parcels.fgb range reads').toBeGreaterThan(0);
    expect(fgb.every((r) => r.status === 206 && r.path.includes('/internal/')), `only range reads of internal/parcels.fgb:\n  ${describeLog(fgb)}`).toBe(true);
    // nothing in the whole test read the county: no whole parcels.fgb, no search index
    const all = await log.since();
    expect(all.filter((r) => isFgb(r) && r.status !== 206).map((r) => r.url), 'whole-file reads of parcels.fgb').toEqual([]);
    expect(requests.filter((u) => u.includes('parcels-index.json'))).toEqual([]);
    expectNoErrors();
  });

  it('below the parcel zoom: cell aggregates are drawn, no parcels; a click on a cell jumps to the parcel zoom without selecting', async () => {
    const z = INTERNAL.parcelZoom - 2;
    expect(z).toBeGreaterThanOrEqual(INTERNAL.minzoom);
    // The archive's cells at that zoom, decoded in Node: they count every parcel once and say what they hold.
    const cells = await cellsAtZoom('internal', INTERNAL, z);
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.reduce((s, c) => s + num(c['n'], 'cell n'), 0)).toBe(INTERNAL.count);
    for (const c of cells) {
      expect(num(c['n'], 'cell n')).toBeGreaterThan(0);
      expect(num(c['mu'], 'cell mu')).toBeGreaterThan(0);
    }
    const topGrades = new Set(cells.map((c) => c['top_grade'] ?? ''));
    expect([...topGrades].some(isGrade), `top_grade values ${[...topGrades].join(', ')}`).toBe(true);

    const [w, s, e, n] = INTERNAL.bbox;
    const centre: [number, number] = [(w + e) / 2, (s + n) / 2];
    // only the parcels layer: the cells' colours are then blended over the plain background
    const { page, log, expectNoErrors } = await openLogged(`/#/map?c=${centreParam(centre)}&z=${z.toFixed(2)}&l=parcels`);
    await waitForMapIdle(page);
    expect((await currentRoute(page)).params.zoom).toBe(z);
    expect((await renderedIds(page, 'parcel-cells-fill')).length, 'cells drawn').toBeGreaterThan(0);
    expect(await renderedParcelCount(page)).toBe(0);
    expect((await log.since()).filter(isFgb)).toEqual([]);

    // The hooks give no feature properties; the pixels say the cells carry real classes: cell fills (0.75 opacity)
    // in the grade legend's colours, at least one of them a grade rather than "none".
    const seen = await countColours(page, '[data-testid=map] canvas.maplibregl-canvas', gradeColours(0.75), 3, 40);
    console.log(`[tiles] cell pixels at z${z}: ${seen.counts.map((c) => `${c.key}=${c.count}`).join(' ')}`);
    expect(seen.counts.filter((c) => c.key !== 'none' && c.count > 0).length, 'grade-coloured cells').toBeGreaterThan(0);

    // Click inside a cell (a point well inside a cell-coloured area, not under a panel).
    const canvasBox = await page.locator('[data-testid=map] canvas.maplibregl-canvas').boundingBox();
    if (canvasBox === null) throw new Error('e2e: the map canvas has no box');
    let target: { x: number; y: number } | undefined;
    for (const p of seen.interior) {
      const onMap = await page.evaluate(
        ([x, y]) => document.elementFromPoint(x ?? 0, y ?? 0)?.closest('[data-testid=map]') != null,
        [canvasBox.x + p.x, canvasBox.y + p.y],
      );
      if (onMap) {
        target = p;
        break;
      }
    }
    if (target === undefined) throw new Error('e2e: no uncovered point inside a drawn cell');
    await page.mouse.click(canvasBox.x + target.x, canvasBox.y + target.y);
    const jumped = await waitForRoute(page, (r) => r.params.zoom >= INTERNAL.parcelZoom - 0.005);
    expect(jumped.params.parcel).toBeNull();
    await waitForMapIdle(page);
    await nextFrames(page);
    expect((await currentRoute(page)).params.parcel).toBeNull();
    expect(await page.locator('[data-testid=parcel-card]').count()).toBe(0);
    // at the parcel zoom, the parcels themselves are drawn where the cell was
    expect(await renderedParcelCount(page)).toBeGreaterThan(0);
    expectNoErrors();
  });

  it('the other layers come from layers.pmtiles; a card reads the zones and control lines near its parcel by ranges, base layers never', async () => {
    const context = contextTilesInfo();
    const zones = publicLayer('zones');
    const lines = publicLayer('control-lines');
    const blocks = publicLayer('low-efficiency-blocks');
    // The whole county in view (the manifest's box at zoom 9 is about 500 × 450 px): every feature is drawn.
    const [w, s, e, n] = context.bbox;
    const { page, requests, log, expectNoErrors } = await openLogged(`/#/map?c=${centreParam([(w + e) / 2, (s + n) / 2])}&z=9.00&l=parcels,control-lines,low-efficiency,zones`);
    await waitForMapIdle(page);
    const ids = (fs: Feature[]) => fs.map((f) => String(f.properties['id'])).sort();
    const drawn = async (...layers: string[]) => [...new Set((await Promise.all(layers.map((l) => renderedIds(page, l)))).flat())].sort();
    expect(await drawn('zones-fill'), 'zones drawn').toEqual(ids(zones));
    expect(await drawn('blocks-fill'), 'blocks drawn').toEqual(ids(blocks));
    // Each level's style takes the lines of that level, as the file gives it: the tiles kept the field as a number.
    expect(await drawn('lines-1'), 'level-1 lines').toEqual(ids(lines.filter((f) => f.properties['level'] === 1)));
    expect(await drawn('lines-2'), 'level-2 lines').toEqual(ids(lines.filter((f) => f.properties['level'] === 2)));

    const first = await log.since();
    const contextReads = first.filter((r) => r.path.endsWith(`/public/${context.file}`));
    expect(contextReads.length, `layers.pmtiles reads:\n  ${describeLog(first)}`).toBeGreaterThan(0);
    expect(contextReads.every((r) => r.status === 206), 'every layers.pmtiles read is a range read').toBe(true);
    const layerFile = (name: string) => requests.filter((u) => new URL(u).pathname.endsWith(`/${name}.fgb`)).length;
    const drawnOnly = ['zones', 'control-lines', 'base-county', 'base-water', 'base-roads'];
    expect(drawnOnly.map((name) => `${name}: ${layerFile(name)}`), 'layer files read for the first view').toEqual(drawnOnly.map((name) => `${name}: 0`));
    console.log(`[tiles] first view with the context layers on: ${totalBytes(first)} B, layers.pmtiles ${contextReads.length} ranges ${totalBytes(contextReads)} B`);

    // A parcel lying wholly inside a level-1 control line (every vertex inside its outline, tested in Node): its card
    // says so, from the zones and control lines meeting its box, read by ranges of their indexed files.
    const ruleReads = async (since: number) => (await log.since(since)).filter((r) => /\/public\/(zones|control-lines)\.fgb$/.test(r.path));
    const parcel = parcelInside(lines.filter((f) => f.properties['level'] === 1));
    const beforeCard = log.mark();
    await page.evaluate((id) => (location.hash = `${location.hash}&p=${encodeURIComponent(id)}`), parcel);
    await waitForText(page, 'parcel-card-id', (text) => text.includes(parcel));
    expect(await visibleText(page, 'parcel-control-line')).toBe(t('zh', 'line.1'));
    const firstCard = await ruleReads(beforeCard);
    expect(firstCard.map((r) => r.path.split('/').pop()).sort(), `rule layer reads:\n  ${describeLog(firstCard)}`).toEqual(expect.arrayContaining(['control-lines.fgb', 'zones.fgb']));
    expect(firstCard.every((r) => r.status === 206), `only range reads of the rule layers:\n  ${describeLog(firstCard)}`).toBe(true);
    // Another card, in a level-2 line and no level-1 one: its own box read, its own verdict.
    const other = parcelInside(
      lines.filter((f) => f.properties['level'] === 2),
      lines.filter((f) => f.properties['level'] === 1),
    );
    const beforeOther = log.mark();
    await page.evaluate(([from, to]) => (location.hash = location.hash.replace(`p=${encodeURIComponent(from)}`, `p=${encodeURIComponent(to)}`)), [parcel, other] as const);
    await waitForText(page, 'parcel-card-id', (text) => text.includes(other));
    expect(await visibleText(page, 'parcel-control-line')).toBe(t('zh', 'line.2'));
    expect((await ruleReads(beforeOther)).every((r) => r.status === 206)).toBe(true);
    expect((await ruleReads(0)).filter((r) => r.status !== 206).map((r) => r.url), 'whole reads of zones.fgb or control-lines.fgb').toEqual([]);
    expect(['base-county', 'base-water', 'base-roads'].map(layerFile), 'base layer files').toEqual([0, 0, 0]);
    expectNoErrors();
  });
});

// Budget: as print.e2e.ts (a 300-dpi frame in SwiftShader is the cost).
describe('print from tiles', { timeout: 120_000 }, () => {
  it('A4 at 300 dpi: the map is drawn from range reads of parcels.pmtiles, in the parcels\' colours', async () => {
    const parcel = pickGradedParcel();
    const title = '瓦片打印';
    const { page, log, expectNoErrors } = await openLogged(
      `/#/print?c=${centreParam(parcel.point)}&z=15.00&l=parcels&paper=a4&dpi=300&title=${encodeURIComponent(title)}`,
    );
    await waitForPrintReady(page, 100_000);

    const data = await log.since();
    const tiles = data.filter(isPmtiles);
    console.log(`[tiles] print: ${data.length} data responses, ${totalBytes(data)} B (pmtiles: ${tiles.length} ranges, ${totalBytes(tiles)} B)\n  ${describeLog(data)}`);
    expect(tiles.length, 'pmtiles range reads while printing').toBeGreaterThan(0);
    expect(tiles.every((r) => r.status === 206)).toBe(true);
    // a page fitted to nothing is laid out from the map's view: the county is not read for it (issue 16)
    expect(data.filter((r) => isFgb(r) && r.status === 200), 'whole-file reads of parcels.fgb').toEqual([]);

    // The printed map image: 300 dpi (300/96 image px per CSS px of the frame), with parcel fills in the grade colours.
    const seen = await countColours(page, '[data-testid=print-map-img]', gradeColours(0.85), 3);
    const frameCss = await page.locator('[data-testid=print-map-img]').evaluate((el) => el.getBoundingClientRect().width);
    console.log(`[tiles] print map ${seen.width} × ${seen.height} px (frame ${frameCss} CSS px), parcel pixels: ${seen.counts.map((c) => `${c.key}=${c.count}`).join(' ')}`);
    expect(seen.width / frameCss).toBeGreaterThanOrEqual(300 / 96 - 0.01);
    const parcelPixels = seen.counts.reduce((s, c) => s + c.count, 0);
    expect(parcelPixels).toBeGreaterThan(0.01 * seen.width * seen.height);
    // the parcel at the centre is graded: its grade's colour is printed
    expect(seen.counts.find((c) => c.key === parcel.grade)?.count ?? 0, `pixels of grade ${parcel.grade}`).toBeGreaterThan(1000);
    expectNoErrors();
  });
});
