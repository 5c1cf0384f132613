// The offline style and the paint order of every layer the app draws. The style itself holds only the
// background: no remote tiles, glyphs or sprites, so the map works with no network (and nothing leaves
// 127.0.0.1). Each map-concept component (./layers) adds its own source and layers; addOrderedLayers() slots
// them into LAYER_ORDER whatever order the components mount in.
import type { FilterSpecification, LayerSpecification, Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';

export function offlineStyle(): StyleSpecification {
  return {
    version: 8,
    name: 'tenglong-offline',
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef1f4' } }],
  };
}

/** Bottom to top. Layers not listed (overlays added at run time, terra-draw's) go on top in the order added. */
export const LAYER_ORDER = [
  'background',
  // A configured raster basemap (BasemapLayer.svelte) and its labels, under everything the county draws.
  'basemap-raster',
  'basemap-annotation',
  'county-fill',
  'county-line',
  'water-fill',
  'roads-line',
  'zones-fill',
  'blocks-fill',
  'parcel-cells-fill',
  'parcels-fill',
  'findings-dim',
  'findings-fail',
  'findings-warn',
  // Imported layers (ImportedLayer.svelte) over the county's parcels, under the lines and zones they are judged by.
  'imported-fill',
  'imported-line',
  'blocks-line',
  'zones-line',
  'lines-1',
  'lines-2',
  'selected-line',
  // The import dialog's preview of a file not yet accepted: on top of everything.
  'import-preview-line',
] as const;

/**
 * Layers drawn above the parcels whose features are picked by their own click (an imported layer's card): a click on
 * one of them is theirs, and does not also select the parcel underneath.
 */
export const CLICK_OWNING_LAYERS = ['imported-fill'] as const;

/** Adds layers, each below the first layer that LAYER_ORDER puts above it and the map already has. */
export function addOrderedLayers(map: MapLibreMap, layers: readonly LayerSpecification[]): void {
  const order: readonly string[] = LAYER_ORDER;
  for (const layer of layers) {
    const at = order.indexOf(layer.id);
    const before = at === -1 ? undefined : order.slice(at + 1).find((id) => map.getLayer(id));
    map.addLayer(layer, before);
  }
}

/** Removes layers and then their sources (with any layer still drawing them). A map already removed (its page torn down first) has nothing to do. */
export function removeLayers(map: MapLibreMap, layerIds: readonly string[], sourceIds: readonly string[]): void {
  try {
    if (!map.getStyle()) return;
  } catch {
    return; // map.remove() ran: the style is gone with it
  }
  for (const id of layerIds) if (map.getLayer(id)) map.removeLayer(id);
  for (const id of sourceIds) {
    if (!map.getSource(id)) continue;
    // Components tear down in no set order: a layer another component put on this source (the highlight, the
    // findings overlay) may still be there, and MapLibre refuses to remove a source in use. It goes first.
    for (const l of map.getStyle().layers) if ('source' in l && l.source === id) map.removeLayer(l.id);
    map.removeSource(id);
  }
}

/**
 * What a layer drawn on the ParcelsLayer's 'parcels' source needs besides `source`: the parcels' layer of the vector
 * tiles when the source is the tile archive (the planner and print maps), nothing when it is GeoJSON (the site map).
 */
export function parcelSourceLayer(map: MapLibreMap): { 'source-layer'?: string } {
  return map.getSource('parcels')?.type === 'vector' ? { 'source-layer': 'parcels' } : {};
}

/** Matches the features whose `id` is one of `ids` (none for an empty list). */
export function idFilter(ids: readonly string[]): FilterSpecification {
  return ids.length === 0 ? ['==', ['get', 'id'], '\u0000none'] : ['in', ['get', 'id'], ['literal', [...ids]]];
}
