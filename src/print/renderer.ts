// Renders map images for print pages: one MapLibre map in an off-screen container sized like the page's map
// frame in CSS px, drawn with pixelRatio ≈ dpi/96 so the canvas has dpi-many pixels per inch of paper. After
// each view settles ('idle') the canvas (kept by preserveDrawingBuffer) is copied to a PNG blob; pages show
// that <img>, which the browser's PDF output embeds at full resolution (a live WebGL canvas may print blank).
// One map is reused page after page: creating a WebGL context per atlas page would exhaust the browser's
// context limit (16 in Chromium) and costs a style load each time.
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { DataStore } from '../app/data-store.svelte.ts';
import { fillColourExpression, type ColourMode } from '../lib/style/parcel-style.ts';
import { LAYER_IDS, type LayerId, type Lang } from '../lib/url/params.ts';
import { baseStyle, LAYER_GROUPS, type SourceId } from '../map/style.ts';

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
  mode: ColourMode;
  layers: readonly LayerId[];
  lang: Lang;
  data: DataStore;
}

const IDLE_TIMEOUT_MS = 45_000;
/** Headroom over MapLibre's 4096 default: an A3 frame at 300 dpi is ≈ 3900 × 3100 device px. */
const MAX_CANVAS = 8192;

/**
 * The pixel ratio that gives at least `dpi` device px per inch across the frame. MapLibre floors
 * width × ratio, so ratio = dpi/96 could fall a pixel short (299.9 ppi); aim half a pixel above the ceiling.
 */
export function pixelRatioFor(widthCss: number, dpi: number): number {
  return (Math.ceil((widthCss * dpi) / 96) + 0.5) / widthCss;
}

export class PrintMapRenderer {
  private map: maplibregl.Map;
  private container: HTMLDivElement;
  private loaded: Promise<void>;
  private urls: string[] = [];
  private readonly ratio: number;

  constructor(private readonly opts: RendererOptions) {
    maplibregl.setWorkerUrl(workerUrl);
    this.ratio = pixelRatioFor(opts.widthCss, opts.dpi);
    const el = document.createElement('div');
    el.className = 'print-offscreen';
    el.setAttribute('aria-hidden', 'true');
    // Off screen but laid out at full size (display:none would give MapLibre a 0 × 0 canvas).
    Object.assign(el.style, { position: 'fixed', left: '-200000px', top: '0', width: `${opts.widthCss}px`, height: `${opts.heightCss}px` });
    document.body.appendChild(el);
    this.container = el;
    this.map = new maplibregl.Map({
      container: el,
      style: baseStyle(opts.mode),
      center: [121.45, 29.36],
      zoom: 11,
      interactive: false,
      attributionControl: false,
      fadeDuration: 0,
      pixelRatio: 1,
      maxCanvasSize: [MAX_CANVAS, MAX_CANVAS],
      canvasContextAttributes: { preserveDrawingBuffer: true },
      localIdeographFontFamily: "'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif",
    });
    this.loaded = new Promise((resolve, reject) => {
      this.map.once('load', () => {
        try {
          this.fill();
          resolve();
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      });
      this.map.once('error', (e) => reject(e.error instanceof Error ? e.error : new Error('map error')));
    });
  }

  private fill(): void {
    const { data, layers, mode } = this.opts;
    const set = (id: SourceId, features: unknown[]) =>
      (this.map.getSource(id) as maplibregl.GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features } as GeoJSON.FeatureCollection);
    set('parcels', data.parcels);
    set('lines', data.controlLines);
    set('zones', data.zones);
    set('blocks', data.blocks);
    set('county', data.base['county'] ?? []);
    set('water', data.base['water'] ?? []);
    set('roads', data.base['roads'] ?? []);
    this.map.setPaintProperty('parcels-fill', 'fill-color', fillColourExpression(mode) as never);
    const visible = new Set(layers);
    for (const id of LAYER_IDS) for (const l of LAYER_GROUPS[id]) this.map.setLayoutProperty(l, 'visibility', visible.has(id) ? 'visible' : 'none');
    // No selection highlight on paper (render() outlines a candidate site's parcels only).
    this.map.setLayoutProperty('selected-line', 'visibility', 'none');
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
    await this.loaded;
    // Settle at pixel ratio 1 first: while GeoJSON tiles arrive MapLibre redraws many times, and each
    // software-rendered frame at 300 dpi costs seconds. Then one full-resolution frame is drawn and read.
    this.map.setPixelRatio(1);
    const ids = view.highlight ?? [];
    this.map.setFilter('selected-line', ['in', ['get', 'id'], ['literal', [...ids]]]);
    this.map.setLayoutProperty('selected-line', 'visibility', ids.length ? 'visible' : 'none');
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
    const url = URL.createObjectURL(blob);
    this.urls.push(url);
    return { url, width: gl.width, height: gl.height, labels: this.townLabels() };
  }

  private townLabels(): TownLabel[] {
    if (!this.opts.layers.includes('base')) return [];
    const out: TownLabel[] = [];
    for (const town of this.opts.data.base['towns'] ?? []) {
      if (town.geometry.type !== 'Point') continue;
      const p = this.map.project(town.geometry.coordinates);
      if (p.x < 20 || p.y < 10 || p.x > this.opts.widthCss - 20 || p.y > this.opts.heightCss - 10) continue;
      const name = town.properties[this.opts.lang === 'en' ? 'name_en' : 'name'] ?? town.properties['name'];
      if (typeof name === 'string') out.push({ text: name, x: p.x, y: p.y });
    }
    return out;
  }

  /** Test hook support: the lon/lat under a CSS pixel of the frame, for the view drawn last. */
  unproject(x: number, y: number): [number, number] {
    const ll = this.map.unproject([x, y]);
    return [ll.lng, ll.lat];
  }

  destroy(): void {
    for (const u of this.urls.splice(0)) URL.revokeObjectURL(u);
    this.map.remove();
    this.container.remove();
  }
}
