// Base-map layers of the sample county (outline, water, towns) and the obstacles the parcel layout avoids.
import type { PointGeometry, PolygonGeometry, Position } from '../../src/lib/data/schema.ts';
import { bufferPolyline, ccw, closeRing, fromLonLat, toLonLat, type XY } from './geom.ts';
import { COUNTY_OUTLINE, RESERVOIRS, RIVERS, SEAS, TOWNS, type WaterSketch } from './places.ts';
import type { BaseProps, SampleFeature } from './types.ts';

export interface Base {
  countyXY: XY[];
  waterXY: XY[][];
  county: SampleFeature<PolygonGeometry, BaseProps>[];
  water: SampleFeature<PolygonGeometry, BaseProps>[];
  towns: SampleFeature<PointGeometry, BaseProps>[];
}

/** Closed counter-clockwise lon/lat ring from an open metre ring (GeoJSON right-hand rule). */
export function polygonFromXY(ring: XY[]): PolygonGeometry {
  return { type: 'Polygon', coordinates: [closeRing(ccw(ring).map(toLonLat))] };
}

function ellipse(centre: Position, axes: [number, number], rotationDeg: number): XY[] {
  const c = fromLonLat(centre);
  const r = (rotationDeg * Math.PI) / 180;
  const out: XY[] = [];
  for (let i = 0; i < 24; i++) {
    const a = (i / 24) * 2 * Math.PI;
    const x = axes[0] * Math.cos(a);
    const y = axes[1] * Math.sin(a);
    out.push([c[0] + x * Math.cos(r) - y * Math.sin(r), c[1] + x * Math.sin(r) + y * Math.cos(r)]);
  }
  return out;
}

const waterProps = (w: WaterSketch): BaseProps => ({ id: w.id, name: w.name, name_en: w.name_en, kind: w.kind, approximate: true });

export function buildBase(): Base {
  const countyXY = ccw(COUNTY_OUTLINE.map(fromLonLat));
  const water: { ring: XY[]; props: BaseProps }[] = [
    ...SEAS.map((s) => ({ ring: ccw(s.ring.map(fromLonLat)), props: waterProps(s) })),
    ...RESERVOIRS.map((r) => ({ ring: ellipse(r.centre, r.axes, r.rotation), props: waterProps(r) })),
    ...RIVERS.map((r) => ({ ring: ccw(bufferPolyline(r.line.map(fromLonLat), r.width / 2)), props: waterProps(r) })),
  ];
  return {
    countyXY,
    waterXY: water.map((w) => w.ring),
    county: [
      {
        type: 'Feature',
        geometry: polygonFromXY(countyXY),
        properties: {
          id: 'ninghai', name: '宁海县（示意轮廓）', name_en: 'Ninghai County (approximate outline)', adcode: '330226', approximate: true,
        },
      },
    ],
    water: water.map((w) => ({ type: 'Feature', geometry: polygonFromXY(w.ring), properties: w.props })),
    towns: TOWNS.map((t) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [t.at[0], t.at[1]] },
      properties: { id: t.id, name: t.name, name_en: t.name_en, kind: t.kind },
    })),
  };
}
