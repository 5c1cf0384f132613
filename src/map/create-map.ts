// The one way the app makes a MapLibre map: the planner map, the prospect's site map and the print renderer
// all come through createMap(), so the worker URL, the offline style and the CJK font are set in one place.
// What the map draws is added by the map-concept components in ./layers (ParcelsLayer, ZonesLayer, …) under
// <MapRoot>, each owning its source and layers.
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { Protocol } from 'pmtiles';
import { offlineStyle } from './style.ts';

/** Chinese labels are drawn with the system's CJK font; no glyph server is needed or contacted. */
export const CJK_FONT_FAMILY = "'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

export type CreateMapOptions = Omit<maplibregl.MapOptions, 'style' | 'localIdeographFontFamily'>;

let workerSet = false;

export function createMap(options: CreateMapOptions): maplibregl.Map {
  if (!workerSet) {
    // MapLibre's worker is bundled as its own file (no blob: URL), so a strict CSP and offline use both work.
    maplibregl.setWorkerUrl(workerUrl);
    // The parcels' vector tiles are one PMTiles archive read by HTTP range requests (issue 16): static files on any
    // server, object store or CDN, no tile server.
    maplibregl.addProtocol('pmtiles', new Protocol().tile);
    workerSet = true;
  }
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
