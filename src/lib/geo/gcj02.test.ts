import { describe, expect, it } from 'vitest';
import type { Position } from '../data/schema.ts';
import { gcj02ToWgs84, isOutsideGcj02Extent, wgs84ToGcj02 } from './gcj02.ts';

/** Distance in metres between nearby lon/lat points, with GRS80 meridian and prime-vertical radii. */
function metres(a: Position, b: Position): number {
  const f = 1 / 298.257222101;
  const e2 = f * (2 - f);
  const lat = (((a[1] + b[1]) / 2) * Math.PI) / 180;
  const w = 1 - e2 * Math.sin(lat) ** 2;
  const m = (6378137 * (1 - e2)) / w ** 1.5;
  const n = 6378137 / Math.sqrt(w);
  const dy = ((b[1] - a[1]) * Math.PI * m) / 180;
  const dx = ((b[0] - a[0]) * Math.PI * n * Math.cos(lat)) / 180;
  return Math.hypot(dx, dy);
}

// Town centres from DOMAIN.md plus far corners of China.
const NINGHAI: Position = [121.43, 29.29];
const SAMPLES: Position[] = [
  NINGHAI,
  [121.425, 29.288], // 跃龙
  [121.61, 29.23], // 长街
  [121.435, 29.51], // 西店
  [87.62, 43.83], // Ürümqi
  [110.35, 20.02], // Haikou
  [126.64, 45.76], // Harbin
];

describe('wgs84ToGcj02', () => {
  it('shifts Ninghai by ≈ +0.0045° lon, −0.0025° lat (≈ 510 m)', () => {
    const [lon, lat] = wgs84ToGcj02(NINGHAI);
    expect(lon - NINGHAI[0]).toBeGreaterThan(0.0045 - 0.001);
    expect(lon - NINGHAI[0]).toBeLessThan(0.0045 + 0.001);
    expect(lat - NINGHAI[1]).toBeGreaterThan(-0.0025 - 0.001);
    expect(lat - NINGHAI[1]).toBeLessThan(-0.0025 + 0.001);
    const d = metres(NINGHAI, [lon, lat]);
    expect(d).toBeGreaterThan(450);
    expect(d).toBeLessThan(570);
  });
  it('returns points outside China unchanged (both directions)', () => {
    for (const p of [[2.35, 48.85], [-74.0, 40.7], [151.2, -33.9], [139.9, 35.7]] as Position[]) {
      expect(isOutsideGcj02Extent(p)).toBe(true);
      expect(wgs84ToGcj02(p)).toEqual(p);
      expect(gcj02ToWgs84(p)).toEqual(p);
    }
  });
});

describe('gcj02ToWgs84 (iterative inverse)', () => {
  it.each(SAMPLES)('round-trips %s to < 0.1 m (in fact < 1 mm)', (lon, lat) => {
    const p: Position = [lon, lat];
    const gcj = wgs84ToGcj02(p);
    expect(metres(p, gcj)).toBeGreaterThan(50); // the offset is real everywhere in China
    const back = gcj02ToWgs84(gcj);
    expect(metres(p, back)).toBeLessThan(0.1);
    expect(metres(p, back)).toBeLessThan(0.001);
  });
  it('its result maps forward onto the input within 1e-9°', () => {
    const gcj: Position = [121.4345, 29.2875];
    const [lon, lat] = wgs84ToGcj02(gcj02ToWgs84(gcj));
    expect(Math.abs(lon - gcj[0])).toBeLessThan(1e-9);
    expect(Math.abs(lat - gcj[1])).toBeLessThan(1e-9);
  });
  it('a one-step inverse (gcj − offset) would be off by more than 0.1 m: iteration matters', () => {
    const gcj = wgs84ToGcj02(NINGHAI);
    const f = wgs84ToGcj02(gcj);
    const oneStep: Position = [gcj[0] - (f[0] - gcj[0]), gcj[1] - (f[1] - gcj[1])];
    expect(metres(NINGHAI, oneStep)).toBeGreaterThan(0.1);
  });
});
