// `tenglong progress` and `tenglong cases|projects|blocks list` through the real binary (issue 15 item 7), on the
// tiny county's data build and an embedded workspace in a temporary folder: `progress --json` equals
// campaignProgress() computed here on records read back from the workspace and the build's files read here; the
// lists filter; a workspace that never held a register falls back to the delivered file and says so.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATHS } from '../../scripts/paths.ts';
import { openWorkspace } from '../../server/workspace/open.ts';
import { BLOCK_PLANS, CASES, PROJECTS, RecordStore, SMALL_PARKS, STANDARD_LAND, type RecordKind } from '../../server/workspace/record-store.ts';
import { campaignInput, type CampaignParcel } from '../../src/lib/campaign/input.ts';
import { campaignProgress } from '../../src/lib/campaign/progress.ts';
import { readAllFgb } from '../../src/lib/data/fgb-read.ts';
import type { Enterprise, LowEfficiencyBlockProps } from '../../src/lib/data/schema.ts';
import { parsePolicy } from '../../src/lib/rules/policy.ts';
import { chinaToday } from '../../src/lib/workspace/parcel-status.ts';
import { agreement, blockPlan, closedCase, kase, project, smallPark } from './helpers/campaign-records.ts';
import { runCli } from './helpers/run-cli.ts';
import { buildTinyCounty, type TinyBuild } from './helpers/tiny-county.ts';

const dir = mkdtempSync(join(tmpdir(), 'tenglong-campaign-cli-'));
const wsDir = join(dir, 'workspace');
let build: TinyBuild;

beforeAll(async () => {
  build = await buildTinyCounty();
  const ws = await openWorkspace({ kind: 'pglite', dir: wsDir });
  const records = new RecordStore(ws.db);
  await records.create(CASES, kase('K-1'), 'u-planner');
  await records.create(CASES, closedCase('K-2', '2023-11-30', { parcel_id: 'T-2', area_mu: 8 }), 'u-planner');
  await records.create(CASES, closedCase('K-3', '2024-05-01', { town: '西店镇' }), 'u-planner');
  await records.create(CASES, closedCase('K-4', '2023-07-01'), 'u-planner');
  await records.remove(CASES, 'K-4', 1, 'u-admin'); // deleted: counted nowhere
  await records.create(PROJECTS, project('PR-1'), 'u-investment');
  await records.create(PROJECTS, project('PR-2', { nodes: [{ key: 'signed', planned: '2021-03-01', actual: '2021-03-01' }, { key: 'land', planned: '2021-09-01', actual: '2021-08-20' }] }), 'u-investment');
  await records.create(BLOCK_PLANS, blockPlan('B1', { milestones: [{ name: '方案批复', planned: '2022-05-01', actual: '2022-05-10' }, { name: '验收', planned: '2023-10-01', actual: '2023-10-20' }] }), 'u-planner');
  await records.create(SMALL_PARKS, smallPark('SP-1'), 'u-planner');
  await records.create(STANDARD_LAND, agreement('T-3', { completed: '2023-09-01', achieved: { investment_per_mu: 320 } }), 'u-planner');
  await ws.close();
}, 120_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  if (build) rmSync(build.root, { recursive: true, force: true });
});

/** The expected progress, from the records read back from the workspace and the build's files read here. */
async function expectedProgress(year: number) {
  const ws = await openWorkspace({ kind: 'pglite', dir: wsDir });
  const records = new RecordStore(ws.db);
  const data = async <T>(k: RecordKind<T>): Promise<T[]> => (await records.list(k)).map((r) => r.data);
  const cases = await data(CASES);
  const projects = await data(PROJECTS);
  const plans = await data(BLOCK_PLANS);
  const parks = await data(SMALL_PARKS);
  const agreements = await data(STANDARD_LAND);
  await ws.close();
  const internal = join(build.data, 'internal');
  const parcels = readAllFgb(new Uint8Array(readFileSync(join(internal, 'parcels.fgb'))), 'parcels.fgb') as unknown as CampaignParcel[];
  const blocksFile = join(build.data, 'public', 'low-efficiency-blocks.fgb');
  const blocks = readAllFgb(new Uint8Array(readFileSync(blocksFile)), blocksFile).map((f) => f.properties as unknown as LowEfficiencyBlockProps);
  const entRaw = JSON.parse(readFileSync(join(internal, 'enterprises.json'), 'utf8')) as Enterprise[] | { enterprises: Enterprise[] };
  const enterprises = Array.isArray(entRaw) ? entRaw : entRaw.enterprises;
  const rawPolicy: unknown = JSON.parse(readFileSync(PATHS.policy, 'utf8'));
  const policy = parsePolicy(rawPolicy, PATHS.policy);
  // The tiny county has no chains.json, land-supply.json or land-swap.json: those rows are not measurable either way.
  const input = campaignInput({
    parcels,
    enterprises,
    blocks,
    policy,
    chains: null,
    supply: null,
    swap: null,
    cases,
    projects,
    plans,
    parks,
    agreements,
  });
  return JSON.parse(JSON.stringify(campaignProgress(input, year, chinaToday()))) as unknown;
}

describe('tenglong progress', () => {
  it('--json equals campaignProgress() on the same records and data', async () => {
    for (const year of [2022, 2023]) {
      const r = runCli(['progress', '--json', '--year', String(year), '--data', build.data, '--workspace', wsDir]);
      expect(r.code, r.stderr).toBe(0);
      const got = JSON.parse(r.stdout) as { day: string; rows: { key: string; value: number | null }[]; towns: { town: string; cases_closed: number }[] };
      expect(got).toEqual(await expectedProgress(year));
      expect(got.day).toBe(`${year}-12-31`);
      // By hand: K-2 (8 亩, closed 2023-11-30) counts from 2023 on, not before; K-3 closes in 2024; K-4 is deleted.
      expect(got.towns.find((t) => t.town === '跃龙街道')?.cases_closed).toBe(year === 2023 ? 1 : 0);
    }
  }, 120_000);

  it('prints a table of targets and towns; a bad year is a usage error', () => {
    const r = runCli(['progress', '--year', '2023', '--data', build.data, '--workspace', wsDir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/as of 2023-12-31/);
    expect(r.stdout).toMatch(/赛马 towns:/);
    expect(r.stdout).toMatch(/跃龙街道/);
    expect(runCli(['progress', '--year', '2019', '--data', build.data, '--workspace', wsDir]).code).toBe(2);
  }, 120_000);
});

describe('tenglong cases|projects|blocks list', () => {
  it('cases list --status closed --json lists the closed cases only; --status open and --town filter', () => {
    const ids = (args: string[]) => {
      const r = runCli(['cases', 'list', '--json', '--workspace', wsDir, '--data', build.data, ...args]);
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { id: string }[]).map((c) => c.id);
    };
    expect(ids(['--status', 'closed'])).toEqual(['K-2', 'K-3']);
    expect(ids(['--status', 'open'])).toEqual(['K-1']);
    expect(ids(['--status', 'closed', '--town', '西店镇'])).toEqual(['K-3']);
    expect(ids([])).toEqual(['K-1', 'K-2', 'K-3']);
    expect(runCli(['cases', 'list', '--status', 'done', '--workspace', wsDir]).code).toBe(2);
  }, 120_000);

  it('projects list --status overdue and blocks list --status done', () => {
    const p = runCli(['projects', 'list', '--status', 'overdue', '--json', '--workspace', wsDir, '--data', build.data]);
    expect(p.code, p.stderr).toBe(0);
    expect((JSON.parse(p.stdout) as { id: string; overdue: string[] }[]).map((x) => [x.id, x.overdue])).toEqual([['PR-1', ['land']]]);
    const b = runCli(['blocks', 'list', '--status', 'done', '--json', '--workspace', wsDir, '--data', build.data]);
    expect(b.code, b.stderr).toBe(0);
    expect((JSON.parse(b.stdout) as { block_id: string; progress: { share: number } }[]).map((x) => [x.block_id, x.progress.share])).toEqual([['B1', 1]]);
    const text = runCli(['blocks', 'list', '--workspace', wsDir, '--data', build.data]);
    expect(text.stdout).toMatch(/B1\s+done\s+2\/2 \(100 %\)/);
  }, 120_000);

  it('a workspace that never held cases reads the delivered file and says so on stderr', () => {
    writeFileSync(join(build.data, 'internal', 'cases.json'), JSON.stringify({ label: '示例', cases: [kase('F-1'), closedCase('F-2', '2023-08-05')] }));
    const r = runCli(['cases', 'list', '--status', 'closed', '--json', '--workspace', join(dir, 'fresh'), '--data', build.data]);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { id: string }[]).map((c) => c.id)).toEqual(['F-2']);
    expect(r.stderr).toMatch(/holds no case records yet.*cases\.json/);
  }, 120_000);
});
