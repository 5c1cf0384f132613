// The parcel expressions are checked by MapLibre's own style-spec parser and evaluator (the one the map runs), not by
// reading their JSON back: a wrong operator or a zoom step MapLibre refuses for this property fails here.
import { createPropertyExpression, latest, type StylePropertySpecification } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { COLOUR_MODES, fillColourExpression, outlineColourExpression, PARCEL_OUTLINE_MINZOOM } from './parcel-style.ts';

function compile(expression: unknown, property: 'fill-color' | 'fill-outline-color') {
  // The spec's JSON types its entries loosely; the parser reads them as property specifications.
  const spec = latest.paint_fill[property] as unknown as StylePropertySpecification;
  const r = createPropertyExpression(expression, property, spec);
  if (r.result !== 'success') throw new Error(r.value.map((e) => e.message).join('; '));
  return r.value;
}

const css = (c: unknown): string => String(c);
const feature = (properties: Record<string, unknown>) => ({ type: 'Polygon' as const, properties });

describe('outlineColourExpression', () => {
  it.each(COLOUR_MODES)('%s: MapLibre accepts it as fill-outline-color', (mode) => {
    expect(() => compile(outlineColourExpression(mode), 'fill-outline-color')).not.toThrow();
  });

  it('takes the fill colour below the outline zoom and the grey outline from it on', () => {
    const outline = compile(outlineColourExpression('grade'), 'fill-outline-color');
    const fill = compile(fillColourExpression('grade'), 'fill-color');
    // Grade D is red, grade A green in the legend: the outline follows each below the zoom.
    for (const grade of ['A', 'D']) {
      const f = feature({ grade });
      const below = outline.evaluate({ zoom: PARCEL_OUTLINE_MINZOOM - 0.5 }, f);
      expect(css(below)).toBe(css(fill.evaluate({ zoom: PARCEL_OUTLINE_MINZOOM - 0.5 }, f)));
      // #555 = 85/255 ≈ 0.333 in each channel, opaque.
      const at = outline.evaluate({ zoom: PARCEL_OUTLINE_MINZOOM }, f) as { r: number; g: number; b: number; a: number };
      expect([at.r, at.g, at.b, at.a].map((v) => Math.round(v * 255))).toEqual([85, 85, 85, 255]);
      expect(css(outline.evaluate({ zoom: 18 }, f))).toBe(css(at));
    }
    const a = outline.evaluate({ zoom: 10 }, feature({ grade: 'A' }));
    const d = outline.evaluate({ zoom: 10 }, feature({ grade: 'D' }));
    expect(css(a)).not.toBe(css(d));
  });
});
