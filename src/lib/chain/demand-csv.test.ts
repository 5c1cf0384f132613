import { describe, expect, it } from 'vitest';
import type { Demand } from '../data/schema.ts';
import { parseCsv, parseDemandCsv, parseDemandJson, serializeDemandsCsv, type KnownLinks } from './demand-csv.ts';
import { applyOverlay, editDemand, EMPTY_OVERLAY, parseOverlay, removeDemand, upsertDemands } from './demand-list.ts';

const known: KnownLinks = {
  hasChain: (c) => c === 'pv-storage' || c === 'auto-mould',
  has: (c, l) => (c === 'pv-storage' && ['pv-wafer', 'pv-cell'].includes(l)) || (c === 'auto-mould' && l === 'am-testing'),
};

describe('parseCsv', () => {
  it('handles BOM, quotes, doubled quotes, commas and newlines in fields, CRLF', () => {
    const text = '\uFEFFa,b,c\r\n1,"x, y","say ""hi"""\r\n2,"line1\nline2",z\n3,,\n';
    const { rows, error } = parseCsv(text);
    expect(error).toBeNull();
    expect(rows).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x, y', 'say "hi"'] },
      { line: 3, fields: ['2', 'line1\nline2', 'z'] },
      { line: 5, fields: ['3', '', ''] },
    ]);
  });
  it('reports an unterminated quote with the line it started on', () => {
    expect(parseCsv('a,b\n1,"open\n2,3\n').error?.line).toBe(2);
  });
  it('a last row without a newline is kept', () => {
    expect(parseCsv('a\nb').rows.map((r) => r.fields)).toEqual([['a'], ['b']]);
  });
});

const sample: Demand[] = [
  { id: 'D-1', chain: 'pv-storage', link: 'pv-wafer', profile: 'N型硅片, 大尺寸 "210"\n第二行', land_mu: 141, investment_100m: 3.4, park: '宁波南部滨海新区', status: 'open' },
  { id: 'D-2', chain: 'auto-mould', link: 'am-testing', profile: '检测', land_mu: 49.5, investment_100m: 0, park: null, status: 'signed' },
];

describe('demand CSV', () => {
  it('round-trips through serialize → parse, with a BOM first', () => {
    const csv = serializeDemandsCsv(sample);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.split('\r\n')[0]).toBe('\uFEFFid,chain,link,profile,land_mu,investment_100m,park,status');
    const back = parseDemandCsv(csv, known);
    expect(back.errors).toEqual([]);
    expect(back.demands).toEqual(sample);
  });

  it('keeps good rows and names each bad line (a quoted newline shifts later line numbers)', () => {
    const csv = [
      'id,chain,link,profile,land_mu,investment_100m,park,status',
      'A-1,pv-storage,pv-cell,"电池片,高效\n两行",95,5.3,宁波南部滨海新区,open', // lines 2–3
      'A-2,pv-storage,pv-cell,电池片,-5,5.3,,open', // line 4: negative land
      'A-3,pv-storage,pv-nope,x,10,1,,open', // line 5: unknown link
      'A-4,auto-mould,am-testing,检测,65,5.1,,signed', // line 6 good
      'A-5,auto-mould,am-testing,检测,65,5.1,,maybe', // line 7 bad status
      'A-6,auto-mould', // line 8: too few fields
    ].join('\n');
    const r = parseDemandCsv(csv, known);
    expect(r.demands.map((d) => d.id)).toEqual(['A-1', 'A-4']);
    expect(r.demands[0]!.profile).toBe('电池片,高效\n两行');
    expect(r.errors.map((e) => e.line)).toEqual([4, 5, 7, 8]);
    expect(r.errors[0]!.message.zh).toBe('第 4 行：用地需求 land_mu 应为正数，实为 "-5"');
    expect(r.errors[1]!.message.en).toBe('line 5: chain "pv-storage" has no link "pv-nope"');
    expect(r.errors[3]!.message.en).toBe('line 8: 2 fields, header has 8');
  });

  it('refuses a header without the required columns', () => {
    const r = parseDemandCsv('id,chain\nX,pv-storage\n', known);
    expect(r.demands).toEqual([]);
    expect(r.errors[0]!.message.en).toBe('line 1: header lacks link, land_mu, investment_100m');
  });
});

describe('demand JSON', () => {
  it('reads {demands:[...]} and reports bad entries by number', () => {
    const r = parseDemandJson(JSON.stringify({ demands: [sample[0], { ...sample[1], land_mu: 'many' }, 5] }), known);
    expect(r.demands).toEqual([sample[0]]);
    expect(r.errors.map((e) => e.line)).toEqual([2, 3]);
  });
  it('says when the text is not JSON', () => {
    expect(parseDemandJson('{oops', known).errors[0]!.message.en).toMatch(/^not valid JSON/);
  });
});

describe('demand overlay on the shipped list', () => {
  it('edits, removes and adds without copying the shipped list', () => {
    let o = EMPTY_OVERLAY;
    o = editDemand(o, sample, 'D-1', { ...sample[0]!, land_mu: 100 });
    o = removeDemand(o, sample, 'D-2');
    o = upsertDemands(o, [{ ...sample[1]!, id: 'N-1' }]);
    const list = applyOverlay(sample, o);
    expect(list.map((e) => [e.demand.id, e.origin, e.demand.land_mu])).toEqual([['D-1', 'edited', 100], ['N-1', 'added', 49.5]]);
    // Survives storage.
    expect(applyOverlay(sample, parseOverlay(JSON.stringify(o)))).toEqual(list);
    // Removing an added entry leaves no trace; re-adding a removed shipped id brings it back.
    o = removeDemand(o, sample, 'N-1');
    o = upsertDemands(o, [sample[1]!]);
    expect(o.removed).toEqual([]);
    expect(applyOverlay(sample, o).map((e) => e.origin)).toEqual(['edited', 'edited']);
  });
  it('an unreadable stored value yields the shipped list', () => {
    expect(applyOverlay(sample, parseOverlay('not json')).length).toBe(2);
  });
});
