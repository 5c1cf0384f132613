import { describe, expect, it } from 'vitest';
import { CSV_BOM, csvField, findingsCsv, layerGeoJson } from './kept-layer.ts';
import type { PreparedFeature } from './prepare.ts';

const feature: PreparedFeature = {
  id: 'P-1',
  geometry: { type: 'Polygon', coordinates: [[[121.5, 29.3], [121.51, 29.3], [121.51, 29.31], [121.5, 29.3]]] },
  props: { id: 'P-1', status: 'in_use', floor_area_m2: 100 },
  area_mu_planar: 12.5,
  findings: [
    { rule: 'far.min', status: 'fail', message: { zh: '容积率 0.10，低于 1.20（"模具"行业，最低值）', en: 'FAR 0.10 < 1.20' }, source: { key: 'far.by_industry_min.moulds', kind: 'plan', clause: '三(一)' } },
    { rule: 'note', status: 'warn', message: { zh: '第一行\n第二行', en: 'two lines' } },
    { rule: 'area', status: 'info', message: { zh: '面积 12.50 亩', en: 'area 12.50 mu' } },
  ],
};

describe('findingsCsv', () => {
  const csv = findingsCsv({ features: [feature] });

  it('starts with the UTF-8 BOM Excel needs, then the header, one row per finding, CRLF line ends', () => {
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const body = csv.slice(1);
    expect(body.startsWith('parcel_id,rule,status,message_zh,source\r\n')).toBe(true);
    expect(body.endsWith('\r\n')).toBe(true);
    expect(body).toContain('P-1,area,info,面积 12.50 亩,\r\n');
  });

  it('quotes fields with commas, quotes and line breaks in Chinese messages (RFC 4180)', () => {
    expect(csv).toContain('P-1,far.min,fail,"容积率 0.10，低于 1.20（""模具""行业，最低值）",far.by_industry_min.moulds: 三(一)\r\n');
    expect(csv).toContain('P-1,note,warn,"第一行\n第二行",\r\n');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\r\nbreak')).toBe('"line\r\nbreak"');
    expect(csvField('全角，逗号')).toBe('全角，逗号'); // a full-width comma is text, not a separator
  });
});

describe('layerGeoJson', () => {
  it('is a lon/lat FeatureCollection with the schema props and a findings summary per feature', () => {
    const fc = JSON.parse(layerGeoJson({ name: '宗地', features: [feature] })) as { type: string; crs?: unknown; features: { properties: Record<string, unknown> }[] };
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.crs).toBeUndefined();
    expect(fc.features[0]!.properties).toEqual({ id: 'P-1', status: 'in_use', floor_area_m2: 100, findings: { verdict: 'fail', fail: ['far.min'], warn: ['note'] } });
  });
});
