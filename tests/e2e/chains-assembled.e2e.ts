// 招商地图 in Chromium: a large demand answered by neighbouring parcels combined, and the 招商 view in the URL
// (chain, link, demand) restored by a reload and by Back.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runSites } from '../../scripts/sites-cmd.ts';
import { openPage, waitForMapIdle } from './browser.ts';

interface OverlaySnapshot {
  active: boolean;
  chain: string | null;
  link: string | null;
  demand: string | null;
  sites: { id: string; rank: number | null; score: number; members: string[] }[];
  memberParcels: string[];
  renderedMembers: string[];
}

async function overlay(page: Page): Promise<OverlaySnapshot> {
  return page.evaluate(() => (window as unknown as { __tenglongTest: { chainOverlay: () => OverlaySnapshot } }).__tenglongTest.chainOverlay());
}

type Row = { id: string | null; rank: number; score: number; members: number; area: number; label: string };
async function rows(page: Page): Promise<Row[]> {
  const cands = page.locator('[data-testid=site-candidate]');
  await cands.first().waitFor({ state: 'visible', timeout: 30_000 });
  await waitForMapIdle(page);
  return cands.evaluateAll((els) =>
    els.map((e) => ({
      id: e.getAttribute('data-parcel'),
      rank: Number(e.getAttribute('data-rank')),
      score: Number(e.getAttribute('data-score')),
      members: Number(e.getAttribute('data-members')),
      area: Number(e.getAttribute('data-area')),
      label: e.querySelector('[data-testid=site-label]')?.textContent ?? '',
    })),
  );
}

describe('招商地图: assembled sites and shareable state', () => {
  it('D-001 (108 亩) is answered by combined sites, members outlined; reload and Back restore the view', async () => {
    const out: string[] = [];
    await runSites(['--demand', 'D-001', '--json'], (s) => out.push(s));
    const cli = JSON.parse(out[0]!) as { demand: { chain: string; link: string }; candidates: { parcel_id: string; members: string[]; score: number; area_mu: number; variants: number }[]; pool: number; area_fit: number; assembly_seeds: number };
    expect(cli.candidates.length).toBeGreaterThan(0);
    expect(cli.candidates.every((c) => c.members.length > 1)).toBe(true);

    const hash = `#/map?tab=chains&chain=${cli.demand.chain}&demand=D-001`;
    const { page, expectNoErrors } = await openPage(`/${hash}`);
    const first = await rows(page);
    // Same ranking as the CLI; each row states its member count and total 亩.
    expect(first.map((r) => r.id)).toEqual(cli.candidates.map((c) => c.parcel_id));
    expect(first.map((r) => r.score)).toEqual(cli.candidates.map((c) => Number(c.score.toFixed(2))));
    expect(first.map((r) => r.members)).toEqual(cli.candidates.map((c) => c.members.length));
    expect(first[0]!.label).toBe(`拼合 ${cli.candidates[0]!.members.length} 宗，合计 ${cli.candidates[0]!.area_mu.toFixed(2)} 亩`);
    // The summary counts parcels that fit alone and the smaller ones that could be combined, as the CLI does.
    expect(cli.assembly_seeds).toBeGreaterThan(0);
    const summary = (await page.locator('[data-testid=site-summary]').textContent()) ?? '';
    expect(summary).toContain(`候选地块 ${cli.pool} 宗，单宗面积合适 ${cli.area_fit} 宗`);
    expect(summary).toContain(`另有 ${cli.assembly_seeds} 宗较小地块可与相邻地块拼合`);
    // The listed sites are distinct places; lower-scoring combinations sharing their parcels (D-001's greedy
    // growths from neighbouring seeds overlap) are counted on the site they vary, as the CLI counts them.
    const ids = cli.candidates.flatMap((c) => c.members);
    expect(new Set(ids).size).toBe(ids.length);
    expect(cli.candidates.some((c) => c.variants > 0)).toBe(true);
    const variants = await page.locator('[data-testid=site-candidate]').evaluateAll((els) => els.map((e) => e.querySelector('[data-testid=site-variants]')?.textContent ?? ''));
    expect(variants).toEqual(cli.candidates.map((c) => (c.variants ? `另有 ${c.variants} 种与本地块共用部分地块的拼合方案，得分较低，未单列` : '')));
    // The store filled in the demand's link, and the URL says so.
    expect(await page.evaluate(() => location.hash)).toContain(`&link=${cli.demand.link}&demand=D-001`);

    let o = await overlay(page);
    expect([o.active, o.chain, o.link, o.demand]).toEqual([true, cli.demand.chain, cli.demand.link, 'D-001']);
    expect(o.sites.map((s) => s.members)).toEqual(cli.candidates.map((c) => c.members));
    const allMembers = [...new Set(cli.candidates.flatMap((c) => c.members))].sort();
    for (const m of allMembers) expect(o.memberParcels).toContain(m);
    // The top site's member parcels are drawn on the map.
    for (const m of cli.candidates[0]!.members) expect(o.renderedMembers).toContain(m);

    // Reload: the same ranked candidates.
    await page.reload();
    const again = await rows(page);
    expect(again).toEqual(first);

    // Choosing another demand pushes history; Back returns to D-001.
    await page.locator('[data-testid=chain-link][data-link=am-testing]').click();
    await page.locator('[data-testid=site-list] h3').filter({ hasText: 'D-004' }).waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => location.hash)).toContain('&link=am-testing&demand=D-004');
    await page.goBack();
    await page.locator('[data-testid=site-list] h3').filter({ hasText: 'D-001' }).waitFor({ timeout: 15_000 });
    expect((await rows(page)).map((r) => r.id)).toEqual(first.map((r) => r.id));
    o = await overlay(page);
    expect(o.demand).toBe('D-001');
    expectNoErrors();
  }, 60_000);
});
