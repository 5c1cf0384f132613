// The team workspace in Chromium (issue 14, "Must show"): two users in two browser contexts share the 招引需求清单 —
// one adds a demand and the other sees it without reloading; both edit it, the second gets the conflict dialog and
// saves a merge; the history shows both users. A viewer has no edit button and the API refuses the viewer's write
// with 403. Logged out, /data/internal/parcels.fgb answers 401, the planner map shows the login page (and the form
// logs in), and a prospect's page still works. A browser that kept its own list is offered a one-time import.
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { baseURL, openPage, resetWorkspace, waitForMapIdle, waitForText } from './browser.ts';
import { loadInternal } from './site-helpers.ts';

const CHAINS = '/#/map?tab=chains';
const row = (page: Page, id: string) => page.locator(`[data-testid=demand-row][data-demand="${id}"]`);

async function openList(user: 'demo-admin' | 'demo-investment' | 'demo-viewer' | 'demo-planner') {
  const opened = await openPage(CHAINS, { user });
  await opened.page.locator('[data-testid=demand-row]').first().waitFor({ state: 'visible', timeout: 30_000 });
  return opened;
}

/** Opens the edit form of `id` and sets its land (亩); the form keeps the version it opened at. */
async function editLand(page: Page, id: string, land: string): Promise<void> {
  await row(page, id).locator('[data-testid=demand-edit]').click();
  await page.fill('[data-testid=demand-field-land]', land);
}

describe('team workspace', () => {
  beforeEach(async () => {
    await resetWorkspace();
  });

  it('two users: a new demand shows for the other without reloading; the second edit gets the conflict dialog; the history shows both', async () => {
    const a = await openList('demo-investment');
    const b = await openList('demo-admin');

    // A adds N-777; B's list shows it by itself (live refresh), at version 1
    await a.page.click('[data-testid=demand-add]');
    await a.page.fill('[data-testid=demand-field-id]', 'N-777');
    await a.page.selectOption('[data-testid=demand-field-chain]', 'pv-storage');
    await a.page.selectOption('[data-testid=demand-field-link]', 'pv-wafer');
    await a.page.fill('[data-testid=demand-field-profile]', '硅片切割（两人协同测试）');
    await a.page.fill('[data-testid=demand-field-land]', '30');
    await a.page.fill('[data-testid=demand-field-investment]', '2.5');
    await a.page.click('[data-testid=demand-save]');
    await row(a.page, 'N-777').waitFor();
    await b.page.locator('[data-testid=demand-row][data-demand="N-777"][data-version="1"]').waitFor({ timeout: 30_000 });
    expect(await row(b.page, 'N-777').innerText()).toContain('30');

    // both open the edit form at version 1; A saves first (version 2), B's list follows live …
    await editLand(a.page, 'N-777', '40');
    await editLand(b.page, 'N-777', '50');
    await b.page.fill('[data-testid=demand-field-profile]', '硅片切割（管理员补充）');
    await a.page.click('[data-testid=demand-save]');
    await a.page.locator('[data-testid=demand-row][data-demand="N-777"][data-version="2"]').waitFor();
    await b.page.locator('[data-testid=demand-row][data-demand="N-777"][data-version="2"]').waitFor({ timeout: 30_000 });

    // … but B's save was based on version 1: the conflict dialog, naming A, with each differing field
    await b.page.click('[data-testid=demand-save]');
    const dialog = b.page.locator('[data-testid=conflict-dialog]');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('demo-investment');
    const land = dialog.locator('[data-testid=conflict-field][data-field=land_mu]');
    expect(await land.innerText()).toContain('50');
    expect(await land.innerText()).toContain('40');
    // B keeps A's land and B's own profile, and saves the merge: version 3
    await land.locator('[data-testid=conflict-theirs]').check();
    await dialog.locator('[data-testid=conflict-save]').click();
    await dialog.waitFor({ state: 'detached' });
    await b.page.locator('[data-testid=demand-row][data-demand="N-777"][data-version="3"]').waitFor();

    // A sees the merge live: land 40 (its own), B's profile
    await a.page.locator('[data-testid=demand-row][data-demand="N-777"][data-version="3"]').waitFor({ timeout: 30_000 });
    expect(await row(a.page, 'N-777').innerText()).toContain('40');
    expect(await row(a.page, 'N-777').locator('button.linkish').getAttribute('title')).toBe('硅片切割（管理员补充）');

    // the history, read by A: created and changed by demo-investment, then changed by demo-admin
    await row(a.page, 'N-777').locator('[data-testid=demand-history]').click();
    const entries = a.page.locator('[data-testid=demand-history-entry]');
    await entries.nth(2).waitFor();
    const seen = await entries.evaluateAll((els) => els.map((e) => [e.getAttribute('data-actor'), e.getAttribute('data-action'), e.getAttribute('data-version')]));
    expect(seen).toEqual([
      ['demo-investment', 'create', '1'],
      ['demo-investment', 'update', '2'],
      ['demo-admin', 'update', '3'],
    ]);
    expect(await entries.nth(2).innerText()).toContain('profile');
    a.expectNoErrors();
    b.expectNoErrors([/status of 409 .*\/api\/demands\/N-777/]);
  });

  it('a viewer reads the list with no edit button, and the API refuses the viewer’s write with 403', async () => {
    const v = await openList('demo-viewer');
    await v.page.locator('[data-testid=demand-read-only]').waitFor();
    expect(await v.page.locator('[data-testid=demand-row]').count()).toBe(22);
    expect(await v.page.locator('[data-testid=demand-edit]').count()).toBe(0);
    expect(await v.page.locator('[data-testid=demand-remove]').count()).toBe(0);
    expect(await v.page.locator('[data-testid=demand-add]').count()).toBe(0);
    expect(await v.page.locator('[data-testid=demand-import]').count()).toBe(0);
    await waitForText(v.page, 'user-name', (s) => s.includes('demo-viewer'));

    // the same session, straight to the API: refused, and nothing changed
    const origin = new URL(baseURL()).origin;
    const list = (await (await v.context.request.get(`${origin}/api/demands`)).json()) as { demands: { id: string; version: number; data: Record<string, unknown> }[] };
    const d1 = list.demands.find((d) => d.id === 'D-001')!;
    const put = await v.context.request.put(`${origin}/api/demands/D-001`, { data: { data: { ...d1.data, land_mu: 1 }, version: d1.version }, headers: { Origin: origin } });
    expect(put.status()).toBe(403);
    const del = await v.context.request.delete(`${origin}/api/demands/D-001?version=${d1.version}`, { headers: { Origin: origin } });
    expect(del.status()).toBe(403);
    const after = (await (await v.context.request.get(`${origin}/api/demands`)).json()) as typeof list;
    expect(after.demands.find((d) => d.id === 'D-001')).toEqual(d1);
    v.expectNoErrors();
  });

  it('logged out: internal/ answers 401, the planner map shows the login page, and a prospect page still works', async () => {
    const { parcels } = loadInternal();
    const out = await openPage('/#/map', { user: null });
    const origin = new URL(baseURL()).origin;
    expect((await out.context.request.get(`${origin}/data/internal/parcels.fgb`)).status()).toBe(401);
    expect((await out.context.request.get(`${origin}/data/internal/enterprises.json`)).status()).toBe(401);
    expect((await out.context.request.get(`${origin}/api/demands`)).status()).toBe(401);
    expect((await out.context.request.get(`${origin}/data/public/parcels.fgb`)).status()).toBe(200);

    await out.page.locator('[data-testid=login-page]').waitFor();
    expect(out.requests.filter((u) => u.includes('/data/internal/'))).toEqual([]);
    // a wrong password: named, nothing else told
    await out.page.fill('[data-testid=login-name]', 'demo-planner');
    await out.page.fill('[data-testid=login-password]', 'not-the-password');
    await out.page.click('[data-testid=login-submit]');
    await waitForText(out.page, 'login-error', (s) => s.includes('用户名或密码错误'));
    // the right one: the map
    await out.page.fill('[data-testid=login-password]', 'tenglong-demo-planner');
    await out.page.click('[data-testid=login-submit]');
    await waitForMapIdle(out.page);
    await waitForText(out.page, 'user-name', (s) => s.includes('demo-planner'));
    // the 401s of the check before login and of the wrong password are the only errors
    out.expectNoErrors([/status of 401 .*\/api\/me/, /status of 401 .*\/api\/login/]);

    // a prospect's link, in a context that never logged in
    const site = await openPage(`/#/site/${parcels[0]!.id}`, { user: null });
    await site.page.locator('[data-testid=site-name]').waitFor({ state: 'visible', timeout: 30_000 });
    expect(await site.page.locator('[data-testid=login-page]').count()).toBe(0);
    expect(site.requests.filter((u) => u.includes('/data/internal/') || u.includes('/api/'))).toEqual([]);
    site.expectNoErrors();
  });

  it('a browser that kept its own list is asked once to import it; imported entries join the shared list', async () => {
    const kept = {
      version: 1,
      upserts: [{ id: 'L-001', chain: 'pv-storage', link: 'pv-wafer', profile: '本机保存的需求', land_mu: 12, investment_100m: 1.5, status: 'open' }],
      removed: ['D-003'],
    };
    const opened = await openPage('/#/', { user: 'demo-investment' });
    await opened.page.evaluate((text) => localStorage.setItem('tenglong.demands.v1', text), JSON.stringify(kept));
    await opened.page.goto(CHAINS);
    const prompt = opened.page.locator('[data-testid=local-demands-prompt]');
    await prompt.waitFor({ timeout: 30_000 });
    expect(await prompt.innerText()).toContain('2');
    await prompt.locator('[data-testid=local-demands-import]').click();
    await opened.page.locator('[data-testid=demand-row][data-demand="L-001"][data-version="1"]').waitFor();
    await prompt.waitFor({ state: 'detached' });
    // the removal is reported, not applied to colleagues' list
    expect(await opened.page.locator('[data-testid=local-import-report]').innerText()).toContain('D-003');
    expect(await row(opened.page, 'D-003').count()).toBe(1);
    // the browser's copy is kept aside, and the prompt does not come back
    expect(await opened.page.evaluate(() => [localStorage.getItem('tenglong.demands.v1'), localStorage.getItem('tenglong.demands.v1.imported')])).toEqual([null, JSON.stringify(kept)]);
    await opened.page.reload();
    await row(opened.page, 'L-001').waitFor({ timeout: 30_000 });
    expect(await opened.page.locator('[data-testid=local-demands-prompt]').count()).toBe(0);
    opened.expectNoErrors();
  });
});
