import { describe, expect, it } from 'vitest';
import { blocks, parcels } from './test-helpers/mini-county.ts';
import { defaultMapParams } from '../url/params.ts';
import { districtBbox, districtNames, keyFigures } from './districts.ts';
import { buildPages } from './pages.ts';
import { defaultPrintParams } from '../url/print-params.ts';
import { metresPerCssPx, zoomForScale } from './scale.ts';

const frame = { w: 800, h: 600 };

describe('districts', () => {
  it('lists towns and parks from the parcels', () => {
    expect(districtNames(parcels)).toEqual({ towns: ['梅林街道', '桃源街道', '跃龙街道'], parks: ['宁海经济开发区'] });
  });
  it('bounds a town by its parcels and a block by its polygon', () => {
    const close = (got: number[] | null, want: number[]) => want.forEach((w, i) => expect(got?.[i]).toBeCloseTo(w, 12));
    close(districtBbox({ kind: 'town', id: '跃龙街道' }, parcels, blocks), [121.40, 29.30, 121.412, 29.312]);
    close(districtBbox({ kind: 'block', id: 'LE-01' }, parcels, blocks), [121.399, 29.299, 121.413, 29.313]);
    expect(districtBbox({ kind: 'park', id: '无此园区' }, parcels, blocks)).toBeNull();
  });
  it('sums key figures: block area from the block, parcels and 低效 area from its parcels', () => {
    // LE-01 holds 12.5 亩 供而未用 (低效) + 30 亩 在用
    expect(keyFigures({ kind: 'block', id: 'LE-01' }, parcels, blocks)).toEqual({ area_mu: 120.5, parcels: 2, parcels_mu: 42.5, low_eff_mu: 12.5 });
    // the park: 12.5 + 30 + 4.25 = 46.75 亩, of which 12.5 + 4.25 = 16.75 低效
    expect(keyFigures({ kind: 'park', id: '宁海经济开发区' }, parcels, blocks)).toEqual({ area_mu: 46.75, parcels: 3, parcels_mu: 46.75, low_eff_mu: 16.75 });
  });
});

describe('buildPages', () => {
  const map = { ...defaultMapParams(), center: [121.45, 29.35] as [number, number], zoom: 13, bearing: 10 };
  it('one page at the map view, default title, scale from the zoom', () => {
    const [p, ...rest] = buildPages({ map, print: defaultPrintParams(), parcels, blocks, frame }, 'zh');
    expect(rest).toEqual([]);
    expect(p!.title).toBe('宁海县工业用地图');
    expect(p!.view).toEqual({ center: [121.45, 29.35], zoom: 13, bearing: 10 });
    expect(p!.scale).toBeCloseTo(metresPerCssPx(29.35, 13) / (0.0254 / 96), 6);
  });
  it('a fixed scale sets the zoom at the centre latitude; a fit target sets the centre', () => {
    const print = { ...defaultPrintParams(), scale: 5000 as const, fit: { kind: 'block' as const, id: 'LE-01' } };
    const [p] = buildPages({ map, print, parcels, blocks, frame }, 'zh');
    expect(p!.title).toBe('甲区块 工业用地图');
    expect(p!.view.center[0]).toBeCloseTo(121.406, 9);
    expect(p!.view.zoom).toBeCloseTo(zoomForScale(p!.view.center[1], 5000), 12);
    expect(p!.scale).toBe(5000);
    expect(p!.figures?.parcels).toBe(2);
    expect(p!.problem).toBeNull();
  });
  it('fits a district with a margin: the bbox spans the frame less 6 % each side on its limiting axis', () => {
    const [p] = buildPages({ map, print: { ...defaultPrintParams(), fit: { kind: 'town', id: '跃龙街道' } }, parcels, blocks, frame }, 'zh');
    // 0.012° of longitude must fill 800 − 2·36 = 728 px (height limit: 0.012° lat ≈ 0.0137 mercator-deg → 528 px available)
    const pxPerDegLon = (512 * 2 ** p!.view.zoom) / 360;
    const widthPx = 0.012 * pxPerDegLon;
    expect(widthPx).toBeLessThanOrEqual(728 + 1e-6);
    expect(widthPx).toBeGreaterThan(400);
  });
  it('an unknown fit target keeps the map view and says so', () => {
    const [p] = buildPages({ map, print: { ...defaultPrintParams(), fit: { kind: 'park', id: 'X' } }, parcels, blocks, frame }, 'en');
    expect(p!.problem).toBe('park:X');
    expect(p!.view.center).toEqual([121.45, 29.35]);
  });
  it('atlas: one page per block in id order titled with its name, or one per park', () => {
    const pages = buildPages({ map, print: { ...defaultPrintParams(), atlas: 'block', title: '低效区块图集' }, parcels, blocks, frame }, 'zh');
    expect(pages.map((p) => p.title)).toEqual(['甲区块', '乙区块']);
    expect(pages.map((p) => p.subtitle)).toEqual(['低效区块图集', '低效区块图集']);
    expect(pages[1]!.figures).toEqual({ area_mu: 99, parcels: 1, parcels_mu: 4.25, low_eff_mu: 4.25 });
    expect(buildPages({ map, print: { ...defaultPrintParams(), atlas: 'park' }, parcels, blocks, frame }, 'zh').map((p) => p.title)).toEqual(['宁海经济开发区']);
  });
});

describe('作战图 pages (layout=campaign, issue 15)', () => {
  const base = { parcels, blocks, frame, today: '2026-03-15' };
  it('one page for the chosen town, fitted to it, titled with the place and the year', () => {
    const pages = buildPages({ ...base, map: { ...defaultMapParams(), year: 2024 }, print: { ...defaultPrintParams(), layout: 'campaign', town: '跃龙街道' } }, 'zh');
    expect(pages).toHaveLength(1);
    const p = pages[0]!;
    expect([p.key, p.title, p.subtitle, p.campaign, p.problem, p.notice]).toEqual([
      'campaign:town:跃龙街道',
      '跃龙街道 挂图作战图',
      '截至 2024 年末',
      { kind: 'town', id: '跃龙街道' },
      null,
      null,
    ]);
    expect(p.target).toEqual({ kind: 'town', id: '跃龙街道' });
  });
  it('now, a block page, a town atlas, and a page that says a place is needed', () => {
    const now = buildPages({ ...base, map: defaultMapParams(), print: { ...defaultPrintParams(), layout: 'campaign', block: 'LE-01' } }, 'zh')[0]!;
    expect([now.title, now.subtitle, now.campaign]).toEqual(['甲区块 挂图作战图（一区块一方案）', '现在（2026-03-15）', { kind: 'block', id: 'LE-01' }]);
    const atlas = buildPages({ ...base, map: { ...defaultMapParams(), year: 2021 }, print: { ...defaultPrintParams(), layout: 'campaign', atlas: 'town' } }, 'en');
    expect(atlas.map((p) => p.key)).toEqual(['campaign:town:梅林街道', 'campaign:town:桃源街道', 'campaign:town:跃龙街道']);
    expect(atlas[0]!.subtitle).toBe('As of the end of 2021');
    const none = buildPages({ ...base, map: defaultMapParams(), print: { ...defaultPrintParams(), layout: 'campaign' } }, 'zh');
    expect(none.map((p) => [p.campaign, p.notice])).toEqual([[null, '作战图需要选定一个镇（街道）或低效工业区块。']]);
    const lost = buildPages({ ...base, map: defaultMapParams(), print: { ...defaultPrintParams(), layout: 'campaign', town: '无此镇' } }, 'zh')[0]!;
    expect(lost.problem).toBe('town:无此镇');
  });
  it('plain pages carry no campaign place', () => {
    expect(buildPages({ ...base, map: defaultMapParams(), print: defaultPrintParams() }, 'zh')[0]!.campaign).toBeNull();
  });
});
