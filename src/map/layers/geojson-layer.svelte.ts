// What every map-concept component does, in one place: add a GeoJSON source and its layers (slotted into the
// app's paint order), keep the source's features and the layers' visibility in step with the component's
// props, and remove both when the component goes. Call from a component's script, under <MapRoot>.
import type { GeoJSONSource, GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl';
import { onDestroy } from 'svelte';
import { getMapContext } from '../context.ts';
import { featureCollection } from '../create-map.ts';
import { addOrderedLayers, removeLayers } from '../style.ts';

export interface GeoJsonLayerOptions {
  source: string;
  layers: readonly LayerSpecification[];
  /** Feature property used as the feature id (for feature state and filters). */
  promoteId?: string;
  /** Read inside an effect: the source follows it. */
  features: () => readonly unknown[];
  /** Read inside an effect: every layer of the source is shown or hidden with it. */
  visible?: () => boolean;
}

export function geoJsonLayer(opts: GeoJsonLayerOptions): void {
  const { map, markBusy } = getMapContext();
  const spec: GeoJSONSourceSpecification = { type: 'geojson', data: featureCollection([]) };
  if (opts.promoteId) spec.promoteId = opts.promoteId;
  map.addSource(opts.source, spec);
  addOrderedLayers(map, opts.layers);

  $effect(() => {
    const features = opts.features();
    markBusy();
    (map.getSource(opts.source) as GeoJSONSource | undefined)?.setData(featureCollection(features));
  });

  const visible = opts.visible;
  if (visible) {
    $effect(() => {
      const v = visible() ? 'visible' : 'none';
      markBusy();
      for (const l of opts.layers) map.setLayoutProperty(l.id, 'visibility', v);
    });
  }

  onDestroy(() =>
    removeLayers(
      map,
      opts.layers.map((l) => l.id),
      [opts.source],
    ),
  );
}
