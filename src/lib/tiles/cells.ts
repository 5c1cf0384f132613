// Aggregates the map shows below the parcel zoom (parcel-zoom.ts): the parcels summed into square cells of the
// Web Mercator grid, each with its parcel count, its 亩 and, per colour mode, the class holding most of its 亩 — so a
// province at zoom 8 reads as "where the land is and what state it is in", not as a thinned random subset.
//
// A cell at display zoom z is a tile of zoom z + CELL_LEVELS (16 × 16 cells per tile, ≈ 32 screen px each), so each
// cell lies in exactly one tile and the tiles are written straight from the cells, without a tiling library.
// Cells are counted once, at the finest grid needed, and summed upwards.
import type { GeoJSONVTFeatureNonPoint, GeoJSONVTTile } from '@maplibre/geojson-vt';
import { COLOUR_MODES, type ColourMode } from '../style/parcel-style.ts';
import { tileOf } from './web-mercator.ts';

export const CELL_LEVELS = 4;
export const TILE_EXTENT = 4096;

/** A cell summarises each colour mode (parcel-style.ts): its class with most 亩; for `far`, the FAR class, not the ratio. */
export const CELL_CLASSES = COLOUR_MODES;
export type CellClass = ColourMode;

export interface CellParcel {
  lon: number;
  lat: number;
  mu: number;
  /** The parcel's class per mode ('' when it has none, e.g. an ungraded parcel). */
  classes: Record<CellClass, string>;
}

interface Cell {
  n: number;
  mu: number;
  by: Record<CellClass, Map<string, number>>;
}

const newCell = (): Cell => ({ n: 0, mu: 0, by: { grade: new Map(), status: new Map(), far: new Map() } });

export class CellAggregator {
  readonly #cells = new Map<number, Cell>();
  /** @param gridZoom the finest grid: the parcel zoom − 1 + CELL_LEVELS. */
  constructor(readonly gridZoom: number) {}

  add(p: CellParcel): void {
    const [x, y] = tileOf(p.lon, p.lat, this.gridZoom);
    const key = y * 2 ** this.gridZoom + x;
    let c = this.#cells.get(key);
    if (!c) this.#cells.set(key, (c = newCell()));
    c.n++;
    c.mu += p.mu;
    for (const k of CELL_CLASSES) {
      const v = p.classes[k];
      c.by[k].set(v, (c.by[k].get(v) ?? 0) + p.mu);
    }
  }

  /**
   * The tiles of display zoom z (z + CELL_LEVELS ≤ gridZoom), each as a geojson-vt-shaped tile of square cells with
   * properties n (parcels), mu (亩, 2 decimals) and top_<mode> (the class with most 亩; '' for none). `classes` picks
   * which modes a tile carries (the public archive has no grades).
   */
  *tiles(z: number, classes: readonly CellClass[]): Generator<{ z: number; x: number; y: number; tile: GeoJSONVTTile }> {
    const grid = z + CELL_LEVELS;
    if (grid > this.gridZoom) throw new Error(`cells of zoom ${grid} asked from a grid of zoom ${this.gridZoom}`);
    const shift = this.gridZoom - grid;
    const fine = 2 ** this.gridZoom;
    const coarse = new Map<number, Cell>();
    for (const [key, c] of this.#cells) {
      const x = (key % fine) >> shift;
      const y = Math.floor(key / fine) >> shift;
      const k = y * 2 ** grid + x;
      let t = coarse.get(k);
      if (!t) coarse.set(k, (t = newCell()));
      t.n += c.n;
      t.mu += c.mu;
      for (const m of CELL_CLASSES) for (const [v, mu] of c.by[m]) t.by[m].set(v, (t.by[m].get(v) ?? 0) + mu);
    }
    const tiles = new Map<number, GeoJSONVTFeatureNonPoint[]>();
    const size = TILE_EXTENT / 2 ** CELL_LEVELS;
    for (const [k, c] of coarse) {
      const cx = k % 2 ** grid;
      const cy = Math.floor(k / 2 ** grid);
      const tk = (cy >> CELL_LEVELS) * 2 ** z + (cx >> CELL_LEVELS);
      const x0 = (cx % 2 ** CELL_LEVELS) * size;
      const y0 = (cy % 2 ** CELL_LEVELS) * size;
      const tags: Record<string, string | number> = { n: c.n, mu: Math.round(c.mu * 100) / 100 };
      for (const m of classes) tags[`top_${m}`] = top(c.by[m]);
      // Clockwise in tile (y-down) coordinates: an exterior ring in the vector-tile spec.
      const ring: [number, number][] = [
        [x0, y0],
        [x0 + size, y0],
        [x0 + size, y0 + size],
        [x0, y0 + size],
        [x0, y0],
      ];
      let list = tiles.get(tk);
      if (!list) tiles.set(tk, (list = []));
      list.push({ type: 3, geometry: [ring], tags });
    }
    for (const [tk, features] of [...tiles].sort((a, b) => a[0] - b[0])) {
      yield { z, x: tk % 2 ** z, y: Math.floor(tk / 2 ** z), tile: { features } };
    }
  }

  get size(): number {
    return this.#cells.size;
  }
}

/** The class with the most 亩 (ties: the first in sort order, so the result does not depend on input order). */
function top(by: Map<string, number>): string {
  let best = '';
  let most = -1;
  for (const [v, mu] of [...by].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    if (mu > most) {
      best = v;
      most = mu;
    }
  }
  return best;
}
