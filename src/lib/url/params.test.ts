import { describe, expect, it } from 'vitest';
import {
  basemapAnnotationParam,
  basemapOpacityParam,
  basemapParam,
  bearingParam,
  centerParam,
  defaultMapParams,
  langParam,
  layersParam,
  modeParam,
  parcelParam,
  ruleParam,
  chainParam,
  linkParam,
  demandParam,
  siteAreaParam,
  searchParam,
  zoomParam,
  yearParam,
  recordParam,
  type ParamDef,
} from './params.ts';

/** format → parse must give the value back, and the text must be the hand-written one. */
function expectRoundTrip<T>(def: ParamDef<T>, value: T, text: string): void {
  expect(def.format(value)).toBe(text);
  expect(def.parse(text)).toEqual(value);
}

describe('c (centre)', () => {
  it('round-trips with 5 decimals', () => {
    expectRoundTrip(centerParam, [121.43, 29.29], '121.43000,29.29000');
    expectRoundTrip(centerParam, [-180, -85], '-180.00000,-85.00000');
    expectRoundTrip(centerParam, [180, 85], '180.00000,85.00000');
  });
  it('rounds to what the URL can show', () => {
    // 121.123456 → 121.12346 (6th decimal 6 rounds up), 29.000004 → 29.00000
    expect(centerParam.parse('121.123456,29.000004')).toEqual([121.12346, 29]);
    expect(centerParam.format([121.123456, 29.000004])).toBe('121.12346,29.00000');
  });
  it('rejects out-of-range and malformed values', () => {
    for (const bad of ['180.00001,0', '0,85.1', '0,-85.00001', '-181,0', 'abc', '121.4', '1,2,3', '',
      ',', '121.4,', '1e2,3', ' 121,29', '121 ,29', 'Infinity,0', 'NaN,1', '0x10,0', '121,29;', '+-1,2']) {
      expect(centerParam.parse(bad), bad).toBeUndefined();
    }
  });
});

describe('z (zoom)', () => {
  it('round-trips with 2 decimals', () => {
    expectRoundTrip(zoomParam, 13.5, '13.50');
    expectRoundTrip(zoomParam, 0, '0.00');
    expectRoundTrip(zoomParam, 22, '22.00');
  });
  it('rounds 13.456 to 13.46 and never yields -0', () => {
    expect(zoomParam.parse('13.456')).toBe(13.46);
    expect(Object.is(zoomParam.parse('-0'), 0)).toBe(true);
    expect(zoomParam.format(-0.001)).toBe('0.00');
  });
  it('rejects out-of-range and malformed values', () => {
    for (const bad of ['22.01', '-0.5', '23', '1e999', '1e1', 'Infinity', 'abc', '', ' 5', '5.', '.5', '0x5']) {
      expect(zoomParam.parse(bad), bad).toBeUndefined();
    }
  });
});

describe('b (bearing)', () => {
  it('round-trips with 1 decimal, default 0', () => {
    expectRoundTrip(bearingParam, 90, '90.0');
    expectRoundTrip(bearingParam, -180, '-180.0');
    expect(bearingParam.parse('-45.27')).toBe(-45.3);
    expect(bearingParam.default).toBe(0);
  });
  it('rejects out-of-range values', () => {
    for (const bad of ['181', '-180.1', 'north', '']) expect(bearingParam.parse(bad), bad).toBeUndefined();
  });
});

describe('l (layers)', () => {
  it('normalises order and drops unknown ids and duplicates', () => {
    expect(layersParam.parse('zones,parcels')).toEqual(['parcels', 'zones']);
    expect(layersParam.parse('parcels,foo,zones,parcels,,')).toEqual(['parcels', 'zones']);
    expect(layersParam.format(['zones', 'cases', 'parcels'])).toBe('parcels,zones,cases');
    expectRoundTrip(layersParam, ['cases'], 'cases');
    expectRoundTrip(layersParam, ['parcels', 'control-lines', 'low-efficiency', 'zones', 'standard-land'],
      'parcels,control-lines,low-efficiency,zones,standard-land');
  });
  it('drops the retired "base" layer of older links (the offline base is now the basemap choice)', () => {
    expect(layersParam.parse('zones,base')).toEqual(['zones']);
    expect(layersParam.parse('base')).toEqual([]); // "base only" meant no data layers
  });
  it('reads an empty value as "none visible"', () => {
    expectRoundTrip(layersParam, [], '');
  });
  it('falls back when nothing is recognisable', () => {
    expect(layersParam.parse('foo')).toBeUndefined();
    expect(layersParam.parse('Parcels')).toBeUndefined(); // ids are case-sensitive
    expect(layersParam.parse('parcels,'.repeat(100))).toBeUndefined(); // 800 chars: not a real list
  });
});

describe('bm, bmo, bma (basemap)', () => {
  it('bm: offline by default, none, or a basemap id as the configuration allows them', () => {
    expect(basemapParam.default).toBe('offline');
    expectRoundTrip(basemapParam, 'none', 'none');
    expectRoundTrip(basemapParam, 'tianditu-img', 'tianditu-img');
    expectRoundTrip(basemapParam, 'county-2', 'county-2');
    for (const bad of ['', 'Tianditu', 'a b', 'x'.repeat(33), '<b>', 'tianditu_img']) expect(basemapParam.parse(bad), bad).toBeUndefined();
  });
  it('bmo: opacity in whole percent 0–100, default 100', () => {
    expect(basemapOpacityParam.default).toBe(100);
    expectRoundTrip(basemapOpacityParam, 0, '0');
    expectRoundTrip(basemapOpacityParam, 65, '65');
    expectRoundTrip(basemapOpacityParam, 100, '100');
    for (const bad of ['101', '-1', '50.5', '1e2', '', ' 5', '0100']) expect(basemapOpacityParam.parse(bad), bad).toBeUndefined();
  });
  it('bma: annotation 1 or 0, default shown', () => {
    expect(basemapAnnotationParam.default).toBe(true);
    expectRoundTrip(basemapAnnotationParam, false, '0');
    expectRoundTrip(basemapAnnotationParam, true, '1');
    for (const bad of ['yes', 'true', '', '2']) expect(basemapAnnotationParam.parse(bad), bad).toBeUndefined();
  });
});

describe('p (parcel)', () => {
  it('accepts ids of the documented pattern', () => {
    expectRoundTrip(parcelParam, 'NH-00012', 'NH-00012');
    expectRoundTrip(parcelParam, 'x:y.z_1', 'x:y.z_1');
    expectRoundTrip(parcelParam, 'a'.repeat(64), 'a'.repeat(64));
    expectRoundTrip(parcelParam, null, '');
  });
  it('accepts the ids of real registers: Chinese, inner spaces, / # ? & =', () => {
    for (const id of ['NH 1', 'NH/1', '宁海1', 'a&b', '西店 A/3#1?x=1']) expectRoundTrip(parcelParam, id, id);
  });
  it('drops anything else', () => {
    for (const bad of ['<script>', 'a'.repeat(65), "a'b", 'a"b', ' NH-1', 'NH-1 ', 'NH\u0000', 'NH\u200b1']) {
      expect(parcelParam.parse(bad), bad).toBeUndefined();
    }
  });
});

describe('m, lang', () => {
  it('accept exactly their values', () => {
    for (const m of ['grade', 'status', 'far'] as const) expectRoundTrip(modeParam, m, m);
    for (const l of ['zh', 'en'] as const) expectRoundTrip(langParam, l, l);
    for (const bad of ['GRADE', 'grade ', '', 'area']) expect(modeParam.parse(bad), bad).toBeUndefined();
    for (const bad of ['fr', 'ZH', 'zh-CN', '']) expect(langParam.parse(bad), bad).toBeUndefined();
  });
});

describe('q (search)', () => {
  it('keeps Chinese text and trims spaces', () => {
    expectRoundTrip(searchParam, '宁海 模具', '宁海 模具');
    expect(searchParam.parse('  NH-00012  ')).toBe('NH-00012');
  });
  it('allows 100 characters, counted as code points', () => {
    expect(searchParam.parse('宁'.repeat(100))).toBe('宁'.repeat(100));
    expect(searchParam.parse('😀'.repeat(100))).toBe('😀'.repeat(100)); // 200 UTF-16 units
    expect(searchParam.parse('宁'.repeat(101))).toBeUndefined();
    expect(searchParam.parse('a'.repeat(100_000))).toBeUndefined();
  });
  it('rejects control characters and lone surrogates', () => {
    expect(searchParam.parse('a\u0000b')).toBeUndefined();
    expect(searchParam.parse('a\nb')).toBeUndefined();
    expect(searchParam.parse('a\uD800b')).toBeUndefined();
  });
});

describe('rule (findings filter)', () => {
  it('accepts rule ids of lower-case letters, dots and dashes, 1–40 long, and "" for none', () => {
    expect(ruleParam.parse('far.min')).toBe('far.min');
    expect(ruleParam.parse('land-supply.industrial-share')).toBe('land-supply.industrial-share');
    expect(ruleParam.parse('')).toBe('');
    expect(ruleParam.parse('a'.repeat(40))).toBe('a'.repeat(40));
  });
  it('drops anything else', () => {
    for (const bad of ['FAR.min', 'far_min', 'far min', 'far.min2', '<x>', 'a'.repeat(41)]) expect(ruleParam.parse(bad), bad).toBeUndefined();
  });
});

describe('chain / link / demand (招商 view)', () => {
  it('accept ids of the documented patterns and "" for none', () => {
    expect([chainParam.parse('auto-mould'), linkParam.parse('am-heat'), demandParam.parse('D-004'), demandParam.parse('')]).toEqual(['auto-mould', 'am-heat', 'D-004', '']);
    expect(chainParam.parse('a'.repeat(40))).toBe('a'.repeat(40));
  });
  it('drop anything else', () => {
    for (const bad of ['a b', 'am.heat', '<x>', '宁海', 'a'.repeat(41)]) expect(chainParam.parse(bad), bad).toBeUndefined();
    for (const bad of ['D 004', 'D/004', '"D"', 'a'.repeat(65)]) expect(demandParam.parse(bad), bad).toBeUndefined();
  });
});

describe('siteArea (the 招商 ranking\'s area)', () => {
  it('reads west,south,east,north rounded to 5 decimals, and writes it back the same', () => {
    expect(siteAreaParam.parse('121.4,29.3,121.5,29.4')).toEqual([121.4, 29.3, 121.5, 29.4]);
    expect(siteAreaParam.parse('121.123456,29.000004,121.2,29.1')).toEqual([121.12346, 29, 121.2, 29.1]);
    expect(siteAreaParam.format([121.4, 29.3, 121.5, 29.4])).toBe('121.40000,29.30000,121.50000,29.40000');
    expect(siteAreaParam.parse('')).toBeNull();
    expect(siteAreaParam.format(null)).toBe('');
  });
  it('drops a box that is not an area: inverted, empty, off the globe, not four numbers', () => {
    for (const bad of ['121.5,29.3,121.4,29.4', '121.4,29.4,121.5,29.3', '121.4,29.3,121.4,29.4', '181,29,182,30', '121,-86,122,29', '121.4,29.3,121.5', '121.4,29.3,121.5,29.4,1', 'a,b,c,d', '121.4,29.3,121.5,1e1']) {
      expect(siteAreaParam.parse(bad), bad).toBeUndefined();
    }
  });
});

describe('defaultMapParams', () => {
  it('holds the documented defaults', () => {
    expect(defaultMapParams()).toEqual({
      center: [121.45, 29.36],
      zoom: 11,
      bearing: 0,
      layers: ['parcels', 'control-lines', 'low-efficiency', 'zones'],
      basemap: 'offline',
      basemapOpacity: 100,
      basemapAnnotation: true,
      parcel: null,
      mode: 'grade',
      lang: 'zh',
      q: '',
      panel: 'layers',
      rule: '',
      chain: '',
      link: '',
      demand: '',
      siteArea: null,
      year: 'now',
      record: '',
    });
  });
  it('reads the year control: a campaign year or now; anything else is now', () => {
    expect(yearParam.parse('2023')).toBe(2023);
    expect(yearParam.parse('now')).toBe('now');
    for (const bad of ['2020', '2026', '23', '2023.0', ' 2023', '']) expect(yearParam.parse(bad)).toBeUndefined();
    expect(yearParam.format(2024)).toBe('2024');
  });
  it('reads a register record reference kind:id', () => {
    expect(recordParam.parse('case:CASE-001')).toBe('case:CASE-001');
    expect(recordParam.parse('block_plan:B-02')).toBe('block_plan:B-02');
    for (const bad of ['CASE-001', 'firm:E1', 'case:', 'case:<b>']) expect(recordParam.parse(bad)).toBeUndefined();
  });
  it('hands out copies, so changing one cannot change the defaults', () => {
    const a = defaultMapParams();
    a.center[0] = 0;
    a.layers.push('cases');
    expect(defaultMapParams().center).toEqual([121.45, 29.36]);
    expect(defaultMapParams().layers).toHaveLength(4);
    expect(() => (layersParam.default as string[]).push('x')).toThrow(TypeError);
  });
});
