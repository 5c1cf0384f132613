import { describe, expect, it } from 'vitest';
import { seededRandom } from '../util/seeded-random.ts';
import { formatHash, parseHash, printParamsOf } from './hash.ts';
import { defaultMapParams } from './params.ts';
import { PRINT_PARAM_DEFS, defaultPrintParams } from './print-params.ts';

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
