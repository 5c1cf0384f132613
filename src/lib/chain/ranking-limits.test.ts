import { describe, expect, it } from 'vitest';
import shipped from '../../../data/config/ranking.json';
import { parseRankingLimits, wholeRankingAsks } from './ranking-limits.ts';

describe('parseRankingLimits', () => {
  it('reads the shipped data/config/ranking.json', () => {
    expect(parseRankingLimits(shipped, 'ranking.json')).toEqual({ whole_territory_ask_over: 300000 });
  });

  it('refuses a bad limit, an unknown key or a missing source, naming the file and the field', () => {
    const ok = { whole_territory_ask_over: 10, source: 'measured' };
    expect(() => parseRankingLimits([], 'r.json')).toThrow('r.json: expected an object');
    expect(() => parseRankingLimits({ ...ok, whole_territory_ask_over: -1 }, 'r.json')).toThrow('r.json: whole_territory_ask_over: expected a whole number of parcels ≥ 0, got -1');
    expect(() => parseRankingLimits({ ...ok, whole_territory_ask_over: 2.5 }, 'r.json')).toThrow('got 2.5');
    expect(() => parseRankingLimits({ ...ok, whole_territory_ask_over: '300000' }, 'r.json')).toThrow('got "300000"');
    expect(() => parseRankingLimits({ source: 'x' }, 'r.json')).toThrow('whole_territory_ask_over');
    expect(() => parseRankingLimits({ ...ok, whole_territory_ask_overr: 5 }, 'r.json')).toThrow('r.json: whole_territory_ask_overr: unknown key');
    expect(() => parseRankingLimits({ whole_territory_ask_over: 10 }, 'r.json')).toThrow('r.json: source: say where the limit comes from');
  });
});

describe('wholeRankingAsks', () => {
  const limits = { whole_territory_ask_over: 300000 };
  it('asks only above the limit, and not before the count is known', () => {
    expect(wholeRankingAsks(300001, limits)).toBe(true);
    expect(wholeRankingAsks(300000, limits)).toBe(false);
    expect(wholeRankingAsks(126205, limits)).toBe(false);
    expect(wholeRankingAsks(null, limits)).toBe(false);
    expect(wholeRankingAsks(1, { whole_territory_ask_over: 0 })).toBe(true);
  });
});
