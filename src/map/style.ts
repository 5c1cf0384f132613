// The offline base style: no remote tiles, glyphs or sprites. Everything drawn comes from the project's own
// data files, so the map works on a machine with no network (and nothing leaves 127.0.0.1).
import type { FilterSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { fillColourExpression, LINE_STYLE, LOW_EFF_STYLE, ZONE_STYLE, type ColourMode } from '../lib/style/parcel-style.ts';
import type { LayerId } from '../lib/url/params.ts';

const EMPTY = { type: 'FeatureCollection', features: [] } as const;

export const SOURCES = ['county', 'water', 'roads', 'zones', 'blocks', 'parcels', 'lines'] as const;
export type SourceId = (typeof SOURCES)[number];

/** Which MapLibre layers belong to each user-facing layer toggle. */
export const LAYER_GROUPS: Record<LayerId, string[]> = {
  base: ['county-fill', 'county-line', 'water-fill', 'roads-line'],
  zones: ['zones-fill', 'zones-line'],
  'low-efficiency': ['blocks-fill', 'blocks-line'],
  parcels: ['parcels-fill', 'parcels-line'],
  'control-lines': ['lines-1', 'lines-2'],
};

export function baseStyle(mode: ColourMode): StyleSpecification {
  const sources: StyleSpecification['sources'] = {};
  for (const s of SOURCES) sources[s] = { type: 'geojson', data: EMPTY as unknown as GeoJSON.FeatureCollection, promoteId: s === 'parcels' ? 'id' : undefined } as StyleSpecification['sources'][string];
  const zoneColour = ['match', ['get', 'kind'], 'central', ZONE_STYLE.central.colour, ZONE_STYLE['adjusted-use'].colour];
  const layers: LayerSpecification[] = [
    { id: 'background', type: 'background', paint: { 'background-color': '#eef1f4' } },
    { id: 'county-fill', type: 'fill', source: 'county', paint: { 'fill-color': '#fbfaf6' } },
    { id: 'county-line', type: 'line', source: 'county', paint: { 'line-color': '#9a9a9a', 'line-width': 1.5, 'line-dasharray': [4, 2] } },
    { id: 'water-fill', type: 'fill', source: 'water', paint: { 'fill-color': '#b9d7ea' } },
    { id: 'roads-line', type: 'line', source: 'roads', paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 0.5, 16, 6] } },
    { id: 'zones-fill', type: 'fill', source: 'zones', paint: { 'fill-color': zoneColour as never, 'fill-opacity': 0.12 } },
    { id: 'blocks-fill', type: 'fill', source: 'blocks', paint: { 'fill-color': LOW_EFF_STYLE.colour, 'fill-opacity': 0.18 } },
    {
      id: 'parcels-fill',
      type: 'fill',
      source: 'parcels',
      paint: { 'fill-color': fillColourExpression(mode) as never, 'fill-opacity': 0.85 },
    },
    { id: 'parcels-line', type: 'line', source: 'parcels', minzoom: 13, paint: { 'line-color': '#555', 'line-width': 0.4 } },
    { id: 'blocks-line', type: 'line', source: 'blocks', paint: { 'line-color': LOW_EFF_STYLE.colour, 'line-width': 2 } },
    {
      id: 'zones-line',
      type: 'line',
      source: 'zones',
      paint: { 'line-color': zoneColour as never, 'line-width': 2, 'line-dasharray': [1, 1] },
    },
    { id: 'lines-1', type: 'line', source: 'lines', filter: ['==', ['get', 'level'], 1], paint: { 'line-color': LINE_STYLE[1].colour, 'line-width': 2.2 } },
    {
      id: 'lines-2',
      type: 'line',
      source: 'lines',
      filter: ['==', ['get', 'level'], 2],
      paint: { 'line-color': LINE_STYLE[2].colour, 'line-width': 1.6, 'line-dasharray': LINE_STYLE[2].dash! },
    },
    { id: 'selected-line', type: 'line', source: 'parcels', filter: selectedFilter(null), paint: { 'line-color': '#00e5ff', 'line-width': 4 } },
  ];
  return { version: 8, name: 'tenglong-offline', sources, layers };
}

export function selectedFilter(id: string | null): FilterSpecification {
  return ['==', ['get', 'id'], id ?? '\u0000none'];
}
