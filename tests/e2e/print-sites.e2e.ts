// 招商 print options: `atlas=sites&demand=…` prints one page per ranked candidate site of a demand entry, in
// the order and with the parcels the CLI ranks (`tenglong sites --json`, run in Node against the data the
// preview serves); a demand with no candidate gets one honest page with the ranking's reason; and
// `fit=chain:<id>` fits the parcels of that chain's firms, counted here from enterprises.json + parcels.fgb.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readAllFgb } from '../../src/lib/data/fgb-read.ts';
import { runCli } from '../unit/helpers/run-cli.ts';
import { apiPost, openPage, resetWorkspace } from './browser.ts';
import { waitForPrintReady, type Hook } from './print-helpers.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// the preview serves <dist>/data, a copy of public/data made by the build
const DATA = join(resolve(ROOT, process.env.E2E_DIST_DIR ?? 'dist-e2e'), 'data');
const TOP = 5;

interface CliSite {
  rank: number | null;
  parcel_id: string;
  members?: string[];
  variants?: number;
  point: [number, number];
}
interface CliRanking {
  candidates: CliSite[];
  empty_reason: { zh: string; en: string } | null;
}
function ranked(demand: string): CliRanking {
  const r = runCli(['sites', '--demand', demand, '--json', '--top', String(TOP), '--data', DATA]);
  if (r.code !== 0) throw new Error(`tenglong sites --demand ${demand} failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as CliRanking;
}
const members = (c: CliSite): string[] => (c.members && c.members.length ? c.members : [c.parcel_id]);

// The case with candidates: D-004 (the brief's example), else the first shipped demand that has any.
const IDS = Array.from({ length: 22 }, (_, i) => `D-${String(i + 1).padStart(3, '0')}`);
let withSites: { id: string; r: CliRanking } | null = null;
for (const id of ['D-004', ...IDS.filter((x) => x !== 'D-004')]) {
  const r = ranked(id);
  if (r.candidates.length > 0) {
    withSites = { id, r };
    break;
  }
}
// The case with none. Since the ranking assembles adjacent parcels into sites, every shipped demand
// (D-001..D-022) has candidates, so the empty case uses a demand entry added to the app's demand list (the
// 招商 panel keeps local entries in localStorage) that asks for more land than any site offers: 5000 亩, where
// the largest assembled site is ≈ 444 亩. The CLI ranks the same entry (--demands) for the expected reason.
const EMPTY_DEMAND = { id: 'D-901', chain: 'auto-mould', link: 'am-testing', profile: 'e2e: more land than any site', land_mu: 5000, investment_100m: 6.5, park: '梅林橡塑汽配产业基地', status: 'open' };
const demandsFile = join(mkdtempSync(join(tmpdir(), 'tenglong-sites-')), 'demands.json');
writeFileSync(demandsFile, JSON.stringify([EMPTY_DEMAND]));
afterAll(() => rmSync(dirname(demandsFile), { recursive: true, force: true }));
function rankedEmpty(): CliRanking {
  const r = runCli(['sites', '--demand', EMPTY_DEMAND.id, '--json', '--top', String(TOP), '--data', DATA, '--demands', demandsFile]);
  if (r.code !== 0) throw new Error(`tenglong sites --demand ${EMPTY_DEMAND.id} failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as CliRanking;
}
const exercised: string[] = [];
afterAll(() => {
  // no silent pass: the data must offer at least one of the two cases
  expect(exercised.length, `cases exercised: ${exercised.join(', ')}`).toBeGreaterThan(0);
});

const path = (demand: string) => `/#/print?c=121.45000,29.36000&z=11.00&atlas=sites&demand=${demand}&top=${TOP}&dpi=96`;

// Budget: 90 s a test (measured 2026-12 with the whole suite: ≤ 4 s a test on a quiet 2-core machine; a 300-dpi
// frame in SwiftShader is the cost and grows several-fold when the machine is busy). Named here, not left to the
// suite's default, so a slowdown past it fails instead of hiding under the 60 s default.
describe('print: candidate sites of a demand', { timeout: 90_000 }, () => {
  it('one page per ranked site, in the CLI order, titled with rank and parcel id, fitted to the site', async () => {
    if (!withSites) {
      console.warn('[print-sites] no demand in D-001..D-022 has a candidate site: the per-site atlas case is skipped');
      return;
    }
    const { id, r } = withSites;
    const n = r.candidates.length;
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThanOrEqual(TOP);
    const { page, expectNoErrors } = await openPage(path(id));
    await page.waitForFunction((k) => document.querySelector('[data-testid=print-page-count]')?.textContent === `共 ${k} 页`, n, { timeout: 30_000 });
    await waitForPrintReady(page, 50_000);

    expect(await page.locator('[data-testid=print-sheet]').count()).toBe(n);
    expect(await page.locator('[data-testid=print-map-img]').count()).toBe(n);
    const titles = (await page.locator('[data-testid=print-title]').allInnerTexts()).map((s) => s.trim());
    const idsShown = (await page.locator('[data-testid=print-site-ids]').allInnerTexts()).map((s) => s.trim());
    const ranks = await page.locator('[data-testid=print-site-figures]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-rank'))));
    r.candidates.forEach((c, i) => {
      expect(c.rank).toBe(i + 1);
      // up to three member ids in the title, else the first and the count ("等 N 宗")
      const m = members(c);
      expect(titles[i], `page ${i + 1}`).toBe(`${id} 候选地块 ${i + 1}：${m.length <= 3 ? m.join(' + ') : `${m[0]} 等 ${m.length} 宗`}`);
      expect(idsShown[i], `page ${i + 1}`).toBe(members(c).join(' + '));
    });
    // a site with lower-scoring variants (combinations sharing its parcels) says how many, as the ranking does
    const shown = await page.locator('[data-testid=print-site-figures]').evaluateAll((els) => els.map((e) => e.querySelector('[data-testid=print-site-variants]')?.textContent ?? ''));
    expect(shown).toEqual(r.candidates.map((c) => (c.variants ? `另有 ${c.variants} 种与本地块共用部分地块的拼合方案，得分较低，未单列` : '')));
    expect(ranks).toEqual(r.candidates.map((_, i) => i + 1));
    // the site's figures still leave room for everything below them: the side column ends inside the sheet
    const overflow = await page.locator('[data-testid=print-sheet]').evaluateAll((sheets) =>
      sheets.map((sh) => {
        const last = sh.querySelector('aside')!.lastElementChild!.lastElementChild!.getBoundingClientRect();
        return last.bottom - sh.getBoundingClientRect().bottom;
      }),
    );
    for (const o of overflow) expect(o).toBeLessThanOrEqual(0);
    // every page shows the demand's own summary
    for (const s of await page.locator('[data-testid=print-subtitle]').allInnerTexts()) expect(s).toContain(`招引需求 ${id}：`);

    // each page's view holds its site: the ranking's interior point lies inside the frame's lon/lat extent
    const { views, frame } = await page.evaluate(() => {
      const h = (window as unknown as { __tenglongPrint: Hook }).__tenglongPrint;
      return { views: h.pages().map((p) => p.view), frame: h.frame() };
    });
    const merc = (lat: number) => (180 / Math.PI) * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
    r.candidates.forEach((c, i) => {
      const v = views[i]!;
      const pxPerDeg = (512 * 2 ** v.zoom) / 360;
      const dx = (c.point[0] - v.center[0]) * pxPerDeg;
      const dy = (merc(c.point[1]) - merc(v.center[1])) * pxPerDeg;
      expect(Math.abs(dx), `page ${i + 1} x`).toBeLessThan(frame.w / 2);
      expect(Math.abs(dy), `page ${i + 1} y`).toBeLessThan(frame.h / 2);
      // fitted close (not the county view the link opened at, z 11)
      expect(v.zoom, `page ${i + 1} zoom`).toBeGreaterThan(14);
    });
    // Ranked by the site worker from the streamed parcels file: the page never read the county (issue 16).
    expect(await page.evaluate(() => (window as unknown as { __tenglongPrint: Hook }).__tenglongPrint.countyStatus())).toBe('idle');
    exercised.push(`sites:${id}`);
    expectNoErrors();
  });

  it('a ranking within a map area (sa=) prints that area’s sites, as `tenglong sites --area` ranks them, and every page says so', async () => {
    // East of the default view, where D-004's sites differ from the whole county's (the chains-area spec's view).
    const area = [121.45, 29.3, 121.6, 29.42];
    const cli = runCli(['sites', '--demand', 'D-004', '--json', '--top', String(TOP), '--data', DATA, '--area', area.join(',')]);
    if (cli.code !== 0) throw new Error(`tenglong sites --area failed (${cli.code}): ${cli.stderr}`);
    const r = JSON.parse(cli.stdout) as CliRanking;
    expect(r.candidates.length).toBeGreaterThan(0);
    expect(r.candidates.map(members)).not.toEqual(ranked('D-004').candidates.map(members));
    const { page, expectNoErrors } = await openPage(`${path('D-004')}&sa=${area.map((x) => x.toFixed(5)).join(',')}`);
    await page.waitForFunction((k) => document.querySelector('[data-testid=print-page-count]')?.textContent === `共 ${k} 页`, r.candidates.length, { timeout: 30_000 });
    await waitForPrintReady(page, 50_000);
    const idsShown = (await page.locator('[data-testid=print-site-ids]').allInnerTexts()).map((x) => x.trim());
    expect(idsShown).toEqual(r.candidates.map((c) => members(c).join(' + ')));
    for (const x of await page.locator('[data-testid=print-subtitle]').allInnerTexts()) {
      expect(x).toContain('招引需求 D-004：');
      expect(x).toContain('仅在地图选定范围内找地（121.450–121.600°E，29.300–29.420°N）');
    }
    expectNoErrors();
  });

  it('a site with lower-scoring variants sharing its parcels says how many on its page', async () => {
    // Find a shipped demand whose listed sites had variants (greedy growths from neighbouring seeds overlap).
    let hit: { id: string; r: CliRanking } | undefined;
    for (const id of IDS) {
      const r = ranked(id);
      if (r.candidates.some((c) => (c.variants ?? 0) > 0)) {
        hit = { id, r };
        break;
      }
    }
    if (!hit) {
      console.warn('[print-sites] no shipped demand has a listed site with variants: the variants case is skipped');
      return;
    }
    const { page, expectNoErrors } = await openPage(path(hit.id));
    await page.waitForFunction((k) => document.querySelector('[data-testid=print-page-count]')?.textContent === `共 ${k} 页`, hit.r.candidates.length, { timeout: 30_000 });
    const shown = await page.locator('[data-testid=print-site-figures]').evaluateAll((els) => els.map((e) => e.querySelector('[data-testid=print-site-variants]')?.textContent ?? ''));
    expect(shown).toEqual(hit.r.candidates.map((c) => (c.variants ? `另有 ${c.variants} 种与本地块共用部分地块的拼合方案，得分较低，未单列` : '')));
    exercised.push(`variants:${hit.id}`);
    expectNoErrors();
  });

  it('a demand with no candidate site prints one page that says so, with the reason', async () => {
    const r = rankedEmpty();
    if (r.candidates.length > 0) {
      console.warn(`[print-sites] ${EMPTY_DEMAND.id} (${EMPTY_DEMAND.land_mu} 亩) found candidates: the empty case is skipped`);
      return;
    }
    expect(r.empty_reason).not.toBeNull();
    await resetWorkspace();
    const { page, context, expectNoErrors } = await openPage(path(EMPTY_DEMAND.id));
    await page.waitForSelector('[data-testid=print-page]', { state: 'attached', timeout: 20_000 });
    await apiPost(context, 'demands', EMPTY_DEMAND); // into the shared list, as the 招商 panel would add it
    await page.reload();
    await page.waitForFunction((t) => document.querySelector('[data-testid=print-title]')?.textContent?.trim() === t, `${EMPTY_DEMAND.id} 无候选地块`, { timeout: 30_000 });
    // the demand is known now (before, the page said it is not in the list), with the ranking's own reason
    await page.waitForFunction(
      (t) => document.querySelector('[data-testid=print-notice]')?.textContent?.trim() === t,
      `该招引需求没有候选地块：${r.empty_reason!.zh}`,
      { timeout: 30_000 },
    );
    await waitForPrintReady(page, 40_000);
    expect(await page.locator('[data-testid=print-page-count]').innerText()).toBe('共 1 页');
    expect(await page.locator('[data-testid=print-sheet]').count()).toBe(1);
    expect(await page.locator('[data-testid=print-site-figures]').count()).toBe(0);
    expect(await page.locator('[data-testid=print-subtitle]').innerText()).toContain(`招引需求 ${EMPTY_DEMAND.id}：`);
    exercised.push(`empty:${EMPTY_DEMAND.id}`);
    expectNoErrors();
  });
});

describe('print: fit to a chain', () => {
  it('fits the parcels of the chain’s firms (enterprises.json chain → parcels’ enterprise_id)', async () => {
    const ents = JSON.parse(readFileSync(join(DATA, 'internal', 'enterprises.json'), 'utf8')) as { id: string; chain?: string | null }[] | { enterprises: { id: string; chain?: string | null }[] };
    const list = Array.isArray(ents) ? ents : ents.enterprises;
    const chain = list.find((e) => typeof e.chain === 'string')?.chain;
    expect(chain, 'a chain with firms in enterprises.json').toBeTruthy();
    const firms = new Set(list.filter((e) => e.chain === chain).map((e) => e.id));
    const parcels = readAllFgb(new Uint8Array(readFileSync(join(DATA, 'internal', 'parcels.fgb'))));
    let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
    let count = 0;
    const walk = (c: unknown): void => {
      if (typeof (c as number[])[0] === 'number') {
        const [x, y] = c as [number, number];
        [w, s, e, n] = [Math.min(w, x), Math.min(s, y), Math.max(e, x), Math.max(n, y)];
      } else for (const k of c as unknown[]) walk(k);
    };
    for (const p of parcels) {
      const ent = (p.properties as { enterprise_id?: string | null }).enterprise_id;
      if (!ent || !firms.has(ent)) continue;
      count++;
      walk((p.geometry as { coordinates: unknown }).coordinates);
    }
    expect(count).toBeGreaterThan(0);

    // Printing asks nothing: with the sample county made "large" (a limit below its sites file's count, the e2e
    // build's setting), the 招商 panel would ask before reading the chain firms' parcels; the print page reads them.
    const { page, expectNoErrors } = await openPage(`/#/print?c=121.45000,29.36000&z=11.00&fit=chain:${chain}&dpi=96`, { settings: { wholeAskOver: 1000 } });
    await page.waitForFunction(() => document.querySelector('[data-testid=print-page-count]')?.textContent === '共 1 页', undefined, { timeout: 30_000 });
    await waitForPrintReady(page, 40_000);
    const v = await page.evaluate(() => (window as unknown as { __tenglongPrint: Hook }).__tenglongPrint.pages()[0]!.view);
    // Web Mercator x is linear in longitude: the fitted centre is the bbox's mid-longitude
    expect(v.center[0]).toBeCloseTo((w + e) / 2, 5);
    expect(v.center[1]).toBeGreaterThan(s);
    expect(v.center[1]).toBeLessThan(n);
    expect((await page.locator('[data-testid=print-title]').innerText()).trim()).toMatch(/产业链企业用地图$/);
    const fig = await page.locator('[data-testid=print-figures]').innerText();
    expect(fig.replace(/\s+/g, ' ')).toContain(`地块数 ${count}`);
    expect(await page.locator('[data-testid=print-notice]').count()).toBe(0);
    expectNoErrors();
  });
});
