// Tests of the harness itself, against fixture pages served by the same preview server under /__e2e__/.
// They pass before the app exists, so a red app spec can be trusted to be about the app.
import { describe, expect, it } from 'vitest';
import {
  assertOnlyLocal,
  baseURL,
  fetchJson,
  isLocalUrl,
  openPage,
  renderedParcelCount,
  visibleText,
  waitForMapIdle,
} from './browser.ts';
import { pixelOffset } from './parcels-index.ts';

const FIXTURE = '/__e2e__/harness.html';

describe('harness', () => {
  it('serves the build and fixtures from a loopback preview server', async () => {
    expect(baseURL()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(baseURL());
    expect(res.status).toBe(200);
    expect(await fetchJson('/__e2e__/local.json')).toEqual({ ok: true });
  });

  it('classifies URLs: loopback, data: and blob: are local, nothing else is', () => {
    for (const u of ['http://127.0.0.1:4173/x', 'http://localhost/', 'http://[::1]:80/', 'data:text/plain,x', 'blob:http://127.0.0.1/1']) {
      expect(isLocalUrl(u), u).toBe(true);
    }
    for (const u of ['http://example.invalid/', 'https://127.0.0.1.example.com/', 'http://10.0.0.1/', 'ftp://127.0.0.1/', 'file:///etc/passwd', 'nonsense']) {
      expect(isLocalUrl(u), u).toBe(false);
    }
  });

  it('opens a page at 1280×800 in zh-CN, waits for map idle and reads the test hook', async () => {
    const { page, requests, expectNoErrors } = await openPage(FIXTURE);
    await waitForMapIdle(page);
    expect(await page.evaluate(() => [innerWidth, innerHeight, navigator.language])).toEqual([1280, 800, 'zh-CN']);
    expect(await renderedParcelCount(page)).toBe(3);
    expect(await visibleText(page, 'map')).toContain('示例数据');
    await page.waitForFunction(() => (window as unknown as { __local?: boolean }).__local === true);
    expect(requests).toContain(`${baseURL()}__e2e__/local.json`);
    expectNoErrors();
  });

  it('aborts and records requests to other hosts, from the page and from workers', async () => {
    const opened = await openPage(`${FIXTURE}?external&worker`, { allowNonLocal: true });
    const { page } = opened;
    await page.waitForFunction(() => {
      const w = window as unknown as { __imgFailed?: boolean; __fetchFailed?: boolean; __workerResult?: string };
      return w.__imgFailed === true && w.__fetchFailed === true && w.__workerResult !== undefined;
    });
    expect(await page.evaluate(() => (window as unknown as { __workerResult?: string }).__workerResult)).toBe('failed');
    expect(opened.blocked).toEqual(expect.arrayContaining([
      'http://example.invalid/tile.png',
      'https://tiles.example.invalid/x.pbf',
      'http://worker.example.invalid/data.fgb', // MapLibre and flatgeobuf fetch from workers too
    ]));
    expect(() => assertOnlyLocal(opened)).toThrow(/example\.invalid/);
    expect(() => opened.expectNoErrors()).toThrow(/non-local/);
  });

  it('collects console errors and uncaught page errors', async () => {
    const opened = await openPage(`${FIXTURE}?throw`);
    await opened.page.locator('[data-testid=make-error]').click();
    // The harness collects errors in its own console/pageerror listeners, registered first: wait for those events.
    await new Promise<void>((done) => {
      const check = (): void => {
        if (opened.errors.length < 2) return;
        opened.page.off('console', check);
        opened.page.off('pageerror', check);
        done();
      };
      opened.page.on('console', check);
      opened.page.on('pageerror', check);
      check();
    });
    expect(opened.errors.join('\n')).toMatch(/fixture: button error/);
    expect(opened.errors.join('\n')).toMatch(/fixture: uncaught/);
    expect(() => opened.expectNoErrors()).toThrow(/2 browser error/);
  });

  it('fails waitForMapIdle when the map never becomes idle', async () => {
    const { page } = await openPage(`${FIXTURE}?noidle`);
    await expect(waitForMapIdle(page, 1_000)).rejects.toThrow(/Timeout/i);
  });

  it('computes Web-Mercator pixel offsets like MapLibre (512-px world at z0)', () => {
    // 1° of longitude at z0 is 512/360 px; at z1 twice that
    expect(pixelOffset([0, 0], [1, 0], 0).dx).toBeCloseTo(512 / 360, 9);
    expect(pixelOffset([0, 0], [1, 0], 1).dx).toBeCloseTo(1024 / 360, 9);
    // north is up: a higher latitude has a smaller y; 85.0511° is the top edge, 256 px above the equator
    expect(pixelOffset([0, 0], [0, 85.0511287798], 0).dy).toBeCloseTo(-256, 3);
  });
});
