import { describe, expect, it } from 'vitest';
import { printSourceTileSize, printTileZoom } from './print-zoom.ts';

// Golden values by hand: ground resolution = 156543.03392 · cos(lat) / 2^z m/px for 256-px tiles at tile zoom z;
// MapLibre's map zoom z is 256-px tile zoom z + 1 in CSS px, a device px is 1/pixelRatio of a CSS px.
// cos(29.36°) (Ninghai) = 0.87155631.
describe('printTileZoom', () => {
  it('at 300 dpi (ratio 3.13) declares 256/4 so MapLibre asks two zoom levels deeper', () => {
    const r = printTileZoom({ zoom: 14, pixelRatio: 3.13, maxzoom: 18, tileSize: 256, lat: 29.36 });
    expect(r.tileSize).toBe(64);
    expect(r.requestZoom).toBe(17); // round(14 + log2(512/64)) = 17
    // 156543.03392 · 0.87155631 / 2^15 / 3.13
    expect(r.printMetresPerPixel).toBeCloseTo(1.330255, 5);
    // 156543.03392 · 0.87155631 / 2^18
    expect(r.providerMetresPerPixel).toBeCloseTo(0.520462, 5);
    expect(r.coarser).toBe(false);
  });

  it('stops at the provider max zoom and says the provider is coarser when the print needs more', () => {
    const r = printTileZoom({ zoom: 16.5, pixelRatio: 3.13, maxzoom: 18, tileSize: 256, lat: 29.36 });
    expect(r.tileSize).toBe(64);
    expect(r.requestZoom).toBe(18); // round(19.5) = 20, capped at 18
    // 156543.03392 · 0.87155631 / 2^17.5 / 3.13
    expect(r.printMetresPerPixel).toBeCloseTo(0.235158, 5);
    expect(r.providerMetresPerPixel).toBeCloseTo(0.520462, 5);
    expect(r.coarser).toBe(true);
  });

  it('at 96 dpi keeps the provider tile size (screen tiles are the right tiles)', () => {
    const r = printTileZoom({ zoom: 0, pixelRatio: 1, maxzoom: 18, tileSize: 256, lat: 0 });
    expect(r.tileSize).toBe(256);
    expect(r.requestZoom).toBe(1);
    expect(r.printMetresPerPixel).toBeCloseTo(78271.51696, 4); // 156543.03392 / 2
    expect(r.providerMetresPerPixel).toBeCloseTo(0.5971643, 6); // 156543.03392 / 2^18
    expect(r.coarser).toBe(false);
  });

  it('rounds log2 of the ratio: 150 dpi one level deeper, ratio 1.41 none', () => {
    expect(printTileZoom({ zoom: 12, pixelRatio: 1.5625, maxzoom: 18, tileSize: 256, lat: 29.36 }).tileSize).toBe(128);
    expect(printTileZoom({ zoom: 12, pixelRatio: 1.5625, maxzoom: 18, tileSize: 256, lat: 29.36 }).requestZoom).toBe(14);
    expect(printTileZoom({ zoom: 12, pixelRatio: 1.41, maxzoom: 18, tileSize: 256, lat: 29.36 }).tileSize).toBe(256);
  });

  it('a 512-px provider: its zoom is MapLibre zoom, resolutions halve', () => {
    const r = printTileZoom({ zoom: 10, pixelRatio: 2, maxzoom: 12, tileSize: 512, lat: 0 });
    expect(r.tileSize).toBe(256);
    expect(r.requestZoom).toBe(11);
    expect(r.printMetresPerPixel).toBeCloseTo(38.2185141, 6); // 156543.03392 / 2^11 / 2
    expect(r.providerMetresPerPixel).toBeCloseTo(19.1092571, 6); // 156543.03392 / 2^13 (512-px tile at z12)
    expect(r.coarser).toBe(false);
  });

  it('needing exactly the provider max zoom is not coarser', () => {
    // map zoom 15 at ratio 4: 256-px tile zoom 15 + 1 + 2 = 18
    const r = printTileZoom({ zoom: 15, pixelRatio: 4, maxzoom: 18, tileSize: 256, lat: 29.36 });
    expect(r.requestZoom).toBe(18);
    expect(r.coarser).toBe(false);
    expect(printTileZoom({ zoom: 15.01, pixelRatio: 4, maxzoom: 18, tileSize: 256, lat: 29.36 }).coarser).toBe(true);
  });

  it('refuses nonsense input', () => {
    expect(() => printTileZoom({ zoom: 10, pixelRatio: 0, maxzoom: 18, tileSize: 256, lat: 0 })).toThrow(RangeError);
    expect(() => printTileZoom({ zoom: 10, pixelRatio: 1, maxzoom: 18, tileSize: 256, lat: 90 })).toThrow(RangeError);
  });

  it('the declared tile size depends on the ratio alone (one source for every page of an atlas)', () => {
    expect(printSourceTileSize(256, 3.13)).toBe(64);
    expect(printSourceTileSize(256, 6.25)).toBe(32); // 600 dpi: log2 6.25 = 2.64 → three levels
    expect(printSourceTileSize(512, 1)).toBe(512);
    expect(printSourceTileSize(256, 0.8)).toBe(256); // below 96 dpi: never coarser than the provider's own tiles
  });
});
