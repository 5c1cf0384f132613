// A hostile or broken link must still open a working map with the defaults.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAP_PARAMS } from '../../src/lib/url/hash.ts';
import { currentRoute, openPage, waitForMapIdle } from './browser.ts';

describe('malformed hash', () => {
  it('/#/map?c=abc&z=1e999&p=<script> loads with the default view and no selection', async () => {
    const { page, expectNoErrors } = await openPage('/#/map?c=abc&z=1e999&p=%3Cscript%3E');
    const dialogs: string[] = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await waitForMapIdle(page);

    const { route, params } = await currentRoute(page);
    expect(route).toBe('map');
    expect(params.parcel).toBeNull();
    expect(params.center[0]).toBeCloseTo(DEFAULT_MAP_PARAMS.center[0], 4);
    expect(params.center[1]).toBeCloseTo(DEFAULT_MAP_PARAMS.center[1], 4);
    expect(params.zoom).toBeCloseTo(DEFAULT_MAP_PARAMS.zoom, 2);
    expect(await page.locator('[data-testid=parcel-card]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expectNoErrors();
  });
});
