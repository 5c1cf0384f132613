// Four parcels and two low-efficiency blocks, small enough to add up by hand: the print tests' county (pages.test.ts,
// districts.test.ts), one copy so the hand-worked numbers in both refer to the same squares.
import type { AreaGeometry } from '../../data/schema.ts';
import type { PrintBlock, PrintParcel } from '../districts.ts';

export function square(lon: number, lat: number, d: number): AreaGeometry {
  return { type: 'Polygon', coordinates: [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]] };
}
function parcel(lon: number, lat: number, town: string, park: string | null, block: string | null, status: string, mu: number): PrintParcel {
  return { geometry: square(lon, lat, 0.002), properties: { town, park, low_eff_block: block, status, area_mu_planar: mu } };
}
export const parcels: PrintParcel[] = [
  parcel(121.4, 29.3, '跃龙街道', '宁海经济开发区', 'LE-01', 'supplied_not_used', 12.5),
  parcel(121.41, 29.31, '跃龙街道', '宁海经济开发区', 'LE-01', 'in_use', 30),
  parcel(121.5, 29.4, '梅林街道', null, null, 'idle', 8),
  parcel(121.42, 29.29, '桃源街道', '宁海经济开发区', 'LE-02', 'approved_not_supplied', 4.25),
];
export const blocks: PrintBlock[] = [
  { type: 'Feature', geometry: square(121.399, 29.299, 0.015), properties: { id: 'LE-02', name: '乙区块', reason: '', renovation_status: 'planned', renovation_year: 2025, area_mu: 99 } },
  { type: 'Feature', geometry: square(121.399, 29.299, 0.014), properties: { id: 'LE-01', name: '甲区块', reason: '', renovation_status: 'planned', renovation_year: 2024, area_mu: 120.5 } },
];
