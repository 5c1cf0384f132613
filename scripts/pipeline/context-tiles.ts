// The county's other layers — zones, control lines, low-efficiency blocks and the base county outline, water and roads
// — as vector tiles in one public PMTiles archive (issue 16 item 1, "and the other layers"), so a map draws what is
// in view instead of downloading every layer whole before its first frame. A province's zone and road layers weigh
// megabytes; the planner map then reads them as features only when a rule needs them (DataStore).
//
// These layers are public (the build checks each feature with assertPublic before it gets here) and already held in
// memory by the build, so each is tiled by one geojson-vt index; tiles are encoded zoom by zoom, one tile holding a
// source layer per file (the layer's own name), and MapLibre overzooms MAX_ZOOM for closer views.
// Town names are not tiled: they are a handful of points drawn as HTML labels (no glyph server offline).
import { GeoJSONVT, type GeoJSONVTTile } from '@maplibre/geojson-vt';
import { featureBox } from '../../src/lib/data/fgb-write.ts';
import type { Feature } from '../../src/lib/data/schema.ts';
import { TILE_EXTENT } from '../../src/lib/tiles/cells.ts';
import { tileRange } from '../../src/lib/tiles/web-mercator.ts';
import { encodeTile, MAX_ZOOM, MIN_ZOOM } from './parcel-tiles.ts';
import { PmtilesFileWriter } from './pmtiles-file.ts';

/** The layers the archive holds, in the order a tile lists them; each is a source layer of the same name. */
export const CONTEXT_TILE_LAYERS = ['zones', 'control-lines', 'low-efficiency-blocks', 'base-county', 'base-water', 'base-roads'] as const;
export type ContextTileLayer = (typeof CONTEXT_TILE_LAYERS)[number];

/** What the manifest says of the archive (`context_tiles`). */
export interface ContextTilesInfo {
  file: string;
  minzoom: number;
  maxzoom: number;
  tiles: number;
  /** The source layers it holds, each with the fields its features carry. */
  layers: Record<string, string[]>;
}

/** geojson-vt's buffer around a tile, in tile units, as for the parcels: outlines of neighbouring tiles meet. */
const BUFFER = 64;

type Tag = string | number | boolean;

/** A feature's scalar properties (vector tiles hold no arrays or objects; nothing drawn needs one). */
function scalarTags(props: Record<string, unknown> | null): Record<string, Tag> {
  const out: Record<string, Tag> = {};
  for (const [k, v] of Object.entries(props ?? {})) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  return out;
}

/** The box of a layer's features (fgb-write's featureBox, which already checked them for the layer file), or null. */
function boxOf(name: string, features: readonly Feature[]): [number, number, number, number] | null {
  let b: [number, number, number, number] | null = null;
  features.forEach((f, i) => {
    const [w, s, e, n] = featureBox(f, `${name} #${i + 1}`).box;
    b = b ? [Math.min(b[0], w), Math.min(b[1], s), Math.max(b[2], e), Math.max(b[3], n)] : [w, s, e, n];
  });
  return b;
}

/**
 * Tiles `layers` (name → features, lon/lat) into one archive at `path`; null when none of them has a feature (then
 * there is no archive, and the maps draw the layers from their files as before).
 */
export async function writeContextTiles(work: string, path: string, layers: ReadonlyMap<ContextTileLayer, readonly Feature[]>): Promise<ContextTilesInfo | null> {
  const indexed: { name: ContextTileLayer; index: GeoJSONVT; box: [number, number, number, number] }[] = [];
  const fields: Record<string, string[]> = {};
  let bounds: [number, number, number, number] | null = null;
  for (const name of CONTEXT_TILE_LAYERS) {
    const features = layers.get(name) ?? [];
    const box = boxOf(name, features);
    if (!box) continue;
    const seen = new Set<string>();
    const tagged = features.map((f) => {
      const tags = scalarTags(f.properties as Record<string, unknown> | null);
      for (const k of Object.keys(tags)) seen.add(k);
      return { type: 'Feature' as const, geometry: f.geometry, properties: tags };
    });
    fields[name] = [...seen].sort();
    const index = new GeoJSONVT({ type: 'FeatureCollection', features: tagged } as GeoJSON.FeatureCollection, {
      maxZoom: MAX_ZOOM,
      indexMaxZoom: MIN_ZOOM,
      indexMaxPoints: 0,
      tolerance: 3,
      extent: TILE_EXTENT,
      buffer: BUFFER,
    });
    indexed.push({ name, index, box });
    bounds = bounds ? [Math.min(bounds[0], box[0]), Math.min(bounds[1], box[1]), Math.max(bounds[2], box[2]), Math.max(bounds[3], box[3])] : box;
  }
  if (!bounds) return null;
  const writer = new PmtilesFileWriter(work, 'context-layers');
  for (let z = MIN_ZOOM; z <= MAX_ZOOM; z++) {
    const byTile = new Map<number, Record<string, GeoJSONVTTile>>();
    const n = 2 ** z;
    for (const { name, index, box } of indexed) {
      const [x0, y0, x1, y1] = tileRange(box, z, BUFFER / TILE_EXTENT);
      for (let y = y0; y <= y1; y++) {
        for (let x = x0; x <= x1; x++) {
          const tile = index.getTile(z, x, y);
          if (!tile || tile.features.length === 0) continue;
          const key = y * n + x;
          const layersOf = byTile.get(key) ?? {};
          layersOf[name] = tile;
          byTile.set(key, layersOf);
        }
      }
    }
    for (const [key, layersOf] of byTile) writer.add(z, key % n, Math.floor(key / n), encodeTile(layersOf));
  }
  const tiles = writer.count;
  const b = bounds as [number, number, number, number];
  await writer.finish(path, {
    minZoom: MIN_ZOOM,
    maxZoom: MAX_ZOOM,
    bounds: b,
    center: [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2, MIN_ZOOM + 5],
    metadata: {
      name: 'context layers',
      vector_layers: indexed.map(({ name }) => ({ id: name, minzoom: MIN_ZOOM, maxzoom: MAX_ZOOM, fields: Object.fromEntries(fields[name]!.map((f) => [f, 'String'])) })),
    },
  });
  return { file: path.split('/').pop()!, minzoom: MIN_ZOOM, maxzoom: MAX_ZOOM, tiles, layers: fields };
}
