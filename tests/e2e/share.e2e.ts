// The share dialog on the planner map: a prospect link (site page) or an internal link, in zh or en, copied to
// the clipboard, and a QR code whose SVG and PNG downloads decode (jsQR, on the real pixels) to exactly the link.
import { readFileSync } from 'node:fs';
import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseURL, openPage, visibleText, waitForMapIdle } from './browser.ts';
import { centreParam, loadParcelsIndex, pickClickableParcel } from './parcels-index.ts';

/** Decodes an image (a blob: or data: URL) in the page: draw it, read the pixels, run jsQR on them here in Node. */
async function decodeImage(page: Page, src: string): Promise<string | null> {
  const px = await page.evaluate(async (url) => {
    const img = new Image();
    img.src = url;
    await img.decode();
    const w = Math.min(img.naturalWidth || 400, 400);
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = w;
    const ctx = canvas.getContext('2d')!;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(img, 0, 0, w, w);
    const data = ctx.getImageData(0, 0, w, w).data;
    let bin = '';
    for (let i = 0; i < data.length; i += 0x8000) bin += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return { w, b64: btoa(bin) };
  }, src);
  const bytes = new Uint8ClampedArray(Buffer.from(px.b64, 'base64'));
  return jsQR(bytes, px.w, px.w)?.data ?? null;
}

describe('share dialog', () => {
  it('builds short links, copies them, and its QR codes decode to exactly the link', async () => {
    const parcels = await loadParcelsIndex();
    const parcel = pickClickableParcel(parcels);
    const { page, context, expectNoErrors } = await openPage(`/#/map?c=${centreParam(parcel.centroid)}&z=17.00&p=${parcel.id}`);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseURL()).origin });
    await waitForMapIdle(page);
    await page.locator('[data-testid=share-open]').click();
    await page.locator('[data-testid=share-dialog]').waitFor();

    const link = () => page.locator('[data-testid=share-link]').inputValue();
    const origin = baseURL(); // http://127.0.0.1:<port>/
    expect(await link()).toBe(`${origin}#/site/${parcel.id}`);
    await page.locator('[data-testid=share-lang-en]').check();
    const en = `${origin}#/site/${parcel.id}?lang=en`;
    expect(await link()).toBe(en);

    await page.locator('[data-testid=share-copy]').click();
    await page.locator('[data-testid=share-copied]').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(en);

    // SVG download: the file the link points at, rendered by the browser and decoded.
    const svgHref = await page.locator('[data-testid=share-download-svg]').getAttribute('href');
    expect(await decodeImage(page, svgHref!)).toBe(en);
    // PNG download: the saved file's bytes, decoded.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=share-download-png]').click()]);
    expect(download.suggestedFilename()).toBe(`site-${parcel.id}-en.png`);
    const png = readFileSync((await download.path())!);
    expect([...png.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
    expect(await decodeImage(page, `data:image/png;base64,${png.toString('base64')}`)).toBe(en);

    // Internal link: the planner map on this parcel, in the chosen language.
    await page.locator('[data-testid=share-kind-internal]').check();
    const internal = await link();
    expect(internal).toBe(`${origin}#/map?c=${centreParam(parcel.centroid)}&z=17.00&p=${parcel.id}&lang=en`);
    expect(await decodeImage(page, (await page.locator('[data-testid=share-download-svg]').getAttribute('href'))!)).toBe(internal);

    // The prospect link opens the site page, with no request under internal/.
    const prospect = await openPage(en.slice(origin.length - 1));
    expect(await visibleText(prospect.page, 'site-id', 30_000)).toBe(parcel.id);
    expect(await visibleText(prospect.page, 'site-contact')).toContain('Contact');
    expect(prospect.requests.filter((u) => u.includes('internal'))).toEqual([]);
    prospect.expectNoErrors();
    expectNoErrors();
  });

  it('falls back to a selected input when the clipboard is refused', async () => {
    const parcels = await loadParcelsIndex();
    const parcel = pickClickableParcel(parcels);
    const { page, expectNoErrors } = await openPage(`/#/map?c=${centreParam(parcel.centroid)}&z=17.00&p=${parcel.id}&lang=en`);
    await page.evaluate(() => {
      Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) } });
    });
    await page.locator('[data-testid=share-open]').click();
    await page.locator('[data-testid=share-copy]').click();
    expect(await visibleText(page, 'share-copy-failed')).toContain('select the link');
    const sel = await page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement | null;
      return el?.dataset['testid'] === 'share-link' ? el.value.slice(el.selectionStart ?? 0, el.selectionEnd ?? 0) : null;
    });
    expect(sel).toBe(await page.locator('[data-testid=share-link]').inputValue());
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=share-dialog]').waitFor({ state: 'detached' });
    expectNoErrors();
  });
});
