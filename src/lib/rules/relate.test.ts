import { describe, expect, it } from 'vitest';
import type { PolygonGeometry } from '../data/schema.ts';
import { indexPolygons, relateAll } from './relate.ts';

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
