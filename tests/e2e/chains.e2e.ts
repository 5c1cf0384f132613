// 招商地图 in Chromium: choosing a chain and a gap link ranks candidate sites and puts them on the map.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runSites } from '../../scripts/sites-cmd.ts';
import { readAllFgb } from '../../src/lib/data/fgb-read.ts';
import { openPage, waitForMapIdle } from './browser.ts';

interface OverlaySnapshot {
  active: boolean;
  chain: string | null;
  link: string | null;
  demand: string | null;
  firms: number;
  highlighted: number;
  highlightedIds: string[];
  lines: number;
  blocked: number;
  sites: { id: string; rank: number | null; score: number }[];
  markers: string[];
  renderedSites: string[];
  renderedFirms: number;
}

async function overlay(page: Page): Promise<OverlaySnapshot> {
  return page.evaluate(() => (window as unknown as { __tenglongTest: { chainOverlay: () => OverlaySnapshot } }).__tenglongTest.chainOverlay());
}

async function openChains(): Promise<Awaited<ReturnType<typeof openPage>>> {
  const opened = await openPage('/#/map?tab=chains');
  await opened.page.locator('[data-testid=chain-select]').waitFor({ state: 'visible', timeout: 30_000 });
  await waitForMapIdle(opened.page);
  return opened;
}

const enterprises = (JSON.parse(readFileSync('public/data/internal/enterprises.json', 'utf8')) as { enterprises: { id: string; chain: string | null; link: string | null }[] }).enterprises;

const firmsPerLink = (() => {
  const m = new Map<string, number>();
  for (const e of enterprises) if (e.chain && e.link) m.set(`${e.chain}/${e.link}`, (m.get(`${e.chain}/${e.link}`) ?? 0) + 1);
  return m;
})();

/** Ids of the parcels of the heat-treatment link's firms (sorted), from the build's files. */
function heatParcelIds(): string[] {
  const firms = new Set(enterprises.filter((e) => e.chain === 'auto-mould' && e.link === 'am-heat').map((e) => e.id));
  const parcels = readAllFgb(new Uint8Array(readFileSync('public/data/internal/parcels.fgb')));
  return parcels
    .filter((p) => firms.has(String(p.properties['enterprise_id'])))
    .map((p) => String(p.properties['id']))
    .sort();
}

describe('招商地图', () => {
  it('a gap link of the chosen chain shows its demand ranked on the map, with blocked sites apart', async () => {
    const { page, expectNoErrors, requests } = await openChains();
    await page.selectOption('[data-testid=chain-select]', 'auto-mould');
    const links = page.locator('[data-testid=chain-link]');
    expect(await links.count()).toBe(8);
    // Counted here from enterprises.json: testing has no firm (缺), heat treatment one (弱, below 10 firms).
    expect(firmsPerLink.get('auto-mould/am-testing') ?? 0).toBe(0);
    expect(firmsPerLink.get('auto-mould/am-heat')).toBe(1);
    expect(await page.locator('[data-testid=chain-link][data-link=am-testing]').getAttribute('data-strength')).toBe('missing');
    expect(await page.locator('[data-testid=chain-link][data-link=am-heat]').getAttribute('data-strength')).toBe('weak');
    expect(await page.locator('[data-testid=gap-row][data-link=am-testing]').count()).toBe(1);

    // Choosing a link with firms outlines exactly its firms' parcels (asked of the site worker once the link is
    // chosen: wait for them, then compare with the parcels file read here).
    await page.click('[data-testid=chain-link][data-link=am-heat]');
    const heatIds = heatParcelIds();
    expect(heatIds.length).toBeGreaterThanOrEqual(1);
    await page.waitForFunction(
      (want) => JSON.stringify((window as unknown as { __tenglongTest: { chainOverlay: () => { highlightedIds: string[] } } }).__tenglongTest.chainOverlay().highlightedIds) === want,
      JSON.stringify(heatIds),
      { timeout: 30_000 },
    );
    await waitForMapIdle(page);
    let o = await overlay(page);
    expect([o.active, o.chain, o.link]).toEqual([true, 'auto-mould', 'am-heat']);
    expect(o.highlightedIds).toEqual(heatIds);
    expect(o.firms).toBeGreaterThanOrEqual([...firmsPerLink].filter(([k]) => k.startsWith('auto-mould/')).reduce((s, [, n]) => s + n, 0));

    // The gap link: its open demand D-004 (49 亩, 梅林) is chosen and ranked.
    await page.click('[data-testid=chain-link][data-link=am-testing]');
    const cands = page.locator('[data-testid=site-candidate]');
    await cands.first().waitFor({ state: 'visible', timeout: 15_000 });
    const shown = await cands.evaluateAll((els) => els.map((e) => ({ id: e.getAttribute('data-parcel'), rank: Number(e.getAttribute('data-rank')), score: Number(e.getAttribute('data-score')) })));
    expect(shown.map((s) => s.rank)).toEqual(shown.map((_, i) => i + 1));
    for (let i = 1; i < shown.length; i++) expect(shown[i]!.score).toBeLessThanOrEqual(shown[i - 1]!.score);

    // Same answer as `tenglong sites --demand D-004 --json`.
    const out: string[] = [];
    await runSites(['--demand', 'D-004', '--json'], (s) => out.push(s));
    const cli = JSON.parse(out[0]!) as { candidates: { parcel_id: string; score: number }[]; blocked: { parcel_id: string }[] };
    expect(cli.candidates.length).toBeGreaterThan(0);
    expect(shown.map((s) => s.id)).toEqual(cli.candidates.map((c) => c.parcel_id));
    expect(shown.map((s) => s.score)).toEqual(cli.candidates.map((c) => Number(c.score.toFixed(2))));
    const blocked = page.locator('[data-testid=site-blocked]');
    expect(await blocked.count()).toBe(cli.blocked.length);
    if (cli.blocked.length) expect(await blocked.first().innerText()).toMatch(/zone\.|control-line|far\./);

    await waitForMapIdle(page);
    o = await overlay(page);
    expect(o.demand).toBe('D-004');
    expect(o.sites.map((s) => [s.id, s.rank])).toEqual(cli.candidates.map((c, i) => [c.parcel_id, i + 1]));
    expect(o.markers).toEqual(cli.candidates.map((_, i) => String(i + 1)));
    expect(o.lines).toBeGreaterThan(0);
    // The map was fitted to the sites: ranked and blocked sites are drawn.
    expect(o.renderedSites).toEqual([...cli.candidates, ...cli.blocked].map((c) => c.parcel_id).sort());
    expect(await page.locator('[data-testid=site-rank-label]').count()).toBe(cli.candidates.length);
    // The site worker streamed the parcels file for the ranking and the overlay: the page never read the county
    // (issue 16).
    expect(await page.evaluate(() => (window as unknown as { __tenglongTest?: { countyStatus?: () => string } }).__tenglongTest?.countyStatus?.())).toBe('idle');
    // Nor the zones and control lines whole: the worker read them itself (the blocked sites above are its verdicts).
    expect(await page.evaluate(() => (window as unknown as { __tenglongTest?: { rulesStatus?: () => string } }).__tenglongTest?.rulesStatus?.())).toBe('idle');
    // What it streamed is the build's sites file (candidates and chain firms' parcels), never the whole parcels file.
    const dataPaths = requests.map((u) => new URL(u).pathname).filter((p) => p.startsWith('/data/'));
    expect(dataPaths.filter((p) => p === '/data/internal/sites.fgb')).toHaveLength(1);
    expect(dataPaths.filter((p) => p.endsWith('/parcels.fgb'))).toEqual([]);

    // Leaving the panel clears the overlay.
    await page.click('[data-testid=tab-layers]');
    await waitForMapIdle(page);
    o = await overlay(page);
    expect([o.active, o.firms, o.sites.length, o.markers.length]).toEqual([false, 0, 0, 0]);
    expectNoErrors();
  });
});
