// Renders map images for print pages from the print page's map (PrintMap.svelte: the planner map's layer
// components off screen, sized like the page's map frame in CSS px), drawn with pixelRatio ≈ dpi/96 so the
// canvas has dpi-many pixels per inch of paper. After each view settles ('idle') the canvas (kept by
// preserveDrawingBuffer) is copied to a PNG blob; pages show that <img>, which the browser's PDF output embeds
// at full resolution (a live WebGL canvas may print blank).
import type * as maplibregl from 'maplibre-gl';
import { tick } from 'svelte';
import type { Feature } from '../lib/data/schema.ts';
import type { Lang } from '../lib/i18n/index.ts';
import type { LayerId } from '../lib/url/params.ts';
import { townName } from '../map/layers/town-name.ts';

export interface RenderView {
  center: [number, number];
  zoom: number;
  bearing: number;
  /** Parcel ids outlined on this view (a candidate site); none = no highlight. */
  highlight?: readonly string[];
}
export interface TownLabel {
  text: string;
  /** CSS px from the frame's top-left. */
  x: number;
  y: number;
}
export interface RenderedMap {
  url: string;
  /** Canvas size in device pixels. */
  width: number;
  height: number;
  labels: TownLabel[];
}
export interface RendererOptions {
  /** Map frame size in whole CSS px (the page shows the image at exactly this size). */
  widthCss: number;
  heightCss: number;
  dpi: number;
  layers: readonly LayerId[];
  /** Whether the offline base (which carries the town names) is drawn: the basemap choice is 'offline'. */
  offlineBase: boolean;
  lang: Lang;
  towns: readonly Feature[];
  /** Sets the ids the map outlines (PrintMap's `highlight`); applied at the next Svelte tick. */
  setHighlight(ids: readonly string[]): void;
}

const IDLE_TIMEOUT_MS = 45_000;

/**
 * The pixel ratio that gives at least `dpi` device px per inch across the frame. MapLibre floors
 * width × ratio, so ratio = dpi/96 could fall a pixel short (299.9 ppi); aim half a pixel above the ceiling.
 */
export function pixelRatioFor(widthCss: number, dpi: number): number {
  return (Math.ceil((widthCss * dpi) / 96) + 0.5) / widthCss;
}

export class PrintMapRenderer {
  private urls: string[] = [];
  private readonly ratio: number;

  constructor(
    private readonly map: maplibregl.Map,
    private readonly opts: RendererOptions,
  ) {
    this.ratio = pixelRatioFor(opts.widthCss, opts.dpi);
  }

  private idle(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`map did not settle within ${IDLE_TIMEOUT_MS / 1000} s`)), IDLE_TIMEOUT_MS);
      this.map.once('idle', () => {
        clearTimeout(timer);
        resolve();
      });
      this.map.triggerRepaint();
    });
  }

  /** Draws one view and returns its PNG (an object URL, revoked by destroy()). */
  async render(view: RenderView): Promise<RenderedMap> {
    // Settle at pixel ratio 1 first: while GeoJSON tiles arrive MapLibre redraws many times, and each
    // software-rendered frame at 300 dpi costs seconds. Then one full-resolution frame is drawn and read.
    // A raster basemap is declared with the print's tile size (PrintMap, print-zoom.ts): MapLibre chooses tiles by
    // zoom and declared size, not pixel ratio, so the tiles 'idle' waits for here are already the final frame's.
    this.map.setPixelRatio(1);
    this.opts.setHighlight(view.highlight ?? []);
    await tick(); // the highlight, and any layer, mode or language change, reaches the layer components
    this.map.jumpTo({ center: view.center, zoom: view.zoom, bearing: view.bearing });
    await this.idle();
    this.map.setPixelRatio(this.ratio);
    await this.idle();
    // Copy to a 2D canvas before encoding: measured in SwiftShader on a busy 2-core machine, toBlob on the
    // WebGL canvas itself took ≈ 24 s for an A3 frame at 300 dpi, drawImage + toBlob of the copy ≈ 14 s
    // (nearly all of it the GPU finishing the frame), PNG encoding of the copy 0.2 s.
    const gl = this.map.getCanvas();
    const canvas = document.createElement('canvas');
    canvas.width = gl.width;
    canvas.height = gl.height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas context for the map copy');
    ctx.drawImage(gl, 0, 0);
    const blob = await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('canvas.toBlob gave nothing'))), 'image/png'),
    );
    canvas.width = canvas.height = 0; // free the copy now, not at the next GC
    // Back to ratio 1: a 300-dpi canvas left standing holds ~50 MB of GPU memory between renders.
    this.map.setPixelRatio(1);
    const url = URL.createObjectURL(blob);
    this.urls.push(url);
    return { url, width: gl.width, height: gl.height, labels: this.townLabels() };
  }

  private townLabels(): TownLabel[] {
    if (!this.opts.offlineBase) return [];
    const out: TownLabel[] = [];
    for (const town of this.opts.towns) {
      if (town.geometry.type !== 'Point') continue;
      const p = this.map.project(town.geometry.coordinates as [number, number]);
      if (p.x < 20 || p.y < 10 || p.x > this.opts.widthCss - 20 || p.y > this.opts.heightCss - 10) continue;
      const text = townName(town.properties, this.opts.lang);
      if (text) out.push({ text, x: p.x, y: p.y });
    }
    return out;
  }

  /** Test hook support: the lon/lat under a CSS pixel of the frame, for the view drawn last. */
  unproject(x: number, y: number): [number, number] {
    const ll = this.map.unproject([x, y]);
    return [ll.lng, ll.lat];
  }

  /** Frees the images of this run (the map itself belongs to PrintMap). */
  destroy(): void {
    for (const u of this.urls.splice(0)) URL.revokeObjectURL(u);
  }
}
