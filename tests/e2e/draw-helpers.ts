// Shared by the draw specs (a spec file cannot import another spec without running its tests): the map box,
// the unproject hook, reading numbers shown with units, and golden areas from independent computations.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Position } from '../../src/lib/data/schema.ts';
import { geodesicArea, krugerArea } from '../../src/lib/geo/test-helpers/golden-areas.ts';
import { visibleText, waitForText } from './browser.ts';

export const MU_PER_M2 = 15 / 10000;
// West of 121.5°E: Gauss-Krüger zone 40, central meridian 120°E.
export const CM = 120;

export interface MapBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export async function mapBox(page: Page): Promise<MapBox> {
  const box = await page.locator('[data-testid=map]').boundingBox();
  if (box === null) throw new Error('e2e: [data-testid=map] has no box');
  return box;
}

/** lon/lat under a pixel of the map (container coordinates), rounded like the editor stores it (1e-9°). */
export async function unproject(page: Page, xy: [number, number]): Promise<Position> {
  const ll = await page.evaluate((p) => {
    const hook = (window as unknown as { __tenglongTest?: { unproject?: (p: [number, number]) => [number, number] } }).__tenglongTest;
    if (!hook?.unproject) throw new Error('no __tenglongTest.unproject hook');
    return hook.unproject(p);
  }, xy);
  return [Number(ll[0].toFixed(9)), Number(ll[1].toFixed(9))];
}

/** A number shown as "1,234.56 亩" → 1234.56. */
export function shownNumber(text: string): number {
  const m = /-?[\d,]+(?:\.\d+)?/.exec(text);
  if (!m) throw new Error(`e2e: no number in ${JSON.stringify(text)}`);
  return Number(m[0].replace(/,/g, ''));
}

export function golden(ring: Position[]): { planarM2: number; planarMu: number; ellMu: number } {
  const geom = { type: 'Polygon' as const, coordinates: [[...ring, ring[0] as Position]] };
  const planarM2 = krugerArea(geom, CM);
  return { planarM2, planarMu: planarM2 * MU_PER_M2, ellMu: geodesicArea(geom) * MU_PER_M2 };
}

export async function expectAreas(page: Page, g: ReturnType<typeof golden>): Promise<void> {
  // Displayed with 2 decimals: within half a unit of the last digit of the golden value.
  const planar = shownNumber(await waitForText(page, 'draw-area-mu', (t) => Math.abs(shownNumber(t) - g.planarMu) <= 0.0051));
  expect(planar).toBeCloseTo(g.planarMu, 2);
  expect(await visibleText(page, 'draw-area-mu')).toMatch(/^[\d,]+\.\d{2} 亩$/);
  expect(Math.abs(shownNumber(await visibleText(page, 'draw-area-mu-ellipsoidal')) - g.ellMu)).toBeLessThanOrEqual(0.0051);
}

