// Seeded test data for the FlatGeobuf tests, and the brute-force answer a bbox query must match.
// The brute force computes each polygon's bbox straight from its input coordinates, independently of
// the writer's own bbox code and of the R-tree.

import type { Feature, PolygonGeometry, Position } from '../../../src/lib/data/schema.ts';
import { seededRandom } from '../../../src/lib/util/seeded-random.ts';

export type Box = [number, number, number, number];

/** mulberry32 (src/lib/util/seeded-random.ts): every run sees the same "random" data. */
export { seededRandom };

const TOWNS = ['跃龙街道', '桃源街道', '梅林街道', '桥头胡街道', '长街镇', '力洋镇', '一市镇', '岔路镇', '前童镇', '西店镇', '深甽镇', '胡陈乡'];

/** Roughly the extent of 宁海县 (lon/lat). */
export const NINGHAI_EXTENT: Box = [121.2, 29.1, 121.8, 29.5];

export interface ParcelOptions {
  count: number;
  seed: number;
  extent?: Box;
  /** Max half-size of a parcel in degrees (default 0.002 ≈ 200 m). */
  radius?: number;
  /** Add a Json column (object values) on some features. */
  withJson?: boolean;
}

/**
 * Irregular pentagons with string / number / bool properties, Chinese names, nulls and keys missing on
 * some features: the property shapes a parcel file really has.
 */
export function makeParcels(opts: ParcelOptions): Feature<PolygonGeometry>[] {
  const rnd = seededRandom(opts.seed);
  const [x0, y0, x1, y1] = opts.extent ?? NINGHAI_EXTENT;
  const radius = opts.radius ?? 0.002;
  const out: Feature<PolygonGeometry>[] = [];
  for (let i = 0; i < opts.count; i++) {
    const cx = x0 + radius + rnd() * (x1 - x0 - 2 * radius);
    const cy = y0 + radius + rnd() * (y1 - y0 - 2 * radius);
    const ring: Position[] = [];
    for (let k = 0; k < 5; k++) {
      const a = (k / 5) * 2 * Math.PI + rnd() * 0.5;
      const r = radius * (0.3 + 0.7 * rnd());
      ring.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
    }
    ring.push([ring[0]![0], ring[0]![1]]);
    const town = TOWNS[Math.floor(rnd() * TOWNS.length)]!;
    const properties: Record<string, unknown> = {
      id: `P${String(i).padStart(5, '0')}`,
      name: `${town}${i}号地块`,
      area_mu: Math.round(rnd() * 100000) / 1000,
      floors: 1 + Math.floor(rnd() * 6),
      standard_land: rnd() < 0.5,
      park: rnd() < 0.3 ? null : `${town}工业园`,
    };
    if (i % 7 !== 0) properties.note = i % 2 ? '闲置 · idle' : '';
    if (opts.withJson && i % 3 === 0) properties.meta = { owners: ['甲', 'B'], year: 2021 + (i % 5) };
    out.push({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties });
  }
  return out;
}

export function coordinateBox(coords: unknown): Box {
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const x = c[0];
      const y = c[1] as number;
      if (x < box[0]) box[0] = x;
      if (y < box[1]) box[1] = y;
      if (x > box[2]) box[2] = x;
      if (y > box[3]) box[3] = y;
    } else if (Array.isArray(c)) {
      c.forEach(walk);
    }
  };
  walk(coords);
  return box;
}

export function idOf(f: Feature): string {
  return String(f.properties.id);
}

/** Ids of features whose bbox intersects `q` (touching edges count, as in an R-tree). Sorted. */
export function bruteForceIds(features: readonly Feature[], q: Box): string[] {
  return features
    .filter((f) => {
      const b = coordinateBox(f.geometry.coordinates);
      return b[0] <= q[2] && b[2] >= q[0] && b[1] <= q[3] && b[3] >= q[1];
    })
    .map(idOf)
    .sort();
}

export function sortedIds(features: readonly Feature[]): string[] {
  return features.map(idOf).sort();
}

/** The union of all feature bboxes. */
export function extentOf(features: readonly Feature[]): Box {
  const e: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of features) {
    const b = coordinateBox(f.geometry.coordinates);
    e[0] = Math.min(e[0], b[0]);
    e[1] = Math.min(e[1], b[1]);
    e[2] = Math.max(e[2], b[2]);
    e[3] = Math.max(e[3], b[3]);
  }
  return e;
}

/**
 * Query boxes: the whole extent, one fully outside (empty), a point box on a vertex, a box whose
 * edge only touches one parcel's bbox, and random boxes from 0.5 % to 30 % of the extent's width.
 */
export function queryBoxes(features: readonly Feature[], count: number, seed: number): Box[] {
  const rnd = seededRandom(seed);
  const [x0, y0, x1, y1] = extentOf(features);
  const w = x1 - x0;
  const h = y1 - y0;
  const first = features[0]!;
  const fb = coordinateBox(first.geometry.coordinates);
  const vertex = (first.geometry as PolygonGeometry).coordinates[0]![2]!;
  const boxes: Box[] = [
    [x0, y0, x1, y1],
    [x1 + w, y1 + h, x1 + 2 * w, y1 + 2 * h],
    [vertex[0], vertex[1], vertex[0], vertex[1]],
    [fb[2], fb[1], fb[2] + w * 0.0001, fb[3]],
  ];
  while (boxes.length < count) {
    const size = 0.005 + rnd() * 0.3;
    const bx = x0 - 0.05 * w + rnd() * 1.1 * w;
    const by = y0 - 0.05 * h + rnd() * 1.1 * h;
    boxes.push([bx, by, bx + size * w, by + size * h]);
  }
  return boxes;
}
