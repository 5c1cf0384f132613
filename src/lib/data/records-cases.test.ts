// cases.json (低效整治 cases, schema LowEfficiencyCase) read record by record: a bad record is set aside naming the
// file, the record and the field; the rest is kept.
import { describe, expect, it } from 'vitest';
import { caseParser, parseCasesFile, validateRecords } from './records.ts';

const parcels = new Set(['NH-1', 'NH-2']);
const good = {
  id: 'CASE-001',
  parcel_id: 'NH-1',
  enterprise_id: 'ENT-EXIT-01',
  route: 'close',
  status: 'closed',
  opened_year: 2022,
  closed_year: 2023,
  area_mu: 5.74,
  outcome: 'handed_back',
  energy_freed_tce: 901,
  co2_cut_t: 1980.5,
};
const open = { id: 'CASE-002', parcel_id: 'NH-2', enterprise_id: 'ENT-0001', route: 'upgrade', status: 'open', opened_year: 2024, area_mu: 3 };

function rejectOf(rec: Record<string, unknown>): string {
  const v = validateRecords([good, rec], 'cases.json', caseParser({ parcelIds: parcels }), { unique: (c) => c.id });
  expect(v.accepted.map((c) => c.id)).toEqual(['CASE-001']);
  expect(v.rejects).toHaveLength(1);
  expect(v.rejects[0]).toMatchObject({ file: 'cases.json', index: 1, feature: rec });
  return v.rejects[0]!.reason;
}

describe('caseParser', () => {
  it('reads a closed and an open case; absent figures and years become null', () => {
    const v = validateRecords([good, open], 'cases.json', caseParser({ parcelIds: parcels }));
    expect(v.rejects).toEqual([]);
    expect(v.accepted[0]).toEqual(good);
    expect(v.accepted[1]).toEqual({ ...open, closed_year: null, outcome: null, energy_freed_tce: null, co2_cut_t: null });
    // a firm that left the register is not checked against enterprises.json; parcels are, when known
    expect(v.accepted[0]!.enterprise_id).toBe('ENT-EXIT-01');
  });

  it('names the field of each bad record', () => {
    expect(rejectOf({ ...good, id: 'CASE-009', parcel_id: 'NH-9' })).toBe('field "parcel_id" = "NH-9" names no parcel of the parcels layer');
    expect(rejectOf({ ...good, id: 'CASE-009', route: 'demolish' })).toBe('field "route" must be one of close, merge, vacate, relocate, upgrade, got "demolish"');
    expect(rejectOf({ ...good, id: 'CASE-009', status: 'done' })).toBe('field "status" must be one of open, closed, got "done"');
    expect(rejectOf({ ...good, id: 'CASE-009', closed_year: null })).toBe('field "closed_year" is required when status is "closed" (the year of 合格销号)');
    expect(rejectOf({ ...good, id: 'CASE-009', closed_year: 2021 })).toBe('field "closed_year" = 2021 is before opened_year 2022');
    expect(rejectOf({ ...good, id: 'CASE-009', closed_year: 2023.5 })).toBe('field "closed_year" must be a whole year (1990–2100) or null, got 2023.5');
    expect(rejectOf({ ...good, id: 'CASE-009', outcome: null })).toBe('field "outcome" must be one of handed_back, relet, use_raised, got null');
    expect(rejectOf({ ...good, id: 'CASE-009', outcome: 'use_raised' })).toBe('field "outcome" = "use_raised" cannot end a "close" case (allowed: handed_back, relet)');
    expect(rejectOf({ ...good, id: 'CASE-009', route: 'upgrade', outcome: 'relet' })).toBe('field "outcome" = "relet" cannot end a "upgrade" case (allowed: use_raised)');
    expect(rejectOf({ ...open, closed_year: 2025 })).toBe('field "closed_year" = 2025 is set but status is "open"');
    expect(rejectOf({ ...open, outcome: 'relet' })).toBe('field "outcome" = "relet" is set but status is "open"');
    expect(rejectOf({ ...good, id: 'CASE-009', area_mu: 0 })).toBe('field "area_mu" (亩) is required and must be > 0, got 0');
    expect(rejectOf({ ...good, id: 'CASE-009', area_mu: undefined })).toBe('field "area_mu" (亩) is required and must be > 0, got nothing');
    expect(rejectOf({ ...good, id: 'CASE-009', energy_freed_tce: -1 })).toBe('field "energy_freed_tce" = -1 is outside [0, 100000000]');
    expect(rejectOf({ ...good, id: 'CASE-009', co2_cut_t: 'lots' })).toBe('field "co2_cut_t" must be a number, got "lots"');
    expect(rejectOf({ ...good, id: '<b>' })).toMatch(/^field "id" = "<b>" cannot be used in a link/);
  });

  it('a repeated id is set aside after the first, with the id named', () => {
    const v = validateRecords([good, { ...good, area_mu: 1 }], 'cases.json', caseParser(), { unique: (c) => c.id });
    expect(v.accepted).toHaveLength(1);
    expect(v.rejects[0]).toMatchObject({ file: 'cases.json', index: 1, id: 'CASE-001', reason: 'duplicate id "CASE-001" (an earlier record has it)' });
  });

  it('without the parcels known, any parcel id is taken', () => {
    expect(validateRecords([{ ...good, parcel_id: 'elsewhere' }], 'cases.json', caseParser()).rejects).toEqual([]);
  });
});

describe('parseCasesFile (after the build)', () => {
  it('reads a list or { cases: [...] }; a bad record is an error naming file, record and field', () => {
    expect(parseCasesFile({ sample: true, cases: [good, open] }, 'x/cases.json').map((c) => c.id)).toEqual(['CASE-001', 'CASE-002']);
    expect(parseCasesFile([good])).toHaveLength(1);
    expect(() => parseCasesFile([good, { ...open, route: 'x' }], 'x/cases.json')).toThrow('x/cases.json: record #1 (CASE-002): field "route" must be one of close, merge, vacate, relocate, upgrade, got "x"');
    expect(() => parseCasesFile({ rows: [] }, 'x/cases.json')).toThrow('x/cases.json: expected an array or { "cases": [...] }');
  });
});
