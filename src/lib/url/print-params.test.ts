import { describe, expect, it } from 'vitest';
import { seededRandom } from '../util/seeded-random.ts';
import type { YearChoice } from '../campaign/as-of.ts';
import { formatHash, parseHash, printParamsOf } from './hash.ts';
import { defaultMapParams, type MapParams } from './params.ts';
import { PRINT_PARAM_DEFS, defaultPrintParams, type PrintParams } from './print-params.ts';
import { rawQuery, readParams, writeParams } from './query.ts';

describe('print params on the print route', () => {
  it('are read by parseHash with the map params, and written back after them', () => {
    const r = parseHash('#/print?c=121.50000,29.30000&z=14.00&paper=a3&orient=portrait&title=%E8%B7%83%E9%BE%99&dpi=150');
    expect(r.route).toBe('print');
    expect(r.params.center).toEqual([121.5, 29.3]);
    expect(printParamsOf(r)).toEqual({ ...defaultPrintParams(), paper: 'a3', orientation: 'portrait', title: '跃龙', dpi: 150 });
    expect(formatHash(r)).toBe('#/print?c=121.50000,29.30000&z=14.00&paper=a3&orient=portrait&title=%E8%B7%83%E9%BE%99&dpi=150');
  });

  it('are not read on other routes', () => {
    const r = parseHash('#/map?paper=a3&title=x');
    expect(r).toEqual({ route: 'map', params: defaultMapParams() });
    expect(printParamsOf(r)).toEqual(defaultPrintParams());
  });

  it('own the demand key on the print route: the sites atlas demand, not the 招商 view demand', () => {
    // ' D-004' is not a valid 招商 demand id (leading space) but is a print demand once trimmed.
    const r = parseHash('#/print?demand=%20D-004&atlas=sites');
    expect(r.params.demand).toBe('');
    expect(printParamsOf(r).demand).toBe('D-004');
    const h = formatHash(r);
    expect(h).toBe('#/print?c=121.45000,29.36000&z=11.00&atlas=sites&demand=D-004');
    expect(parseHash(h)).toEqual(r);
    // On the map route the same key is the 招商 demand.
    expect(parseHash('#/map?demand=D-004').params.demand).toBe('D-004');
  });

  it('round-trip through the hash for random print settings', () => {
    const next = seededRandom(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
    for (let i = 0; i < 300; i++) {
      const print = {
        ...defaultPrintParams(),
        paper: pick(['a4', 'a3'] as const),
        orientation: pick(['landscape', 'portrait'] as const),
        title: pick(['', '宁海 & 象山', ' 标题 ', 'a=b?c#d']).trim(),
        scale: pick([null, 5000, 25000] as const),
        fit: pick([null, { kind: 'block' as const, id: 'LEB-01' }, { kind: 'town' as const, id: '跃龙街道' }]),
        atlas: pick(['none', 'block', 'park', 'sites'] as const),
        dpi: pick([96, 150, 300]),
        demand: pick(['', 'D-004']),
        top: pick([1, 10, 50]),
      };
      const h = formatHash({ route: 'print', params: defaultMapParams(), print });
      expect(printParamsOf(parseHash(h)), h).toEqual(print);
      expect(new URL(`http://127.0.0.1/${h}`).hash).toBe(h); // the browser keeps it as written
    }
  });

  it('have one definition per key', () => {
    const keys = Object.values(PRINT_PARAM_DEFS).map((d) => d.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

// What a print link is, written with the codec's own parts: the print route's hash, or a bare query read with the
// print defs (the first occurrence of a key decides).
function parsePrintQuery(hashOrQuery: string): PrintParams {
  if (hashOrQuery.startsWith('#')) {
    const r = parseHash(hashOrQuery);
    return r.route === 'print' && r.print ? r.print : defaultPrintParams();
  }
  const q = hashOrQuery.indexOf('?');
  return readParams(PRINT_PARAM_DEFS, rawQuery(q === -1 ? hashOrQuery : hashOrQuery.slice(q + 1)), defaultPrintParams());
}
const formatPrintQuery = (p: PrintParams): string => writeParams(PRINT_PARAM_DEFS, p).join('&');
const printHash = (params: MapParams, print: PrintParams): string => formatHash({ route: 'print', params, print });

describe('print links through the one codec (hash.ts, query.ts)', () => {
  it('round-trips every field, Chinese text included', () => {
    const p: PrintParams = {
      paper: 'a3',
      orientation: 'portrait',
      title: '宁海经济开发区 工业用地',
      subtitle: '2025 年 & 50% 复核',
      scale: 25000,
      fit: { kind: 'park', id: '宁海经济开发区' },
      atlas: 'block',
      dpi: 150,
      demand: 'D-004',
      top: 5,
      layout: 'campaign',
      town: '梅林街道',
      block: 'LEB-02',
    };
    const q = formatPrintQuery(p);
    expect(q).not.toMatch(/[^\x21-\x7e]/); // plain ASCII: the browser keeps it as written
    expect(parsePrintQuery(q)).toEqual(p);
    expect(parsePrintQuery(`#/print?${q}`)).toEqual(p);
  });
  it('writes nothing for defaults and falls back one bad value at a time', () => {
    expect(formatPrintQuery(defaultPrintParams())).toBe('');
    const p = parsePrintQuery('#/print?paper=a5&orient=landscape&scale=12345&fit=county:x&dpi=600&atlas=park&title=%E0%A4');
    expect(p).toEqual({ ...defaultPrintParams(), atlas: 'park' });
    expect(parsePrintQuery('scale=5000&dpi=96').scale).toBe(5000);
    expect(parsePrintQuery('fit=block:LEB-01').fit).toEqual({ kind: 'block', id: 'LEB-01' });
  });
  it('reads a sites atlas (demand id, top 1–50) and a chain fit', () => {
    expect(parsePrintQuery('atlas=sites&demand=D-004&top=5')).toEqual({ ...defaultPrintParams(), atlas: 'sites', demand: 'D-004', top: 5 });
    // out of range or not a whole number: the default 10
    for (const bad of ['0', '51', '5.5', '-3', '100']) expect(parsePrintQuery(`top=${bad}`).top, bad).toBe(10);
    expect(parsePrintQuery('top=50').top).toBe(50);
    expect(parsePrintQuery('fit=chain:auto-parts').fit).toEqual({ kind: 'chain', id: 'auto-parts' });
    expect(formatPrintQuery({ ...defaultPrintParams(), atlas: 'sites', demand: 'D-004' })).toBe('atlas=sites&demand=D-004');
  });
  it('builds a print link that the app codec reads as the print route with the same view', () => {
    const params = { ...defaultMapParams(), center: [121.43, 29.29] as [number, number], zoom: 14.5, layers: ['parcels' as const] };
    const h = printHash(params, { ...defaultPrintParams(), paper: 'a3', title: '跃龙' });
    expect(h).toBe('#/print?c=121.43000,29.29000&z=14.50&l=parcels&paper=a3&title=%E8%B7%83%E9%BE%99');
    const r = parseHash(h);
    expect(r.route).toBe('print');
    expect(r.params).toEqual(params);
    expect(parsePrintQuery(h).title).toBe('跃龙');
  });
});

describe('the 作战图 layout (issue 15)', () => {
  it('layout=campaign with a town or block and the map params\' year round-trip through the hash', () => {
    const cases: [PrintParams, YearChoice][] = [
      [{ ...defaultPrintParams(), layout: 'campaign', town: '跃龙街道' }, 2024],
      [{ ...defaultPrintParams(), layout: 'campaign', block: 'LEB-03', dpi: 96 }, 'now'],
      [{ ...defaultPrintParams(), layout: 'campaign', atlas: 'town' }, 2021],
    ];
    for (const [print, year] of cases) {
      const h = formatHash({ route: 'print', params: { ...defaultMapParams(), year }, print });
      const r = parseHash(h);
      expect(printParamsOf(r), h).toEqual(print);
      expect(r.params.year, h).toBe(year);
    }
    expect(formatHash({ route: 'print', params: { ...defaultMapParams(), year: 2024 }, print: { ...defaultPrintParams(), layout: 'campaign', town: '跃龙街道' } })).toBe(
      '#/print?c=121.45000,29.36000&z=11.00&year=2024&layout=campaign&town=%E8%B7%83%E9%BE%99%E8%A1%97%E9%81%93',
    );
  });
  it('falls back on a bad layout, town or block', () => {
    const p = printParamsOf(parseHash(`#/print?layout=poster&town=${'镇'.repeat(65)}&block=%01x`));
    expect([p.layout, p.town, p.block]).toEqual(['map', '', '']);
    expect(printParamsOf(parseHash('#/print?town=%20%E8%A5%BF%E5%BA%97%E9%95%87%20')).town).toBe('西店镇');
  });
});
