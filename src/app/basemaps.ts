// The configured basemaps, read once at start from index.html's `<script type="application/json"
// id="tenglong-basemaps">` block (written by the build from data/config/basemaps.json, scripts/basemap-plugin.ts;
// editable by hand in a built dist), like data-files.ts reads the data location. A missing or broken block logs
// and yields no basemaps: the app still runs on the offline base.
import { loadBasemaps } from '../lib/basemap/config.ts';
import type { LoadedBasemaps } from '../lib/basemap/types.ts';

export const BASEMAPS_SCRIPT_ID = 'tenglong-basemaps';

function readBlock(): LoadedBasemaps {
  const none: LoadedBasemaps = { basemaps: [], refused: [], countyReviewNumber: null, problems: [] };
  const el = typeof document === 'undefined' ? null : document.getElementById(BASEMAPS_SCRIPT_ID);
  if (!el) return none;
  let raw: unknown;
  try {
    raw = JSON.parse(el.textContent ?? '');
  } catch (e) {
    console.error(`tenglong: index.html <script id="${BASEMAPS_SCRIPT_ID}"> is not JSON (${e instanceof Error ? e.message : String(e)}): no basemaps`);
    return none;
  }
  const loaded = loadBasemaps(raw);
  for (const p of loaded.problems) console.error(`tenglong: ${p}`);
  return loaded;
}

/** The basemaps the app may draw, those the datum guard refused, and the county's 审图号. */
export const BASEMAPS: LoadedBasemaps = readBlock();
