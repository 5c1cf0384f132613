// Draw panel, paste and measure in Chromium: pasted Gauss-Krüger coordinates (chosen or zone-prefixed) give
// the same 亩 as lon/lat and as an independent Krüger + shoelace computation, bad pastes say why, a polygon
// with a hole is checked with the hole subtracted, and the measuring tools agree with geographiclib / Krüger.
import { describe, expect, it } from 'vitest';
import type { Position } from '../../src/lib/data/schema.ts';
import { geodesicArea, grs80Geodesic, krugerArea } from '../../src/lib/geo/test-helpers/golden-areas.ts';
import { CM, expectAreas, golden, mapBox, shownNumber, unproject } from './draw-helpers.ts';
import { krugerForward } from '../../src/lib/geo/test-helpers/kruger.ts';
import { nextFrames, openPage, visibleText, waitForMapIdle, waitForText } from './browser.ts';

// Paste and measuring need no parcels on screen: no layers keeps software rendering quick.
const START_BARE = '/#/map?c=121.43000,29.30000&z=16.00&tab=draw&l=';

describe('draw panel: paste and measure', () => {
  it('pasted Gauss-Krüger coordinates give the same area as lon/lat; a bad paste says why', async () => {
    const { page, expectNoErrors } = await openPage(START_BARE);
    await waitForMapIdle(page);
    const ring: Position[] = [[121.4251, 29.2881], [121.4272, 29.2879], [121.4275, 29.2897], [121.4249, 29.2899]];
    const g = golden(ring);
    await page.locator('.paste summary').click();
    const paste = page.locator('[data-testid=draw-paste]');
    const crs = page.locator('[data-testid=draw-paste-crs]');
    const apply = page.locator('[data-testid=draw-paste-apply]');

    await paste.fill(ring.map(([x, y]) => `${x},${y}`).join('\n'));
    await apply.click();
    await expectAreas(page, g);
    const lonLatText = await visibleText(page, 'draw-area-mu');

    // EPSG:4549 (CM 120°E, no zone prefix), converted in Node by an independent Krüger series.
    const fwd = krugerForward(CM);
    await paste.fill(ring.map((p) => fwd(p[0], p[1]).map((v) => v.toFixed(3)).join(',')).join('\n'));
    await crs.selectOption('EPSG:4549');
    await apply.click();
    await waitForText(page, 'draw-paste-ok', (t) => t.includes('EPSG:4549'));
    await expectAreas(page, g);
    expect(await visibleText(page, 'draw-area-mu')).toBe(lonLatText);

    // Zone-prefixed eastings (EPSG:4528, zone 40) are recognised without choosing a CRS.
    const fwd40 = krugerForward(CM, { falseEasting: 40_500_000 });
    await paste.fill(ring.map((p) => fwd40(p[0], p[1]).map((v) => v.toFixed(3)).join(' ')).join('\n'));
    await crs.selectOption('auto');
    await apply.click();
    await waitForText(page, 'draw-paste-ok', (t) => t.includes('EPSG:4528'));
    expect(await visibleText(page, 'draw-area-mu')).toBe(lonLatText);

    // Unprefixed metres with "detect": refused, naming the likely zones; an odd count: refused.
    await paste.fill(ring.map((p) => fwd(p[0], p[1]).join(',')).join('\n'));
    await apply.click();
    const err = await visibleText(page, 'draw-paste-error');
    expect(err).toContain('坐标系');
    expect(err).toContain('EPSG:4549');
    await paste.fill('121.4251,29.2881\n121.4272');
    await apply.click();
    expect(await waitForText(page, 'draw-paste-error', (t) => t.includes('不成对'))).toContain('3');
    // The last good polygon is still the one checked.
    expect(await visibleText(page, 'draw-area-mu')).toBe(lonLatText);

    // A GeoJSON polygon with a hole: the editor cannot take holes, so the panel says so and still checks it,
    // with the hole subtracted (golden: outer − hole, both independent).
    const hole: Position[] = [[121.4257, 29.2886], [121.4265, 29.2886], [121.4265, 29.2892], [121.4257, 29.2892]];
    const gh = golden(hole);
    const withHole = { type: 'Polygon', coordinates: [[...ring, ring[0]], [...hole, hole[0]]] };
    await paste.fill(JSON.stringify({ type: 'Feature', properties: {}, geometry: withHole }));
    await apply.click();
    await visibleText(page, 'draw-editor-error');
    await expectAreas(page, { planarM2: g.planarM2 - gh.planarM2, planarMu: g.planarMu - gh.planarMu, ellMu: g.ellMu - gh.ellMu });
    expectNoErrors();
  });

  it('measures a distance like geographiclib and an area like Krüger + shoelace', async () => {
    const { page, expectNoErrors } = await openPage(START_BARE);
    await waitForMapIdle(page);
    const box = await mapBox(page);
    const a: [number, number] = [box.width / 2 - 200, box.height / 2 + 40];
    const b: [number, number] = [box.width / 2 + 180, box.height / 2 - 120];
    await page.locator('[data-testid=measure-distance]').click();
    await page.mouse.click(box.x + a[0], box.y + a[1]);
    await nextFrames(page);
    await page.mouse.click(box.x + b[0], box.y + b[1]);
    await nextFrames(page);
    await page.mouse.click(box.x + b[0], box.y + b[1]); // the last point again finishes the line
    const [pa, pb] = [await unproject(page, a), await unproject(page, b)];
    const s = grs80Geodesic.Inverse(pa[1], pa[0], pb[1], pb[0]).s12 ?? NaN;
    expect(s).toBeGreaterThan(300); // ≈ 410 px at z16 ≈ 430 m
    const text = await waitForText(page, 'measure-result', (t) => /距离 [\d,.]+ (m|km)/.test(t));
    expect(Math.abs(shownNumber(text) - s)).toBeLessThanOrEqual(0.051);
    expect(text).toContain(' m');

    // The area tool: a triangle, closed on its first point, measured like Krüger + shoelace (planar 亩).
    const tri: [number, number][] = [[box.width / 2 - 150, box.height / 2 - 100], [box.width / 2 + 150, box.height / 2 - 60], [box.width / 2, box.height / 2 + 140]];
    await page.locator('[data-testid=measure-area]').click();
    for (const [x, y] of [...tri, tri[0]!]) {
      await page.mouse.click(box.x + x, box.y + y);
      await nextFrames(page);
    }
    const g = golden(await Promise.all(tri.map((p) => unproject(page, p))));
    const areaText = await waitForText(page, 'measure-result', (t) => /面积 [\d,.]+ 亩/.test(t));
    expect(Math.abs(shownNumber(areaText.slice(areaText.indexOf('面积'))) - g.planarMu)).toBeLessThanOrEqual(0.0051);
    expect(await page.locator('[data-testid=draw-area-mu]').count()).toBe(0); // measuring is not the checked parcel
    expectNoErrors();
  });
});
