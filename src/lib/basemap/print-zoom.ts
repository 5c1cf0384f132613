// Which raster tile zoom a printed map needs, and what to declare so MapLibre requests it.
//
// The print renderer (src/print/renderer.ts) draws at pixelRatio ≈ dpi/96 (≈ 3.13 at 300 dpi), but MapLibre
// picks a raster source's tile zoom from the map zoom and the source's declared tileSize alone:
//   tile zoom = round(zoom + log2(512 / tileSize))        (512 = MapLibre's world tile size in CSS px)
// so a 256-px provider declared as 256 gives tiles with one tile pixel per CSS pixel: screen tiles, upscaled
// three times on paper. Declaring tileSize = provider tile size / 2^k makes MapLibre ask for tiles k zoom
// levels deeper, i.e. one tile pixel per device pixel when 2^k ≈ pixelRatio. k depends only on the pixel
// ratio, so one declaration serves every page of an atlas whatever its zoom. The source's maxzoom stays the
// provider's (MapLibre overzooms past it); when the print needs more than that the page says so (`coarser`).

/** Web Mercator ground resolution at the equator of zoom 0 for 256-px tiles, in m per pixel (2π · 6378137 / 256). */
export const EQUATOR_METRES_PER_PIXEL_256 = 156543.03392;

export interface PrintTileZoomInput {
  /** The map zoom of the printed view (MapLibre's zoom: the world is 512 · 2^zoom CSS px wide). */
  zoom: number;
  /** Device px per CSS px of the print (PrintMapRenderer's ratio, ≈ dpi/96). */
  pixelRatio: number;
  /** The provider's deepest tile zoom. */
  maxzoom: number;
  /** The provider's tile size in px (256 for 天地图). */
  tileSize: number;
  /** Latitude the resolutions are given at (the view's centre), in degrees. */
  lat: number;
}

export interface PrintTileZoom {
  /** The tileSize to declare on the raster source so MapLibre requests tiles for the print's pixels. */
  tileSize: number;
  /** The tile zoom MapLibre then requests at `zoom` (never beyond the provider's maxzoom). */
  requestZoom: number;
  /** True when the provider's deepest tiles are coarser than the print's device pixels. */
  coarser: boolean;
  /** Ground size of one device pixel of the print at `lat`, in metres. */
  printMetresPerPixel: number;
  /** Ground size of one tile pixel at the provider's maxzoom at `lat`, in metres. */
  providerMetresPerPixel: number;
}

/** Relative slack so a print that needs exactly the provider's max zoom is not called coarser by rounding error. */
const EPS = 1e-9;

/**
 * The raster source tileSize to declare for a print at `pixelRatio`: the provider's tile size over the power of two
 * nearest the ratio. At 300 dpi (ratio 3.13, log2 1.65) tiles two levels deeper, each tile pixel 0.78 device px —
 * slightly sharper than needed rather than 1.56× upscaled; at 150 dpi (1.56, log2 0.64) one level. Independent of
 * the view's zoom, so the source is declared once for every page.
 */
export function printSourceTileSize(tileSize: number, pixelRatio: number): number {
  if (!(pixelRatio > 0) || !(tileSize > 0)) throw new RangeError(`printSourceTileSize: bad input ${tileSize}, ${pixelRatio}`);
  return tileSize / 2 ** Math.max(0, Math.round(Math.log2(pixelRatio)));
}

export function printTileZoom({ zoom, pixelRatio, maxzoom, tileSize, lat }: PrintTileZoomInput): PrintTileZoom {
  if (!(pixelRatio > 0) || !(tileSize > 0) || !Number.isFinite(zoom) || !Number.isFinite(maxzoom) || !(Math.abs(lat) < 90)) {
    throw new RangeError(`printTileZoom: bad input ${JSON.stringify({ zoom, pixelRatio, maxzoom, tileSize, lat })}`);
  }
  const declared = printSourceTileSize(tileSize, pixelRatio);
  const requestZoom = Math.max(0, Math.min(maxzoom, Math.round(zoom + Math.log2(512 / declared))));
  const cos = Math.cos((lat * Math.PI) / 180);
  // One CSS px at map zoom z is one pixel of a 256-px tile at zoom z + 1; the device pixel is 1/pixelRatio of it.
  const printMetresPerPixel = (EQUATOR_METRES_PER_PIXEL_256 * cos) / 2 ** (zoom + 1) / pixelRatio;
  const providerMetresPerPixel = ((EQUATOR_METRES_PER_PIXEL_256 * cos) / 2 ** maxzoom) * (256 / tileSize);
  return {
    tileSize: declared,
    requestZoom,
    coarser: providerMetresPerPixel > printMetresPerPixel * (1 + EPS),
    printMetresPerPixel,
    providerMetresPerPixel,
  };
}
