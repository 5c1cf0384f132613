// mapping.json parsed strictly (every bad key named by its path), the suggestion's choices and confidences, a
// mapping applied to rows as people write them (golden values by hand), and the enterprise join with its reports.
import { describe, expect, it } from 'vitest';
import {
  MappingError,
  applyMapping,
  guessTarget,
  joinEnterprises,
  mappingToJson,
  parseMappingFile,
  sourceMatches,
  suggestMapping,
  suggestionToMapping,
  type Keyed,
} from './mapping.ts';

function problemsOf(raw: unknown): string[] {
  try {
    parseMappingFile(raw, 'mapping.json');
  } catch (e) {
    if (e instanceof MappingError) return e.problems;
    throw e;
  }
  return [];
}

describe('parseMappingFile', () => {
  it('reads the short and the long form, units, value maps, joins and comments', () => {
    const m = parseMappingFile(
      {
        _comment: 'from 自然资源和规划局, 2024',
        parcels: {
          file: '宗地.zip',
          fields: {
            id: '地块编号',
            area_mu: { from: '用地面积', unit: 'm2' },
            status: { from: '使用状态', values: { 在用: 'in_use', 闲置: 'idle', 注销: null } },
            standard_land: { from: '标准地', values: { 是的: true } },
          },
        },
        enterprises: { fields: { name: '企业名称', tax_10k: { from: '税收', unit: '元' } }, join: { by: 'credit_code' } },
      },
      'mapping.json',
    );
    expect(m.parcels).toEqual({
      file: '宗地.zip',
      fields: {
        id: { from: '地块编号', unit: null, values: null },
        area_mu: { from: '用地面积', unit: 'm2', values: null },
        status: { from: '使用状态', unit: null, values: { 在用: 'in_use', 闲置: 'idle', 注销: null } },
        standard_land: { from: '标准地', unit: null, values: { 是的: true } },
      },
      join: null,
    });
    expect(m.enterprises?.join).toEqual({ by: 'credit_code', parcel: 'credit_code', table: 'credit_code' });
    expect(m.enterprises?.file).toBeNull();
  });

  it('names the path of every bad key, with what is allowed there', () => {
    const p = problemsOf({
      parcel: { fields: {} },
      parcels: {
        file: 3,
        fields: {
          floor_area: '建筑面积',
          area_mu: { from: '用地面积', unit: 'acre' },
          status: { from: '使用状态', values: ['在用'] },
          land_use: { from: '地类', values: { 工业: 'factory' } },
          far: { from: '容积率', unit: 'm2' },
          height_m: { form: '高度' },
        },
        join: { by: 'credit_code' },
      },
      enterprises: { fields: { name: '企业名称' }, join: { by: 'phone' } },
      zones: {},
    });
    const has = (start: string, text: string) => expect(p.some((x) => x.startsWith(start) && x.includes(text)), `${start} … ${text} in\n${p.join('\n')}`).toBe(true);
    has('parcel:', 'known: parcels, control-lines');
    has('parcels.file:', "source's file name");
    has('parcels.fields.floor_area:', 'is not a field of parcels (known: id, name, land_use');
    has('parcels.fields.area_mu.unit:', 'unknown unit "acre" for area_mu (known: 亩, m2, ha)');
    has('parcels.fields.status.values:', 'must be an object');
    has('parcels.fields.land_use.values.工业:', '"factory" is not a value of land_use (expected one of "industrial", "warehouse", "mixed_industrial"');
    has('parcels.fields.far.unit:', 'far is a plain number: it takes no unit');
    has('parcels.fields.height_m.form:', 'is not a field-rule key (known: from, unit, values)');
    has('parcels.fields.height_m.from:', 'is missing');
    has('parcels.join:', 'belongs under "enterprises"');
    has('enterprises.join.by:', 'must be "credit_code" or "name", got "phone"');
    has('zones.fields:', 'is missing');
    expect(p).toHaveLength(12);
  });

  it('throws one MappingError naming the file and listing all problems', () => {
    expect(() => parseMappingFile({ parcels: { fields: { nope: 'x' } } }, '/src/mapping.json')).toThrow(/^\/src\/mapping\.json: parcels\.fields\.nope: is not a field of parcels/);
    expect(() => parseMappingFile([], 'm.json')).toThrow(MappingError);
  });

  it('checks a join against both schemas', () => {
    expect(problemsOf({ enterprises: { fields: {}, join: { by: 'name', parcel: 'owner', table: 'name' } } })).toEqual([
      expect.stringMatching(/^enterprises\.join\.parcel: must be a field of parcels \(known: id, .*\), got "owner"$/),
    ]);
    const m = parseMappingFile({ enterprises: { fields: {}, join: { by: 'name' } } }, 'm.json');
    expect(m.enterprises?.join).toEqual({ by: 'name', parcel: 'enterprise_name', table: 'name' });
  });
});

describe('suggestMapping', () => {
  it('places a 自然资源 register: exact 1.0, normalised 0.9 with the unit from the title, the rest unplaced', () => {
    const s = suggestMapping('parcels', ['地块编号', '用地面积（平方米）', '建筑面积', '容积率', '使用状态', '权利人', '统一社会信用代码', '备注', 'OBJECTID']);
    expect(s.fields).toEqual({
      id: { from: '地块编号', confidence: 1, how: 'exact' },
      area_mu: { from: '用地面积（平方米）', confidence: 0.9, how: 'alias', unit: { unit: 'm2', from: 'title' } },
      floor_area_m2: { from: '建筑面积', confidence: 1, how: 'exact', unit: { unit: 'm2', from: 'assumed' } },
      far: { from: '容积率', confidence: 1, how: 'exact' },
      status: { from: '使用状态', confidence: 1, how: 'exact' },
      enterprise_name: { from: '权利人', confidence: 1, how: 'exact' },
      credit_code: { from: '统一社会信用代码', confidence: 1, how: 'exact' },
    });
    expect(s.unplaced).toEqual(['备注', 'OBJECTID']);
    expect(s.missingRequired).toEqual([]);
  });

  it('matches DBF upper-case codes exactly and a title containing an alias at 0.6', () => {
    const s = suggestMapping('parcels', ['DKBH', '实际用地面积', 'ZT']);
    expect(s.fields['id']).toEqual({ from: 'DKBH', confidence: 1, how: 'exact' });
    expect(s.fields['area_mu']).toMatchObject({ from: '实际用地面积', confidence: 0.6, how: 'contains', unit: { unit: 'm2', from: 'assumed' } });
    expect(s.missingRequired).toEqual(['status']);
  });

  it('does not take a rate for the amount it is derived from (亩均税收 is not 税收)', () => {
    const s = suggestMapping('enterprises', ['企业名称', '亩均税收(万元/亩)', '工业增加值增速', '实缴税金(万元)']);
    expect(s.fields['tax_10k']).toMatchObject({ from: '实缴税金(万元)', confidence: 0.9 });
    expect(s.fields['value_added_10k']).toBeUndefined();
    expect(s.unplaced).toEqual(['亩均税收(万元/亩)', '工业增加值增速']);
  });

  it('uses each column once, strongest claim first (建筑面积 is floor area, not the 面积 of the land)', () => {
    const s = suggestMapping('parcels', ['建筑面积', '面积']);
    expect(s.fields['floor_area_m2']?.from).toBe('建筑面积');
    expect(s.fields['area_mu']).toMatchObject({ from: '面积', confidence: 1 });
  });

  it('recognises columns by their values when titles say nothing (0.5)', () => {
    const s = suggestMapping('parcels', ['A', 'B', 'C'], {
      A: ['NH-1', 'NH-2'],
      B: ['91330226MA2AGP7X1U', null, '91330226MAA60X7H4U'],
      C: ['在用', '闲置', '批而未供'],
    });
    expect(s.fields['credit_code']).toEqual({ from: 'B', confidence: 0.5, how: 'shape' });
    expect(s.fields['status']).toEqual({ from: 'C', confidence: 0.5, how: 'shape' });
    expect(s.unplaced).toEqual(['A']);
    // Digits alone say nothing: a column of 1 and 2 is not taken for a control line's level.
    expect(suggestMapping('control-lines', ['X'], { X: [1, 2, 1] }).fields['level']).toBeUndefined();
  });

  it('places a 经信局 亩均 table', () => {
    const fields = ['序号', '企业名称', '统一社会信用代码', '用地面积(亩)', '税收(万元)', '工业增加值（万元）', '综合能耗(吨标煤)', '评价等级', '规上/规下', '从业人员'];
    const s = suggestMapping('enterprises', fields);
    expect(Object.fromEntries(Object.entries(s.fields).map(([k, v]) => [k, [v.from, v.confidence, v.unit?.unit ?? null]]))).toEqual({
      name: ['企业名称', 1, null],
      credit_code: ['统一社会信用代码', 1, null],
      land_mu: ['用地面积(亩)', 0.9, '亩'],
      tax_10k: ['税收(万元)', 0.9, '万元'],
      value_added_10k: ['工业增加值（万元）', 0.9, '万元'],
      energy_tce: ['综合能耗(吨标煤)', 0.9, 'tce'],
      grade: ['评价等级', 1, null],
      above_scale: ['规上/规下', 0.9, null],
      employees: ['从业人员', 1, null],
    });
    expect(s.unplaced).toEqual(['序号']);
    // A suggestion written as mapping.json keeps only assumed units (the title says the rest).
    const json = mappingToJson(suggestionToMapping(s, '亩均.xlsx'));
    expect(json).toMatchObject({ file: '亩均.xlsx', fields: { name: '企业名称', land_mu: '用地面积(亩)' } });
    expect(parseMappingFile({ enterprises: json }, 'x').enterprises?.fields['tax_10k']).toEqual({ from: '税收(万元)', unit: null, values: null });
  });
});

describe('guessTarget and sourceMatches', () => {
  it('tells layers apart by their fields and names; tables are enterprises', () => {
    expect(guessTarget({ kind: 'layer', file: 'a/宗地.shp', name: '宗地', fields: ['DKBH', '使用状态', '建筑面积'] })?.target).toBe('parcels');
    expect(guessTarget({ kind: 'layer', file: 'k.geojson', name: 'k', fields: ['编号', '级别'] })?.target).toBe('control-lines');
    expect(guessTarget({ kind: 'layer', file: '分区.geojson', name: '分区', fields: ['名称', '类型'] })?.target).toBe('zones');
    expect(guessTarget({ kind: 'table', file: '评价.csv', name: '评价', fields: ['企业名称', '税收'] })?.target).toBe('enterprises');
    expect(guessTarget({ kind: 'layer', file: 'x.geojson', name: 'x', fields: ['FOO'] })).toBeNull();
    // Named exactly as a target: that target, English schema names and all.
    expect(guessTarget({ kind: 'layer', file: 'zones.geojson', name: 'zones', fields: ['id', 'name', 'kind'] })).toEqual({ target: 'zones', score: 5 });
    // A "kind" column whose values are no zone kinds (a road layer) does not make a zone layer.
    expect(guessTarget({ kind: 'layer', file: 'roads.geojson', name: 'roads', fields: ['id', 'name', 'kind', 'approximate'] }, { kind: ['motorway', 'street'] })).toBeNull();
  });
  it('finds a source by path, base name, zip member or layer name', () => {
    const src = { file: 'in/宗地.zip/宗地.shp', name: '宗地' };
    expect(sourceMatches('宗地.zip', src)).toBe(true);
    expect(sourceMatches('宗地.shp', src)).toBe(true);
    expect(sourceMatches('宗地', src)).toBe(true);
    expect(sourceMatches('地块.zip', src)).toBe(false);
  });
});

describe('applyMapping', () => {
  const parcels = parseMappingFile(
    {
      parcels: {
        fields: {
          id: '地块编号',
          area_mu: '用地面积（平方米）',
          status: { from: '使用状态', values: { 正常: 'in_use' } },
          green_ratio: '绿地率',
          standard_land: '标准地',
          floor_area_m2: '建筑面积',
        },
      },
    },
    'm.json',
  ).parcels!;

  it('gives schema names, units and values: 6667 m² → 10.0005 亩, "35%" → 0.35, 是 → true, a user value map first', () => {
    const r = applyMapping('parcels', { 地块编号: 'NH-1', '用地面积（平方米）': 6667, 使用状态: '正常', 绿地率: '35%', 标准地: '是', 建筑面积: '12,000', 备注: 'x' }, parcels);
    expect(r.problems).toEqual([]);
    expect(Object.keys(r.props).sort()).toEqual(['area_mu', 'floor_area_m2', 'green_ratio', 'id', 'standard_land', 'status']);
    expect(r.props['area_mu']).toBeCloseTo(10.0005, 10);
    expect(r.props).toMatchObject({ id: 'NH-1', status: 'in_use', green_ratio: 0.35, standard_land: true, floor_area_m2: 12000 });
  });

  it('names the column and the value of each misfit, keeps the rest, never throws', () => {
    const r = applyMapping('parcels', { 地块编号: 17, '用地面积（平方米）': '约7000', 使用状态: '已注销', 绿地率: { x: 1 }, 标准地: '也许' }, parcels);
    expect(r.props).toEqual({ id: '17' });
    expect(r.problems.map((p) => [p.field, p.source, p.value])).toEqual([
      ['area_mu', '用地面积（平方米）', '约7000'],
      ['status', '使用状态', '已注销'],
      ['green_ratio', '绿地率', { x: 1 }],
      ['standard_land', '标准地', '也许'],
      ['floor_area_m2', '建筑面积', undefined],
    ]);
    expect(r.problems[0]!.message).toBe('column "用地面积（平方米）" (for area_mu): "约7000" is not a number (in m2)');
    expect(r.problems[1]!.message).toContain('column "使用状态" (for status): "已注销" is not one of in_use, idle');
    expect(r.problems[4]!.message).toBe('column "建筑面积" (for floor_area_m2) is not in the source');
  });

  it('gives an enterprise without an id its credit code as id', () => {
    const m = parseMappingFile({ enterprises: { fields: { name: '企业名称', credit_code: '统一社会信用代码', grade: '评价等级', above_scale: '规上/规下' } } }, 'm').enterprises!;
    const r = applyMapping('enterprises', { 企业名称: '甲公司', 统一社会信用代码: '91330226MA2AGP7X1U', 评价等级: 'A类', '规上/规下': '规上' }, m);
    expect(r).toEqual({ props: { id: '91330226MA2AGP7X1U', name: '甲公司', credit_code: '91330226MA2AGP7X1U', grade: 'A', above_scale: true }, problems: [] });
  });
});

describe('joinEnterprises', () => {
  const code = (n: number) => `91330226MA2AGP7X${String(n).padStart(2, '0')}`;
  const firms: Keyed[] = [3, 4, 5, 6, 7].map((row) => ({ where: `亩均.xlsx row ${row}`, props: { id: `E${row}`, credit_code: row === 7 ? code(3) : code(row) } }));
  const parcels: Keyed[] = [
    { where: '宗地.shp feature 0', props: { id: 'P0', credit_code: code(4).toLowerCase() } }, // case does not matter
    { where: '宗地.shp feature 1', props: { id: 'P1', credit_code: code(3) } }, // rows 3 and 7 share it
    { where: '宗地.shp feature 2', props: { id: 'P2', credit_code: code(9) } }, // no such firm
    { where: '宗地.shp feature 3', props: { id: 'P3', credit_code: null } }, // no holder
    { where: '宗地.shp feature 4', props: { id: 'P4', credit_code: code(5), enterprise_id: 'OTHER' } },
  ];
  const r = joinEnterprises(parcels, firms, { by: 'credit_code', parcel: 'credit_code', table: 'credit_code' });

  it('fills enterprise_id where exactly one firm has the key', () => {
    expect(r.parcels.map((p) => p['enterprise_id'] ?? null)).toEqual(['E4', null, null, null, 'OTHER']);
    expect(r.matched).toBe(1);
  });
  it('names a duplicate key in the table by both rows (3 and 7)', () => {
    expect(r.problems[0]).toBe(`credit code "${code(3)}" is on 亩均.xlsx row 3 and 亩均.xlsx row 7: parcels with it are left unjoined; keep one row per firm`);
  });
  it('reports a parcel whose own enterprise_id contradicts the join, keeping its own', () => {
    expect(r.problems[1]).toContain('宗地.shp feature 4: enterprise_id "OTHER" contradicts the credit code join (亩均.xlsx row 5, id "E5")');
  });
  it('reports unmatched rows on both sides', () => {
    expect(r.unmatchedParcels).toEqual([
      { where: '宗地.shp feature 1', key: code(3) },
      { where: '宗地.shp feature 2', key: code(9) },
    ]);
    expect(r.unmatchedEnterprises).toEqual([{ where: '亩均.xlsx row 6', key: code(6) }]);
  });
  it('joins by name ignoring width and spaces', () => {
    const j = joinEnterprises([{ where: 'f0', props: { enterprise_name: '宁海 甲（集团）公司' } }], [{ where: 'row 2', props: { id: 'E1', name: '宁海甲(集团)公司' } }], {
      by: 'name',
      parcel: 'enterprise_name',
      table: 'name',
    });
    expect(j.parcels[0]!['enterprise_id']).toBe('E1');
  });
});
