import { describe, expect, it } from 'vitest';
import { byFirmFromColumns, toColumns } from './chain-parcel-columns.ts';
import type { ChainParcel } from './site-stream.ts';

const parcels: ChainParcel[] = [
  { id: 'P1', enterprise_id: 'E1', point: [121.4, 29.3], bbox: [121.39, 29.29, 121.41, 29.31], area_mu_planar: 12.5, status: 'in_use' },
  { id: 'P2', enterprise_id: 'E2', point: [121.5, 29.4], bbox: [121.49, 29.39, 121.51, 29.41], area_mu_planar: 3, status: 'idle' },
  { id: 'P3', enterprise_id: 'E1', point: [121.45, 29.35], bbox: [121.44, 29.34, 121.46, 29.36], area_mu_planar: 0.25, status: 'supplied_not_used' },
];

describe('chain parcels in columns', () => {
  it('come back grouped by firm, every field equal, in the order sent', () => {
    const by = byFirmFromColumns(structuredClone(toColumns(parcels)));
    expect([...by.keys()]).toEqual(['E1', 'E2']);
    expect(by.get('E1')).toEqual([parcels[0], parcels[2]]);
    expect(by.get('E2')).toEqual([parcels[1]]);
  });
  it('hold the numbers in one typed array, seven per parcel', () => {
    const c = toColumns(parcels);
    expect(c.numbers).toBeInstanceOf(Float64Array);
    expect([...c.numbers.slice(7, 14)]).toEqual([121.5, 29.4, 121.49, 29.39, 121.51, 29.41, 3]);
    expect(byFirmFromColumns(toColumns([])).size).toBe(0);
  });
  it('refuse columns of unequal length', () => {
    const c = toColumns(parcels);
    expect(() => byFirmFromColumns({ ...c, statuses: c.statuses.slice(1) })).toThrow(/unequal length \(3 ids, 3 firms, 2 statuses, 3 rows/);
  });
});
