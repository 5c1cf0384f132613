// Layer switches and the colour mode are URL state, and the legend follows them.
import { describe, expect, it } from 'vitest';
import { currentRoute, openPage, visibleText, waitForMapIdle, waitForRoute, waitForText } from './browser.ts';

describe('layers and legend', () => {
  it('switching control lines off updates l= and drops 控制线 from the legend', async () => {
    const { page, expectNoErrors } = await openPage('/#/map');
    await waitForMapIdle(page);
    expect((await currentRoute(page)).params.layers).toContain('control-lines');
    expect(await visibleText(page, 'legend')).toContain('控制线');

    await page.locator('[data-testid=layer-toggle-control-lines]').click();

    const after = await waitForRoute(page, (r) => !r.params.layers.includes('control-lines'));
    expect(after.params.layers).toEqual(['parcels', 'low-efficiency', 'zones']);
    expect(await page.evaluate(() => location.hash)).toContain('l=parcels,low-efficiency,zones');
    await waitForText(page, 'legend', (t) => !t.includes('控制线'));
    expectNoErrors();
  });

  it('colour mode "status" changes the legend entries and the m= param', async () => {
    const { page, expectNoErrors } = await openPage('/#/map');
    await waitForMapIdle(page);
    const before = await visibleText(page, 'legend');

    await page.locator('[data-testid=colour-mode]').selectOption('status');

    await waitForRoute(page, (r) => r.params.mode === 'status');
    const after = await waitForText(page, 'legend', (t) => t !== before);
    expect(after).toContain('闲置'); // an idle parcel is one of the statuses the legend must explain
    expectNoErrors();
  });
});
