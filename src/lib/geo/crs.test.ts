import { describe, expect, it } from 'vitest';
import proj4 from 'proj4';
import type { LineStringGeometry, MultiPolygonGeometry, PointGeometry, PolygonGeometry, Position } from '../data/schema.ts';
import { CrsError, detectCrs, parseCrsName, proj4Def, toLonLat, type CrsCode } from './crs.ts';
import { gcj02ToWgs84, wgs84ToGcj02 } from './gcj02.ts';
import { krugerForward } from './test-helpers/kruger.ts';

// Town centres from DOMAIN.md: 跃龙 (county seat) and 西店 lie in zone 40 (CM 120°E); 长街 and 强蛟,
// east of 121.5°E, in zone 41 (CM 123°E).
const YUELONG: Position = [121.425, 29.288];
const XIDIAN: Position = [121.435, 29.51];
const CHANGJIE: Position = [121.61, 29.23];
const QIANGJIAO: Position = [121.57, 29.462];

const zone40 = krugerForward(120, { falseEasting: 40500000 });
const zone41 = krugerForward(123, { falseEasting: 41500000 });
const cm120 = krugerForward(120);

const near = (a: Position, b: Position, tolDeg: number): void => {
  expect(Math.abs(a[0] - b[0])).toBeLessThan(tolDeg);
  expect(Math.abs(a[1] - b[1])).toBeLessThan(tolDeg);
};

describe('parseCrsName', () => {
  it.each([
    ['EPSG:4549', 'EPSG:4549'],
    ['epsg:4549', 'EPSG:4549'],
    ['urn:ogc:def:crs:EPSG::4549', 'EPSG:4549'],
    ['urn:ogc:def:crs:EPSG:6.6:4550', 'EPSG:4550'],
    ['4528', 'EPSG:4528'],
    ['EPSG:4529', 'EPSG:4529'],
    ['EPSG:4490', 'EPSG:4490'],
    ['EPSG:4326', 'EPSG:4326'],
    ['CRS84', 'EPSG:4326'],
    ['urn:ogc:def:crs:OGC:1.3:CRS84', 'EPSG:4326'],
    ['GCJ02', 'GCJ-02'],
    ['GCJ-02', 'GCJ-02'],
    [' gcj-02 ', 'GCJ-02'],
  ] as const)('%s → %s', (name, code) => {
    expect(parseCrsName(name)).toBe(code);
  });
  it('rejects unsupported and unknown names with the supported list', () => {
    expect(() => parseCrsName('EPSG:3857')).toThrow(CrsError);
    expect(() => parseCrsName('EPSG:3857')).toThrow(/not supported; supported: EPSG:4326/);
    expect(() => parseCrsName('Beijing54')).toThrow(/not recognised/);
    expect(() => parseCrsName('BD-09')).toThrow(/Baidu BD-09/);
  });
});

describe('proj4 definitions', () => {
  it('are GRS80 tmerc k=1 with the right CM and false easting', () => {
    expect(proj4Def('EPSG:4549')).toContain('+lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80');
    expect(proj4Def('EPSG:4550')).toContain('+lon_0=123 +k=1 +x_0=500000');
    expect(proj4Def('EPSG:4528')).toContain('+lon_0=120 +k=1 +x_0=40500000');
    expect(proj4Def('EPSG:4529')).toContain('+lon_0=123 +k=1 +x_0=41500000');
    expect(proj4Def('EPSG:4490')).toContain('+proj=longlat +ellps=GRS80');
    expect(proj4Def('GCJ-02')).toBeNull();
  });
});

describe('toLonLat', () => {
  it('round-trips lon/lat → EPSG:4549 (proj4, definition written here) → lon/lat within 1e-9°', () => {
    const fwd = proj4('+proj=longlat +ellps=GRS80', '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80');
    for (const p of [YUELONG, XIDIAN, CHANGJIE]) {
      const xy = fwd.forward([p[0], p[1]]) as Position;
      const back = toLonLat<PointGeometry>({ type: 'Point', coordinates: xy }, 'EPSG:4549').coordinates;
      near(back, p, 1e-9);
    }
  });
  it('inverts coordinates from the independent Krüger series to within 1e-8° (≈ 1 mm)', () => {
    near(toLonLat<PointGeometry>({ type: 'Point', coordinates: cm120(...YUELONG) }, 'EPSG:4549').coordinates, YUELONG, 1e-8);
    const e4550 = krugerForward(123)(...CHANGJIE);
    near(toLonLat<PointGeometry>({ type: 'Point', coordinates: e4550 }, 'EPSG:4550').coordinates, CHANGJIE, 1e-8);
    near(toLonLat<PointGeometry>({ type: 'Point', coordinates: zone41(...CHANGJIE) }, 'EPSG:4529').coordinates, CHANGJIE, 1e-8);
  });
  it('keeps the type and nesting of every geometry type and does not mutate the input', () => {
    const ring: Position[] = ([YUELONG, XIDIAN, [121.44, 29.4], YUELONG] as Position[]).map((p) => cm120(...p));
    const line: LineStringGeometry = { type: 'LineString', coordinates: [cm120(...YUELONG), cm120(...XIDIAN)] };
    const poly: PolygonGeometry = { type: 'Polygon', coordinates: [ring] };
    const multi: MultiPolygonGeometry = { type: 'MultiPolygon', coordinates: [[ring], [ring]] };
    const before = JSON.stringify(poly);
    const l = toLonLat(line, 'EPSG:4549');
    expect(l.type).toBe('LineString');
    near(l.coordinates[1] as Position, XIDIAN, 1e-8);
    const p = toLonLat(poly, 'EPSG:4549');
    expect(p.coordinates[0]).toHaveLength(4);
    near(p.coordinates[0]?.[2] as Position, [121.44, 29.4], 1e-8);
    const m = toLonLat(multi, 'urn:ogc:def:crs:EPSG::4549');
    expect(m.coordinates).toHaveLength(2);
    near(m.coordinates[1]?.[0]?.[0] as Position, YUELONG, 1e-8);
    expect(JSON.stringify(poly)).toBe(before);
  });
  it('treats EPSG:4326 / 4490 as identity and inverts GCJ-02', () => {
    expect(toLonLat<PointGeometry>({ type: 'Point', coordinates: YUELONG }, 'EPSG:4490').coordinates).toEqual(YUELONG);
    const gcj = wgs84ToGcj02(YUELONG);
    const back = toLonLat<PointGeometry>({ type: 'Point', coordinates: gcj }, 'GCJ02').coordinates;
    expect(back).toEqual(gcj02ToWgs84(gcj));
    near(back, YUELONG, 1e-8);
  });
});

describe('detectCrs', () => {
  it('lon/lat degrees inside China → EPSG:4326', () => {
    expect(detectCrs([YUELONG, CHANGJIE]).crs).toBe('EPSG:4326');
  });
  it('zone-prefixed eastings → EPSG:4528 / EPSG:4529', () => {
    const d40 = detectCrs([zone40(...YUELONG), zone40(...XIDIAN)]);
    expect(d40.crs).toBe('EPSG:4528');
    expect(d40.reason).toMatch(/zone 40 prefix/);
    expect(d40.zones).toBeUndefined();
    expect(detectCrs([zone41(...CHANGJIE), zone41(...QIANGJIAO)]).crs).toBe('EPSG:4529');
  });
  it('metre-scale eastings without a prefix are an error naming both likely zones, never a guess', () => {
    const sample = [cm120(...YUELONG), cm120(...XIDIAN)];
    expect(() => detectCrs(sample)).toThrow(CrsError);
    expect(() => detectCrs(sample)).toThrow(/EPSG:4549 \(CM 120°E\) or EPSG:4550 \(CM 123°E\)/);
    expect(() => detectCrs(sample)).toThrow(/declare it with --crs or a crs member/);
  });
  it('a declared CRS is used when the sample lands in China under it', () => {
    const sample = [cm120(...YUELONG)];
    expect(detectCrs(sample, 'urn:ogc:def:crs:EPSG::4549')).toEqual({ crs: 'EPSG:4549', reason: 'declared as "urn:ogc:def:crs:EPSG::4549"' });
    expect(() => detectCrs([YUELONG], 'EPSG:4549')).toThrow(/declared CRS EPSG:4549 puts coordinate \[121.425, 29.288\] at .* outside China/);
  });
  it('reports swapped axes and implausible coordinates', () => {
    expect(() => detectCrs([[29.288, 121.425]])).toThrow(/look like \[lat, lon\].*swap the axes/);
    const [x, y] = zone40(...YUELONG);
    expect(() => detectCrs([[y, x]])).toThrow(/look like \[northing, easting\].*swap the axes/);
    expect(() => detectCrs([[2.35, 48.85]])).toThrow(/outside China/);
    expect(() => detectCrs([[9e7, 9e7]])).toThrow(/matches no supported CRS/);
    expect(() => detectCrs([zone40(...YUELONG), cm120(...XIDIAN)])).toThrow(/mix zone-prefixed and unprefixed eastings/);
    expect(() => detectCrs([])).toThrow(/empty/);
    expect(() => detectCrs([[NaN, 1]])).toThrow(/finite/);
  });
  it('a county dataset mixing zone 40 and zone 41 features: each feature lands where it belongs', () => {
    const towns = [YUELONG, XIDIAN, CHANGJIE, QIANGJIAO];
    const features = towns.map((t): PointGeometry => ({ type: 'Point', coordinates: t[0] < 121.5 ? zone40(...t) : zone41(...t) }));
    const d = detectCrs(features.map((f) => f.coordinates));
    expect(d.crs).toBe('EPSG:4528');
    expect(d.zones).toEqual<CrsCode[]>(['EPSG:4528', 'EPSG:4529']);
    expect(d.reason).toMatch(/zone prefixes 40 and 41/);
    features.forEach((f, i) => near(toLonLat(f, d.crs).coordinates, towns[i] as Position, 1e-8));
    // Per-feature detection agrees.
    expect(detectCrs([features[2]?.coordinates as Position]).crs).toBe('EPSG:4529');
    // Reading a zone-41 easting with zone 40's meridian would put 长街 ~300 km off; the prefix prevents it.
    const wrong = proj4('+proj=longlat +ellps=GRS80', '+proj=tmerc +lon_0=120 +k=1 +x_0=41500000 +ellps=GRS80');
    const misread = wrong.inverse([...(features[2]?.coordinates as Position)]) as Position;
    expect(Math.abs(misread[0] - CHANGJIE[0])).toBeGreaterThan(2.5);
  });
});
