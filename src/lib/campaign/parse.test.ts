// The registers' parsers: every refusal names the field, and a record's state follows from its dates.
import { describe, expect, it } from 'vitest';
import { agreementParser, blockPlanParser, campaignCaseParser, campaignProjectParser, smallParkParser } from './parse.ts';

const caseBase = { id: 'C1', parcel_id: 'P1', route: 'vacate', area_mu: 5 };
const reason = (r: { ok: boolean; reason?: string }) => (r.ok ? 'ok' : r.reason);

describe('campaignCaseParser', () => {
  const parse = campaignCaseParser({ parcelIds: new Set(['P1', 'P2']) });
  it('derives status, opened and closed years and the stage from the steps', () => {
    const r = parse({ ...caseBase, outcome: 'relet', steps: [{ date: '2022-01-05', stage: 'filed', note: '' }, { date: '2024-07-01', stage: 'closed', note: '销号' }], status: 'open', closed_year: 1999 });
    expect(r.ok && [r.value.status, r.value.opened_year, r.value.closed_year, r.value.stage, r.value.parcel_ids]).toEqual(['closed', 2022, 2024, 'closed', ['P1']]);
  });
  it('refuses steps out of order, steps after the end, and 关停退出 outside a close case, naming the field', () => {
    expect(reason(parse({ ...caseBase, steps: [{ date: '2023-01-01', stage: 'filed' }, { date: '2022-01-01', stage: 'rectifying' }] }))).toMatch(/^field "steps\[1\]\.date" = 2022-01-01 is before/);
    expect(reason(parse({ ...caseBase, outcome: 'relet', steps: [{ date: '2023-01-01', stage: 'closed' }, { date: '2023-02-01', stage: 'rectifying' }] }))).toMatch(/^field "steps\[1\]" follows the end/);
    expect(reason(parse({ ...caseBase, outcome: 'relet', steps: [{ date: '2023-01-01', stage: 'exited' }] }))).toMatch(/^field "steps\[0\]\.stage" = "exited"/);
    expect(reason(parse({ ...caseBase, steps: [{ date: '2023-02-30', stage: 'filed' }] }))).toMatch(/^field "steps\[0\]\.date" must be a calendar date/);
    expect(reason(parse({ ...caseBase, steps: [{ date: '2023-02-01', stage: 'done' }] }))).toMatch(/^field "steps\[0\]\.stage" must be one of/);
  });
  it('a case that ends needs an outcome its route allows; an open one drops any outcome', () => {
    expect(reason(parse({ ...caseBase, steps: [{ date: '2023-01-01', stage: 'closed' }] }))).toMatch(/field "outcome"/);
    expect(reason(parse({ ...caseBase, route: 'upgrade', outcome: 'relet', steps: [{ date: '2023-01-01', stage: 'closed' }] }))).toMatch(/field "outcome" = "relet" cannot end a "upgrade" case/);
    const open = parse({ ...caseBase, outcome: 'relet', steps: [{ date: '2023-01-01', stage: 'filed' }] });
    expect(open.ok && open.value.outcome).toBeNull();
  });
  it('names unknown parcels and bad criteria', () => {
    expect(reason(parse({ ...caseBase, parcel_ids: ['P2', 'P9'], steps: [{ date: '2023-01-01', stage: 'filed' }] }))).toMatch(/field "parcel_ids" names "P9"/);
    expect(reason(parse({ ...caseBase, criteria: [{ criterion: 'tax', value: 3, threshold: 10 }], steps: [{ date: '2023-01-01', stage: 'filed' }] }))).toMatch(/^field "criteria\[0\]\.year"/);
  });
  it('a delivered case of years only gets steps at the end of those years', () => {
    const r = parse({ ...caseBase, status: 'closed', opened_year: 2021, closed_year: 2023, outcome: 'handed_back' });
    expect(r.ok && r.value.steps.map((s) => [s.date, s.stage])).toEqual([
      ['2021-12-31', 'filed'],
      ['2023-12-31', 'closed'],
    ]);
    expect(r.ok && [r.value.opened_year, r.value.closed_year]).toEqual([2021, 2023]);
  });
  it('a delivered closed case without its closing year is refused, never turned into an open one', () => {
    expect(reason(parse({ ...caseBase, status: 'closed', opened_year: 2021, outcome: 'handed_back' }))).toMatch(/field "closed_year" is required when status is "closed"/);
  });
});

describe('campaignProjectParser', () => {
  const base = { id: 'PR1', name: '项目', investment_100m: 2, stage: 'attract' };
  it('takes the stage from the latest done node, whatever the record says', () => {
    const r = campaignProjectParser()({ ...base, nodes: [{ key: 'completed', planned: '2024-01-01', actual: '2024-02-01' }, { key: 'signed', planned: '2022-01-01', actual: '2022-01-01' }] });
    expect(r.ok && [r.value.stage, r.value.nodes.map((n) => n.key)]).toEqual(['accept', ['signed', 'completed']]);
  });
  it('refuses a node twice and bad dates, naming the field', () => {
    expect(reason(campaignProjectParser()({ ...base, nodes: [{ key: 'signed' }, { key: 'signed' }] }))).toMatch(/^field "nodes\[1\]\.key" = "signed" appears twice/);
    expect(reason(campaignProjectParser()({ ...base, nodes: [{ key: 'land', planned: '2024-13-01' }] }))).toMatch(/^field "nodes\[0\]\.planned"/);
  });
});

describe('the other registers', () => {
  it('block plans need milestones and an area', () => {
    expect(reason(blockPlanParser({ blockIds: new Set(['B1']) })({ block_id: 'B1', name: 'x', target_use: 'y', area_mu: 3, milestones: [] }))).toMatch(/field "milestones"/);
    expect(reason(blockPlanParser({ blockIds: new Set(['B1']) })({ block_id: 'B2', name: 'x', target_use: 'y', area_mu: 3, milestones: [{ name: '验收', planned: '2024-01-01' }] }))).toMatch(/field "block_id" = "B2" names no block/);
  });
  it('small parks: stars 1–5 whole, a position', () => {
    const park = { id: 'K1', name: '园', kind: 'built', year: 2022, area_mu: 10, lon: 121.4, lat: 29.3 };
    expect(reason(smallParkParser()({ ...park, stars: 4.5 }))).toMatch(/field "stars"/);
    expect(reason(smallParkParser()({ ...park, stars: 6 }))).toMatch(/field "stars"/);
    expect(reason(smallParkParser()({ ...park, lat: undefined }))).toMatch(/"lon" and "lat"/);
    expect(reason(smallParkParser()({ ...park, kind: 'bought' }))).toMatch(/field "kind"/);
  });
  it('agreements: indicators from the list, 达产 not before 竣工', () => {
    const a = { parcel_id: 'P1', agreement_no: 'N', signed: '2021-01-01', source: 'S', contracted: { far: 1.5 } };
    expect(reason(agreementParser()({ ...a, contracted: { floor_height: 3 } }))).toMatch(/field "contracted\.floor_height" is not an agreement indicator/);
    expect(reason(agreementParser()({ ...a, contracted: {} }))).toMatch(/field "contracted" must give at least one/);
    expect(reason(agreementParser()({ ...a, completed: '2023-01-01', full_output: '2022-12-31' }))).toMatch(/field "full_output"/);
    expect(reason(agreementParser()({ ...a, achieved: { far: -1 } }))).toMatch(/field "achieved\.far"|outside/);
  });
});
