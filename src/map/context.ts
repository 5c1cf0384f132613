// Every map-concept component (./layers) and overlay sits under <MapRoot>, which renders them once the style
// has loaded and hands them the map through this context (the svelte-maplibre pattern).
import type * as maplibregl from 'maplibre-gl';
import { getContext, setContext } from 'svelte';

const KEY = Symbol('tenglong-map');

export interface MapContext {
  /** The loaded map (children are rendered only once it exists). */
  readonly map: maplibregl.Map;
  /** Call after changing sources/layers so `data-idle` turns false until MapLibre settles again. */
  markBusy(): void;
}

export function setMapContext(ctx: MapContext): void {
  setContext(KEY, ctx);
}

export function getMapContext(): MapContext {
  const ctx = getContext<MapContext | undefined>(KEY);
  if (!ctx) throw new Error('getMapContext() used outside <MapRoot>');
  return ctx;
}
