import { describe, expect, it } from 'vitest';
import type { AreaGeometry, ControlLineProps, Feature, ZoneProps } from '../data/schema.ts';
import { ingestCollection } from '../data/ingest.ts';
import { IngestError } from '../data/ingest.ts';
import { buildRuleLayers, checkParcel } from '../rules/check.ts';
import { checkPropsParser } from '../rules/check-props.ts';
import { ninghaiPolicy } from '../rules/test-policy.ts';
import type { Extent } from '../geo/place.ts';
import { bboxOf } from '../geo/shape.ts';
import { suggestionToMapping } from './mapping.ts';
import { describeSource, prepareLayer, previewFeatures, suggestFor, type CheckContext } from './prepare.ts';
import { verdictOf } from './verdict.ts';
import type { ImportedLayer, RawFeature } from './types.ts';

const EXTENT: Extent = [121.05, 29.05, 121.81, 29.67];
const policy = ninghaiPolicy();

/** A square of `d` degrees at (x, y). */
function square(x: number, y: number, d = 0.002): { type: 'Polygon'; coordinates: number[][][] } {
  return { type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] };
}

const zone: Feature<AreaGeometry, ZoneProps> = {
  type: 'Feature',
  geometry: square(121.4, 29.3, 0.02) as AreaGeometry,
  properties: { id: 'Z1', name: '中心城区', kind: 'central', approximate: true } as ZoneProps,
};
const line: Feature<AreaGeometry, ControlLineProps> = {
  type: 'Feature',
  geometry: square(121.5, 29.3, 0.05) as AreaGeometry,
  properties: { id: 'L1', name: '一级线', level: 1 } as ControlLineProps,
};
const ctx: CheckContext = { rules: buildRuleLayers([zone], [line]), policy, extent: EXTENT };

/** A county's own layer: Chinese field names, values as people write them, CGCS2000 lon/lat declared. */
function ownLayer(features: RawFeature[], crs: ImportedLayer['crs'] = { code: 'EPSG:4490', from: 'prj', name: 'GCS_China_Geodetic_Coordinate_System_2000' }): ImportedLayer {
  return {
    kind: 'layer',
    file: '宗地.zip/宗地.shp',
    name: '宗地',
    format: 'shapefile-zip',
    encoding: { name: 'gb18030', from: 'cpg' },
    crs,
    geometryTypes: ['Polygon'],
    fields: ['地块编号', '使用状态', '建筑面积', '建筑高度', '行业'],
    features,
  };
}
const rec = (id: string, status: string, floor: number | string, x: number, y: number): RawFeature => ({
  type: 'Feature',
  geometry: square(x, y),
  properties: { 地块编号: id, 使用状态: status, 建筑面积: floor, 建筑高度: 12, 行业: '模具' },
});

describe('describeSource', () => {
  it('guesses parcels, suggests the aliases and decides the declared CRS as check does', () => {
    const s = describeSource(ownLayer([rec('P-1', '在用', 30000, 121.5, 29.31), rec('P-2', '闲置', 0, 121.52, 29.31)]), EXTENT);
    expect(s.target).toBe('parcels');
    expect(s.suggestion.fields['id']?.from).toBe('地块编号');
    expect(s.suggestion.fields['status']?.from).toBe('使用状态');
    expect(s.suggestion.fields['floor_area_m2']?.from).toBe('建筑面积');
    expect(s.crs).toEqual({ ok: true, code: 'EPSG:4490', reason: 'declared in the file as "EPSG:4490"' });
    expect(s.samples['使用状态']).toEqual(['在用', '闲置']);
    expect(s.firstRecords).toHaveLength(2);
  });

  it("refuses an undeclared metre grid with the pipeline's own message (never guesses a zone)", () => {
    const gk: RawFeature = { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[450000, 3240000], [450100, 3240000], [450100, 3240100], [450000, 3240000]]] }, properties: {} };
    const s = describeSource(ownLayer([gk], { code: null, from: 'none', name: null }), EXTENT);
    expect(s.crs.ok).toBe(false);
    expect(!s.crs.ok && s.crs.message).toMatch(/^宗地\.zip\/宗地\.shp: coordinates are metres without a zone prefix .*EPSG:4549/);
  });

  it('previews the features in lon/lat', () => {
    const layer = ownLayer([rec('P-1', '在用', 30000, 121.5, 29.31)]);
    const [f] = previewFeatures(layer, 'EPSG:4490');
    expect(f?.properties.index).toBe(0);
    expect((f?.geometry as { coordinates: number[][][] }).coordinates[0]?.[0]).toEqual([121.5, 29.31]);
  });
});

describe('prepareLayer', () => {
  const layer = ownLayer([
    rec('P-1', '在用', 30000, 121.5, 29.31),
    rec('P-2', '已注销', 100, 121.52, 29.31), // a status the mapping cannot take
    rec('P-3', '在用', 5000, 121.405, 29.305), // inside the central zone
    rec('P-1', '在用', 100, 121.54, 29.31), // duplicate id
    rec('P-5', '在用', 100, 122.5, 29.31), // outside the county
  ]);
  const mapping = suggestionToMapping(describeSource(layer, EXTENT).suggestion, layer.file);

  it('maps, validates and checks every feature; rejects are named as tenglong check names them', async () => {
    const r = await prepareLayer(layer, 'parcels', mapping, ctx);
    expect(r.crs).toBe('EPSG:4490');
    expect(r.features.map((f) => f.id)).toEqual(['P-1', 'P-3']);
    expect(r.rejects.map((x) => x.index)).toEqual([1, 3, 4]);
    expect(r.rejects[0]!.reason).toMatch(/^feature P-2: column "使用状态" \(for status\)/);
    expect(r.rejects[1]!.reason).toBe('feature P-1: duplicate id "P-1" (an earlier feature has it)');
    expect(r.rejects[2]!.reason).toMatch(/^feature P-5: lies outside the county extent/);
    expect(r.features[0]!.props).toMatchObject({ id: 'P-1', status: 'in_use', floor_area_m2: 30000, industry: 'moulds' });
    expect(r.features[0]!.area_mu_planar).toBeGreaterThan(0);
  });

  it('gives each feature the findings checkParcel gives the same GeoJSON read by check (ingestCollection + its parser)', async () => {
    const r = await prepareLayer(layer, 'parcels', mapping, ctx);
    const fc = {
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'EPSG:4490' } },
      features: [0, 2].map((i) => ({ type: 'Feature', geometry: layer.features[i]!.geometry, properties: r.features[i === 0 ? 0 : 1]!.props })),
    };
    const read = ingestCollection(fc, { file: 'x.geojson', geometry: 'area', parseProps: checkPropsParser(policy), uniqueIds: true, extent: EXTENT });
    const layers = buildRuleLayers([zone], [line]);
    const expected = read.features.map((f) => checkParcel({ ...(f.properties as object), id: (f.properties as { id: string }).id, geometry: f.geometry as AreaGeometry }, layers, policy).findings);
    expect(r.features.map((f) => f.findings)).toEqual(expected.map((list) => list.map(({ values: _v, ...rest }) => rest)));
    // The central zone caps the parcel inside it: its verdict is not a pass.
    expect(r.features[1]!.findings.some((f) => f.rule.startsWith('zone') || f.rule.includes('central'))).toBe(true);
  });

  it('with layers read for a box, asks once for the box of the accepted parcels and gives the whole layers\' findings', async () => {
    const asked: number[][] = [];
    const whole = buildRuleLayers([zone], [line]);
    const near = { near: async (box: [number, number, number, number]) => (asked.push(box), whole) };
    const r = await prepareLayer(layer, 'parcels', mapping, { ...ctx, rules: near });
    const w = await prepareLayer(layer, 'parcels', mapping, ctx);
    expect(r.features).toEqual(w.features);
    // The accepted parcels are P-1 (square at 121.5, 29.31) and P-3 (at 121.405, 29.305): the box spans both, and
    // none of the rejected ones (P-5 at 122.5 lies outside the county).
    expect(asked).toHaveLength(1);
    const [x0, y0, x1, y1] = asked[0]!;
    const boxes = w.features.map((f) => bboxOf(f.geometry));
    expect([x0, y0, x1, y1]).toEqual([Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))]);
    expect(x1).toBeLessThan(122);
    // Not asked at all for a layer that is not checked.
    asked.length = 0;
    const zones = ownLayer([{ type: 'Feature', geometry: square(121.5, 29.31), properties: { 分区编号: 'Z9', 类型: '中心城区限制区' } }]);
    zones.fields = ['分区编号', '类型'];
    await prepareLayer(zones, 'zones', suggestionToMapping(suggestFor(zones, 'zones'), zones.file), { ...ctx, rules: near });
    expect(asked).toEqual([]);
  });

  it('refuses the whole layer when most of it lies outside the county (a wrong CRS)', async () => {
    const far = ownLayer([rec('A', '在用', 1, 122.5, 29.31), rec('B', '在用', 1, 122.6, 29.31)]);
    await expect(prepareLayer(far, 'parcels', mapping, ctx)).rejects.toThrow(IngestError);
  });

  it('keeps other layer targets validated but unchecked', async () => {
    const zones = ownLayer([{ type: 'Feature', geometry: square(121.5, 29.31), properties: { 分区编号: 'Z9', 类型: '中心城区限制区' } }]);
    zones.fields = ['分区编号', '类型'];
    const m = suggestionToMapping(suggestFor(zones, 'zones'), zones.file);
    const r = await prepareLayer(zones, 'zones', m, ctx);
    expect(r.rejects).toEqual([]);
    expect(r.features[0]).toMatchObject({ id: 'Z9', findings: [], area_mu_planar: null });
  });
});

describe('verdictOf', () => {
  it('is the worst status: fail, then warn, else pass', () => {
    expect(verdictOf([{ status: 'pass' }, { status: 'warn' }, { status: 'fail' }])).toBe('fail');
    expect(verdictOf([{ status: 'info' }, { status: 'warn' }])).toBe('warn');
    expect(verdictOf([{ status: 'info' }, { status: 'pass' }])).toBe('pass');
  });
});
