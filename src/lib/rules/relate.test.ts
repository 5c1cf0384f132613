import { describe, expect, it } from 'vitest';
import type { PolygonGeometry } from '../data/schema.ts';
import { seededRandom } from '../util/seeded-random.ts';
import { bboxOf } from '../geo/shape.ts';
import { indexPolygons, relate, relateAll, TREE_FROM, type BBox, type IndexedPolygon } from './relate.ts';

const sq = (x: number, y: number, w: number, h: number): PolygonGeometry => ({
  type: 'Polygon',
  coordinates: [[[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]],
});
// A 0.004° zone; parcels of 0.001° placed against, inside, across and outside its edges.
const zone = indexPolygons([{ type: 'Feature', geometry: sq(121.4, 29.3, 0.004, 0.004), properties: { id: 'Z' } }]);
const rel = (g: PolygonGeometry) => relateAll(g, zone)[0]?.relation ?? 'outside';

describe('relate', () => {
  it('counts a parcel drawn along the edge, or in the corner, as inside', () => {
    expect(rel(sq(121.4, 29.3, 0.001, 0.001))).toBe('inside'); // shares two edges and a corner
    expect(rel(sq(121.401, 29.3, 0.001, 0.001))).toBe('inside'); // shares one edge
  });
  it('counts a parcel touching from outside as outside, not partial', () => {
    expect(rel(sq(121.404, 29.301, 0.001, 0.001))).toBe('outside'); // shares an edge from the east
    expect(rel(sq(121.404, 29.304, 0.001, 0.001))).toBe('outside'); // shares only a corner
  });
  it('finds straddling parcels and zones smaller than the parcel', () => {
    expect(rel(sq(121.4035, 29.301, 0.001, 0.001))).toBe('partial');
    expect(rel(sq(121.399, 29.299, 0.006, 0.006))).toBe('partial'); // the zone lies wholly inside the parcel
    expect(rel(sq(121.41, 29.31, 0.001, 0.001))).toBe('outside');
  });
});

describe('relateAll over a layer of many polygons (through its R-tree)', () => {
  // Every polygon, box by box: what relateAll gives below TREE_FROM, written out here.
  const byBox = <P>(g: PolygonGeometry, polys: IndexedPolygon<P>[]) =>
    polys.flatMap((p) => {
      const r = relate(g, bboxOf(g) as BBox, p as IndexedPolygon<unknown>);
      return r === 'outside' ? [] : [{ props: p.feature.properties, relation: r }];
    });

  it('gives every parcel the polygons and relations of the box-by-box test, in the layer\'s order', () => {
    const rand = seededRandom(7);
    // A 40 × 40 mosaic of 0.002° zones, every other one 0.004° wide so neighbours overlap, one empty geometry, and a
    // big zone over all of them last.
    const features = [];
    for (let i = 0; i < 40; i++) {
      for (let j = 0; j < 40; j++) {
        const w = (i + j) % 2 ? 0.004 : 0.002;
        features.push({ type: 'Feature' as const, geometry: sq(121.3 + i * 0.003, 29.2 + j * 0.003, w, w), properties: { id: `M${i}-${j}` } });
      }
    }
    features.push({ type: 'Feature' as const, geometry: { type: 'Polygon' as const, coordinates: [] }, properties: { id: 'EMPTY' } });
    features.push({ type: 'Feature' as const, geometry: sq(121.29, 29.19, 0.2, 0.2), properties: { id: 'BIG' } });
    const layer = indexPolygons(features);
    // And one whose box is unbounded (bench/rules.ts's naive layers): it is met by every parcel's box, so tested always.
    layer.splice(800, 0, { feature: { type: 'Feature', geometry: sq(121.35, 29.25, 0.01, 0.01), properties: { id: 'UNBOUNDED' } }, bbox: [-Infinity, -Infinity, Infinity, Infinity] });
    expect(layer.length).toBeGreaterThan(TREE_FROM);
    let met = 0;
    for (let k = 0; k < 2000; k++) {
      const x = 121.28 + rand() * 0.14;
      const y = 29.18 + rand() * 0.14;
      const g = sq(x, y, 0.0005 + rand() * 0.004, 0.0005 + rand() * 0.004);
      const want = byBox(g, layer);
      expect(relateAll(g, layer)).toEqual(want);
      if (want.length > 1) met++;
    }
    // Not vacuous: many parcels meet several polygons (a mosaic tile and BIG at least).
    expect(met).toBeGreaterThan(1000);
    // A parcel on the shared edge of two mosaic tiles meets both (touching boxes count, as box by box).
    const edge = sq(121.302, 29.2005, 0.001, 0.001);
    expect(relateAll(edge, layer).map((r) => r.props.id)).toEqual(byBox(edge, layer).map((r) => r.props.id));
  });

  it('indexes a layer again once it has grown', () => {
    const layer = indexPolygons(Array.from({ length: TREE_FROM }, (_, i) => ({ type: 'Feature' as const, geometry: sq(121 + i * 0.01, 29, 0.005, 0.005), properties: { id: `A${i}` } })));
    const g = sq(122, 29, 0.001, 0.001);
    expect(relateAll(g, layer)).toEqual([]);
    layer.push(...indexPolygons([{ type: 'Feature', geometry: sq(121.9995, 28.9995, 0.005, 0.005), properties: { id: 'NEW' } }]));
    expect(relateAll(g, layer).map((r) => r.props.id)).toEqual(['NEW']);
  });
});
