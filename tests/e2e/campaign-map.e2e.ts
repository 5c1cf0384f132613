// 挂图作战 on the map and on paper (issue 15 items 1–6): the cases layer draws the registers' cases as of the year
// control's day (counted here from the registers read through the API, not from the page), a click on a case opens
// its record, and the 作战图 print page of a town lists that town's cases and prints them to a PDF. Issue 16: the
// 作战图 is laid out without the page reading the whole county (the towns' boxes from area-stats.json, the registers'
// parcels by id — forced, as the sample county is small enough that DataStore.parcelsByIds reads it whole): the print
// hook's countyStatus() stays 'idle', no whole parcels.fgb is fetched, and each page is fitted to its town's box,
// computed here from internal/parcels.fgb read in Node.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { chinaToday } from '../../src/lib/workspace/parcel-status.ts';
import { currentRoute, fetchJson, openPage, waitForMapIdle, waitForRoute } from './browser.ts';
import { loadParcelsIndex } from './parcels-index.ts';
import { str, tally, type Hook } from './print-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'tenglong-campaign-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A case as the API sends it: only what the spec reads. */
interface ApiCase {
  id: string;
  parcel_id: string;
  parcel_ids: string[];
  town: string | null;
  steps: { date: string; stage: string }[];
}

async function apiCases(): Promise<ApiCase[]> {
  const r = (await fetchJson('/api/cases')) as { records: { data: ApiCase; deleted?: boolean }[] };
  return r.records.filter((x) => !x.deleted).map((x) => x.data);
}

/** Listed by the day: its first step is on or before it. */
const listedBy = (c: ApiCase, day: string) => c.steps.length > 0 && c.steps[0]!.date <= day;

/** The case ids drawn on the cases layer (the e2e build's hook over queryRenderedFeatures). */
async function renderedCaseIds(page: Page): Promise<string[]> {
  const ids = await page.evaluate(() => {
    const hook = (window as unknown as { __tenglongTest?: { renderedIds?: (layer: string) => string[] } }).__tenglongTest;
    return hook?.renderedIds?.('campaign-cases-fill') ?? null;
  });
  if (ids === null) throw new Error('no renderedIds test hook: is this the e2e build?');
  return [...new Set(ids)].sort();
}

/** Each town's parcels' box [w, s, e, n], from the parcels file read whole in Node (not through the page). */
const townBoxes = (): Map<string, [number, number, number, number]> => new Map([...tally((p) => str(p['town']))].map(([town, t]) => [town, t.box]));

const printHook = (page: Page) => page.evaluate(() => {
  const h = (window as unknown as { __tenglongPrint: Hook }).__tenglongPrint;
  return { county: h.countyStatus(), pages: h.pages().map((p) => ({ key: p.key, title: p.title, center: p.view.center })) };
});

// The whole county in view at the default viewport, cases layer only (no circles on top of them).
const COUNTY_VIEW = 'c=121.45000,29.36000&z=10.40';

describe('campaign map (挂图作战)', { timeout: 120_000 }, () => {
  it('draws the cases of the day: fewer at the end of 2021 than now; a click opens the case', async () => {
    const cases = await apiCases();
    const parcels = new Map((await loadParcelsIndex()).map((p) => [p.id, p]));
    const onMap = cases.filter((c) => [c.parcel_id, ...c.parcel_ids].some((id) => parcels.has(id)));
    const today = chinaToday();
    const expectNow = onMap.filter((c) => listedBy(c, today)).map((c) => c.id).sort();
    const expect2021 = onMap.filter((c) => listedBy(c, '2021-12-31')).map((c) => c.id).sort();
    expect(expect2021.length, 'the sample county lists fewer cases by 2021 than now').toBeLessThan(expectNow.length);

    const { page, expectNoErrors } = await openPage(`/#/map?${COUNTY_VIEW}&l=base`);
    await waitForMapIdle(page);
    expect(await renderedCaseIds(page)).toEqual([]);
    // turning the layer on through the layer panel draws every case of today, with its legend
    await page.locator('[data-testid=layer-toggle-cases]').check();
    await waitForRoute(page, (r) => r.params.layers.includes('cases'));
    await waitForMapIdle(page);
    await expect.poll(() => renderedCaseIds(page), { timeout: 20_000 }).toEqual(expectNow);
    expect(await page.locator('[data-testid=legend-cases] [data-testid=legend-entry]').count()).toBe(6);

    // the year control: the same map at the end of 2021
    await page.goto(`/#/map?${COUNTY_VIEW}&l=base,cases&year=2021`);
    await waitForMapIdle(page);
    await expect.poll(() => renderedCaseIds(page), { timeout: 20_000 }).toEqual(expect2021);

    // a click on a case's parcel opens its record in the campaign panel
    const target = onMap.find((c) => listedBy(c, today) && parcels.has(c.parcel_id))!;
    const at = parcels.get(target.parcel_id)!.centroid;
    const owners = new Set(onMap.filter((c) => listedBy(c, today) && [c.parcel_id, ...c.parcel_ids].includes(target.parcel_id)).map((c) => `case:${c.id}`));
    await page.goto(`/#/map?c=${at[0].toFixed(5)},${at[1].toFixed(5)}&z=17.00&l=base,cases`);
    await waitForMapIdle(page);
    await expect.poll(() => renderedCaseIds(page), { timeout: 20_000 }).toContain(target.id);
    const box = (await page.locator('[data-testid=map]').boundingBox())!;
    await page.locator('[data-testid=map]').click({ position: { x: box.width / 2, y: box.height / 2 } });
    const r = await waitForRoute(page, (x) => x.params.record !== '');
    expect(owners.has(r.params.record), `${r.params.record} is one of ${[...owners].join(', ')}`).toBe(true);
    expect(r.params.panel).toBe('campaign');
    expect(page.url()).toContain(`rec=${encodeURIComponent(r.params.record).replace(/%3A/gi, ':')}`);
    expectNoErrors();
  });

  it("prints a town's 作战图 with that town's cases, and the PDF carries the tables", async () => {
    const cases = await apiCases();
    const today = chinaToday();
    const byTown = new Map<string, ApiCase[]>();
    for (const c of cases) if (c.town && listedBy(c, today)) byTown.set(c.town, [...(byTown.get(c.town) ?? []), c]);
    // the town with the most cases (ties: by name), so the table has rows to compare
    const [town, townCases] = [...byTown.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))[0]!;
    const want = townCases.map((c) => c.id).sort();

    const { page, expectNoErrors } = await openPage(`/#/print?c=121.45000,29.36000&z=11.00&layout=campaign&town=${encodeURIComponent(town)}&dpi=96`);
    await page.waitForSelector('[data-testid=print-page][data-ready="true"]', { state: 'attached', timeout: 60_000 });
    expect((await currentRoute(page)).route).toBe('print');
    expect(await page.locator('[data-testid=print-sheet]').count()).toBe(1);
    expect((await page.locator('[data-testid=print-title]').innerText()).trim()).toBe(`${town} 挂图作战图`);
    expect((await page.locator('[data-testid=print-subtitle]').innerText()).trim()).toBe(`现在（${today}）`);
    const rows = (await page.locator('[data-testid=campaign-case-row]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''))).sort();
    expect(rows).toEqual(want);
    expect(await page.locator('[data-testid=campaign-town-row]').count()).toBe(1);
    expect(await page.locator('[data-testid=print-sample]').innerText()).toContain('示例数据');
    const legend = await page.locator('[data-testid=print-legend-entry]').allInnerTexts();
    expect(legend).toContain('依法关停退出');
    // fitted to the town's parcels (Web Mercator x is linear in longitude: the centre is the box's mid-longitude)
    const box = townBoxes().get(town);
    expect(box, `${town}: a town of the parcels file`).toBeTruthy();
    const laid = await printHook(page);
    expect(laid.pages.map((p) => p.key)).toEqual([`campaign:town:${town}`]);
    expect(laid.pages[0]!.center[0]).toBeCloseTo((box![0] + box![2]) / 2, 5);
    expect(laid.pages[0]!.center[1]).toBeGreaterThan(box![1]);
    expect(laid.pages[0]!.center[1]).toBeLessThan(box![3]);

    const file = join(dir, 'campaign.pdf');
    writeFileSync(file, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    const text = execFileSync('/usr/bin/pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    const squashed = text.replace(/\s+/g, '');
    expect(squashed).toContain(`${town}挂图作战图`);
    expect(squashed).toContain('整治清单');
    expect(squashed).toContain('项目全周期');
    for (const id of want) expect(squashed, id).toContain(id);
    expect(squashed).toContain('示例数据');

    // the same town at the end of 2021: the year round-trips through the URL and the table follows it
    const want2021 = townCases.filter((c) => listedBy(c, '2021-12-31')).map((c) => c.id).sort();
    await page.goto(`/#/print?c=121.45000,29.36000&z=11.00&year=2021&layout=campaign&town=${encodeURIComponent(town)}&dpi=96`);
    await page.waitForFunction(() => document.querySelector('[data-testid=print-subtitle]')?.textContent?.includes('2021'), undefined, { timeout: 30_000 });
    await page.waitForSelector('[data-testid=print-page][data-ready="true"]', { state: 'attached', timeout: 60_000 });
    expect((await page.locator('[data-testid=print-subtitle]').innerText()).trim()).toBe('截至 2021 年末');
    const rows2021 = (await page.locator('[data-testid=campaign-case-row]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''))).sort();
    expect(rows2021).toEqual(want2021);
    const r = await currentRoute(page);
    expect(r.params.year).toBe(2021);
    expectNoErrors();
  });

  it('prints a 作战图 atlas: one page per town, each fitted to its town, without reading the county', async () => {
    const boxes = townBoxes();
    expect(boxes.size).toBeGreaterThan(1);
    // the setting from the first load on, so that the reload below counts requests of a page that ran with it
    const { page, expectNoErrors } = await openPage('/#/print?c=121.45000,29.36000&z=11.00&layout=campaign&atlas=town&dpi=96', { settings: { parcelsByIds: 'ids' } });
    const wholeFileReads: string[] = [];
    page.on('request', (r) => {
      if (/\/parcels\.fgb(\?|$)/.test(r.url()) && !r.headers()['range']) wholeFileReads.push(r.url());
    });
    await page.reload();
    await page.waitForFunction((n) => document.querySelector('[data-testid=print-page-count]')?.textContent === `共 ${n} 页`, boxes.size, { timeout: 30_000 });
    await page.waitForSelector('[data-testid=print-page][data-ready="true"]', { state: 'attached', timeout: 90_000 });
    const laid = await printHook(page);
    expect(laid.pages.map((p) => p.key).sort()).toEqual([...boxes.keys()].map((t) => `campaign:town:${t}`).sort());
    for (const p of laid.pages) {
      const town = p.key.slice('campaign:town:'.length);
      const box = boxes.get(town)!;
      expect(p.title).toBe(`${town} 挂图作战图`);
      expect(p.center[0], town).toBeCloseTo((box[0] + box[2]) / 2, 5);
    }
    expect(await page.locator('[data-testid=campaign-town-row]').count()).toBe(boxes.size);
    expect(laid.county, 'the whole county was read').toBe('idle');
    expect(wholeFileReads).toEqual([]);
    expectNoErrors();
  });
});
