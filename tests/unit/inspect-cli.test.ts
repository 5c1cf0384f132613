// `tenglong inspect` end to end: the real binary on a folder written here (a GeoJSON of parcels with Chinese field
// names, a CSV of 亩均 results), checking what it read, the CRS and county check, the suggested mapping with its
// confidences, a mapping.json applied with each misfit named by row, the join's duplicate rows, and the exit codes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import proj4 from 'proj4';
import { afterAll, describe, expect, it } from 'vitest';
import { proj4Def } from '../../src/lib/geo/crs.ts';
import { runCli } from './helpers/run-cli.ts';

const root = mkdtempSync(join(tmpdir(), 'tenglong-inspect-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A small square (about 100 m) at lon/lat `x`, `y` in Ninghai, optionally reprojected. */
function square(x: number, y: number, to?: (p: [number, number]) => [number, number]): number[][][] {
  const d = 0.001;
  const ring: [number, number][] = [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];
  return [to ? ring.map(to) : ring];
}

const CODE_A = '91330226MA2AGP7X1U';
const CODE_B = '91330226MAA60X7H4U';
const CODE_C = '91330226MANYQ2BB7L';

function parcelsGeojson(to?: (p: [number, number]) => [number, number], crs?: string): string {
  const props = [
    { 地块编号: 'NH-1', '用地面积（平方米）': 6667, 建筑面积: 8000, 使用状态: '在用', 统一社会信用代码: CODE_A, 权利人: '宁海甲有限公司', 备注: '' },
    { 地块编号: 'NH-2', '用地面积（平方米）': 3000, 建筑面积: 0, 使用状态: '闲置', 统一社会信用代码: CODE_B, 权利人: '宁海乙有限公司', 备注: '待处置' },
    { 地块编号: 'NH-3', '用地面积（平方米）': 1200, 建筑面积: 1500, 使用状态: '已注销', 统一社会信用代码: '91330226MA00000000', 权利人: '宁海丙有限公司', 备注: null },
  ];
  return JSON.stringify({
    type: 'FeatureCollection',
    ...(crs ? { crs: { type: 'name', properties: { name: crs } } } : {}),
    features: props.map((p, i) => ({ type: 'Feature', properties: p, geometry: { type: 'Polygon', coordinates: square(121.4 + i * 0.01, 29.3, to) } })),
  });
}

// Rows 2–7 as the spreadsheet numbers them (row 1 is the header); rows 3 and 7 share a credit code.
const CSV = [
  '企业名称,统一社会信用代码,用地面积(亩),税收(万元),评价等级,规上/规下,备注',
  `宁海甲有限公司,${CODE_A},"1,200.5",356.2,A类,规上,`,
  `宁海乙有限公司,${CODE_B},4.5,12,C档,规下,`,
  `宁海丁有限公司,${CODE_C},10,30,B,规上,`,
  `宁海戊有限公司,91330226MA2AGP7X2U,8,20,Z类,规下,新办`,
  `宁海己有限公司,91330226MA2AGP7X3U,6,16,D类,规下,`,
  `宁海乙分公司,${CODE_B},1,1,C,规下,重复`,
].join('\n');

function folder(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
}

interface Json {
  path: string;
  county: { id: string; extent: number[] };
  mapping_file: string | null;
  sources: {
    file: string;
    kind: string;
    format: string;
    encoding: { name: string; from: string };
    count: number;
    geometry_types: string[] | null;
    crs: { declared: { code: string | null }; detected: { code: string | null }; used: string | null; extent: { checked: number; inside: number; ok: boolean; hint: string | null } } | null;
    fields: { name: string; samples: unknown[] }[];
    target: { name: string; from: string } | null;
    suggestion: { fields: Record<string, { from: string; confidence: number; how: string; unit?: { unit: string; from: string } }>; unplaced: string[]; missing_required: string[] } | null;
    mapping: { records: number; problem_count: number; problems: { where: string; field: string; source: string; message: string }[] } | null;
  }[];
  join: { by: string; matched: number; unmatched_parcels: { where: string; key: string }[]; unmatched_enterprises: { where: string; key: string }[]; problems: string[] } | null;
  errors: { file: string; message: string }[];
}

const inspectJson = (...args: string[]): Json => {
  const r = runCli(['inspect', ...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Json;
};

describe('tenglong inspect', () => {
  const plain = folder('plain', { '地块.geojson': parcelsGeojson(), '亩均评价.csv': CSV });

  it('reports each source with its format, CRS, fields and a suggested mapping (--json)', () => {
    const j = inspectJson(plain);
    expect(j.mapping_file).toBeNull();
    expect(j.county.id).toBe('ninghai');
    expect(j.errors).toEqual([]);
    const layer = j.sources.find((s) => s.kind === 'layer')!;
    const table = j.sources.find((s) => s.kind === 'table')!;
    expect(j.sources).toHaveLength(2);

    expect(layer).toMatchObject({ file: '地块.geojson', format: 'geojson', count: 3, geometry_types: ['Polygon'], target: { name: 'parcels', from: 'guess' } });
    expect(layer.crs).toMatchObject({ declared: { code: null }, detected: { code: 'EPSG:4326' }, used: 'EPSG:4326', extent: { checked: 3, inside: 3, ok: true, hint: null } });
    expect(layer.fields.find((f) => f.name === '使用状态')?.samples).toEqual(['在用', '闲置', '已注销']);
    expect(layer.fields.find((f) => f.name === '备注')?.samples).toEqual(['待处置']);
    const lf = layer.suggestion!.fields;
    expect(lf['id']).toEqual({ from: '地块编号', confidence: 1, how: 'exact' });
    expect(lf['area_mu']).toEqual({ from: '用地面积（平方米）', confidence: 0.9, how: 'alias', unit: { unit: 'm2', from: 'title' } });
    expect(lf['floor_area_m2']).toMatchObject({ from: '建筑面积', confidence: 1 });
    expect(lf['status']).toMatchObject({ from: '使用状态', confidence: 1 });
    expect(lf['credit_code']).toMatchObject({ from: '统一社会信用代码', confidence: 1 });
    expect(lf['enterprise_name']).toMatchObject({ from: '权利人', confidence: 1 });
    expect(layer.suggestion!.unplaced).toEqual(['备注']);
    expect(layer.suggestion!.missing_required).toEqual([]);
    expect(layer.mapping).toBeNull();

    expect(table).toMatchObject({ file: '亩均评价.csv', format: 'csv', count: 6, geometry_types: null, crs: null, target: { name: 'enterprises', from: 'guess' } });
    const tf = table.suggestion!.fields;
    expect(tf['name']).toMatchObject({ from: '企业名称', confidence: 1 });
    expect(tf['credit_code']).toMatchObject({ from: '统一社会信用代码', confidence: 1 });
    expect(tf['land_mu']).toEqual({ from: '用地面积(亩)', confidence: 0.9, how: 'alias', unit: { unit: '亩', from: 'title' } });
    expect(tf['tax_10k']).toEqual({ from: '税收(万元)', confidence: 0.9, how: 'alias', unit: { unit: '万元', from: 'title' } });
    expect(tf['grade']).toMatchObject({ from: '评价等级', confidence: 1 });
    expect(tf['above_scale']).toMatchObject({ from: '规上/规下', confidence: 0.9 });
    expect(table.suggestion!.unplaced).toEqual(['备注']);
  });

  it('prints the same in English with the Chinese names as they are', () => {
    const r = runCli(['inspect', plain]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('mapping: none');
    expect(r.stdout).toMatch(/地块\.geojson {2}\(layer "地块", geojson, 3 features · Polygon\)/);
    expect(r.stdout).toContain('county extent: 3 of 3 sampled features inside');
    expect(r.stdout).toMatch(/target {4}parcels \(guessed/);
    expect(r.stdout).toMatch(/area_mu +← 用地面积（平方米） +0\.90 alias {2}unit m2 \(from the title\) → 亩/);
    expect(r.stdout).toMatch(/亩均评价\.csv {2}\(table "亩均评价", csv, 6 rows\)/);
    expect(r.stdout).toContain('not placed: 备注');
  });

  it('applies mapping.json to every record, naming each misfit by file, row and column, and reports the join', () => {
    const mapping = {
      parcels: { file: '地块.geojson', fields: { id: '地块编号', area_mu: '用地面积（平方米）', status: '使用状态', credit_code: '统一社会信用代码' } },
      enterprises: { fields: { name: '企业名称', credit_code: '统一社会信用代码', grade: '评价等级', land_mu: '用地面积(亩)' }, join: { by: 'credit_code' } },
    };
    const dir = folder('mapped', { '地块.geojson': parcelsGeojson(), '亩均评价.csv': CSV, 'mapping.json': JSON.stringify(mapping) });
    const j = inspectJson(dir);
    expect(j.mapping_file).toBe(join(dir, 'mapping.json'));
    const layer = j.sources.find((s) => s.kind === 'layer')!;
    const table = j.sources.find((s) => s.kind === 'table')!;
    expect(layer.target).toEqual({ name: 'parcels', from: 'mapping', score: null });
    expect(layer.mapping).toMatchObject({ records: 3, problem_count: 1 });
    expect(layer.mapping!.problems).toEqual([
      { where: '地块.geojson feature #2', field: 'status', source: '使用状态', message: expect.stringContaining('column "使用状态" (for status): "已注销" is not one of in_use') },
    ]);
    expect(table.target).toMatchObject({ name: 'enterprises', from: 'mapping' });
    expect(table.mapping!.problems).toEqual([{ where: '亩均评价.csv row 5', field: 'grade', source: '评价等级', message: expect.stringContaining('"Z类" is not one of A, B, C, D') }]);
    expect(j.join!.matched).toBe(1); // NH-1 ↔ row 2; NH-2's code is on rows 3 and 7
    expect(j.join!.problems[0]).toContain(`credit code "${CODE_B}" is on 亩均评价.csv row 3 and 亩均评价.csv row 7`);
    expect(j.join!.unmatched_parcels.map((u) => u.where)).toEqual(['地块.geojson feature #1', '地块.geojson feature #2']);
    expect(j.join!.unmatched_enterprises.map((u) => u.where)).toEqual(['亩均评价.csv row 4', '亩均评价.csv row 5', '亩均评价.csv row 6']);

    const human = runCli(['inspect', dir]);
    expect(human.stdout).toContain('地块.geojson feature #2: column "使用状态" (for status): "已注销"');
    expect(human.stdout).toContain('join enterprises → parcels by credit_code: 1 parcel matched');
  });

  it('shows the county-extent check failing for a file declared in the wrong zone, naming the CRS that fits', () => {
    const to4549 = (p: [number, number]) => proj4('EPSG:4326', proj4Def('EPSG:4549')!, p) as [number, number];
    const dir = folder('wrong-zone', { 'parcels.geojson': parcelsGeojson(to4549, 'EPSG:4550') });
    const layer = inspectJson(dir).sources[0]!;
    expect(layer.crs).toMatchObject({ declared: { code: 'EPSG:4550' }, detected: { code: null }, used: 'EPSG:4550', extent: { checked: 3, inside: 0, ok: false } });
    expect(layer.crs!.extent.hint).toContain('EPSG:4549');
  });

  it('refuses a bad mapping file naming the key path (exit 1)', () => {
    const dir = folder('bad-mapping', { '地块.geojson': parcelsGeojson(), 'mapping.json': JSON.stringify({ parcels: { fields: { area: { from: '用地面积', unit: 'acre' } } } }) });
    const r = runCli(['inspect', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(dir, 'mapping.json')}: parcels.fields.area: is not a field of parcels (known: id, name`);
    // --mapping F wins over the folder's mapping.json.
    const other = join(root, 'other-mapping.json');
    writeFileSync(other, JSON.stringify({ parcels: { fields: { area_mu: { from: '用地面积（平方米）', unit: 'acre' } } } }));
    const r2 = runCli(['inspect', dir, '--mapping', other]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain(`${other}: parcels.fields.area_mu.unit: unknown unit "acre" for area_mu (known: 亩, m2, ha)`);
  });

  it('exits 1 when nothing is readable and 2 for a wrong command line', () => {
    const empty = folder('empty', {});
    const r1 = runCli(['inspect', empty]);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain(`nothing readable in ${empty} (no files)`);
    expect(runCli(['inspect', join(root, 'missing')]).code).toBe(1);
    expect(runCli(['inspect']).code).toBe(2);
    expect(runCli(['inspect', plain, '--jsn']).stderr).toContain('unknown option --jsn');
    expect(runCli(['inspect', plain, '--encoding', 'latin-9']).code).toBe(2);
  });

  it('is listed in the help text', () => {
    expect(runCli(['help']).stdout).toContain('tenglong inspect PATH [--json] [--mapping F]');
  });
});
