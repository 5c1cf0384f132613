import { describe, expect, it } from 'vitest';
import { fieldOfReason } from '../workspace/parcel-status.ts';
import { parseSharedLayer, SHARED_LAYER_TARGETS, type SharedLayer } from './kept-layer-parse.ts';
import { LAYER_TARGETS } from './prepare.ts';

const square = [[[121.5, 29.3], [121.51, 29.3], [121.51, 29.31], [121.5, 29.3]]];

const sharedLayer = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'imp-mabc12-x1y2z',
  name: '宗地',
  files: ['宗地.zip'],
  target: 'parcels',
  count: 2,
  importedAt: '2026-11-30T08:15:00.000Z',
  mapping: { file: null, fields: { id: { from: '地块编号', unit: null, values: null } }, join: null },
  crs: 'EPSG:4549',
  features: [
    {
      id: 'P-1',
      geometry: { type: 'Polygon', coordinates: square },
      props: { id: 'P-1', status: 'in_use' },
      findings: [{ rule: 'far.min', status: 'fail', message: { zh: '容积率低于 1.20', en: 'FAR < 1.20' }, source: { key: 'far.min', kind: 'plan', clause: '三(一)' } }],
      area_mu_planar: 12.5,
    },
    { id: 'P-2', geometry: { type: 'MultiPolygon', coordinates: [square] }, props: {}, findings: [], area_mu_planar: null },
  ],
  rejects: [{ index: 7, id: 'P-8', reason: 'feature P-8: field "status" must be …' }],
  ...over,
});

const reasonOf = (raw: unknown): string => {
  const r = parseSharedLayer(raw);
  if (r.ok) throw new Error('accepted');
  return r.reason;
};

describe('parseSharedLayer', () => {
  it('takes a kept layer, dropping its visibility and unknown members', () => {
    const r = parseSharedLayer({ ...sharedLayer(), visible: false, extra: 1 });
    expect(r.ok).toBe(true);
    const v = (r as { value: SharedLayer }).value;
    expect(v).toEqual(sharedLayer());
    expect('visible' in v).toBe(false);
  });

  it('knows the same targets as the import', () => {
    expect([...SHARED_LAYER_TARGETS].sort()).toEqual([...LAYER_TARGETS].sort());
  });

  it.each([
    [{ id: 'layer-1' }, 'id'],
    [{ id: 'imp-UPPER' }, 'id'],
    [{ id: `imp-${'a'.repeat(41)}` }, 'id'],
    [{ name: '' }, 'name'],
    [{ name: 'x'.repeat(201) }, 'name'],
    [{ files: 'a.zip' }, 'files'],
    [{ files: [3] }, 'files[0]'],
    [{ target: 'enterprises' }, 'target'],
    [{ count: 3 }, 'count'],
    [{ importedAt: 'yesterday' }, 'importedAt'],
    [{ crs: 7 }, 'crs'],
    [{ mapping: null }, 'mapping'],
    [{ features: {} }, 'features'],
    [{ features: [{ id: 'P-1', geometry: { type: 'Point', coordinates: [1, 2] }, props: {}, findings: [] }], count: 1 }, 'features[0].geometry.type'],
    [{ features: [{ id: 'P-1', geometry: { type: 'Polygon', coordinates: 'x' }, props: {}, findings: [] }], count: 1 }, 'features[0].geometry.coordinates'],
    [{ features: [{ id: 'P-1', geometry: { type: 'Polygon', coordinates: [[[1, 2], [3, 'a'], [1, 2], [1, 2]]] }, props: {}, findings: [] }], count: 1 }, 'features[0].geometry.coordinates[0][1]'],
    [{ features: [{ id: 7, geometry: { type: 'Polygon', coordinates: square }, props: {}, findings: [] }], count: 1 }, 'features[0].id'],
    [{ features: [{ id: 'P-1', geometry: { type: 'Polygon', coordinates: square }, props: [], findings: [] }], count: 1 }, 'features[0].props'],
    [{ features: [{ id: 'P-1', geometry: { type: 'Polygon', coordinates: square }, props: {}, findings: {} }], count: 1 }, 'features[0].findings'],
    [{ features: [{ id: 'P-1', geometry: { type: 'Polygon', coordinates: square }, props: {}, findings: [{ rule: 'x', status: 'bad', message: { zh: '', en: '' } }] }], count: 1 }, 'features[0].findings[0].status'],
    [{ rejects: null }, 'rejects'],
    [{ rejects: [{ index: -1, id: null, reason: 'x' }] }, 'rejects[0].index'],
  ])('refuses %j naming %s', (over, field) => {
    expect(fieldOfReason(reasonOf(sharedLayer(over)))).toBe(field);
  });

  it('refuses what is not an object', () => {
    expect(parseSharedLayer([]).ok).toBe(false);
    expect(parseSharedLayer(null).ok).toBe(false);
  });
});
