// Outlines held packed (issue 16). The 招商 site worker keeps the outline of every chain firm's parcel so that the
// overlay can ask for those of a chosen link; held as GeoJSON arrays (one array per point) the 94 263 of a
// 200 000-parcel county took 51 MB of the worker's heap, most of it array headers. Here every coordinate goes into one
// growing Float64Array and the shape (polygons, rings, points) into one Int32Array; an outline is rebuilt as GeoJSON
// when it is asked for (docs/adr/0021). Holes and multipolygons are kept; a coordinate's values beyond longitude and
// latitude are dropped (the outlines are drawn, not measured). Pure.
import type { AreaGeometry, PolygonCoords, Ring } from '../data/schema.ts';

const POLYGON = 0;
const MULTI = 1;

export class PackedOutlines {
  #xy = new Float64Array(4096);
  #xyUsed = 0;
  /** Per outline: kind, the index of its first value in #xy, polygon count, then each polygon's ring count and each ring's point count. */
  #shape = new Int32Array(1024);
  #shapeUsed = 0;
  /** Outline id → its offset in #shape. */
  readonly #at = new Map<string, number>();

  get size(): number {
    return this.#at.size;
  }

  has(id: string): boolean {
    return this.#at.has(id);
  }

  ids(): IterableIterator<string> {
    return this.#at.keys();
  }

  /** Keeps `g` under `id` (a second call for the same id replaces it; the first one's room is not reused). */
  set(id: string, g: AreaGeometry): void {
    const polygons: PolygonCoords[] = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    let values = 0;
    let counts = 3;
    for (const rings of polygons) {
      counts += 1 + rings.length;
      for (const ring of rings) values += ring.length * 2;
    }
    this.#reserve(counts, values);
    const at = this.#shapeUsed;
    const shape = this.#shape;
    let s = at;
    shape[s++] = g.type === 'Polygon' ? POLYGON : MULTI;
    shape[s++] = this.#xyUsed;
    shape[s++] = polygons.length;
    const xy = this.#xy;
    let v = this.#xyUsed;
    for (const rings of polygons) {
      shape[s++] = rings.length;
      for (const ring of rings) {
        shape[s++] = ring.length;
        for (const p of ring) {
          xy[v++] = p[0];
          xy[v++] = p[1];
        }
      }
    }
    this.#shapeUsed = s;
    this.#xyUsed = v;
    this.#at.set(id, at);
  }

  /** The outline kept under `id`, as GeoJSON (a new object each call), or undefined. */
  get(id: string): AreaGeometry | undefined {
    const at = this.#at.get(id);
    if (at === undefined) return undefined;
    const shape = this.#shape;
    const xy = this.#xy;
    let s = at;
    const kind = shape[s++]!;
    let v = shape[s++]!;
    const polygons: PolygonCoords[] = [];
    for (let n = shape[s++]!; n > 0; n--) {
      const rings: PolygonCoords = [];
      for (let r = shape[s++]!; r > 0; r--) {
        const ring: Ring = [];
        for (let k = shape[s++]!; k > 0; k--, v += 2) ring.push([xy[v]!, xy[v + 1]!]);
        rings.push(ring);
      }
      polygons.push(rings);
    }
    return kind === POLYGON ? { type: 'Polygon', coordinates: polygons[0]! } : { type: 'MultiPolygon', coordinates: polygons };
  }

  /** Makes room for `counts` more shape entries and `values` more coordinates, doubling as needed. */
  #reserve(counts: number, values: number): void {
    if (this.#shapeUsed + counts > this.#shape.length) {
      const next = new Int32Array(Math.max(this.#shape.length * 2, this.#shapeUsed + counts));
      next.set(this.#shape.subarray(0, this.#shapeUsed));
      this.#shape = next;
    }
    if (this.#xyUsed + values > this.#xy.length) {
      const next = new Float64Array(Math.max(this.#xy.length * 2, this.#xyUsed + values));
      next.set(this.#xy.subarray(0, this.#xyUsed));
      this.#xy = next;
    }
  }
}
