import { describe, expect, it } from 'vitest';
import { basemapCredit, creditLines } from './credits.ts';

const TIANDITU = {
  attribution: { zh: '天地图', en: 'Tianditu (National Platform for Common GeoSpatial Information Services)' },
  review_number: 'GS(2099)0000号',
};

describe('basemap credits', () => {
  it('names the provider and its 审图号', () => {
    expect(basemapCredit(TIANDITU, 'zh')).toBe('天地图 · 审图号：GS(2099)0000号');
    expect(basemapCredit(TIANDITU, 'en')).toBe('Tianditu (National Platform for Common GeoSpatial Information Services) · Map review no.: GS(2099)0000号');
  });

  it('gives the print source block the basemap and the county number, or says it is not configured', () => {
    expect(creditLines(TIANDITU, '浙S(2024)12号', 'zh')).toEqual({ basemap: '底图：天地图 · 审图号：GS(2099)0000号', county: '审图号：浙S(2024)12号' });
    expect(creditLines(null, null, 'zh')).toEqual({ basemap: null, county: '审图号：未配置' });
    expect(creditLines(null, null, 'en')).toEqual({ basemap: null, county: 'Map review no.: not configured' });
  });
});
