// The first screen: the map opens, draws parcels, says the data is a sample, and stays on this machine.
import { describe, expect, it } from 'vitest';
import { openPage, renderedParcelCount, visibleText, waitForMapIdle } from './browser.ts';

describe('map page', () => {
  it('reaches idle with parcels drawn, a sample badge, no errors and only local requests', async () => {
    const { page, requests, expectNoErrors } = await openPage('/#/map');
    await waitForMapIdle(page);

    const count = await renderedParcelCount(page);
    expect(count, 'window.__tenglongTest.renderedParcelCount()').toBeGreaterThan(0);

    expect(await visibleText(page, 'sample-badge')).toContain('示例数据');

    expect(requests.some((u) => u.includes('/data/'))).toBe(true); // the parcels came from our own server
    expectNoErrors();
  });
});
