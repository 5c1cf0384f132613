// The layer ingest's decisions, each independent of where a problem sits in the file: which CRS a file is in, what a
// stray feature does, when a whole file is refused as misplaced, and what is said about it. Gauss-Krüger coordinates
// come from an independent Krüger series (test-helpers/kruger.ts), not from the proj4 reading under test.
import { describe, expect, it } from 'vitest';
import { krugerForward } from '../geo/test-helpers/kruger.ts';
import { placingCandidates, type Extent } from '../geo/place.ts';
import { ingestCollection, IngestError } from './ingest.ts';
import { parseParcelProps, parseZoneProps } from './props.ts';
import type { Position } from './schema.ts';

const NINGHAI: Extent = [121.05, 28.95, 121.95, 29.7];
const cm120 = krugerForward(120);
const zone40 = krugerForward(120, { falseEasting: 40_500_000 });
const zone41 = krugerForward(123, { falseEasting: 41_500_000 });

/** A 100 m square parcel at (lon, lat) in the coordinates `f` makes. */
function square(lon: number, lat: number, f: (x: number, y: number) => Position = (x, y) => [x, y], d = 0.001): Position[][] {
  return [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]].map(([x, y]) => f(x!, y!))];
}
const parcel = (id: string, rings: unknown, extra: Record<string, unknown> = {}) => ({
  type: 'Feature',
  geometry: { type: 'Polygon', coordinates: rings },
  properties: { id, status: 'in_use', ...extra },
});
const fc = (features: unknown[], crs?: string) => ({ type: 'FeatureCollection', ...(crs ? { crs: { type: 'name', properties: { name: crs } } } : {}), features });
/** 20 parcels spread over the county in the coordinates `f` makes. */
const county = (f?: (x: number, y: number) => Position) =>
  Array.from({ length: 20 }, (_, i) => parcel(`P-${i}`, square(121.3 + (i % 5) * 0.05, 29.2 + Math.floor(i / 5) * 0.05, f)));
const ingest = (raw: unknown, crs?: string) => ingestCollection(raw, { file: 'parcels.geojson', geometry: 'area', parseProps: parseParcelProps, uniqueIds: true, extent: NINGHAI, ...(crs ? { crs } : {}), maxAreaMu: 5000 });

describe('the file CRS', () => {
  it('is recognised from every feature: lon/lat, zone-prefixed metres (zones 40 and 41 mixed)', () => {
    expect(ingest(fc(county())).crs).toBe('EPSG:4326');
    const mixed = [...county(zone40).slice(0, 10), parcel('E', square(121.61, 29.23, zone41))];
    const r = ingest(fc(mixed));
    expect(r.crs).toBe('EPSG:4528');
    expect(r.features).toHaveLength(11);
    expect(r.rejects).toEqual([]);
  });

  it('metres without a zone prefix are refused, naming the zone that puts them in the county (never guessed)', () => {
    expect(() => ingest(fc(county(cm120)))).toThrow(IngestError);
    expect(() => ingest(fc(county(cm120)))).toThrow(/metres without a zone prefix.*EPSG:4549 \(CM 120°E\) would put 100 % of them inside/s);
  });

  it('the wrong zone declared (EPSG:4550 for 4549 data) is refused whole, naming EPSG:4549', () => {
    const wrong = () => ingest(fc(county(cm120), 'EPSG:4550'));
    expect(wrong).toThrow(/20 of 20 placed features lie outside the county extent \[121\.05, 28\.95, 121\.95, 29\.7\] when read as EPSG:4550/);
    expect(wrong).toThrow(/EPSG:4549 \(CM 120°E\) would put 100 % of them inside/);
    expect(ingest(fc(county(cm120), 'EPSG:4549')).features).toHaveLength(20);
  });

  it('swapped axes are named, with the reading that fits', () => {
    expect(() => ingest(fc(county((x, y) => [y, x])))).toThrow(/look like \[lat, lon\].*EPSG:4326 \(lon\/lat\) with the axes swapped would put 100 %/s);
    expect(() => ingest(fc(county((x, y) => cm120(x, y).reverse() as Position)))).toThrow(/\[northing, easting\].*EPSG:4549 \(CM 120°E\) with the axes swapped/s);
  });

  it('a file mixing lon/lat and metres half and half is refused as mixed', () => {
    expect(() => ingest(fc([...county().slice(0, 10), ...county(zone40).slice(10)]))).toThrow(/coordinates mix lon\/lat degrees \(10 features.*zone prefix \(10 features/s);
  });
});

describe('one bad feature, wherever it is', () => {
  const junk = parcel('JUNK', [[[0, 0], [1, 0], [1, 1], [0, 0]]]);
  it('is rejected on its own at the start, in the middle and at the end of the file; the others are kept', () => {
    for (const at of [0, 10, 20]) {
      const list = county();
      list.splice(at, 0, junk);
      const r = ingest(fc(list));
      expect(r.crs, `at ${at}`).toBe('EPSG:4326');
      expect(r.features, `at ${at}`).toHaveLength(20);
      expect(r.rejects.map((x) => [x.id, x.index]), `at ${at}`).toEqual([['JUNK', at]]);
    }
  });

  it('a metre-grid feature in a lon/lat file is rejected, saying what it looks like', () => {
    const list = [...county(), parcel('GK', square(121.4, 29.3, zone40))];
    const r = ingest(fc(list));
    expect(r.rejects).toHaveLength(1);
    expect(r.rejects[0]!.reason).toMatch(/look like Gauss-Krüger metres with a zone prefix .* unlike the rest of the file \(lon\/lat degrees\)/);
  });

  it('a parcel outside the county is rejected, the rest kept; most of the file outside refuses the file', () => {
    const r = ingest(fc([...county(), parcel('SHANGHAI', square(121.47, 31.23))]));
    expect(r.features).toHaveLength(20);
    expect(r.rejects[0]).toMatchObject({ id: 'SHANGHAI' });
    expect(r.rejects[0]!.reason).toMatch(/lies outside the county extent \[121\.05, 28\.95, 121\.95, 29\.7\] \(its bounding box is \[121\.47, 31\.23/);
    const elsewhere = Array.from({ length: 12 }, (_, i) => parcel(`S-${i}`, square(121.4 + i * 0.01, 31.2)));
    expect(() => ingest(fc([...county().slice(0, 10), ...elsewhere]))).toThrow(/12 of 22 placed features lie outside the county extent/);
  });

  it('a province-sized polygon and a 6 000 亩 parcel are rejected with their areas', () => {
    const province = parcel('PROVINCE', [[[118.0, 27.1], [122.9, 27.1], [122.9, 31.1], [118.0, 31.1], [118.0, 27.1]]]);
    const big = parcel('BIG', square(121.4, 29.3, undefined, 0.032)); // ≈ 3.1 km × 3.5 km ≈ 16 000 亩
    const r = ingest(fc([...county(), province, big]));
    expect(r.features).toHaveLength(20);
    const reasons = Object.fromEntries(r.rejects.map((x) => [x.id, x.reason]));
    expect(reasons['PROVINCE']).toMatch(/outside the county extent/);
    expect(reasons['BIG']).toMatch(/^area 1[56],\d{3} 亩 is larger than the plausible maximum for a parcel \(5,000 亩\)/);
  });

  it('a duplicate id keeps the first and names the second', () => {
    const r = ingest(fc([...county(), parcel('P-3', square(121.9, 29.6))]));
    expect(r.rejects.map((x) => [x.id, x.index, x.reason])).toEqual([['P-3', 20, 'duplicate id "P-3" (an earlier feature has it)']]);
  });

  it('an id the app cannot put in a link is refused at build time, naming the rule', () => {
    const r = ingest(fc([...county(), parcel('<b>', square(121.9, 29.6)), parcel('x'.repeat(65), square(121.91, 29.6))]));
    expect(r.rejects.map((x) => x.reason)).toEqual([
      expect.stringMatching(/field "id" = "<b>" cannot be used in a link/),
      expect.stringMatching(/field "id" = "x{39}… \(65 characters\) cannot be used in a link: an id must be 1–64 characters/),
    ]);
  });
});

describe('placingCandidates', () => {
  it('names the zone of a misread GK grid, and GCJ-02 only when declared data is shifted far', () => {
    const pts = county(cm120).map((f) => (f.geometry.coordinates as Position[][])[0]![0]!);
    const c = placingCandidates(pts, NINGHAI);
    expect(c.map((x) => `${x.crs}${x.swapped ? ' swapped' : ''}`)).toEqual(['EPSG:4549']);
    const ll = county().map((f) => (f.geometry.coordinates as Position[][])[0]![0]!);
    // lon/lat and GCJ-02 differ by ~500 m: both place a county-sized file; the plain reading comes first.
    expect(placingCandidates(ll, NINGHAI).map((x) => x.crs)).toEqual(['EPSG:4326', 'GCJ-02']);
  });
});

describe('rule layers through the same ingest', () => {
  it('a zone of an unknown kind is rejected naming the field', () => {
    const r = ingestCollection(fc([{ ...parcel('Z1', square(121.4, 29.3, undefined, 0.02)), properties: { id: 'Z1', kind: 'other' } }]), {
      file: 'zones.geojson',
      geometry: 'area',
      parseProps: parseZoneProps,
      extent: NINGHAI,
    });
    expect(r.rejects[0]!.reason).toBe('field "kind" must be one of central, adjusted-use, got "other"');
  });
});
