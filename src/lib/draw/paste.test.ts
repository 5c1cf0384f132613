import { describe, expect, it } from 'vitest';
import { geodesicArea, krugerArea } from '../geo/test-helpers/golden-areas.ts';
import { krugerForward } from '../geo/test-helpers/kruger.ts';
import { parcelAreas } from '../geo/area.ts';
import { wgs84ToGcj02 } from '../geo/gcj02.ts';
import type { Position } from '../data/schema.ts';
import { parsePastedPolygon } from './paste.ts';

// A ≈ 150 m × 110 m parcel near 跃龙 (zone 40, CM 120°E) and one in 长街 east of 121.5°E (zone 41, CM 123°E).
const ring: Position[] = [[121.4251, 29.2881], [121.4266, 29.2881], [121.4266, 29.2891], [121.4251, 29.2891]];
const east: Position[] = [[121.6101, 29.2301], [121.6116, 29.2301], [121.6116, 29.2311], [121.6101, 29.2311]];
const closed = (r: Position[]): Position[] => [...r, r[0]!];
const mu = (m2: number): number => (m2 * 15) / 10000;

function ok(text: string, crs?: Parameters<typeof parsePastedPolygon>[1]) {
  const r = parsePastedPolygon(text, crs);
  if (!r.ok) throw new Error(`expected ok, got ${r.code}: ${r.detail}`);
  return r;
}

describe('parsePastedPolygon', () => {
  const goldenPlanarMu = mu(krugerArea({ type: 'Polygon', coordinates: [closed(ring)] }, 120));
  const goldenEllMu = mu(geodesicArea({ type: 'Polygon', coordinates: [closed(ring)] }));

  it('reads lon,lat lines, closes the ring and keeps the area (golden: Krüger + shoelace, geographiclib)', () => {
    const r = ok(ring.map(([x, y]) => `${x},${y}`).join('\n'));
    expect(r.crs).toBe('EPSG:4326');
    expect(r.geometry.coordinates[0]).toEqual(closed(ring));
    const a = parcelAreas(r.geometry);
    expect(goldenPlanarMu).toBeGreaterThan(20);
    expect(Math.abs(a.area_mu_planar - goldenPlanarMu)).toBeLessThan(1e-6);
    expect(Math.abs(a.area_mu - goldenEllMu)).toBeLessThan(1e-6);
  });

  it('reads pairs on one line separated by spaces or semicolons, and a GeoJSON Feature', () => {
    expect(ok(ring.map(([x, y]) => `${x} ${y}`).join('; ')).geometry.coordinates[0]).toEqual(closed(ring));
    const feature = { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [closed(ring)] } };
    expect(ok(JSON.stringify(feature)).geometry.coordinates[0]).toEqual(closed(ring));
    const fc = { type: 'FeatureCollection', features: [{ ...feature, geometry: { type: 'MultiPolygon', coordinates: [[closed(ring)]] } }] };
    expect(ok(JSON.stringify(fc)).geometry.coordinates[0]).toEqual(closed(ring));
  });

  it('Gauss-Krüger EPSG:4549 metres (chosen) give the same polygon and area as lon/lat', () => {
    const fwd = krugerForward(120);
    const text = ring.map((p) => fwd(...p).map((v) => v.toFixed(4)).join(',')).join('\n');
    const r = ok(text, 'EPSG:4549');
    r.geometry.coordinates[0]!.forEach((p, i) => {
      const q = closed(ring)[i]!;
      expect(Math.abs(p[0] - q[0])).toBeLessThan(2e-9);
      expect(Math.abs(p[1] - q[1])).toBeLessThan(2e-9);
    });
    expect(Math.abs(parcelAreas(r.geometry).area_mu_planar - goldenPlanarMu)).toBeLessThan(1e-4);
  });

  it('detects zone-prefixed metres (EPSG:4529, zone 41) without being told', () => {
    const fwd = krugerForward(123, { falseEasting: 41_500_000 });
    const r = ok(east.map((p) => fwd(...p).join(',')).join('\n'));
    expect(r.crs).toBe('EPSG:4529');
    expect(Math.abs(parcelAreas(r.geometry).area_mu_planar - mu(krugerArea({ type: 'Polygon', coordinates: [closed(east)] }, 123)))).toBeLessThan(1e-4);
  });

  it('refuses unprefixed metres in auto mode, naming the likely zones', () => {
    const fwd = krugerForward(120);
    const r = parsePastedPolygon(ring.map((p) => fwd(...p).join(',')).join('\n'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('crs');
      expect(r.detail).toContain('EPSG:4549');
    }
  });

  it('converts GCJ-02 back to WGS84 (to < 1e-6°)', () => {
    const r = ok(ring.map((p) => wgs84ToGcj02(p).join(',')).join('\n'), 'GCJ-02');
    r.geometry.coordinates[0]!.forEach((p, i) => {
      expect(Math.abs(p[0] - closed(ring)[i]![0])).toBeLessThan(1e-6);
      expect(Math.abs(p[1] - closed(ring)[i]![1])).toBeLessThan(1e-6);
    });
  });

  it.each([
    ['', 'empty'],
    ['121.4,29.3\n121.5', 'odd'],
    ['121.4,29.3\n121.5,abc\n121.5,29.4', 'numbers'],
    ['121.4,29.3\n121.5,29.3', 'few'],
    ['{"type":"Polygon",', 'json'],
    ['{"type":"Point","coordinates":[121.4,29.3]}', 'geojson'],
    ['29.288,121.4251\n29.288,121.4266\n29.289,121.4266', 'crs'],
    ['121.40,29.30\n121.41,29.31\n121.41,29.30\n121.40,29.31', 'geometry'],
  ])('bad paste %j → %s with a detail', (text, code) => {
    const r = parsePastedPolygon(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(code);
      expect(r.detail.length).toBeGreaterThan(5);
    }
  });
});
