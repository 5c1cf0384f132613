// The parcels as vector tiles in two PMTiles archives (internal: every styling field; public: the public ones),
// written without holding the county (issue 16):
// - each parcel is spooled once, and listed under every bucket (a tile at the parcel zoom) its box touches;
// - each bucket is tiled on its own by geojson-vt, zooms parcelZoom … MAX_ZOOM, and its tiles encoded by vt-pbf —
//   so memory holds one bucket, whose size parcel-zoom.ts bounds (MAX_PER_TILE);
// - below the parcel zoom the archives carry cell aggregates (src/lib/tiles/cells.ts) instead of parcels.
// MapLibre overzooms MAX_ZOOM tiles for closer views; 4096 units over a z14 tile are ≈ 0.5 m, finer than any plan.
import { gzipSync } from 'node:zlib';
import { GeoJSONVT, type GeoJSONVTTile } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { AreaGeometry } from '../../src/lib/data/schema.ts';
import { CELL_LEVELS, CellAggregator, TILE_EXTENT, type CellClass, type CellParcel } from '../../src/lib/tiles/cells.ts';
import { tileRange } from '../../src/lib/tiles/web-mercator.ts';
import { F64List } from './fgb-file.ts';
import { PmtilesFileWriter } from './pmtiles-file.ts';
import { Spool, SpoolReader } from './spool.ts';

export const MAX_ZOOM = 14;
/** The lowest zoom the archives hold (a province fills the screen around 6). */
export const MIN_ZOOM = 5;
export const PARCEL_LAYER = 'parcels';
export const CELL_LAYER = 'cells';
/** geojson-vt's buffer around a tile, in tile units: lines of neighbouring tiles meet without seams. */
const BUFFER = 64;

export type Archive = 'internal' | 'public';
type Tags = Record<string, string | number | boolean | null>;

export interface TileArchiveInfo {
  file: string;
  minzoom: number;
  maxzoom: number;
  parcel_minzoom: number;
  tiles: number;
  layers: { parcels: string[]; cells: string[] };
}

export class ParcelTiler {
  readonly #spool: Spool;
  /** Per (bucket, parcel) pair: bucket key, offset, length of the parcel's spooled line. */
  readonly #pairs = new F64List();
  readonly #cells: CellAggregator;
  readonly #writers: Record<Archive, PmtilesFileWriter>;
  #bounds: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];

  /**
   * @param parcelZoom from parcel-zoom.ts
   * @param publicTags the tag names a public tile may carry (the public field whitelist, applied again here)
   */
  constructor(
    readonly work: string,
    readonly parcelZoom: number,
    readonly internalTags: readonly string[],
    readonly publicTags: readonly string[],
  ) {
    this.#spool = new Spool(`${work}/tiles.parcels.jsonl`);
    this.#cells = new CellAggregator(Math.max(parcelZoom - 1, MIN_ZOOM) + CELL_LEVELS);
    this.#writers = { internal: new PmtilesFileWriter(work, 'internal-parcels'), public: new PmtilesFileWriter(work, 'public-parcels') };
  }

  /** One parcel: its geometry (lon/lat), box, tags (internal names; public ones are picked from them) and cell data. */
  add(geometry: AreaGeometry, box: readonly [number, number, number, number], tags: Tags, cell: CellParcel): void {
    const pick: Tags = {};
    for (const k of this.internalTags) if (tags[k] !== undefined) pick[k] = tags[k]!;
    const { offset, length } = this.#spool.append({ type: 'Feature', geometry, properties: pick });
    const [x0, y0, x1, y1] = tileRange(box, this.parcelZoom, BUFFER / TILE_EXTENT);
    const n = 2 ** this.parcelZoom;
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) this.#pairs.push(y * n + x, offset, length);
    this.#cells.add(cell);
    const b = this.#bounds;
    this.#bounds = [Math.min(b[0], box[0]), Math.min(b[1], box[1]), Math.max(b[2], box[2]), Math.max(b[3], box[3])];
  }

  /** Tiles every bucket and the cells, and writes both archives. */
  async finish(paths: Record<Archive, string>, cellClasses: Record<Archive, readonly CellClass[]>): Promise<Record<Archive, TileArchiveInfo>> {
    this.#spool.close();
    const count = this.#pairs.length / 3;
    const data = this.#pairs.data;
    const order = new Uint32Array(count);
    for (let i = 0; i < count; i++) order[i] = i;
    order.sort((a, b) => data[3 * a]! - data[3 * b]! || data[3 * a + 1]! - data[3 * b + 1]!);
    const reader = new SpoolReader(this.#spool.path);
    const n = 2 ** this.parcelZoom;
    try {
      for (let i = 0; i < count; ) {
        const key = data[3 * order[i]!]!;
        const features: unknown[] = [];
        for (; i < count && data[3 * order[i]!] === key; i++) features.push(reader.readAt(data[3 * order[i]! + 1]!, data[3 * order[i]! + 2]!));
        this.#tileBucket(features, key % n, Math.floor(key / n));
      }
    } finally {
      reader.close();
    }
    await this.#spool.remove();
    for (let z = MIN_ZOOM; z < this.parcelZoom; z++) {
      for (const archive of ['internal', 'public'] as const) {
        for (const t of this.#cells.tiles(z, cellClasses[archive])) this.#writers[archive].add(t.z, t.x, t.y, encodeTile({ [CELL_LAYER]: t.tile }));
      }
    }
    const minzoom = Math.min(MIN_ZOOM, this.parcelZoom);
    const b = this.#bounds;
    const center: [number, number, number] = [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2, Math.max(minzoom, this.parcelZoom - 1)];
    const out = {} as Record<Archive, TileArchiveInfo>;
    for (const archive of ['internal', 'public'] as const) {
      const fields = archive === 'internal' ? this.internalTags : this.internalTags.filter((t) => this.publicTags.includes(t));
      const cells = ['n', 'mu', ...cellClasses[archive].map((c) => `top_${c}`)];
      const w = this.#writers[archive];
      const tiles = w.count;
      await w.finish(paths[archive], {
        minZoom: minzoom,
        maxZoom: MAX_ZOOM,
        bounds: b,
        center,
        metadata: {
          name: `parcels (${archive})`,
          vector_layers: [
            { id: PARCEL_LAYER, minzoom: this.parcelZoom, maxzoom: MAX_ZOOM, fields: Object.fromEntries(fields.map((f) => [f, 'String'])) },
            { id: CELL_LAYER, minzoom, maxzoom: this.parcelZoom - 1, fields: Object.fromEntries(cells.map((f) => [f, 'String'])) },
          ],
          parcel_minzoom: this.parcelZoom,
        },
      });
      out[archive] = { file: paths[archive].split('/').pop()!, minzoom, maxzoom: MAX_ZOOM, parcel_minzoom: this.parcelZoom, tiles, layers: { parcels: [...fields], cells } };
    }
    return out;
  }

  #tileBucket(features: unknown[], bx: number, by: number): void {
    const index = new GeoJSONVT({ type: 'FeatureCollection', features } as GeoJSON.FeatureCollection, {
      maxZoom: MAX_ZOOM,
      indexMaxZoom: this.parcelZoom,
      indexMaxPoints: 0,
      tolerance: 3,
      extent: TILE_EXTENT,
      buffer: BUFFER,
    });
    for (let z = this.parcelZoom; z <= MAX_ZOOM; z++) {
      const d = z - this.parcelZoom;
      for (let y = by << d; y < (by + 1) << d; y++) {
        for (let x = bx << d; x < (bx + 1) << d; x++) {
          const tile = index.getTile(z, x, y);
          if (!tile || tile.features.length === 0) continue;
          this.#writers.internal.add(z, x, y, encodeTile({ [PARCEL_LAYER]: tile }));
          const pub: GeoJSONVTTile = { features: tile.features.map((f) => ({ ...f, tags: pickTags(f.tags, this.publicTags) })) };
          this.#writers.public.add(z, x, y, encodeTile({ [PARCEL_LAYER]: pub }));
        }
      }
    }
  }
}

function pickTags(tags: GeoJSON.GeoJsonProperties | null, keep: readonly string[]): Tags {
  const out: Tags = {};
  if (!tags) return out;
  for (const k of keep) if (k in tags) out[k] = tags[k] as Tags[string];
  return out;
}

/** One tile of the archives, gzipped MVT: each entry of `layers` a source layer of that name. */
export function encodeTile(layers: Record<string, GeoJSONVTTile>): Uint8Array {
  return gzipSync(fromGeojsonVt(layers, { version: 2, extent: TILE_EXTENT }));
}
