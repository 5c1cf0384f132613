import { describe, expect, it } from 'vitest';
import type { PolygonGeometry } from '../data/schema.ts';
import { centroid } from './shape.ts';
import { interiorPoint } from './interior-point.ts';
import { pointInPolygon } from './validate.ts';

describe('interiorPoint', () => {
  it('returns the centroid of a convex parcel', () => {
    const sq: PolygonGeometry = { type: 'Polygon', coordinates: [[[121, 29], [121.01, 29], [121.01, 29.01], [121, 29.01], [121, 29]]] };
    expect(interiorPoint(sq)).toEqual(centroid(sq));
  });
  it('moves inside when the centroid of a thin L falls in the notch', () => {
    // Thin L: the centroid (≈ [0.0028, 0.0028]) lies in the empty corner.
    const l: PolygonGeometry = {
      type: 'Polygon',
      coordinates: [[[0, 0], [0.01, 0], [0.01, 0.001], [0.001, 0.001], [0.001, 0.01], [0, 0.01], [0, 0]].map(([x, y]) => [121 + x!, 29 + y!])],
    };
    expect(pointInPolygon(centroid(l), l)).toBe(false);
    const p = interiorPoint(l);
    expect(pointInPolygon(p, l)).toBe(true);
  });
});
