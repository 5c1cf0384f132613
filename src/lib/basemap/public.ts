// Which basemap a prospect's page (the public site) may draw: only one the configuration marks `public` — a
// provider's licence or the county's 政务 service may allow internal use only — and of those the first listed.
import type { Basemap } from './types.ts';

/** The first basemap with `public: true`; null = none (the page draws the offline base). */
export function publicBasemap(basemaps: readonly Basemap[]): Basemap | null {
  return basemaps.find((b) => b.public === true) ?? null;
}
