import { describe, expect, it } from 'vitest';
import { choiceParam, textParam, type ParamDefs } from './params.ts';
import { encodeValue, rawQuery, readParams, safeDecode, writeParams } from './query.ts';

interface Demo {
  kind: 'a' | 'b';
  note: string;
}
const DEFS: ParamDefs<Demo> = { kind: choiceParam<'a' | 'b'>('k', ['a', 'b'], 'a'), note: textParam('n', 5) };
const fresh = (): Demo => ({ kind: 'a', note: '' });

describe('query codec', () => {
  it('keeps the first occurrence of a key and ignores empty or overlong keys', () => {
    const raw = rawQuery('k=b&k=a&=x&averyveryverylongkey=1&n');
    expect([...raw.entries()]).toEqual([
      ['k', 'b'],
      ['n', ''],
    ]);
  });
  it('falls back one param at a time: a bad escape or a bad value keeps the default', () => {
    expect(readParams(DEFS, rawQuery('k=c&n=%E0%A4'), fresh())).toEqual(fresh());
    expect(readParams(DEFS, rawQuery('k=b&n=%E0%A4'), fresh())).toEqual({ kind: 'b', note: '' });
    expect(readParams(DEFS, rawQuery('k=b&n=%20hi%20'), fresh())).toEqual({ kind: 'b', note: 'hi' });
    expect(readParams(DEFS, rawQuery('k=b'), fresh(), ['kind'])).toEqual(fresh());
  });
  it('writes only what differs from the default, in definition order, unless asked to', () => {
    expect(writeParams(DEFS, { kind: 'a', note: '' })).toEqual([]);
    expect(writeParams(DEFS, { kind: 'a', note: '' }, ['kind'])).toEqual(['k=a']);
    expect(writeParams(DEFS, { note: '宁海', kind: 'b' })).toEqual(['k=b', 'n=%E5%AE%81%E6%B5%B7']);
    expect(writeParams(DEFS, { note: 'x', kind: 'b' }, [], ['kind'])).toEqual(['n=x']);
  });
  it('encodes to ASCII a browser keeps, and decodes without throwing', () => {
    expect(encodeValue('a,b:c d&e')).toBe('a,b:c%20d%26e');
    expect(encodeValue('\uD800')).toBe('%EF%BF%BD');
    expect(safeDecode('%E0%A4')).toBeUndefined();
    expect(safeDecode('%E5%AE%81')).toBe('宁');
  });
});
