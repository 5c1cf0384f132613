import { describe, expect, it } from 'vitest';
import type { TownRow } from '../campaign/progress.ts';
import type { CampaignCase } from '../campaign/types.ts';
import type { MapParcel } from '../campaign/map-features.ts';
import { campaignLayout, campaignPrintBasemap, campaignPrintLayers, campaignTables, splitRows, type CaseRow } from './campaign.ts';
import { pageLayout } from './paper.ts';

const sq: MapParcel['geometry'] = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] };
const parcels = new Map<string, MapParcel>([
  ['P1', { geometry: sq, properties: { id: 'P1', town: '东镇', low_eff_block: 'B1' } }],
  ['P2', { geometry: sq, properties: { id: 'P2', town: '西镇', low_eff_block: null } }],
]);
const kase = (id: string, parcel_id: string, over: Partial<CampaignCase> = {}): CampaignCase => ({
  id,
  parcel_id,
  parcel_ids: [parcel_id],
  enterprise_id: 'E1',
  enterprise_name: '示例企业',
  town: null,
  route: 'upgrade',
  status: 'open',
  opened_year: null,
  closed_year: null,
  area_mu: 3.5,
  outcome: null,
  energy_freed_tce: null,
  co2_cut_t: null,
  criteria: [],
  units: [],
  deadline: '2025-06-30',
  stage: 'rectifying',
  steps: [{ date: '2022-01-01', stage: 'rectifying', note: '' }],
  two_high: null,
  ...over,
});
const townRow = (town: string): TownRow => ({
  town,
  rank: 1,
  cases_open: 1,
  cases_closed: 0,
  land_freed_mu: 0,
  energy_freed_tce: 0,
  co2_cut_t: 0,
  projects_landed: 0,
  nodes_overdue: 0,
  on_time: null,
  blocks_renovated: 0,
  blocks: 0,
  parks: 0,
});

describe('作战图 tables', () => {
  it("a town's cases as of the day with firm, route, stage, area and deadline, and its 赛马 row", () => {
    const src = { cases: [kase('C2', 'P1'), kase('C1', 'P1', { enterprise_name: null }), kase('C3', 'P2')], projects: [], plans: [], parcel: (id: string) => parcels.get(id), towns: [townRow('西镇'), townRow('东镇')] };
    const t = campaignTables({ kind: 'town', id: '东镇' }, { ...src, day: '2024-12-31' });
    expect(t.cases).toEqual<CaseRow[]>([
      { id: 'C1', firm: 'E1', route: 'upgrade', stage: 'rectifying', area_mu: 3.5, deadline: '2025-06-30' },
      { id: 'C2', firm: '示例企业', route: 'upgrade', stage: 'rectifying', area_mu: 3.5, deadline: '2025-06-30' },
    ]);
    expect([t.town?.town, t.towns, t.plan]).toEqual(['东镇', 2, null]);
    expect(campaignTables({ kind: 'town', id: '东镇' }, { ...src, day: '2021-12-31' }).cases).toEqual([]);
  });
  it('splits rows over the map sheet and continuation sheets', () => {
    const rows = Array.from({ length: 7 }, (_, i) => ({ id: `C${i}` }) as CaseRow);
    expect(splitRows(rows, [], 3, 2).map((c) => c.cases.map((r) => r.id))).toEqual([['C0', 'C1', 'C2'], ['C3', 'C4'], ['C5', 'C6']]);
    expect(splitRows([], [], 3, 2)).toHaveLength(1);
  });
  it('shortens the frame to make room for the band, and shows the campaign layers', () => {
    const l = pageLayout('a4', 'landscape');
    const c = campaignLayout(l);
    expect(c.sheet.frame.h).toBeLessThan(l.frame.h);
    expect(c.band.y + c.band.h).toBeCloseTo(l.frame.y + l.frame.h, 6);
    expect(c.rowsFirst).toBeGreaterThan(5);
    expect(c.rowsNext).toBeGreaterThan(c.rowsFirst);
    expect(campaignPrintLayers(['parcels', 'zones', 'standard-land'])).toEqual(['low-efficiency', 'cases', 'projects', 'small-parks', 'standard-land']);
    // the base map is the map's basemap choice, and a 作战图 always has one
    expect([campaignPrintBasemap('none'), campaignPrintBasemap('offline'), campaignPrintBasemap('tianditu-img')]).toEqual(['offline', 'offline', 'tianditu-img']);
  });
});
