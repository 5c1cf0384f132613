// What every component below a page needs, shared through one typed Svelte context so panels and map layers
// take no prop plumbing: the app's stores (stores.ts) and a way to move the map. See docs/adr/0016.
import { getContext, setContext } from 'svelte';
import type { AppStores } from './stores.ts';

const KEY = Symbol('tenglong-app');

export interface AppContext extends AppStores {
  /** Move the map to a point (keeps the current zoom if it is closer). */
  flyTo(center: [number, number], zoom?: number): void;
  /** Fit the map to a bbox [minLon, minLat, maxLon, maxLat]. */
  fitBounds(bbox: [number, number, number, number]): void;
  /** The map's view as a bbox [west, south, east, north] (null before the map is made). */
  viewBounds(): [number, number, number, number] | null;
}

export function setAppContext(ctx: AppContext): void {
  setContext(KEY, ctx);
}

export function getAppContext(): AppContext {
  const ctx = getContext<AppContext | undefined>(KEY);
  if (!ctx) throw new Error('getAppContext() used outside <MapPage>');
  return ctx;
}
