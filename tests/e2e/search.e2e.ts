// Search finds enterprises and parcel ids, opens the right card, and says so when nothing matches. The e2e server
// is the workspace server, which searches (GET /api/search): the browser never downloads the parcel index (issue 16).
// Without that search (a static deployment) the browser reads the build's search shards — still not the index.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, waitForMapIdle, waitForRoute, waitForText } from './browser.ts';
import { loadParcelsIndex } from './parcels-index.ts';

async function search(page: Page, text: string): Promise<void> {
  const input = page.locator('[data-testid=search-input]');
  await input.fill('');
  await input.fill(text);
}

describe('search', () => {
  it('finds an enterprise by name and opens a card of one of its parcels', async () => {
    const parcels = await loadParcelsIndex();
    const owned = parcels.find((p) => p.enterprise_name !== null && p.enterprise_name.length >= 2);
    if (owned?.enterprise_name == null) throw new Error('e2e: no parcel in the index has an enterprise_name');
    const name = owned.enterprise_name;
    const ids = new Set(parcels.filter((p) => p.enterprise_name === name).map((p) => p.id));

    const { page, expectNoErrors } = await openPage('/#/map');
    await waitForMapIdle(page);
    await search(page, name);

    const result = page.locator('[data-testid=search-result]', { hasText: name }).first();
    await result.waitFor({ state: 'visible', timeout: 15_000 });
    await result.click();

    const cardId = await waitForText(page, 'parcel-card-id', (t) => [...ids].some((id) => t.includes(id)));
    const route = await waitForRoute(page, (r) => r.params.parcel !== null && ids.has(r.params.parcel));
    expect(cardId).toContain(route.params.parcel);
    expectNoErrors();
  });

  it('finds a parcel by id', async () => {
    const parcels = await loadParcelsIndex();
    const target = parcels[Math.floor(parcels.length / 2)];
    if (target === undefined) throw new Error('e2e: empty parcel index');

    const { page, requests, expectNoErrors } = await openPage('/#/map');
    await waitForMapIdle(page);
    await search(page, target.id);

    const result = page.locator('[data-testid=search-result]', { hasText: target.id }).first();
    await result.waitFor({ state: 'visible', timeout: 15_000 });
    await result.click();

    expect(await waitForText(page, 'parcel-card-id', (t) => t.includes(target.id))).toContain(target.id);
    await waitForRoute(page, (r) => r.params.parcel === target.id);
    // answered by the server: one search request per query typed, and no index file read by the page
    expect(requests.some((u) => new URL(u).pathname.endsWith('/api/search') && new URL(u).searchParams.get('q') === target.id)).toBe(true);
    expect(requests.filter((u) => u.includes('parcels-index'))).toEqual([]);
    expectNoErrors();
  });

  it("without the server's search (a static deployment), answers from the search shards, never the whole index", async () => {
    const parcels = await loadParcelsIndex();
    const owned = parcels.find((p) => p.enterprise_name !== null && p.enterprise_name.length >= 2);
    if (owned?.enterprise_name == null) throw new Error('e2e: no parcel in the index has an enterprise_name');
    const target = parcels[Math.floor(parcels.length / 3)];
    if (target === undefined) throw new Error('e2e: empty parcel index');

    const { page, requests, expectNoErrors } = await openPage('/#/map');
    // the server answers as one that does not search (an older server, or none: a static host's 404)
    let refused = 0;
    await page.route('**/api/search**', (r) => {
      refused++;
      return r.fulfill({ status: 404, contentType: 'application/json', body: '{"error":"not found"}' });
    });
    await waitForMapIdle(page);

    await search(page, owned.enterprise_name);
    await page.locator('[data-testid=search-result]', { hasText: owned.enterprise_name }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await search(page, target.id);
    const result = page.locator('[data-testid=search-result]', { hasText: target.id }).first();
    await result.waitFor({ state: 'visible', timeout: 15_000 });
    await result.click();
    expect(await waitForText(page, 'parcel-card-id', (t) => t.includes(target.id))).toContain(target.id);

    expect(refused).toBeGreaterThan(0);
    const paths = requests.map((u) => new URL(u).pathname);
    expect(paths.filter((p) => p.includes('parcels-index'))).toEqual([]);
    expect(paths.some((p) => p.includes('/public/search/p/'))).toBe(true); // the parcel table
    expect(paths.some((p) => p.includes('/internal/search/f/'))).toBe(true); // the firm table (logged in: internal)
    // the browser logs the refused request itself; nothing else may fail
    expectNoErrors([/404/]);
  });

  it('shows an empty state when nothing matches', async () => {
    const { page, expectNoErrors } = await openPage('/#/map');
    await waitForMapIdle(page);
    await search(page, 'zzqx-没有这个-9137');

    await page.locator('[data-testid=search-empty]').waitFor({ state: 'visible', timeout: 15_000 });
    expect(await page.locator('[data-testid=search-result]').count()).toBe(0);
    expectNoErrors();
  });
});
