import { describe, expect, it } from 'vitest';
import { grs80Geodesic } from '../geo/test-helpers/golden-areas.ts';
import { distanceParts, geodesicDistanceM, lineLengthM } from './measure.ts';

// Golden distances from geographiclib (Karney), an independent algorithm on the same GRS80 ellipsoid.
const golden = (a: [number, number], b: [number, number]): number => grs80Geodesic.Inverse(a[1], a[0], b[1], b[0]).s12 ?? NaN;

describe('geodesic distance on GRS80', () => {
  it.each([
    [[121.425, 29.288], [121.438, 29.318]], // 跃龙 → 桃源, ≈ 3.6 km
    [[121.425, 29.288], [121.426, 29.288]], // ≈ 97 m east-west
    [[121.43, 29.3], [121.43, 29.30001]], // ≈ 1.1 m north
    [[121.1, 29.1], [121.76, 29.62]], // county bbox diagonal, ≈ 86 km
  ] as [[number, number], [number, number]][])('%j → %j matches geographiclib to 0.1 mm', (a, b) => {
    const g = golden(a, b);
    expect(g).toBeGreaterThan(1);
    expect(Math.abs(geodesicDistanceM(a, b) - g)).toBeLessThan(1e-4);
  });

  it('is zero for the same point and sums segments of a polyline', () => {
    expect(geodesicDistanceM([121.4, 29.3], [121.4, 29.3])).toBe(0);
    const line: [number, number][] = [[121.4, 29.3], [121.41, 29.3], [121.41, 29.31]];
    const expected = golden(line[0]!, line[1]!) + golden(line[1]!, line[2]!);
    expect(lineLengthM(line)).toBeCloseTo(expected, 4);
    expect(lineLengthM([])).toBe(0);
  });

  it('writes metres below 1 km and kilometres from 1 km', () => {
    expect(distanceParts(999.94)).toEqual({ value: 999.94, digits: 1, unit: 'm' });
    expect(distanceParts(3612.5)).toEqual({ value: 3.6125, digits: 3, unit: 'km' });
  });
});
