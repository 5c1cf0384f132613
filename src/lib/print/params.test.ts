import { describe, expect, it } from 'vitest';
import { parseHash } from '../url/hash.ts';
import { defaultMapParams } from '../url/params.ts';
import { defaultPrintParams, type PrintParams } from '../url/print-params.ts';
import { formatPrintQuery, parsePrintQuery, printHash } from './params.ts';

describe('print params', () => {
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
