// Publishing in Chromium (issue 14, "Publishing"), on a county of its own: the main e2e server has no publish (it
// would rebuild the public/data every other spec reads), so this spec generates a small sample county into a temp
// folder with its own build store and serves it with the same listener as `npm start`, publishing configured.
// A planner changes a parcel's status on the card, sees it pending, previews the publish (the parcel, from → to,
// seen by prospects), confirms; a prospect's page (no account) then shows the new status, and the rebuilt files on
// disk hold it. Investment and viewer get neither the form nor the publish panel, and the API refuses them 403.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildData } from '../../scripts/build-data.ts';
import { writeSample } from '../../scripts/sample/generate.ts';
import { createSiteListener } from '../../server/api/node.ts';
import { listen, type RunningServer } from '../../server/static.ts';
import { openWorkspace, type Workspace } from '../../server/workspace/open.ts';
import { parcelIdChecker } from '../../server/workspace/parcel-ids.ts';
import { seedWorkspace } from '../../server/workspace/seed.ts';
import { readAllFgb } from '../../src/lib/data/fgb-read.ts';
import type { ParcelStatus } from '../../src/lib/data/schema.ts';
import { t, type MessageKey } from '../../src/lib/i18n/index.ts';
import { ninghaiPolicy } from '../../src/lib/rules/test-policy.ts';
import { chinaToday } from '../../src/lib/workspace/parcel-status.ts';
import { demoPassword, logIn, openPage, waitForMapIdle, waitForText, type DemoUser, type OpenedPage } from './browser.ts';
import { distDir } from './site-helpers.ts';

let root = '';
let dataDir = '';
let workspace: Workspace | undefined;
let server: RunningServer | undefined;
/** `http://127.0.0.1:<port>` of this spec's own server (no trailing slash). */
let origin = '';
/** Idle industrial parcels of the temp county that prospects can open, by id. */
let idle: string[] = [];

const statusName = (s: ParcelStatus) => t('zh', `status.${s}` as MessageKey);

function fgbStatuses(dir: 'public' | 'internal'): Map<string, Record<string, unknown>> {
  const features = readAllFgb(new Uint8Array(readFileSync(join(dataDir, dir, 'parcels.fgb'))));
  return new Map(features.map((f) => [String(f.properties['id']), f.properties]));
}
function internalIndex(): Map<string, { id: string; status: ParcelStatus }> {
  const entries = JSON.parse(readFileSync(join(dataDir, 'internal', 'parcels-index.json'), 'utf8')) as { id: string; status: ParcelStatus }[];
  return new Map(entries.map((e) => [e.id, e]));
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tenglong-e2e-publish-'));
  const sourceDir = join(root, 'src');
  const storeDir = join(root, 'store');
  dataDir = join(root, 'data');
  // The smallest sample county the generator makes: every layer the pipeline writes, built in a few seconds.
  await writeSample(sourceDir, { parcels: 3000 });
  await buildData({ src: sourceDir, out: dataDir, store: storeDir, policy: ninghaiPolicy() });

  const publicIds = new Set(
    (JSON.parse(readFileSync(join(dataDir, 'public', 'parcels-index.json'), 'utf8')) as { id: string }[]).map((e) => e.id),
  );
  idle = [...fgbStatuses('internal').values()]
    .filter((p) => p['status'] === 'idle' && p['land_use'] === 'industrial' && publicIds.has(String(p['id'])))
    .map((p) => String(p['id']))
    .sort();
  if (idle.length < 2) throw new Error(`e2e: the temp sample county has ${idle.length} idle industrial parcel(s); the spec needs 2`);

  workspace = await openWorkspace({ kind: 'pglite', dir: null });
  await seedWorkspace(workspace, dataDir, true);
  // The built app is served as is (its own copy of data/ is never served: /data/ comes from dataDir).
  const listener = createSiteListener(
    workspace,
    { distDir, dataDir, serveInternal: 'login' },
    { parcelExists: parcelIdChecker(dataDir), publish: { dataDir, sourceDir, storeDir } },
  );
  server = await listen(listener, '127.0.0.1', 0);
  origin = new URL(server.url).origin;
}, 180_000);

afterAll(async () => {
  await server?.close();
  await workspace?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** The planner map of this spec's server with the card of `parcelId` open, logged in as `user` before the app loads. */
async function openCard(user: DemoUser, parcelId: string): Promise<OpenedPage> {
  // openPage logs in against the main e2e server: open a blank page without an account, log in here, then go.
  const opened = await openPage('about:blank', { user: null });
  await logIn(opened.context, user, origin);
  await opened.page.goto(`${origin}/#/map?p=${encodeURIComponent(parcelId)}`);
  await waitForMapIdle(opened.page);
  await waitForText(opened.page, 'parcel-card-id', (s) => s === parcelId, 30_000);
  // The workspace part of the card: there once the app knows it is logged in to a workspace server.
  await opened.page.locator('[data-testid=parcel-status]').waitFor({ state: 'visible', timeout: 15_000 });
  return opened;
}

const change = (page: Page, id: string) => page.locator(`[data-testid=publish-change][data-parcel="${id}"]`);

describe('publishing parcel status edits', () => {
  it("a planner changes a parcel's status, previews and publishes it; the prospect page shows the new status", async () => {
    const id = idle[0]!;
    const reason = '企业已入驻投产（发布测试）';
    expect(internalIndex().get(id)?.status).toBe('idle');
    const releaseBefore = (JSON.parse(readFileSync(join(dataDir, 'internal', 'manifest.json'), 'utf8')) as Record<string, unknown>)['release'];

    const planner = await openCard('demo-planner', id);
    const { page } = planner;

    // The card's form: new status, today's date (the default), a reason; saved, it shows as waiting for a publish.
    await page.locator('[data-testid=parcel-status-form]').waitFor({ state: 'visible' });
    expect(await page.inputValue('[data-testid=parcel-status-select]')).toBe('idle');
    await page.selectOption('[data-testid=parcel-status-select]', 'in_use');
    const date = await page.inputValue('[data-testid=parcel-status-date]');
    expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await page.fill('[data-testid=parcel-status-reason]', reason);
    await page.click('[data-testid=parcel-status-save]');
    expect(await waitForText(page, 'parcel-status-saved', (s) => s.length > 0)).toBe(t('zh', 'ws.status.saved'));
    const pending = page.locator('[data-testid=parcel-status-pending][data-status=in_use]');
    await pending.waitFor({ state: 'visible' });
    expect(await pending.innerText()).toContain(t('zh', 'ws.status.pending', { from: statusName('idle'), to: statusName('in_use'), date, reason }));
    expect(await pending.innerText()).toContain('demo-planner');

    // The preview: one change, this parcel, idle → in use, seen by prospects.
    const open = page.locator('[data-testid=publish-open]');
    await open.waitFor({ state: 'visible', timeout: 15_000 }); // the panel's code loads on demand
    await open.click();
    const preview = page.locator('[data-testid=publish-preview]');
    await preview.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await preview.getAttribute('data-count')).toBe('1');
    expect(await preview.innerText()).toContain(t('zh', 'ws.publish.count', { n: 1, public: 1 }));
    const item = change(page, id);
    expect(await item.getAttribute('data-public')).toBe('true');
    const itemText = await item.innerText();
    expect(itemText).toContain(id);
    expect(itemText).toContain(t('zh', 'ws.publish.change', { from: statusName('idle'), to: statusName('in_use'), date, reason }));
    expect(itemText).toContain(t('zh', 'ws.publish.public'));
    expect(await page.locator('[data-testid=publish-change]').count()).toBe(1);

    // Confirmed: the data is rebuilt (a few seconds for the sample county) and the summary names the new release.
    await page.click('[data-testid=publish-confirm]');
    const result = page.locator('[data-testid=publish-result]');
    await result.waitFor({ state: 'visible', timeout: 90_000 });
    const release = await result.getAttribute('data-release');
    expect(release).toMatch(/\S/);
    expect(release).not.toBe(releaseBefore);
    expect(await result.innerText()).toContain(t('zh', 'ws.publish.done', { release: release!, applied: 1, changes: 1 }));
    expect(await page.locator('[data-testid=publish-error]').count()).toBe(0);
    expect(await preview.count()).toBe(0);

    // On disk: the live build holds the new status, in the internal index and in both parcel files.
    expect(internalIndex().get(id)?.status).toBe('in_use');
    expect(fgbStatuses('public').get(id)?.['status']).toBe('in_use');
    expect(fgbStatuses('internal').get(id)?.['status']).toBe('in_use');
    const recorded = JSON.parse(readFileSync(join(dataDir, 'internal', 'status-edits.json'), 'utf8')) as { edits: unknown[] };
    expect(recorded.edits).toEqual([{ parcel_id: id, source_status: 'idle', status: 'in_use', date, reason }]);

    // The API, read with the planner's session: the edit, made by demo-planner, and its history.
    const list = await planner.context.request.get(`${origin}/api/parcel-status`);
    expect(list.status()).toBe(200);
    const { statuses } = (await list.json()) as { statuses: { id: string; data: Record<string, unknown>; updated_by: string; created_by: string }[] };
    expect(statuses).toHaveLength(1);
    expect(statuses[0]).toMatchObject({ id, data: { parcel_id: id, status: 'in_use', date, reason }, created_by: 'demo-planner', updated_by: 'demo-planner' });
    const hist = await planner.context.request.get(`${origin}/api/parcel-status/${encodeURIComponent(id)}/history`);
    expect(hist.status()).toBe(200);
    const { history } = (await hist.json()) as { history: { actor: string; action: string; after: Record<string, unknown> | null }[] };
    expect(history.map((e) => [e.actor, e.action])).toEqual([['demo-planner', 'create']]);
    expect(history[0]!.after).toMatchObject({ status: 'in_use', reason });

    // The planner's map after a reload: the card reads the new data, so the edit is no longer waiting.
    await page.reload();
    await waitForMapIdle(page);
    await waitForText(page, 'parcel-card-id', (s) => s === id, 30_000);
    await waitForText(page, 'parcel-card', (s) => s.includes(`${t('zh', 'card.status')}\n${statusName('in_use')}`), 30_000);
    await page.locator('[data-testid=parcel-status-history]').waitFor({ state: 'visible' }); // the held edit has loaded
    expect(await page.locator('[data-testid=parcel-status-pending]').count()).toBe(0);
    planner.expectNoErrors();

    // A prospect, with no account, in a fresh context: the site page shows the published status.
    const prospect = await openPage(`${origin}/#/site/${encodeURIComponent(id)}`);
    await waitForText(prospect.page, 'site-id', (s) => s === id, 30_000);
    expect(await waitForText(prospect.page, 'site-status', (s) => s === statusName('in_use'))).toBe('在用');
    expect(prospect.requests.filter((u) => u.includes('/data/internal/'))).toEqual([]);
    prospect.expectNoErrors();
  }, 180_000);

  it('investment and viewer have neither the form nor publish; the API says 403', async () => {
    const id = idle[1]!;
    // A planner's edit waiting for the next publish (written through the API): everyone logged in sees it as pending.
    const login = await fetch(`${origin}/api/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: origin },
      body: JSON.stringify({ name: 'demo-planner', password: demoPassword('demo-planner') }),
    });
    const cookie = login.headers.get('set-cookie')?.split(';', 1)[0];
    expect(login.status).toBe(200);
    const put = await fetch(`${origin}/api/parcel-status/${encodeURIComponent(id)}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Origin: origin, Cookie: cookie ?? '' },
      body: JSON.stringify({ data: { status: 'under_construction', date: chinaToday(), reason: '已开工（权限测试）' } }),
    });
    expect(put.status).toBe(201);

    for (const user of ['demo-investment', 'demo-viewer'] as const) {
      const { page, context, expectNoErrors } = await openCard(user, id);
      const pending = page.locator('[data-testid=parcel-status-pending][data-status=under_construction]');
      await pending.waitFor({ state: 'visible', timeout: 15_000 });
      expect(await pending.innerText()).toContain('demo-planner');
      // No form, no save button, no publish panel (its code is never even requested).
      expect(await page.locator('[data-testid=parcel-status-form]').count()).toBe(0);
      expect(await page.locator('[data-testid=parcel-status-save]').count()).toBe(0);
      expect(await page.locator('[data-testid=publish-panel]').count()).toBe(0);
      expect(await page.locator('[data-testid=publish-open]').count()).toBe(0);

      // The API refuses the role whatever the page shows (same origin, so this is the role check, not CSRF).
      const write = await context.request.put(`${origin}/api/parcel-status/${encodeURIComponent(id)}`, {
        data: { data: { status: 'in_use', date: chinaToday(), reason: `${user} 试图修改` } },
        headers: { Origin: origin },
      });
      expect(write.status(), `${user}: PUT /api/parcel-status`).toBe(403);
      const pub = await context.request.post(`${origin}/api/publish`, { headers: { Origin: origin } });
      expect(pub.status(), `${user}: POST /api/publish`).toBe(403);
      const previewRes = await context.request.get(`${origin}/api/publish/preview`);
      expect(previewRes.status(), `${user}: GET /api/publish/preview`).toBe(403);
      // Reading the edits is allowed to every role.
      expect((await context.request.get(`${origin}/api/parcel-status`)).status()).toBe(200);
      expectNoErrors();
    }

    // Nothing the refused requests asked for happened: the edit is the planner's, the data was not rebuilt.
    expect(internalIndex().get(id)?.status).toBe('idle');
    const list = await fetch(`${origin}/api/parcel-status`, { headers: { Cookie: cookie ?? '' } });
    const { statuses } = (await list.json()) as { statuses: { id: string; data: { status: string }; updated_by: string }[] };
    expect(statuses.find((s) => s.id === id)).toMatchObject({ data: { status: 'under_construction' }, updated_by: 'demo-planner' });
  }, 120_000);
});
