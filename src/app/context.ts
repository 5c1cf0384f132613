// What every panel needs, shared through Svelte context so panels take no prop plumbing: the URL state,
// the loaded data, and a way to move the map.
import { getContext, setContext } from 'svelte';
import type { DataStore } from './data-store.svelte.ts';
import type { UrlState } from './url-state.svelte.ts';

const KEY = Symbol('tenglong-app');

export interface AppContext {
  url: UrlState;
  data: DataStore;
  /** Move the map to a point (keeps the current zoom if it is closer). */
  flyTo(center: [number, number], zoom?: number): void;
  /** Fit the map to a bbox [minLon, minLat, maxLon, maxLat]. */
  fitBounds(bbox: [number, number, number, number]): void;
}

export function setAppContext(ctx: AppContext): void {
  setContext(KEY, ctx);
}

export function getAppContext(): AppContext {
  const ctx = getContext<AppContext | undefined>(KEY);
  if (!ctx) throw new Error('getAppContext() used outside <MapPage>');
  return ctx;
}
