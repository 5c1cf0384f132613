// Draw-and-check in Chromium: clicking points on the map draws a parcel whose 亩 areas equal an independent
// computation (geographiclib / Krüger series on the lon/lat of the clicked pixels), the findings follow the
// form, and dragging a vertex updates both; the rules come from the zones and control lines around the shape, read
// by ranges. Paste and measuring: draw-paste.e2e.ts.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAreas, golden, mapBox, unproject } from './draw-helpers.ts';
import { nextFrames, openPage, waitForMapIdle, waitForText } from './browser.ts';

const START = '/#/map?c=121.43000,29.30000&z=16.00&tab=draw';

async function finding(page: Page, rule: string): Promise<{ status: string | null; text: string }> {
  const li = page.locator(`[data-testid=draw-findings] li[data-rule="${rule}"]`).first();
  await li.waitFor({ state: 'visible', timeout: 10_000 });
  return { status: await li.getAttribute('data-status'), text: (await li.innerText()).trim() };
}

describe('draw and check', () => {
  it('draws a polygon by clicking, shows its 亩 and findings, and a vertex drag updates them', async () => {
    const { page, responses, expectNoErrors } = await openPage(START);
    await waitForMapIdle(page);
    const box = await mapBox(page);
    const cx = box.width / 2;
    const cy = box.height / 2;
    const px: [number, number][] = [
      [cx - 130, cy - 90],
      [cx + 120, cy - 100],
      [cx + 140, cy + 95],
      [cx - 110, cy + 85],
    ];

    await page.locator('[data-testid=draw-start]').click();
    for (const [x, y] of px) {
      await page.mouse.click(box.x + x, box.y + y);
      await nextFrames(page);
    }
    await page.mouse.click(box.x + px[0]![0], box.y + px[0]![1]); // the first point again closes the ring
    await waitForText(page, 'draw-tool-hint', (t) => t.startsWith('编辑中'));

    const ring = await Promise.all(px.map((p) => unproject(page, p)));
    const g1 = golden(ring);
    expect(g1.planarMu).toBeGreaterThan(40); // ≈ 250 × 190 px at z16 ≈ 77 亩: a real parcel, not a dot
    await expectAreas(page, g1);
    // No click landed on the parcel layer's selection while drawing.
    expect(await page.evaluate(() => location.hash)).not.toMatch(/[?&]p=[^&]/);

    // Floor area for plot ratio 1.62 on the golden planar area: a new project needs 2.0 in principle.
    const floor = Math.round(1.62 * g1.planarM2);
    const far1 = (floor / g1.planarM2).toFixed(2);
    expect(far1).toBe('1.62');
    await page.locator('[data-testid=draw-floor-area]').fill(String(floor));
    await page.locator('[data-testid=draw-industry]').selectOption('general');
    let f = await finding(page, 'far.min');
    expect(f.status).not.toBe('pass');
    expect(f.text).toContain('1.62');
    expect(f.text).toContain('2.0');
    // An extension is held only to the industry minimum (general 1.0): 1.62 passes.
    await page.locator('[data-testid=draw-project]').selectOption('extension');
    await expect.poll(async () => (await finding(page, 'far.min')).status).toBe('pass');
    await page.locator('[data-testid=draw-project]').selectOption('new');
    await expect.poll(async () => (await finding(page, 'far.min')).status).not.toBe('pass');

    // Drag the third vertex 70 px right and 60 px down: the area grows; areas and FAR follow.
    const [vx, vy] = px[2]!;
    const to: [number, number] = [vx + 70, vy + 60];
    await page.mouse.move(box.x + vx, box.y + vy);
    await page.mouse.down();
    await page.mouse.move(box.x + to[0], box.y + to[1], { steps: 10 });
    await page.mouse.up();
    const ring2 = [ring[0]!, ring[1]!, await unproject(page, to), ring[3]!];
    const g2 = golden(ring2);
    expect(g2.planarMu - g1.planarMu).toBeGreaterThan(3);
    await expectAreas(page, g2);
    const far2 = (floor / g2.planarM2).toFixed(2);
    await expect.poll(async () => (await finding(page, 'far.min')).text).toContain(far2);
    expect(far2).not.toBe(far1);
    // The shape was checked against the zones and control lines around it, read by ranges of their indexed files;
    // drawing one parcel never reads a whole rule layer (issue 16).
    const ruleReads = responses.filter((r) => /\/data\/public\/(zones|control-lines)\.fgb$/.test(r.url.split('?')[0]!));
    expect(ruleReads.filter((r) => r.url.includes('/zones.fgb')).length).toBeGreaterThan(0);
    expect(ruleReads.filter((r) => r.url.includes('/control-lines.fgb')).length).toBeGreaterThan(0);
    expect(ruleReads.filter((r) => r.status !== 206).map((r) => `${r.status} ${r.url}`)).toEqual([]);
    expectNoErrors();
  });
});
