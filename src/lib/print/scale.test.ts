import geodesicPkg from 'geographiclib-geodesic';
import { describe, expect, it } from 'vitest';
import { chooseScaleBar, fitBbox, formatScale, metresPerCssPx, metresPerDegreeLon, scaleBarLabel, scaleDenominator, zoomForScale } from './scale.ts';

const { Geodesic } = geodesicPkg as unknown as { Geodesic: { WGS84: { Inverse(a: number, b: number, c: number, d: number): { s12: number } } } };

describe('scale maths', () => {
  it('matches the published zoom-0 scale of the 96-dpi web tiling scheme (halved for 512-px tiles)', () => {
    // Esri/OGC WMTS GoogleMapsCompatible: level 0 of 256-px tiles at 96 dpi is 1:591 657 527.59.
    expect(scaleDenominator(0, 0) / (591657527.591555 / 2) - 1).toBeLessThan(1e-5);
    expect(scaleDenominator(0, 1) * 2).toBeCloseTo(scaleDenominator(0, 0), 3);
  });

  it('measures a degree of longitude like a WGS84 geodesic at Ninghai', () => {
    const lat = 29.3;
    const d = Geodesic.WGS84.Inverse(lat, 121.4, lat, 121.41).s12; // 0.01° along the parallel
    expect(Math.abs(metresPerDegreeLon(lat) * 0.01 - d)).toBeLessThan(0.01);
    // ≈ 97.2 km per degree at 29.3°N
    expect(metresPerDegreeLon(lat)).toBeGreaterThan(97_000);
    expect(metresPerDegreeLon(lat)).toBeLessThan(97_300);
  });

  it('inverts: zoomForScale gives a zoom that prints at that scale', () => {
    for (const s of [2000, 5000, 10000, 25000, 50000]) {
      const z = zoomForScale(29.3, s);
      expect(scaleDenominator(29.3, z)).toBeCloseTo(s, 6);
    }
    // worked: 1:10 000 at 29.3°N → 2.6458 m per CSS px → zoom ≈ log2(97 222·360 / (512·2.6458)) ≈ 14.69
    const z = zoomForScale(29.3, 10000);
    expect(metresPerCssPx(29.3, z)).toBeCloseTo(10000 * 0.0254 / 96, 9);
    expect(z).toBeGreaterThan(14.6);
    expect(z).toBeLessThan(14.8);
    expect(() => zoomForScale(29.3, 0)).toThrow(/positive/);
  });

  it('picks the longest round bar that fits', () => {
    expect(chooseScaleBar(10000, 40)).toEqual({ metres: 200, mm: 20 }); // 40 mm = 400 m → 200 m
    expect(chooseScaleBar(25000, 40)).toEqual({ metres: 1000, mm: 40 });
    expect(chooseScaleBar(50000, 40)).toEqual({ metres: 2000, mm: 40 });
    expect(chooseScaleBar(2000, 40)).toEqual({ metres: 50, mm: 25 });
    expect(chooseScaleBar(5000, 30).metres).toBe(100);
    expect(scaleBarLabel(500)).toBe('500 m');
    expect(scaleBarLabel(2000)).toBe('2 km');
    expect(formatScale(25000)).toBe('1:25 000');
  });

  it('fits a bbox into a frame', () => {
    // 1° of longitude on the equator into 1000 px: 512·2^z/360 px per degree = 1000 → z = log2(703.125)
    const v = fitBbox([10, -0.001, 11, 0.001], 1000, 1000, 0);
    expect(v.zoom).toBeCloseTo(Math.log2(703.125), 9);
    expect(v.center[0]).toBeCloseTo(10.5, 12);
    expect(v.center[1]).toBeCloseTo(0, 9);
    // a 50 px margin each side leaves 900 px
    expect(fitBbox([10, -0.001, 11, 0.001], 1000, 1000, 50).zoom).toBeCloseTo(Math.log2(900 * 360 / 512), 9);
    // a tall box is limited by height; a point gets maxZoom
    expect(fitBbox([121.4, 29.2, 121.41, 29.4], 1000, 500, 0).zoom).toBeLessThan(fitBbox([121.4, 29.2, 121.41, 29.4], 500, 1000, 0).zoom);
    expect(fitBbox([121.4, 29.3, 121.4, 29.3], 100, 100, 0, 17).zoom).toBe(17);
    expect(() => fitBbox([1, 2, 0, 3], 10, 10, 0)).toThrow(/invalid bbox/);
  });
});
