// build-data and the campaign's registers (issue 15): cases.json and projects.json read with the register parsers
// (dated steps and nodes kept, state derived from the dates), and the optional block-plans.json, small-parks.json
// and standard-land.json validated record by record — a bad record set aside naming its field, the rest written to
// internal/ and never to public/. A county without the new files builds as before.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Position } from '../../src/lib/data/schema.ts';
import { ninghaiPolicy } from '../../src/lib/rules/test-policy.ts';
import { buildData } from '../../scripts/build-data.ts';

const policy = ninghaiPolicy();

function square(lon: number, lat: number, d = 0.001): Position[][] {
  return [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]];
}
const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const poly = (coordinates: unknown, properties: Record<string, unknown>) => ({ type: 'Feature', geometry: { type: 'Polygon', coordinates }, properties });
const parcel = (id: string, lon: number, extra: Record<string, unknown> = {}) =>
  poly(square(lon, 29.29), {
    id,
    land_use: 'industrial',
    status: 'in_use',
    enterprise_id: 'E1',
    floor_area_m2: 9000,
    height_m: 12,
    coverage: 0.5,
    green_ratio: 0.1,
    admin_ratio: 0.05,
    standard_land: true,
    industry: 'moulds',
    town: '跃龙街道',
    park: null,
    ...extra,
  });

const plan = (block_id: string, extra: Record<string, unknown> = {}) => ({
  block_id,
  name: `${block_id} 一区块一方案`,
  town: '跃龙街道',
  target_use: '小微企业园',
  measures: ['整体腾退收储'],
  units: ['跃龙街道办事处', '县经信局'],
  area_mu: 120,
  milestones: [
    { name: '方案编制', planned: '2023-03-01', actual: '2023-03-10' },
    { name: '验收', planned: '2024-10-01', actual: null },
  ],
  sample: true,
  ...extra,
});

function makeSource(withRegisters: boolean): string {
  const src = mkdtempSync(join(tmpdir(), 'tenglong-reg-'));
  writeFileSync(join(src, 'parcels.geojson'), fc([parcel('A', 121.43), parcel('B', 121.432), parcel('C', 121.434, { enterprise_id: null, status: 'idle', standard_land: false })]));
  writeFileSync(join(src, 'control-lines.geojson'), fc([poly(square(121.42, 29.28, 0.03), { id: 'L1', name: '跃龙一级线', level: 1 })]));
  writeFileSync(join(src, 'zones.geojson'), fc([poly(square(121.6, 29.22, 0.03), { id: 'Z1', kind: 'adjusted-use', name: '调整区' })]));
  writeFileSync(
    join(src, 'low-efficiency-blocks.geojson'),
    fc([
      poly(square(121.425, 29.285, 0.01), { id: 'B1', name: '示例低效区块一', reason: '容积率低', renovation_status: 'in_progress', renovation_year: 2023 }),
      poly(square(121.445, 29.285, 0.01), { id: 'B2', name: '示例低效区块二', reason: '亩均税收低', renovation_status: 'planned', renovation_year: 2025 }),
    ]),
  );
  writeFileSync(
    join(src, 'enterprises.json'),
    JSON.stringify({ enterprises: [{ id: 'E1', name: '宁海示例甲公司', above_scale: true, tax_10k: 300, value_added_10k: 1200, revenue_10k: 9000, rd_10k: 300, energy_tce: 500, emissions_t: 3, co2_t: 1200, employees: 120 }] }),
  );
  writeFileSync(
    join(src, 'projects.json'),
    JSON.stringify({
      projects: [
        {
          id: 'P-001', name: '示例项目', parcel_id: 'A', enterprise_id: 'E1', investment_100m: 2, stage: 'attract', unit: '县经信局', town: '跃龙街道',
          nodes: [{ key: 'signed', planned: '2022-01-10', actual: '2022-01-12' }, { key: 'start', planned: '2022-06-01', actual: '2022-07-01' }, { key: 'completed', planned: '2023-06-01', actual: null }],
        },
      ],
    }),
  );
  writeFileSync(
    join(src, 'cases.json'),
    JSON.stringify({
      cases: [
        {
          id: 'CASE-001', parcel_id: 'C', enterprise_id: 'ENT-EXIT-01', route: 'close', area_mu: 16, outcome: 'handed_back', energy_freed_tce: 100, co2_cut_t: 230,
          enterprise_name: '宁海示例跃龙五金厂（已退出）', town: '跃龙街道', units: ['跃龙街道办事处', '县经信局'],
          criteria: [{ criterion: 'tax', value: 3.2, threshold: 10, year: 2021 }],
          steps: [
            { date: '2022-02-01', stage: 'screening', note: '排查' },
            { date: '2022-03-01', stage: 'filed', note: '建档' },
            { date: '2023-05-20', stage: 'exited', note: '关停退出' },
          ],
        },
        // a file of years only still reads
        { id: 'CASE-002', parcel_id: 'B', enterprise_id: 'E1', route: 'upgrade', status: 'open', opened_year: 2024, area_mu: 16 },
      ],
    }),
  );
  if (withRegisters) {
    writeFileSync(
      join(src, 'block-plans.json'),
      JSON.stringify({
        label: '示例',
        block_plans: [
          plan('B1'),
          plan('B2', { milestones: [{ name: '方案编制', planned: 'soon', actual: null }] }),
          plan('B9'),
        ],
      }),
    );
    writeFileSync(
      join(src, 'small-parks.json'),
      JSON.stringify({ small_parks: [{ id: 'SP-01', name: '跃龙小微企业园', town: '跃龙街道', stars: 5, rated_year: 2024, kind: 'built', year: 2022, area_mu: 60, occupancy: 0.9, lon: 121.43, lat: 29.29 }] }),
    );
    writeFileSync(
      join(src, 'standard-land.json'),
      JSON.stringify({
        agreements: [
          { parcel_id: 'A', enterprise_id: 'E1', agreement_no: '宁海标准地〔2021〕001号', signed: '2021-04-01', source: '协议', contracted: { investment_per_mu: 400, tax_per_mu: 30, far: 1.5 }, completed: '2023-01-01', full_output: null, achieved: {} },
          { parcel_id: 'B', enterprise_id: 'E1', agreement_no: '宁海标准地〔2021〕002号', signed: '2021-05-01', source: '协议', contracted: { investment_per_mu: 400, speed: 3 } },
        ],
      }),
    );
  }
  return src;
}

describe('build-data: the campaign registers', () => {
  it('keeps the good records of the register files in internal/, sets a bad one aside naming its field', async () => {
    const src = makeSource(true);
    const out = join(mkdtempSync(join(tmpdir(), 'tenglong-out-')), 'data');
    const report = await buildData({ src, out, store: `${out}.store`, policy });

    expect(report.records['block-plans.json']).toEqual({ read: 3, accepted: 1, rejected: 2 });
    expect(report.records['small-parks.json']).toEqual({ read: 1, accepted: 1, rejected: 0 });
    expect(report.records['standard-land.json']).toEqual({ read: 2, accepted: 1, rejected: 1 });
    const reasons = report.rejects.filter((r) => r.file.endsWith('.json')).map((r) => `${r.file.split('/').pop()} #${r.index}: ${r.reason}`);
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^block-plans\.json #1: field "milestones\[0\]\.planned" must be a calendar date/),
        'block-plans.json #2: field "block_id" = "B9" names no block of low-efficiency-blocks',
        expect.stringMatching(/^standard-land\.json #1: field "contracted\.speed" is not an agreement indicator/),
      ]),
    );
    const rejects = JSON.parse(readFileSync(join(out, 'internal', 'rejects.json'), 'utf8')) as { rejects: { file: string; index: number; feature: unknown }[] };
    expect(rejects.rejects.find((r) => r.file.endsWith('block-plans.json') && r.index === 1)!.feature).toMatchObject({ block_id: 'B2' });

    const internal = (name: string) => JSON.parse(readFileSync(join(out, 'internal', name), 'utf8')) as Record<string, Record<string, unknown>[]>;
    const plans = internal('block-plans.json');
    expect(plans['label']).toBe('示例');
    expect(plans['block_plans']!.map((p) => p['block_id'])).toEqual(['B1']);
    expect(internal('small-parks.json')['small_parks']).toHaveLength(1);
    expect(internal('standard-land.json')['agreements']!.map((a) => a['parcel_id'])).toEqual(['A']);

    // Cases and projects keep their register members; state comes from the dates.
    const cases = internal('cases.json')['cases']!;
    expect(cases[0]).toMatchObject({ id: 'CASE-001', status: 'closed', opened_year: 2022, closed_year: 2023, stage: 'exited', enterprise_name: '宁海示例跃龙五金厂（已退出）', parcel_ids: ['C'] });
    expect(cases[1]).toMatchObject({ id: 'CASE-002', status: 'open', opened_year: 2024, stage: 'filed' });
    const projects = internal('projects.json')['projects']!;
    expect(projects[0]).toMatchObject({ id: 'P-001', stage: 'construct', unit: '县经信局', town: '跃龙街道' });
    expect((projects[0]!['nodes'] as unknown[]).length).toBe(3);

    // Internal only.
    const pub = readdirSync(join(out, 'public'));
    for (const n of ['cases.json', 'projects.json', 'block-plans.json', 'small-parks.json', 'standard-land.json']) expect(pub).not.toContain(n);
  });

  it('a county without the new files builds as before', async () => {
    const src = makeSource(false);
    const out = join(mkdtempSync(join(tmpdir(), 'tenglong-out-')), 'data');
    const report = await buildData({ src, out, store: `${out}.store`, policy });
    expect(report.records['cases.json']).toEqual({ read: 2, accepted: 2, rejected: 0 });
    for (const n of ['block-plans.json', 'small-parks.json', 'standard-land.json']) {
      expect(report.records[n]).toBeUndefined();
      expect(existsSync(join(out, 'internal', n))).toBe(false);
    }
    rmSync(src, { recursive: true, force: true });
  });
});
