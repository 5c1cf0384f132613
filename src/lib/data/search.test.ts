import { describe, expect, it } from 'vitest';
import { search, type SearchEntry } from './search.ts';

const idx: SearchEntry[] = [
  { id: 'NH-00001', name: '开发区-1号', centroid: [121.4, 29.3], area_mu_planar: 10, enterprise_id: 'E1', enterprise_name: '宁海示例甲模具有限公司' },
  { id: 'NH-00002', name: '开发区-2号', centroid: [121.41, 29.3], area_mu_planar: 30, enterprise_id: 'E1', enterprise_name: '宁海示例甲模具有限公司' },
  { id: 'NH-00003', name: '西店-1号', centroid: [121.43, 29.5], area_mu_planar: 5, enterprise_id: null, enterprise_name: null },
];

describe('search', () => {
  it('finds an enterprise once, pointing at its largest parcel', () => {
    const hits = search(idx, '甲模具');
    expect(hits).toEqual([{ kind: 'enterprise', label: '宁海示例甲模具有限公司', parcelId: 'NH-00002', centroid: [121.41, 29.3] }]);
  });
  it('finds parcels by id case-insensitively and by name', () => {
    expect(search(idx, 'nh-00003').map((h) => h.parcelId)).toEqual(['NH-00003']);
    expect(search(idx, '西店').map((h) => h.parcelId)).toEqual(['NH-00003']);
  });
  it('returns nothing for blank or unmatched text', () => {
    expect(search(idx, '  ')).toEqual([]);
    expect(search(idx, '不存在')).toEqual([]);
  });
});
