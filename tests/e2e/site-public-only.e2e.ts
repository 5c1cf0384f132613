// A deployment that serves only public data: internal/ removed from the served folder, or refused with 403
// (nginx auth_basic). The prospect's page works the same; the planner map says clearly what is missing.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, visibleText, waitForMapIdle } from './browser.ts';
import { deploy, loadInternal, type Deployment } from './site-helpers.ts';

const { parcels } = loadInternal();
const site = [...parcels].sort((a, b) => a.id.localeCompare(b.id))[Math.floor(parcels.length / 2)]!;
let removed: Deployment;
let forbidden: Deployment;

beforeAll(async () => {
  removed = await deploy((dir) => rmSync(join(dir, 'data', 'internal'), { recursive: true, force: true }));
  forbidden = await deploy(() => undefined, { forbidInternal: true });
});
afterAll(async () => {
  await removed?.close();
  await forbidden?.close();
});

async function siteOpens(page: Page): Promise<void> {
  await page.locator('[data-testid=site-name]').waitFor({ state: 'visible', timeout: 30_000 });
  await page.waitForSelector('[data-testid=site-map][data-idle="true"]', { state: 'attached', timeout: 45_000 });
  expect(await visibleText(page, 'site-id')).toBe(site.id);
  expect(await visibleText(page, 'site-area')).toMatch(/亩|mu/);
}

describe('public-only deployment', () => {
  it('internal/ removed: the site page opens; the planner map says internal data is unavailable', async () => {
    const { page, requests, errors, expectNoErrors } = await openPage(`${removed.url}#/site/${site.id}`);
    await siteOpens(page);
    expect(requests.filter((u) => u.includes('internal'))).toEqual([]);
    // Each page is its own chunk: the prospect's page loads neither the planner's nor the print page's code
    // (chunks are named after their component files).
    expect(requests.filter((u) => /\/assets\/SitePage-[^/]*\.js$/.test(u))).toHaveLength(1);
    expect(requests.filter((u) => /\/assets\/(MapPage|PrintPage|data-store)[.-]/.test(u))).toEqual([]);

    await page.goto(`${removed.url}#/map`);
    await page.reload(); // a fresh app on the map route
    await waitForMapIdle(page);
    const notice = await visibleText(page, 'internal-unavailable');
    expect(notice).toContain('无法加载内部数据');
    // The server answers a missing file with 404 (never the app page), and the notice names it.
    expect(notice).toContain('404');
    // Chromium logs each missing load as a console error; those (and only those) are expected here.
    const missing = errors.filter((e) => /status of 404/.test(e) && e.includes('/data/internal/'));
    expect(missing.length).toBeGreaterThan(0);
    errors.splice(0, errors.length, ...errors.filter((e) => !missing.includes(e)));
    // a static deployment has no workspace server: the app's session check gets a 404 and runs without a login
    expectNoErrors([/status of 404 .*\/api\/me/]);
  });

  it('internal/ answers 403: same page, and the notice names the status', async () => {
    const { page, requests, errors, expectNoErrors } = await openPage(`${forbidden.url}#/site/${site.id}?lang=en`);
    await siteOpens(page);
    expect(requests.filter((u) => u.includes('internal'))).toEqual([]);

    await page.goto(`${forbidden.url}#/map?lang=en`);
    await page.reload();
    await waitForMapIdle(page);
    expect(await visibleText(page, 'internal-unavailable')).toContain('403');
    // Chromium logs each refused load as a console error; those (and only those) are expected here.
    const refused = errors.filter((e) => /status of 403/.test(e) && e.includes('/data/internal/'));
    expect(refused.length).toBeGreaterThan(0);
    errors.splice(0, errors.length, ...errors.filter((e) => !refused.includes(e)));
    expectNoErrors([/status of 404 .*\/api\/me/]);
  });
});
