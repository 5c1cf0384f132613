// 招商地图 within the map's view (issue 16: a province is ranked by area): the panel's 按当前地图范围找地 takes the
// view into the URL (sa=), the site worker ranks within it — the same sites as `tenglong sites --area` — a reload of
// the link ranks the same, and 改为全域 brings back the whole territory's ranking. On a large territory (more parcels in
// the sites file than data/config/ranking.json allows without asking) the panel asks before it reads them all.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runSites } from '../../scripts/sites-cmd.ts';
import { readAllFgb } from '../../src/lib/data/fgb-read.ts';
import { interiorPoint } from '../../src/lib/geo/interior-point.ts';
import { openPage, waitForMapIdle } from './browser.ts';

interface Cli {
  area: [number, number, number, number] | null;
  pool: number;
  candidates: { parcel_id: string; score: number; members: string[] }[];
  blocked: { parcel_id: string }[];
}

async function cli(args: string[]): Promise<Cli> {
  const out: string[] = [];
  await runSites(['--demand', 'D-004', '--json', ...args], (s) => out.push(s));
  return JSON.parse(out[0]!) as Cli;
}

/** The ranked rows once a ranking is shown: [parcel id, score to 2 decimals]. */
async function shownSites(page: Page): Promise<[string, number][]> {
  await page.locator('[data-testid=site-summary]').waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator('[data-testid=site-candidate]').first().waitFor({ state: 'visible', timeout: 30_000 });
  return page.locator('[data-testid=site-candidate]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-parcel') ?? '', Number(e.getAttribute('data-score'))] as [string, number]));
}

const areaOf = (page: Page) => page.locator('[data-testid=site-area]').getAttribute('data-area');
const worker = (page: Page) =>
  page.evaluate(() => (window as unknown as { __tenglongTest: { chainOverlay: () => { siteWorker: { seen: number | null; kept: number | null } } } }).__tenglongTest.chainOverlay().siteWorker);
const expected = (r: Cli): [string, number][] => r.candidates.map((c) => [c.parcel_id, Number(c.score.toFixed(2))]);

describe('招商地图 within the map view', () => {
  it('ranks the view on request as `tenglong sites --area` does, keeps it in the link, and goes back to the whole territory', async () => {
    const { page, context, responses, expectNoErrors } = await openPage('/#/map?c=121.52500,29.36000&z=13.00&tab=chains&chain=auto-mould&link=am-testing&demand=D-004');
    await waitForMapIdle(page);
    // The whole territory first: what the panel says it looks in, and the ranking the CLI gives.
    expect(await areaOf(page)).toBe('');
    const whole = await cli([]);
    expect(await shownSites(page)).toEqual(expected(whole));
    await page.waitForFunction(() => (window as unknown as { __tenglongTest: { chainOverlay: () => { siteWorker: { kept: number | null } } } }).__tenglongTest.chainOverlay().siteWorker.kept !== null);
    const wholeWorker = await worker(page);

    // Bring the view back (the ranking fitted the map to its sites), then rank within it.
    await page.evaluate(() => {
      location.hash = location.hash.replace(/c=[^&]*/, 'c=121.52500,29.36000').replace(/z=[^&]*/, 'z=13.00');
    });
    await waitForMapIdle(page);
    const before = responses.length;
    await page.click('[data-testid=site-area-view]');
    await page.waitForFunction(() => (document.querySelector('[data-testid=site-area]')?.getAttribute('data-area') ?? '') !== '');
    const sa = (await areaOf(page))!;
    const area = sa.split(',').map(Number) as [number, number, number, number];
    // The view at zoom 13 around 121.525°E, 29.36°N: a part of the county, holding that centre.
    expect(area[0] < 121.525 && area[2] > 121.525 && area[1] < 29.36 && area[3] > 29.36).toBe(true);
    expect(area[2] - area[0]).toBeLessThan(0.3);
    expect(decodeURIComponent(new URL(page.url()).hash)).toContain(`sa=${area.map((x) => x.toFixed(5)).join(',')}`);

    const within = await cli(['--area', area.join(',')]);
    expect(within.area).toEqual(area);
    expect(within.candidates.length).toBeGreaterThan(0);
    expect(within.pool).toBeLessThan(whole.pool);
    const shown = await shownSites(page);
    expect(shown).toEqual(expected(within));
    expect(shown).not.toEqual(expected(whole));
    // Every member parcel of every ranked site lies in the area (interior points from the parcels file, read here).
    const points = new Map(readAllFgb(new Uint8Array(readFileSync('public/data/internal/parcels.fgb'))).map((f) => [String(f.properties['id']), interiorPoint(f.geometry as never)]));
    for (const c of within.candidates) {
      for (const id of c.members) {
        const p = points.get(id)!;
        expect(p[0] >= area[0] && p[0] <= area[2] && p[1] >= area[1] && p[1] <= area[3], id).toBe(true);
      }
    }
    expect(await page.locator('[data-testid=site-blocked]').count()).toBe(within.blocked.length);
    // The area is outlined on the map (the dashed box), shown whole after 显示该范围.
    await page.click('[data-testid=site-area-show]');
    await waitForMapIdle(page);
    const drawn = await page.evaluate(() => {
      const o = (window as unknown as { __tenglongTest: { chainOverlay: () => { area: number[] | null; renderedArea: number } } }).__tenglongTest.chainOverlay();
      return { area: o.area, rendered: o.renderedArea };
    });
    expect(drawn.area).toEqual(area);
    expect(drawn.rendered).toBeGreaterThan(0);
    // The worker for the area kept only the area's candidates (and the partners within reach).
    await page.waitForFunction(() => (window as unknown as { __tenglongTest: { chainOverlay: () => { siteWorker: { kept: number | null } } } }).__tenglongTest.chainOverlay().siteWorker.kept !== null);
    const areaWorker = await worker(page);
    expect(areaWorker.kept!).toBeLessThan(wholeWorker.kept!);
    // ... reading the sites file by range (its R-tree), not streaming it whole again.
    const sitesReads = responses.slice(before).filter((r) => new URL(r.url).pathname === '/data/internal/sites.fgb');
    expect(sitesReads.length).toBeGreaterThan(0);
    expect(sitesReads.every((r) => r.status === 206)).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __tenglongTest?: { countyStatus?: () => string } }).__tenglongTest?.countyStatus?.())).toBe('idle');

    // The link ranks the same area when opened again.
    const link = page.url();
    const again = await context.newPage();
    await again.goto(link);
    await again.locator('[data-testid=site-area]').waitFor({ state: 'visible', timeout: 30_000 });
    expect(await areaOf(again)).toBe(sa);
    expect(await shownSites(again)).toEqual(expected(within));
    await again.close();

    // 改为全域: the whole territory's ranking again, and the URL without the area — from the whole territory's worker,
    // kept since it was ready: the sites file is not read again.
    const beforeAll = responses.length;
    await page.click('[data-testid=site-area-all]');
    await page.waitForFunction(() => document.querySelector('[data-testid=site-area]')?.getAttribute('data-area') === '');
    expect(new URL(page.url()).hash).not.toContain('sa=');
    expect(await shownSites(page)).toEqual(expected(whole));
    expect(responses.slice(beforeAll).filter((r) => new URL(r.url).pathname === '/data/internal/sites.fgb')).toEqual([]);
    await waitForMapIdle(page);
    expect(await page.evaluate(() => (window as unknown as { __tenglongTest: { chainOverlay: () => { area: number[] | null; renderedArea: number } } }).__tenglongTest.chainOverlay())).toMatchObject({ area: null, renderedArea: 0 });
    expectNoErrors();
  });

  it('on a large territory asks before reading it whole, ranks the view without it, and reads it whole when asked', async () => {
    // The sample county is made "large" by the e2e build's setting: a limit below its sites file's count.
    const total = (JSON.parse(readFileSync('public/data/internal/manifest.json', 'utf8')) as { sites: { count: number } }).sites.count;
    expect(total).toBeGreaterThan(1000);
    const { page, responses, expectNoErrors } = await openPage('/#/map?c=121.52500,29.36000&z=13.00&tab=chains&chain=auto-mould&link=am-testing', {
      settings: { wholeAskOver: 1000 },
    });
    await waitForMapIdle(page);
    const sitesReads = () => responses.filter((r) => new URL(r.url).pathname === '/data/internal/sites.fgb');
    const overlay = () => page.evaluate(() => (window as unknown as { __tenglongTest: { chainOverlay: () => { firms: number; sites: unknown[] } } }).__tenglongTest.chainOverlay());

    // A chain chosen, no demand yet: the panel says how many parcels the whole territory would read, and reads none.
    const ask = page.locator('[data-testid=whole-ask]');
    await ask.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await ask.count()).toBe(1);
    expect(await ask.getAttribute('data-total')).toBe(String(total));
    expect(await ask.innerText()).toContain(total.toLocaleString('zh-CN'));
    expect((await overlay()).firms).toBe(0);

    // The demand chosen: the site list asks instead of ranking.
    await page.click('[data-testid=gap-demand][data-demand=D-004]');
    await page.locator('[data-testid=site-list] [data-testid=whole-ask]').waitFor({ state: 'visible', timeout: 30_000 });
    expect(await page.locator('[data-testid=whole-ask]').count()).toBe(1);
    expect(await page.locator('[data-testid=site-summary]').count()).toBe(0);
    expect(await page.locator('[data-testid=site-area-view]').count()).toBe(0); // the question's own button instead
    expect(sitesReads()).toEqual([]);

    // 按当前地图范围找地 from the question: the view's ranking, as `tenglong sites --area`, read by range only.
    await page.evaluate(() => {
      location.hash = location.hash.replace(/c=[^&]*/, 'c=121.52500,29.36000').replace(/z=[^&]*/, 'z=13.00');
    });
    await waitForMapIdle(page);
    await page.click('[data-testid=whole-ask-view]');
    await page.waitForFunction(() => (document.querySelector('[data-testid=site-area]')?.getAttribute('data-area') ?? '') !== '');
    const area = (await areaOf(page))!.split(',').map(Number);
    expect(await shownSites(page)).toEqual(expected(await cli(['--area', area.join(',')])));
    expect(await page.locator('[data-testid=whole-ask]').count()).toBe(0);
    expect(sitesReads().length).toBeGreaterThan(0);
    expect(sitesReads().every((r) => r.status === 206)).toBe(true);

    // 改为全域: the question again, nothing read whole.
    await page.click('[data-testid=site-area-all]');
    await page.locator('[data-testid=site-list] [data-testid=whole-ask]').waitFor({ state: 'visible', timeout: 30_000 });
    expect(new URL(page.url()).hash).not.toContain('sa=');
    expect(sitesReads().every((r) => r.status === 206)).toBe(true);

    // 仍按全域找地: the whole territory's ranking, as `tenglong sites`, the file read whole; the chain's firms on the map.
    await page.click('[data-testid=whole-ask-go]');
    expect(await shownSites(page)).toEqual(expected(await cli([])));
    expect(await page.locator('[data-testid=whole-ask]').count()).toBe(0);
    expect(sitesReads().some((r) => r.status === 200)).toBe(true);
    await page.waitForFunction(() => (window as unknown as { __tenglongTest: { chainOverlay: () => { firms: number } } }).__tenglongTest.chainOverlay().firms > 0);
    expectNoErrors();
  });
});
