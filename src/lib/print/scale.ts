// Map scale on paper. MapLibre draws Web Mercator with 512-pixel tiles: at zoom z the world is 512·2^z CSS
// pixels wide, so one CSS pixel spans 360°/(512·2^z) of longitude everywhere. Along the parallel through the
// page centre that is N·cos φ·Δλ metres on the WGS84/CGCS2000 ellipsoid (N = prime-vertical radius). A CSS
// pixel prints as 0.0254/96 m, so the scale denominator is (metres per CSS px) / (0.0254/96).
//
// Why CSS px and not 300 dpi: the print page lays the map frame out in CSS px (mm × 96/25.4) and renders it
// with pixelRatio = dpi/96. The pixel ratio adds device pixels (sharpness); it does not change which ground
// distance one CSS pixel covers, so the zoom for a given scale is the same at 96, 150 or 300 dpi. Using
// 300 px/in in this formula would be wrong by a factor 3.125 (2^1.64 in zoom).
//
// The scale is exact east–west through the centre. Web Mercator on ellipsoidal latitudes is not conformal:
// north–south the scale differs by N/M − 1 (≈ 0.5 % at 29°N), and away from the centre latitude by
// cos φ0 / cos φ (≈ 0.15 % for ±10 km at Ninghai). The scale bar is horizontal for that reason.
import { MM_PER_INCH, CSS_PX_PER_INCH } from './paper.ts';

export const TILE_SIZE = 512;
/** WGS84 / CGCS2000 (GRS80 differs in the 9th digit of f, irrelevant here). */
export const WGS84_A = 6378137;
export const WGS84_F = 1 / 298.257223563;
const E2 = WGS84_F * (2 - WGS84_F);

export const FIXED_SCALES = [2000, 5000, 10000, 25000, 50000] as const;
export type FixedScale = (typeof FIXED_SCALES)[number];

/** Metres of paper per CSS pixel. */
export const PAPER_M_PER_CSS_PX = MM_PER_INCH / CSS_PX_PER_INCH / 1000;

function toRad(d: number): number {
  return (d * Math.PI) / 180;
}

/** Length of one degree of longitude along the parallel at `lat`, metres (ellipsoidal). */
export function metresPerDegreeLon(lat: number): number {
  const s = Math.sin(toRad(lat));
  const n = WGS84_A / Math.sqrt(1 - E2 * s * s);
  return (n * Math.cos(toRad(lat)) * Math.PI) / 180;
}

/** Ground metres per CSS pixel, east–west, at latitude `lat` and MapLibre zoom `zoom`. */
export function metresPerCssPx(lat: number, zoom: number): number {
  return (metresPerDegreeLon(lat) * 360) / (TILE_SIZE * 2 ** zoom);
}

/** The 1:N of a map at `zoom` printed at 96 CSS px per inch, at latitude `lat`. */
export function scaleDenominator(lat: number, zoom: number): number {
  return metresPerCssPx(lat, zoom) / PAPER_M_PER_CSS_PX;
}

/** The MapLibre zoom that prints at 1:`scale` at latitude `lat` (inverse of scaleDenominator). */
export function zoomForScale(lat: number, scale: number): number {
  if (!(scale > 0)) throw new Error(`zoomForScale: scale must be positive, got ${scale}`);
  return Math.log2((metresPerDegreeLon(lat) * 360) / (TILE_SIZE * scale * PAPER_M_PER_CSS_PX));
}

export interface ScaleBar {
  /** Ground length the bar stands for, metres: 1, 2 or 5 × 10^k. */
  metres: number;
  /** Its length on paper, mm. */
  mm: number;
}

/**
 * The longest round length (1, 2, 5 × 10^k m) whose bar fits in `maxMm` of paper at 1:`scale`.
 * Below `maxMm`/5 nothing is round enough only at absurd inputs; the 1 m floor keeps the label sensible.
 */
export function chooseScaleBar(scale: number, maxMm: number): ScaleBar {
  if (!(scale > 0) || !(maxMm > 0)) throw new Error(`chooseScaleBar: scale and maxMm must be positive (got ${scale}, ${maxMm})`);
  const maxMetres = (maxMm / 1000) * scale;
  let best = 1;
  for (let k = 0; k < 8; k++) {
    for (const f of [1, 2, 5]) {
      const m = f * 10 ** k;
      if (m <= maxMetres) best = m;
    }
  }
  return { metres: best, mm: (best / scale) * 1000 };
}

/** '500 m', '2 km' — the label printed beside the bar. */
export function scaleBarLabel(metres: number): string {
  return metres >= 1000 ? `${metres / 1000} km` : `${metres} m`;
}

/** '1:25 000' with a thin space group separator as in Chinese and ISO map practice. */
export function formatScale(scale: number): string {
  const n = Math.round(scale).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `1:${n}`;
}

// ---- Fitting an extent into the frame -------------------------------------------------------------

function mercX(lon: number): number {
  return (lon + 180) / 360;
}
function mercY(lat: number): number {
  const s = Math.sin(toRad(lat));
  return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
}
function unMercY(y: number): number {
  return (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI;
}

export interface View {
  center: [number, number];
  zoom: number;
}

/**
 * The centre and zoom that show `bbox` [minLon, minLat, maxLon, maxLat] inside a frame of `widthPx` ×
 * `heightPx` CSS px, leaving `marginPx` on every side (north up). A point bbox gets `maxZoom`.
 */
export function fitBbox(bbox: readonly [number, number, number, number], widthPx: number, heightPx: number, marginPx: number, maxZoom = 19): View {
  const [w, s, e, n] = bbox;
  if (![w, s, e, n].every(Number.isFinite) || w > e || s > n) throw new Error(`fitBbox: invalid bbox ${JSON.stringify(bbox)}`);
  const x0 = mercX(w);
  const x1 = mercX(e);
  const y0 = mercY(n);
  const y1 = mercY(s);
  const center: [number, number] = [(w + e) / 2, unMercY((y0 + y1) / 2)];
  const availW = Math.max(1, widthPx - 2 * marginPx);
  const availH = Math.max(1, heightPx - 2 * marginPx);
  const dx = x1 - x0;
  const dy = y1 - y0;
  const zx = dx > 0 ? Math.log2(availW / (TILE_SIZE * dx)) : Infinity;
  const zy = dy > 0 ? Math.log2(availH / (TILE_SIZE * dy)) : Infinity;
  return { center, zoom: Math.min(zx, zy, maxZoom) };
}
