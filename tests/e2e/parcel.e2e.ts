// Clicking a parcel opens its card, the selection lives in the URL, and reload/back restore it.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { currentRoute, openPage, visibleText, waitForMapIdle, waitForRoute, waitForText } from './browser.ts';
import { centreParam, loadParcelsIndex, pickClickableParcel, pixelOffset, type IndexedParcel } from './parcels-index.ts';

const ZOOM = 17.5;

/** Clicks the map at a pixel offset from its centre (Playwright refuses if a panel covers that point). */
async function clickMapAt(page: Page, dx = 0, dy = 0): Promise<void> {
  const map = page.locator('[data-testid=map]');
  const box = await map.boundingBox();
  if (box === null) throw new Error('e2e: [data-testid=map] has no box');
  await map.click({ position: { x: box.width / 2 + dx, y: box.height / 2 + dy }, timeout: 10_000 });
}

/**
 * Another parcel whose centroid is on screen, clear of the edges and of any panel, in pixels from the
 * map centre. Found from the index and Web-Mercator maths, then checked in the page with elementFromPoint.
 */
async function findSecondParcel(
  page: Page,
  parcels: readonly IndexedParcel[],
  first: IndexedParcel,
  centre: [number, number],
  zoom: number,
): Promise<{ parcel: IndexedParcel; dx: number; dy: number }> {
  const box = await page.locator('[data-testid=map]').boundingBox();
  if (box === null) throw new Error('e2e: [data-testid=map] has no box');
  const candidates = parcels
    .filter((p) => p.id !== first.id)
    .map((p) => ({ parcel: p, ...pixelOffset(centre, p.centroid, zoom) }))
    .filter(({ dx, dy }) => Math.abs(dx) < box.width / 2 - 60 && Math.abs(dy) < box.height / 2 - 60 && Math.hypot(dx, dy) > 30)
    .sort((a, b) => Math.hypot(a.dx, a.dy) - Math.hypot(b.dx, b.dy));
  for (const c of candidates) {
    const x = box.x + box.width / 2 + c.dx;
    const y = box.y + box.height / 2 + c.dy;
    const onMap = await page.evaluate(
      ([px, py]) => document.elementFromPoint(px ?? 0, py ?? 0)?.closest('[data-testid=map]') != null,
      [x, y],
    );
    if (onMap) return c;
  }
  throw new Error(`e2e: no other parcel centroid is visible and uncovered around ${first.id} at z${zoom}`);
}

describe('parcel card', () => {
  it('opens on click, lives in the URL, survives reload and comes back on history.back()', async () => {
    const parcels = await loadParcelsIndex();
    const first = pickClickableParcel(parcels);
    const { page, expectNoErrors } = await openPage(`/#/map?c=${centreParam(first.centroid)}&z=${ZOOM.toFixed(2)}`);
    await waitForMapIdle(page);

    await clickMapAt(page);

    expect(await visibleText(page, 'parcel-card')).not.toBe('');
    expect(await waitForText(page, 'parcel-card-id', (t) => t.includes(first.id))).toContain(first.id);
    const area = await visibleText(page, 'parcel-area-mu');
    expect(area.replace(/[,\s]/g, '')).toContain(`${first.area_mu_planar.toFixed(2)}亩`.replace(/\s/g, ''));
    await waitForRoute(page, (r) => r.params.parcel === first.id);
    await waitForMapIdle(page); // if selecting moves the view, compare against where it settled
    const selected = await currentRoute(page);

    // reload: same card, same view
    await page.reload();
    await waitForMapIdle(page);
    await waitForText(page, 'parcel-card-id', (t) => t.includes(first.id));
    const reloaded = await currentRoute(page);
    expect(reloaded.params.parcel).toBe(first.id);
    expect(centreParam(reloaded.params.center)).toBe(centreParam(selected.params.center));
    expect(reloaded.params.zoom).toBe(selected.params.zoom);

    // select a second parcel on the map, then go back to the first
    const second = await findSecondParcel(page, parcels, first, reloaded.params.center, reloaded.params.zoom);
    await clickMapAt(page, second.dx, second.dy);
    await waitForText(page, 'parcel-card-id', (t) => t.includes(second.parcel.id));
    await waitForRoute(page, (r) => r.params.parcel === second.parcel.id);

    await page.goBack();
    await waitForText(page, 'parcel-card-id', (t) => t.includes(first.id) && !t.includes(second.parcel.id));
    expect((await currentRoute(page)).params.parcel).toBe(first.id);
    expectNoErrors();
  });
});
