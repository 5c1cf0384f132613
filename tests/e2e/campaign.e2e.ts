// The campaign's registers in Chromium (issue 15, "Must show"): a planner moves an open case to 销号 with a note,
// outcome and area; the dashboard's land freed at 2025 grows by exactly that case's area, at 2024 it is as before,
// and the case's history names the planner. A viewer sees the list and the card but no form, and the API refuses the
// viewer's write (403). A prospect's page shows none of it and never asks for the registers.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { CASE_END_STAGES, type CampaignCase, type CampaignProject } from '../../src/lib/campaign/types.ts';
import { CASE_ROUTE_OUTCOMES } from '../../src/lib/data/schema.ts';
import type { StoredRecord } from '../../src/lib/workspace/records.ts';
import { runCli } from '../unit/helpers/run-cli.ts';
import { baseURL, currentRoute, fetchJson, openPage, resetWorkspace, visibleText, waitForMapIdle } from './browser.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVED_DATA = join(resolve(ROOT, process.env.E2E_DIST_DIR ?? 'dist-e2e'), 'data');

interface ProgressRow {
  key: string;
  unit: { en: string };
  value: number | null;
  measurable: boolean;
  reason: { zh: string } | null;
  path: number | null;
}

/** `tenglong progress --year Y --json` over the served data, reading the registers from the files the server seeded from. */
interface CliProgress {
  day: string;
  rows: ProgressRow[];
  towns: { town: string; rank: number }[];
  standard_land: { agreements: number; unmet: number };
}
function cliProgress(year: string): CliProgress {
  const ws = mkdtempSync(join(tmpdir(), 'tenglong-e2e-campaign-'));
  const r = runCli(['progress', '--year', year, '--json', '--data', SERVED_DATA, '--workspace', ws]);
  if (r.code !== 0) throw new Error(`tenglong progress failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as CliProgress;
}

const LAND = 'dashboard-value-low_efficiency_land_freed_mu';
const STEP_DAY = '2025-06-30';

/** An open case a step on STEP_DAY can close with the land handed back, alone on its parcel (land freed counts a parcel once). */
async function pickCase(): Promise<StoredRecord<CampaignCase>> {
  const { records } = (await fetchJson('/api/cases')) as { records: StoredRecord<CampaignCase>[] };
  const parcels = new Map<string, number>();
  for (const r of records) for (const p of new Set([r.data.parcel_id, ...r.data.parcel_ids])) parcels.set(p, (parcels.get(p) ?? 0) + 1);
  const found = records.find(
    (r) =>
      !CASE_END_STAGES.includes(r.data.stage) &&
      r.data.steps[r.data.steps.length - 1]!.date <= STEP_DAY &&
      CASE_ROUTE_OUTCOMES[r.data.route].includes('handed_back') &&
      parcels.get(r.data.parcel_id) === 1,
  );
  if (!found) throw new Error('e2e: the sample registers have no open case to close');
  return found;
}

/** The number a dashboard value shows ("1,234.56 亩" → 1234.56). */
function shownNumber(text: string): number {
  const n = Number(text.replace(/[^\d.-]/g, ''));
  if (!Number.isFinite(n) || text.trim() === '') throw new Error(`e2e: "${text}" is not a number`);
  return n;
}

async function chooseYear(page: Page, year: string): Promise<void> {
  await page.click(`[data-testid=year-${year}]`);
  await page.locator(`[data-testid=year-control][data-year="${year}"]`).first().waitFor();
}

async function landFreedAt(page: Page, year: string): Promise<number> {
  await chooseYear(page, year);
  if (year !== 'now') await page.locator('[data-testid=year-day]', { hasText: `${year}-12-31` }).first().waitFor();
  return shownNumber(await visibleText(page, LAND, 30_000));
}

/** The dashboard (on the CLI's day) shows the CLI's values, linear paths and town ranking. */
async function expectDashboardAsCli(page: Page, cli: CliProgress): Promise<void> {
  await page.locator('[data-testid=year-day]', { hasText: cli.day }).first().waitFor({ timeout: 30_000 });
  await visibleText(page, LAND, 30_000);
  for (const r of cli.rows) {
    const text = await visibleText(page, `dashboard-value-${r.key}`);
    if (!r.measurable) {
      expect(text, r.key).toBe(r.reason?.zh);
      continue;
    }
    const want = r.unit.en === 'share' ? r.value! * 100 : r.value!;
    expect(Math.abs(shownNumber(text) - want), `${r.key}: shown ${text}, CLI ${r.value}`).toBeLessThanOrEqual(Number.isInteger(want) ? 0 : 0.005 + 1e-9);
    if (r.path !== null) expect(Number(await page.getAttribute(`[data-testid=dashboard-path-${r.key}]`, 'data-path')), r.key).toBeCloseTo(r.path, 6);
  }
  const towns = await page.locator('[data-testid^=town-row-]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('town-row-'.length)));
  expect(towns).toEqual([...cli.towns].sort((a, b) => a.rank - b.rank).map((x) => x.town));
}

interface CampaignViews {
  /** Parcel ids drawn on the 标准地 layer, and project ids on the projects layer. */
  std: string[];
  projects: string[];
  /** The layer legend's count of projects without a parcel ('' when none is shown). */
  unplaced: string;
  /** The case list: id, town, firm. */
  caseRows: [string, string, string][];
  /** The dashboard's low-efficiency total line. */
  lowEff: string;
  /** The dashboard's 标准地履约 count (met, unmet, no data, not due): achieved values read the named parcels' FAR and 亩. */
  stdCount: (string | null)[];
}

/** A campaign layer's drawn ids (the e2e build's hook over queryRenderedFeatures), each once, sorted. */
async function drawnIds(page: Page, layer: string): Promise<string[]> {
  const ids = await page.evaluate((l) => (window as unknown as { __tenglongTest?: { renderedIds?: (layer: string) => string[] } }).__tenglongTest?.renderedIds?.(l) ?? null, layer);
  if (ids === null) throw new Error('no renderedIds test hook: is this the e2e build?');
  return [...new Set(ids)].sort();
}

/**
 * Opens the dashboard (at the CLI's year), the 标准地 and projects layers, the layer legend and the case list with
 * DataStore.parcelsByIds forced to `mode` (the e2e build's test setting: the sample county is small enough that the
 * rule reads it whole), and says what they showed, whether the page read the county, and which parcel files it read.
 * With `like`, each view is waited for until it equals like's (the by-id reads finish after the page is up).
 */
async function campaignViews(mode: 'ids' | 'county', cli: CliProgress, like?: { views: CampaignViews }) {
  // The setting is there from the page's first load, so every request counted below ran with it; the reload makes
  // the count whole (the listener came after the first load began).
  const { page, expectNoErrors } = await openPage('/#/map?c=121.45000,29.36000&z=10.40&l=base,standard-land,projects&tab=dashboard&year=2023', {
    settings: { parcelsByIds: mode },
  });
  const wholeFileReads: string[] = [];
  let shardReads = 0;
  page.on('request', (r) => {
    if (/\/parcels\.fgb(\?|$)/.test(r.url()) && !r.headers()['range']) wholeFileReads.push(r.url());
    if (/\/public\/ids\/\d+\.json/.test(r.url())) shardReads++;
  });
  await page.reload();
  await expectDashboardAsCli(page, cli);
  const lowEff = await visibleText(page, 'dashboard-low-eff-total', 30_000);
  const stdCount = await page
    .locator('[data-testid=dashboard-standard-land]')
    .evaluate((e) => ['data-met', 'data-unmet', 'data-no-data', 'data-not-due'].map((a) => e.getAttribute(a)));
  await waitForMapIdle(page);
  const settled = async <T>(read: () => Promise<T>, want: T | undefined, nonEmpty: (v: T) => boolean): Promise<T> => {
    if (want !== undefined) await expect.poll(read, { timeout: 30_000 }).toEqual(want);
    else await expect.poll(async () => nonEmpty(await read()), { timeout: 30_000 }).toBe(true);
    return read();
  };
  const std = await settled(() => drawnIds(page, 'campaign-std-fill'), like?.views.std, (v) => v.length > 0);
  const projects = await settled(() => drawnIds(page, 'campaign-projects-circle'), like?.views.projects, (v) => v.length > 0);
  await page.click('[data-testid=tab-layers]');
  const legend = async () => ((await page.locator('[data-testid=legend-unplaced]').count()) ? await page.locator('[data-testid=legend-unplaced]').innerText() : '');
  // (the dashboard above waited for the named parcels, which the legend counts from: its first reading is final)
  const unplaced = await settled(legend, like?.views.unplaced, () => true);
  await page.click('[data-testid=tab-campaign]');
  await page.locator('[data-testid=case-list]').waitFor({ timeout: 30_000 });
  const rows = () =>
    page.locator('[data-testid=case-row]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-case') ?? '', e.children[1]?.textContent?.trim() ?? '', e.querySelector('button')?.textContent?.trim() ?? ''] as [string, string, string]));
  const caseRows = await settled(rows, like?.views.caseRows, (v) => v.length > 0 && v.some(([, town]) => town !== '—'));
  // the hook FindingsOverlay installs must be there for the answer to mean anything
  expect(await page.evaluate(() => typeof (window as unknown as { __tenglongTest?: { countyStatus?: unknown } }).__tenglongTest?.countyStatus)).toBe('function');
  const countyStatus = await page.evaluate(() => (window as unknown as { __tenglongTest?: { countyStatus?: () => string } }).__tenglongTest?.countyStatus?.());
  expectNoErrors();
  return { views: { std, projects, unplaced, caseRows, lowEff, stdCount } satisfies CampaignViews, countyStatus, wholeFileReads, shardReads };
}

describe('campaign registers', () => {
  beforeEach(async () => {
    await resetWorkspace();
  });

  it('a planner closes a case: land freed at 2025 grows by its area, 2024 stays, the history names the planner', async () => {
    const target = await pickCase();
    const { page, expectNoErrors } = await openPage('/#/map?tab=dashboard', { user: 'demo-planner' });
    const before2025 = await landFreedAt(page, '2025');
    const before2024 = await landFreedAt(page, '2024');

    await chooseYear(page, 'now');
    await page.click('[data-testid=tab-campaign]');
    await page.click(`[data-testid=case-open-${target.id}]`);
    const card = page.locator(`[data-testid=case-card][data-case="${target.id}"]`);
    await card.waitFor();
    expect(await card.innerText()).toContain(target.id);
    await page.click('[data-testid=case-add-step]');
    await page.selectOption('[data-testid=case-step-stage]', 'closed');
    await page.fill('[data-testid=case-step-date]', STEP_DAY);
    await page.fill('[data-testid=case-step-note]', '验收合格，同意销号（e2e）');
    await page.selectOption('[data-testid=case-step-outcome]', 'handed_back');
    const area = Number(await page.inputValue('[data-testid=case-step-area]'));
    expect(area).toBeCloseTo(target.data.area_mu, 2);
    await page.click('[data-testid=case-step-save]');
    await page.locator(`[data-testid=case-card][data-case="${target.id}"][data-stage="closed"]`).waitFor();
    await page.locator(`[data-testid=case-step][data-date="${STEP_DAY}"][data-stage="closed"]`).waitFor();
    expect(await card.innerText()).toContain('验收合格，同意销号（e2e）');
    await page.locator('[data-testid=record-history-entry][data-actor="demo-planner"]').waitFor({ timeout: 15_000 });

    // the server kept it: the record as the API now has it
    const { records } = (await fetchJson('/api/cases')) as { records: StoredRecord<CampaignCase>[] };
    const saved = records.find((r) => r.id === target.id)!;
    expect(saved.data.stage).toBe('closed');
    expect(saved.data.closed_year).toBe(2025);
    expect(saved.updated_by).toBe('demo-planner');

    await page.click('[data-testid=tab-dashboard]');
    const after2025 = await landFreedAt(page, '2025');
    expect(Math.round((after2025 - before2025) * 100) / 100).toBeCloseTo(area, 2);
    const after2024 = await landFreedAt(page, '2024');
    expect(after2024).toBeCloseTo(before2024, 2);
    expectNoErrors();
  });

  it('a save on a stale version says who changed the case and reopens the form on the current version', async () => {
    const target = await pickCase();
    const { page, expectNoErrors } = await openPage(`/#/map?tab=campaign&rec=case:${target.id}`, { user: 'demo-planner' });
    await page.click('[data-testid=case-add-step]', { timeout: 30_000 });
    await page.locator(`[data-testid=case-step-form][data-version="${target.version}"]`).waitFor();
    await page.selectOption('[data-testid=case-step-stage]', 'closed');
    await page.fill('[data-testid=case-step-date]', STEP_DAY);
    await page.fill('[data-testid=case-step-note]', '验收合格（冲突测试）');
    await page.selectOption('[data-testid=case-step-outcome]', 'handed_back');

    // meanwhile an admin changes the case's responsible units
    const admin = await openPage(`/#/site/${target.data.parcel_id}`, { user: 'demo-admin' });
    const origin = new URL(baseURL()).origin;
    const res = await admin.context.request.put(`${origin}/api/cases/${encodeURIComponent(target.id)}`, {
      data: { version: target.version, data: { ...target.data, units: [...target.data.units, '县发展和改革局'] } },
      headers: { Origin: origin },
    });
    expect(res.status()).toBe(200);

    await page.click('[data-testid=case-step-save]');
    const conflict = page.locator('[data-testid=case-step-conflict]');
    await conflict.waitFor();
    expect(await conflict.innerText()).toContain('demo-admin');
    await page.locator(`[data-testid=case-step-form][data-version="${target.version + 1}"]`).waitFor();
    // the user's entries are kept: saving again writes on the current version, the admin's change included
    await page.click('[data-testid=case-step-save]');
    await page.locator(`[data-testid=case-card][data-case="${target.id}"][data-stage="closed"]`).waitFor();
    const { records } = (await fetchJson('/api/cases')) as { records: StoredRecord<CampaignCase>[] };
    const saved = records.find((r) => r.id === target.id)!;
    expect(saved.version).toBe(target.version + 2);
    expect(saved.data.units).toContain('县发展和改革局');
    expect(saved.data.steps.at(-1)).toMatchObject({ date: STEP_DAY, stage: 'closed', note: '验收合格（冲突测试）' });
    expectNoErrors([/409/]);
  });

  it('a viewer sees the list and the card but cannot add a step; the API refuses the write', async () => {
    const target = await pickCase();
    // the parcel card links the case; the link opens it in the campaign panel
    const { page, context, expectNoErrors } = await openPage(`/#/map?p=${target.data.parcel_id}`, { user: 'demo-viewer' });
    await page.click(`[data-testid=parcel-campaign-link][data-ref="case:${target.id}"]`, { timeout: 30_000 });
    const card = page.locator(`[data-testid=case-card][data-case="${target.id}"]`);
    await card.waitFor();
    expect((await currentRoute(page)).params).toMatchObject({ panel: 'campaign', record: `case:${target.id}` });
    // … and the list is there for the viewer too
    await page.click('[data-testid=campaign-back]');
    await page.locator(`[data-testid=case-row][data-case="${target.id}"]`).waitFor();
    await page.click(`[data-testid=case-open-${target.id}]`);
    await card.waitFor();
    await page.locator('[data-testid=record-history]').waitFor();
    expect(await page.locator('[data-testid=case-add-step]').count()).toBe(0);
    expect(await page.locator('[data-testid=case-step-form]').count()).toBe(0);
    expect(await card.locator('button:not([data-testid=campaign-back]):not([data-testid=case-parcel])').count()).toBe(0);

    const origin = new URL(baseURL()).origin;
    const steps = [...target.data.steps, { date: STEP_DAY, stage: 'closed', note: 'viewer' }];
    const res = await context.request.put(`${origin}/api/cases/${encodeURIComponent(target.id)}`, {
      data: { version: target.version, data: { ...target.data, stage: 'closed', steps, outcome: 'handed_back' } },
      headers: { Origin: origin },
    });
    expect(res.status()).toBe(403);
    expectNoErrors();
  });

  it('the dashboard at 2023 shows what `tenglong progress --year 2023 --json` prints: values, linear paths, towns', async () => {
    const cli = cliProgress('2023');
    const { page, expectNoErrors } = await openPage('/#/map?tab=dashboard&year=2023');
    await expectDashboardAsCli(page, cli);
    expectNoErrors();
  });

  it('without the county (issue 16): read by id, the dashboard, case list, layer legend and 标准地/project layers are as read from the county', async () => {
    const cli = cliProgress('2023');
    const county = await campaignViews('county', cli);
    const byIds = await campaignViews('ids', cli, county);
    // the county path really read the county, the by-id path never did: shards and range reads only
    expect(county.countyStatus).toBe('ready');
    expect(byIds.countyStatus).toBe('idle');
    expect(byIds.wholeFileReads).toEqual([]);
    expect(byIds.shardReads).toBeGreaterThan(0);
    expect(byIds.views).toEqual(county.views);
    // what was compared is not empty
    expect(county.views.std.length).toBeGreaterThan(0);
    expect(county.views.projects.length).toBeGreaterThan(0);
    expect(county.views.caseRows.filter(([, town]) => town !== '—').length).toBeGreaterThan(0);
    expect(Number(county.views.stdCount[0]) + Number(county.views.stdCount[1])).toBeGreaterThan(0);
    expect(Number(county.views.stdCount[1])).toBe(cli.standard_land.unmet);
  });

  it('a project card marks its overdue nodes red; the 标准地 list filtered to unmet holds the count the CLI gives', async () => {
    // An overdue node, found here from the dates alone: planned before today (China), not done.
    const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
    const { records } = (await fetchJson('/api/projects')) as { records: StoredRecord<CampaignProject>[] };
    const late = records.find((r) => r.data.nodes.some((n) => n.planned !== null && n.planned < today && n.actual === null));
    if (!late) throw new Error('e2e: the sample registers have no project with an overdue node');
    const overdue = late.data.nodes.filter((n) => n.planned !== null && n.planned < today && n.actual === null).map((n) => n.key);
    const { page, expectNoErrors } = await openPage(`/#/map?tab=campaign&rec=project:${late.id}`, { user: 'demo-viewer' });
    await page.locator(`[data-testid=project-card][data-project="${late.id}"] [data-testid=project-gantt]`).waitFor({ timeout: 30_000 });
    const states = await page.locator('[data-testid=project-gantt] li').evaluateAll((els) => els.map((e) => [e.getAttribute('data-testid')!.slice('node-'.length), e.getAttribute('data-state')]));
    expect(states.filter(([, s]) => s === 'overdue').map(([k]) => k)).toEqual(overdue);
    // the viewer has no node form
    expect(await page.locator('[data-testid=project-node-form]').count()).toBe(0);

    const cli = cliProgress('now');
    await page.click('[data-testid=campaign-back]');
    await page.click('[data-testid=campaign-tab-standard]');
    await page.locator('[data-testid=standard-land-list]').waitFor();
    await page.selectOption('[data-testid=agreement-filter-status]', 'unmet');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=agreement]').length === n, cli.standard_land.unmet, { timeout: 30_000 });
    const shown = await page.locator('[data-testid=agreement]').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(shown.length).toBeGreaterThan(0);
    expect(new Set(shown)).toEqual(new Set(['unmet']));
    expectNoErrors();
  });

  it('lists the 两高 screen under the 整治清单: projects since 2018 at ≥ 1 000 tce a year (三(一)3)', async () => {
    const { records } = (await fetchJson('/api/cases')) as { records: StoredRecord<CampaignCase>[] };
    // The screen, from the plan's words: built in 2018 or later, 1 000 tce a year or more.
    const want = records.filter((r) => r.data.two_high && r.data.two_high.built_year >= 2018 && r.data.two_high.energy_tce >= 1000).map((r) => r.id).sort();
    expect(want.length).toBeGreaterThan(0);
    const { page, expectNoErrors } = await openPage('/#/map?tab=campaign', { user: 'demo-viewer' });
    await page.locator('[data-testid=two-high-list]').waitFor({ timeout: 30_000 });
    const shown = await page.locator('[data-testid=two-high-row]').evaluateAll((els) => els.map((e) => e.getAttribute('data-case')!));
    expect([...shown].sort()).toEqual(want);
    expectNoErrors();
  });

  it("a prospect's page shows none of it and never asks for the registers", async () => {
    const target = await pickCase();
    const { page, requests, expectNoErrors } = await openPage(`/#/site/${target.data.parcel_id}`);
    await page.locator('[data-testid=site-name], [data-testid=site-not-found]').first().waitFor({ state: 'visible', timeout: 30_000 });
    const text = await page.locator('body').innerText();
    expect(text).not.toContain(target.id);
    expect(text).not.toContain('整治');
    expect(text).not.toContain('销号');
    expect(requests.filter((u) => /\/api\/(cases|projects|block-plans|small-parks|standard-land)\b|internal\/(cases|projects|block-plans|small-parks|standard-land)\.json/.test(u))).toEqual([]);
    expectNoErrors();
  });
});
