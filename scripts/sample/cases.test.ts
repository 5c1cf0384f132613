// The sample 低效整治 cases (cases.json): deterministic, labelled sample data, valid under the build's parser, and
// covering what the dashboard counts — closed cases of every outcome, open ones, a few without recorded figures.
import turfArea from '@turf/area';
import { beforeAll, describe, expect, it } from 'vitest';
import { CASE_OUTCOMES, CASE_ROUTES, type PolygonGeometry } from '../../src/lib/data/schema.ts';
import { caseParser, validateRecords } from '../../src/lib/data/records.ts';
import { makeCases } from './cases.ts';
import { makeCampaignCases } from './registers.ts';
import { generateSample, sampleFiles, type SampleCounty } from './generate.ts';

let county: SampleCounty;
beforeAll(() => {
  county = generateSample({ parcels: 3000 });
});

describe('sample cases.json', () => {
  it('is written with the other files, labelled 示例数据, and the same for the same seed', () => {
    const text = sampleFiles(county).find(([n]) => n === 'cases.json')![1];
    const parsed = JSON.parse(text) as { sample: boolean; label: string; cases: unknown[] };
    expect(parsed).toMatchObject({ sample: true, label: '示例数据 / sample data' });
    // The file holds the register (registers.ts): the cases below plus their steps, criteria and units.
    expect(parsed.cases).toEqual(makeCampaignCases(county));
    expect(JSON.stringify(makeCampaignCases(generateSample({ parcels: 3000 })))).toBe(JSON.stringify(parsed.cases));
    expect(JSON.stringify(makeCampaignCases(generateSample({ parcels: 3000, seed: 7 })))).not.toBe(JSON.stringify(parsed.cases));
  });

  it('holds a few dozen cases, every one accepted by the build’s parser against the sample parcels', () => {
    const cases = makeCases(county);
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(cases.length).toBeLessThanOrEqual(60);
    const v = validateRecords(cases, 'cases.json', caseParser({ parcelIds: new Set(county.parcels.features.map((f) => f.properties.id)) }), { unique: (c) => c.id });
    expect(v.rejects).toEqual([]);
    expect(new Set(cases.map((c) => c.parcel_id)).size).toBe(cases.length); // one case per parcel
  });

  it('has closed cases of every outcome and route, open ones, and closed ones without a recorded figure', () => {
    const cases = makeCases(county);
    const closed = cases.filter((c) => c.status === 'closed');
    for (const o of CASE_OUTCOMES) expect(closed.some((c) => c.outcome === o), o).toBe(true);
    for (const r of CASE_ROUTES) {
      expect(closed.some((c) => c.route === r), r).toBe(true);
      expect(cases.some((c) => c.route === r && c.status === 'open'), r).toBe(true);
    }
    expect(closed.every((c) => c.closed_year! >= 2021 && c.closed_year! <= 2025)).toBe(true);
    expect(closed.some((c) => c.energy_freed_tce === null)).toBe(true);
    expect(closed.some((c) => c.energy_freed_tce !== null && c.co2_cut_t !== null)).toBe(true);
    expect(cases.filter((c) => c.status === 'open').every((c) => c.energy_freed_tce === null && c.outcome === null)).toBe(true);
  });

  it('sits on parcels that show the outcome, with the parcel’s area (checked against Turf to 1 %)', () => {
    const byId = new Map(county.parcels.features.map((f) => [f.properties.id, f]));
    for (const c of makeCases(county)) {
      const f = byId.get(c.parcel_id)!;
      const p = f.properties;
      expect(Math.abs(c.area_mu - turfArea(f.geometry as PolygonGeometry) / (10000 / 15)) / c.area_mu, c.id).toBeLessThan(0.01);
      if (c.outcome === 'handed_back') expect(p.enterprise_id === null && ['idle', 'for_transfer'].includes(p.status), c.id).toBe(true);
      if (c.outcome === 'relet') expect(['supplied_not_used', 'under_construction'].includes(p.status), c.id).toBe(true);
      if (c.outcome === 'use_raised') expect(p.enterprise_id, c.id).toBe(c.enterprise_id);
    }
  });
});
