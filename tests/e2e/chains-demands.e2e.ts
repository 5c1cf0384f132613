// 招引需求清单 in Chromium, on the workspace server: changes are saved in the shared list and survive a reload; a
// CSV with one bad row imports the good rows and names the bad line. (Two users at once: workspace.e2e.ts.)
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPage, resetWorkspace, waitForMapIdle } from './browser.ts';

async function openChains(): Promise<Awaited<ReturnType<typeof openPage>>> {
  await resetWorkspace();
  const opened = await openPage('/#/map?tab=chains');
  await opened.page.locator('[data-testid=demand-row]').first().waitFor({ state: 'visible', timeout: 30_000 });
  await waitForMapIdle(opened.page);
  return opened;
}

describe('招引需求清单', () => {
  it('the shared list keeps added, edited and removed entries across a reload, each at its version', async () => {
    const { page, expectNoErrors } = await openChains();
    const rows = page.locator('[data-testid=demand-row]');
    const shipped = await rows.count();
    expect(shipped).toBe(22);

    await page.click('[data-testid=demand-add]');
    await page.fill('[data-testid=demand-field-id]', 'N-901');
    await page.selectOption('[data-testid=demand-field-chain]', 'pv-storage');
    await page.selectOption('[data-testid=demand-field-link]', 'pv-wafer');
    await page.fill('[data-testid=demand-field-profile]', '测试，含逗号 "引号"');
    await page.fill('[data-testid=demand-field-land]', 'abc');
    await page.click('[data-testid=demand-save]');
    expect(await page.locator('[data-testid=demand-form-error]').innerText()).toContain('land_mu');
    await page.fill('[data-testid=demand-field-land]', '30');
    await page.fill('[data-testid=demand-field-investment]', '2.5');
    await page.click('[data-testid=demand-save]');
    await page.locator('[data-testid=demand-row][data-demand=N-901]').waitFor();

    await page.click('[data-testid=demand-row][data-demand=D-001] [data-testid=demand-edit]');
    await page.fill('[data-testid=demand-field-land]', '99');
    await page.click('[data-testid=demand-save]');
    await page.locator('[data-testid=demand-row][data-demand=D-001][data-version="2"]').waitFor();
    await page.click('[data-testid=demand-row][data-demand=D-002] [data-testid=demand-remove]');
    await page.locator('[data-testid=demand-row][data-demand=D-002]').waitFor({ state: 'detached' });
    expect(await rows.count()).toBe(shipped);

    await page.reload();
    await page.locator('[data-testid=demand-row]').first().waitFor({ timeout: 30_000 });
    expect(await rows.count()).toBe(shipped);
    expect(await page.locator('[data-testid=demand-row][data-demand=D-002]').count()).toBe(0);
    const added = page.locator('[data-testid=demand-row][data-demand=N-901]');
    expect(await added.getAttribute('data-origin')).toBe('shared');
    expect(await added.getAttribute('data-version')).toBe('1');
    expect(await added.innerText()).toContain('30');
    const edited = page.locator('[data-testid=demand-row][data-demand=D-001]');
    expect(await edited.getAttribute('data-version')).toBe('2');
    expect(await edited.innerText()).toContain('99');
    // kept by the server, not by this browser
    expect(await page.evaluate(() => localStorage.getItem('tenglong.demands.v1'))).toBeNull();
    expectNoErrors();
  });

  it('a CSV with one bad row imports the good rows and names the bad line', async () => {
    const { page, expectNoErrors } = await openChains();
    const dir = mkdtempSync(join(tmpdir(), 'tenglong-chains-'));
    const file = join(dir, 'demands.csv');
    writeFileSync(
      file,
      '\uFEFF' +
        [
          'id,chain,link,profile,land_mu,investment_100m,park,status',
          'C-1,pv-storage,pv-cell,"电池片, 高效",40,3,宁波南部滨海新区,open', // line 2
          'C-2,stationery,st-parts,"笔头\n精密零件",20,1,,negotiating', // lines 3–4
          'C-3,pv-storage,pv-cell,坏行,abc,1,,open', // line 5: bad land
          'C-4,new-materials,nm-recycling,回收,12,0.5,,signed', // line 6
        ].join('\r\n') +
        '\r\n',
    );
    await page.setInputFiles('[data-testid=demand-import]', file);
    const report = page.locator('[data-testid=demand-import-report]');
    await report.waitFor();
    const errs = page.locator('[data-testid=demand-import-error]');
    expect(await errs.count()).toBe(1);
    expect(await errs.first().getAttribute('data-line')).toBe('5');
    expect(await errs.first().innerText()).toContain('第 5 行');
    for (const id of ['C-1', 'C-2', 'C-4']) expect(await page.locator(`[data-testid=demand-row][data-demand=${id}]`).count()).toBe(1);
    expect(await page.locator('[data-testid=demand-row][data-demand=C-3]').count()).toBe(0);
    expect(await page.locator('[data-testid=demand-row]').count()).toBe(25);
    expectNoErrors();
  });
});
