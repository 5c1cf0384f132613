// bench/scale-map's baseline page: the planner map "today's way", reduced to its parcels — the whole
// internal/parcels.fgb fetched in one request, decoded with the app's own reader (readAllFgb) and added as ONE GeoJSON
// source with the app's parcel fill (same colours, promoteId, map factory, offline style and default view). Built by
// bench/scale-map.ts with Vite into the served app folder (same origin as the data, so the login cookie reaches
// internal/). It reports on `window.__benchBaseline` when the map is first idle after the source was added.
import type { FillLayerSpecification } from 'maplibre-gl';
import { readAllFgb } from '../../src/lib/data/fgb-read.ts';
import { fillColourExpression, outlineColourExpression } from '../../src/lib/style/parcel-style.ts';
import { createMap, featureCollection } from '../../src/map/create-map.ts';

/** What the page reports; times are performance.now() (ms since navigation start). */
export type BaselineReport =
  | { ok: true; idleMs: number; fetchedMs: number; decodedMs: number; features: number; rendered: number }
  | { ok: false; error: string };

const w = window as unknown as { __benchBaseline?: BaselineReport };
const DATA = new URL('../data/', location.href).href;
// The app's default view (src/lib/url/params.ts: centre 121.45, 29.36, zoom 11), or the zoom bench/scale-map's
// --zoom asks for (`?z=`).
const zoomAsked = Number(new URLSearchParams(location.search).get('z') ?? '11');
const map = createMap({ container: 'map', center: [121.45, 29.36], zoom: Number.isFinite(zoomAsked) ? zoomAsked : 11, canvasContextAttributes: { preserveDrawingBuffer: true } });
const loaded = new Promise<void>((done) => map.once('load', () => done()));

async function run(): Promise<void> {
  const res = await fetch(`${DATA}internal/parcels.fgb`);
  if (!res.ok) throw new Error(`internal/parcels.fgb: HTTP ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const fetchedMs = performance.now();
  const features = readAllFgb(bytes, 'internal/parcels.fgb');
  const decodedMs = performance.now();
  await loaded;
  map.addSource('parcels', { type: 'geojson', data: featureCollection(features), promoteId: 'id' });
  // Styled as the app styles them (ParcelsLayer.svelte), so the two draw the same thing.
  const paint = { 'fill-color': fillColourExpression('grade'), 'fill-opacity': 0.85, 'fill-outline-color': outlineColourExpression('grade') };
  map.addLayer({ id: 'parcels-fill', type: 'fill', source: 'parcels', paint: paint as FillLayerSpecification['paint'] });
  map.once('idle', () => {
    w.__benchBaseline = {
      ok: true,
      idleMs: performance.now(),
      fetchedMs,
      decodedMs,
      features: features.length,
      rendered: map.queryRenderedFeatures({ layers: ['parcels-fill'] }).length,
    };
  });
}

run().catch((e: unknown) => {
  w.__benchBaseline = { ok: false, error: e instanceof Error ? e.message : String(e) };
});
