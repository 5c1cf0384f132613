// The one way the app makes a MapLibre map: the planner map, the prospect's site map and the print renderer
// all come through createMap(), so the worker URL, the offline style and the CJK font are set in one place.
// What the map draws is added by the map-concept components in ./layers (ParcelsLayer, ZonesLayer, …) under
// <MapRoot>, each owning its source and layers.
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import pmtilesWorkerUrl from './pmtiles-in-worker.ts?worker&url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { Protocol } from 'pmtiles';
import { offlineStyle } from './style.ts';

/** Chinese labels are drawn with the system's CJK font; no glyph server is needed or contacted. */
export const CJK_FONT_FAMILY = "'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

export type CreateMapOptions = Omit<maplibregl.MapOptions, 'style' | 'localIdeographFontFamily'>;

let workerSet = false;
const pmtiles = new Protocol();
let workersReady: Promise<void> = Promise.resolve();
let pageTileReads = 0;

/** How many pmtiles:// requests the page's own handler answered (not a worker's): what a test checks stays 0. */
export function pageTileReadCount(): number {
  return pageTileReads;
}

function setUpMapLibre(): void {
  if (workerSet) return;
  // MapLibre's worker is bundled as its own file (no blob: URL), so a strict CSP and offline use both work.
  maplibregl.setWorkerUrl(workerUrl);
  // The parcels' vector tiles are one PMTiles archive read by HTTP range requests (issue 16): static files on any
  // server, object store or CDN, no tile server.
  maplibregl.addProtocol('pmtiles', (params, abort) => {
    pageTileReads += 1;
    return pmtiles.tile(params, abort);
  });
  // …and in MapLibre's workers too, so a tile is fetched where it is parsed (pmtiles-in-worker.ts says why). Workers
  // made later (a restart) import it as well; a failure leaves the page's registration answering.
  workersReady = maplibregl.importScriptInWorkers(new URL(pmtilesWorkerUrl, document.baseURI).href).catch(() => undefined);
  workerSet = true;
}

/**
 * Starts MapLibre's workers (fetching and compiling their code) before any map exists, so a map created later —
 * once the data its first view draws is in (MapRoot's `hold`) — finds them ready. Resolves once the tile protocol is
 * imported into them (or that failed: the page's handler then answers); calling it again starts nothing new.
 */
let prewarmed = false;
export function prewarmMaps(): Promise<void> {
  if (!prewarmed) {
    prewarmed = true;
    setUpMapLibre();
    maplibregl.prewarm();
  }
  return workersReady;
}

export function createMap(options: CreateMapOptions): maplibregl.Map {
  setUpMapLibre();
  return new maplibregl.Map({
    attributionControl: false,
    ...options,
    style: offlineStyle(),
    localIdeographFontFamily: CJK_FONT_FAMILY,
  });
}

/** A GeoJSON FeatureCollection of already-parsed features (the app's own Feature type is structurally GeoJSON). */
export function featureCollection(features: readonly unknown[]): GeoJSON.FeatureCollection {
  return { type: 'FeatureCollection', features: features as GeoJSON.Feature[] };
}
