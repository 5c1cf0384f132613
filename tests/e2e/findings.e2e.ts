// The batch check over the whole sample county runs in a Web Worker: a progress bar moves while the page keeps
// answering input (typed search text is handled and rendered mid-run), then the findings view counts parcels
// per failing rule, lists the parcels of a chosen rule (checked against the parcels' own FAR and the policy
// table), colours them on the map, and a click on a row opens that parcel's card with the same verdict.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readAllFgb } from '../../src/lib/data/fgb-read.ts';
import { parsePolicy } from '../../src/lib/rules/policy.ts';
import { currentRoute, fetchJson, openPage, visibleText, waitForMapIdle, waitForRoute, waitForText } from './browser.ts';

const policy = parsePolicy(JSON.parse(readFileSync(new URL('../../data/policy/ninghai-2021-2025.json', import.meta.url), 'utf8')));

interface Probe {
  progress: { t: number; value: number; max: number }[];
  /** Search results rendered while the batch was still running (value < max). */
  searchDuringRun: { t: number; value: number; max: number }[];
  frames: number[];
  done: number | null;
}

/** In-page probes: every progress value rendered, search results rendered mid-run, animation frames. */
async function installProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const probe: Probe = { progress: [], searchDuringRun: [], frames: [], done: null };
    (window as unknown as { __probe: Probe }).__probe = probe;
    const read = () => {
      const p = document.querySelector<HTMLProgressElement>('[data-testid=batch-progress]');
      return p ? { t: performance.now(), value: p.value, max: p.max, status: p.dataset['status'] } : null;
    };
    new MutationObserver(() => {
      const p = read();
      if (!p) return;
      const last = probe.progress[probe.progress.length - 1];
      if (!last || last.value !== p.value || last.max !== p.max) probe.progress.push({ t: p.t, value: p.value, max: p.max });
      if (p.status === 'done' && probe.done === null) probe.done = p.t;
      if (p.status === 'running' && document.querySelector('[data-testid=search-result], [data-testid=search-empty]')) {
        probe.searchDuringRun.push({ t: p.t, value: p.value, max: p.max });
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    const tick = (t: number) => {
      probe.frames.push(t);
      if (probe.done === null || t < probe.done + 200) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

// Budget: 90 s a test (measured 2026-12 with the whole suite: ≤ 5 s a test on a quiet 2-core machine; the batch check
// of every parcel in a worker is the cost and grows several-fold when the machine is busy). Named here, not left to
// the suite's default, so a slowdown past it fails instead of hiding under the 60 s default.
describe('batch check and findings view', { timeout: 90_000 }, () => {
  it('runs over the sample county in a worker with progress while the UI responds, then lists, colours and opens parcels', async () => {
    const manifest = (await fetchJson('/data/internal/manifest.json')) as { layers: { parcels: { count: number } } };
    const total = manifest.layers.parcels.count;
    expect(total).toBeGreaterThan(1000);

    const { page, expectNoErrors, requests } = await openPage('/#/map?tab=findings');
    await waitForMapIdle(page);
    await installProbe(page);

    const t0 = Date.now();
    await page.locator('[data-testid=batch-run]').click();
    // Type while the worker runs: each key is an input event the main thread must handle and render.
    await page.locator('[data-testid=search-input]').pressSequentially('NH-0', { delay: 15 });
    await waitForText(page, 'batch-status', (t) => t.startsWith('已核查'), 40_000);
    const wall = Date.now() - t0;
    const probe = await page.evaluate(() => (window as unknown as { __probe: Probe }).__probe);

    // The worker was loaded as its own script, and progress came in steps, each one rendered.
    expect(requests.some((u) => /check\.worker[-\w]*\.js/.test(u))).toBe(true);
    const mid = probe.progress.filter((p) => p.value > 0 && p.value < p.max);
    expect(mid.length).toBeGreaterThanOrEqual(3);
    expect(probe.progress.at(-1)).toMatchObject({ value: total, max: total });
    expect(await page.locator('[data-testid=batch-progress]').getAttribute('max')).toBe(String(total));
    // The page answered typed input while the check ran: search results were rendered mid-run.
    expect(probe.searchDuringRun.length, `run took ${wall} ms; progress ${JSON.stringify(probe.progress)}`).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=search-input]').inputValue()).toBe('NH-0');
    // Animation frames kept coming during the run (a blocked main thread shows one long gap).
    const during = probe.frames.filter((t) => t <= (probe.done ?? Infinity));
    const gaps = during.slice(1).map((t, i) => t - (during[i] as number));
    expect(during.length).toBeGreaterThan(5);
    expect(Math.max(...gaps)).toBeLessThan(1500);
    await page.locator('[data-testid=search-input]').fill('');

    // Counts per rule; mujun.grade is among them (the sample county has D-grade firms). The batch judges existing
    // uses, so the FAR minimum (it binds works) never appears.
    const counts = page.locator('[data-testid=findings-count]');
    expect(await counts.count()).toBeGreaterThan(1);
    expect(await page.locator('[data-testid=findings-count][data-rule="far.min"]').count()).toBe(0);
    const farRow = page.locator('[data-testid=findings-count][data-rule="mujun.grade"]');
    const farFail = Number(await farRow.getAttribute('data-fail'));
    const farWarn = Number(await farRow.getAttribute('data-warn'));
    expect(farFail).toBeGreaterThan(0);

    await page.locator('[data-testid=findings-rule-filter]').selectOption('mujun.grade');
    const rows = page.locator('[data-testid=findings-row]');
    await rows.first().waitFor({ state: 'visible' });
    const shown = await rows.count();
    const more = (await page.locator('[data-testid=findings-more]').count()) ? Number(/\d+/.exec(await visibleText(page, 'findings-more'))?.[0]) : 0;
    expect(shown).toBeLessThanOrEqual(200);
    expect(shown + more).toBe(farFail + farWarn);

    // Every failing row is a parcel of a D-grade firm, and every such parcel fails (parcel data read in Node), and
    // the C grades are the warnings.
    const parcels = readAllFgb(new Uint8Array(readFileSync(new URL('../../public/data/internal/parcels.fgb', import.meta.url))));
    const props = new Map(parcels.map((p) => [String(p.properties['id']), p.properties]));
    const failIds = await rows.evaluateAll((els) => els.filter((e) => e.getAttribute('data-status') === 'fail').map((e) => e.getAttribute('data-id') ?? ''));
    expect(failIds.length).toBeGreaterThan(0);
    for (const id of failIds) expect(props.get(id)?.['grade'], id).toBe('D');
    expect(farFail).toBe(parcels.filter((p) => p.properties['grade'] === 'D').length);
    expect(farWarn).toBe(parcels.filter((p) => p.properties['grade'] === 'C').length);
    expect(policy.mujun.grade_shares.C).toBeLessThan(1); // the policy has a D band at all

    // The map colours them: the red highlight layer's filter names exactly the failing parcels.
    const coloured = await page.evaluate(() => {
      const hook = (window as unknown as { __tenglongTest?: { findingsLayerIds?: (status: string) => string[] } }).__tenglongTest;
      return hook?.findingsLayerIds?.('fail') ?? [];
    });
    expect(coloured.length).toBe(farFail);
    expect(failIds.every((id) => coloured.includes(id))).toBe(true);
    await waitForMapIdle(page);

    // Clicking a row selects the parcel (URL), opens its card with the same verdict, and moves the map to it.
    const before = await currentRoute(page);
    const first = rows.first();
    const id = (await first.getAttribute('data-id')) ?? '';
    const status = await first.getAttribute('data-status');
    await first.click();
    await waitForRoute(page, (r) => r.params.parcel === id);
    await waitForText(page, 'parcel-card-id', (t) => t.includes(id));
    expect(await page.locator('[data-testid=parcel-findings] li[data-rule="mujun.grade"]').getAttribute('data-status')).toBe(status);
    const after = await waitForRoute(page, (r) => r.params.zoom >= 16.9);
    expect(after.params.center).not.toEqual(before.params.center);
    await waitForMapIdle(page);
    expect((await currentRoute(page)).params.rule).toBe('mujun.grade');
    // The worker streamed the parcels file; the page itself never read the county (issue 16), not even for the card
    // or the fly-to of a row.
    expect(await page.evaluate(() => (window as unknown as { __tenglongTest?: { countyStatus?: () => string } }).__tenglongTest?.countyStatus?.())).toBe('idle');
    // Nor the whole zones and control lines: the worker read them tile by tile, each tile once (a tile per 1/16°; the
    // sample county spans more than one), and kept some of them at a time.
    const hooks = await page.evaluate(() => {
      const t = (window as unknown as { __tenglongTest?: { rulesStatus?: () => string; batchRuleTiles?: () => { reads: number; features: number; peakKept: number } | null } }).__tenglongTest;
      return { rules: t?.rulesStatus?.(), tiles: t?.batchRuleTiles?.() };
    });
    expect(hooks.rules).toBe('idle');
    expect(hooks.tiles?.reads).toBeGreaterThan(1);
    expect(hooks.tiles?.peakKept).toBeGreaterThan(0);
    expectNoErrors();
  });

  it('a link with rule=low-efficiency runs the batch on open, filters and highlights; a reload keeps both; the highlight follows the parcels toggle', async () => {
    type Hook = { findingsLayerIds?: (s: string) => string[]; findingsLayerVisibility?: () => Record<string, string> };
    const hook = (page: Page) =>
      page.evaluate(() => {
        const h = (window as unknown as { __tenglongTest?: Hook }).__tenglongTest;
        return { fail: h?.findingsLayerIds?.('fail') ?? [], warn: h?.findingsLayerIds?.('warn') ?? [], vis: h?.findingsLayerVisibility?.() ?? {} };
      });
    /** Waits for the batch to finish on its own (no click), then reads the filter, rows and highlight. */
    const opened = async (page: Page) => {
      await waitForText(page, 'batch-status', (t) => t.startsWith('已核查'), 40_000);
      const farRow = page.locator('[data-testid=findings-count][data-rule="low-efficiency"]');
      const fail = Number(await farRow.getAttribute('data-fail'));
      const rows = page.locator('[data-testid=findings-row]');
      await rows.first().waitFor({ state: 'visible' });
      const failIds = await rows.evaluateAll((els) => els.filter((e) => e.getAttribute('data-status') === 'fail').map((e) => e.getAttribute('data-id') ?? ''));
      await waitForMapIdle(page);
      return { fail, failIds, filter: await page.locator('[data-testid=findings-rule-filter]').inputValue(), layers: await hook(page) };
    };

    const { page, expectNoErrors } = await openPage('/#/map?tab=findings&rule=low-efficiency');
    await waitForMapIdle(page);
    const first = await opened(page);
    expect(first.filter).toBe('low-efficiency');
    expect(first.fail).toBeGreaterThan(0);
    expect(first.layers.fail.length).toBe(first.fail);
    expect(first.failIds.every((id) => first.layers.fail.includes(id))).toBe(true);
    expect(first.layers.vis).toEqual({ 'findings-dim': 'visible', 'findings-fail': 'visible', 'findings-warn': 'visible' });

    await page.reload();
    await waitForMapIdle(page);
    const again = await opened(page);
    expect((await currentRoute(page)).params.rule).toBe('low-efficiency');
    expect(again.filter).toBe('low-efficiency');
    expect(again.fail).toBe(first.fail);
    expect([...again.layers.fail].sort()).toEqual([...first.layers.fail].sort());

    // Switching the parcels layer off hides the highlight and the wash-out; switching it on brings them back.
    await page.locator('[data-testid=tab-layers]').click();
    await page.locator('[data-testid=layer-toggle-parcels]').uncheck();
    await waitForRoute(page, (r) => !r.params.layers.includes('parcels'));
    await waitForMapIdle(page);
    expect((await hook(page)).vis).toEqual({ 'findings-dim': 'none', 'findings-fail': 'none', 'findings-warn': 'none' });
    await page.locator('[data-testid=layer-toggle-parcels]').check();
    await waitForRoute(page, (r) => r.params.layers.includes('parcels'));
    await waitForMapIdle(page);
    const on = await hook(page);
    expect(on.vis).toEqual({ 'findings-dim': 'visible', 'findings-fail': 'visible', 'findings-warn': 'visible' });
    expect(on.fail.length).toBe(first.fail);
    expectNoErrors();
  });
});
