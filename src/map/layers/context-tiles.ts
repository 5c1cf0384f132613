// The context layers' tile archive (scripts/pipeline/context-tiles.ts) and the layers drawn from it or from features:
// one definition of each layer's look, so a map drawing tiles (ContextTilesLayer) and one drawing features (ZonesLayer,
// ControlLinesLayer, LowEfficiencyLayer, BaseLayers) cannot drift apart.
import type { ExpressionSpecification, LayerSpecification, VectorSourceSpecification } from 'maplibre-gl';
import type { ContextTileArchive } from '../../app/data-files.ts';
import { LINE_STYLE, LOW_EFF_STYLE, ZONE_STYLE } from '../../lib/style/parcel-style.ts';

/** The archive as the maps draw it: its absolute URL, zoom range and the source layers it holds. */
export interface ContextTiles {
  url: string;
  minzoom: number;
  maxzoom: number;
  layers: readonly string[];
}

export function contextTiles(url: string, archive: ContextTileArchive): ContextTiles {
  return { url, minzoom: archive.minzoom, maxzoom: archive.maxzoom, layers: Object.keys(archive.layers) };
}

/** Tile URLs given at once (as for the parcels), so the first view's tiles are asked for when the source is added. */
export function contextTileSource(t: ContextTiles): VectorSourceSpecification {
  return { type: 'vector', tiles: [`pmtiles://${t.url}/{z}/{x}/{y}`], minzoom: t.minzoom, maxzoom: t.maxzoom };
}

/** Where a layer's features come from: its own GeoJSON source, or a source layer of the context archive. */
export interface LayerFrom {
  source: string;
  /** The archive's source layer (the layer file's name); absent for a GeoJSON source. */
  sourceLayer?: string;
}

const from = (f: LayerFrom) => (f.sourceLayer ? { source: f.source, 'source-layer': f.sourceLayer } : { source: f.source });

const zoneColour: ExpressionSpecification = ['match', ['get', 'kind'], 'central', ZONE_STYLE.central.colour, ZONE_STYLE['adjusted-use'].colour];

/** The plan's capped zones: a light fill and a dashed outline. */
export const zoneLayers = (f: LayerFrom): LayerSpecification[] => [
  { id: 'zones-fill', type: 'fill', ...from(f), paint: { 'fill-color': zoneColour, 'fill-opacity': 0.12 } },
  { id: 'zones-line', type: 'line', ...from(f), paint: { 'line-color': zoneColour, 'line-width': 2, 'line-dasharray': [1, 1] } },
];

/** Industrial control lines: level 1 solid, level 2 dashed. */
export const controlLineLayers = (f: LayerFrom): LayerSpecification[] => [
  { id: 'lines-1', type: 'line', ...from(f), filter: ['==', ['get', 'level'], 1], paint: { 'line-color': LINE_STYLE[1].colour, 'line-width': 2.2 } },
  {
    id: 'lines-2',
    type: 'line',
    ...from(f),
    filter: ['==', ['get', 'level'], 2],
    paint: { 'line-color': LINE_STYLE[2].colour, 'line-width': 1.6, 'line-dasharray': LINE_STYLE[2].dash ?? [1, 0] },
  },
];

/** Low-efficiency blocks: an orange wash and outline. */
export const blockLayers = (f: LayerFrom): LayerSpecification[] => [
  { id: 'blocks-fill', type: 'fill', ...from(f), paint: { 'fill-color': LOW_EFF_STYLE.colour, 'fill-opacity': 0.18 } },
  { id: 'blocks-line', type: 'line', ...from(f), paint: { 'line-color': LOW_EFF_STYLE.colour, 'line-width': 2 } },
];

/** The county outline. */
export const countyLayers = (f: LayerFrom): LayerSpecification[] => [
  { id: 'county-fill', type: 'fill', ...from(f), paint: { 'fill-color': '#fbfaf6' } },
  { id: 'county-line', type: 'line', ...from(f), paint: { 'line-color': '#9a9a9a', 'line-width': 1.5, 'line-dasharray': [4, 2] } },
];

export const waterLayers = (f: LayerFrom): LayerSpecification[] => [{ id: 'water-fill', type: 'fill', ...from(f), paint: { 'fill-color': '#b9d7ea' } }];

export const roadLayers = (f: LayerFrom): LayerSpecification[] => [
  { id: 'roads-line', type: 'line', ...from(f), paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 0.5, 16, 6] } },
];
