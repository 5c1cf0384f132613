// Issue 13, item 6: a county's own files that are wrong in one way each get a clear message from build-data naming
// the file (and the row, field or cell), never a crash, and the build that was live stays live.
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'tenglong-import-bad-'));
const geo = join(dir, 'geo');
const own = join(dir, 'own');
const out = join(dir, 'web', 'data');
const store = join(dir, 'store');
let live = '';

/** A copy of the delivered sample folder, changed by `edit`, built over the live build. */
function buildBroken(name: string, edit: (folder: string) => void | Promise<void>) {
  return async () => {
    const folder = join(dir, name);
    cpSync(own, folder, { recursive: true });
    await edit(folder);
    return runCli(['build-data', '--src', folder, '--out', out, '--store', store]);
  };
}
const liveRelease = () => JSON.parse(readFileSync(join(out, 'internal', 'report.json'), 'utf8')).release as string;
const parts = (folder: string) => unzipSync(new Uint8Array(readFileSync(join(folder, '宗地.zip'))));
const mapping = (folder: string) => JSON.parse(readFileSync(join(folder, 'mapping.json'), 'utf8')) as Record<string, { file?: string; fields: Record<string, unknown> }>;

async function xlsx(path: string, sheets: { name: string; rows: (string | number)[][]; merge?: string }[]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
    if (s.merge) ws.mergeCells(s.merge);
  }
  writeFileSync(path, new Uint8Array(await wb.xlsx.writeBuffer()));
}

beforeAll(() => {
  const s = runCli(['sample', '--parcels', '3000', '--seed', '3', '--out', geo, '--delivered', own]);
  expect(s.code, s.stderr).toBe(0);
  const b = runCli(['build-data', '--src', own, '--out', out, '--store', store]);
  expect(b.code, b.stderr).toBe(0);
  live = liveRelease();
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('build-data on bad county files: one message naming the file, the previous build stays', () => {
  it('a zip without a Shapefile names its members', async () => {
    const r = await buildBroken('zip-no-shp', (f) => writeFileSync(join(f, '宗地.zip'), zipSync({ '说明.txt': new TextEncoder().encode('宗地') })))();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/宗地\.zip.*说明\.txt/);
    expect(liveRelease()).toBe(live);
  });

  it('a Shapefile without its .dbf says the attribute table is missing', async () => {
    const r = await buildBroken('no-dbf', (f) => {
      const p = parts(f);
      unlinkSync(join(f, '宗地.zip'));
      for (const ext of ['shp', 'shx', 'prj', 'cpg']) writeFileSync(join(f, `宗地.${ext}`), p[`宗地.${ext}`]!);
      const m = mapping(f);
      m['parcels']!.file = '宗地.shp';
      writeFileSync(join(f, 'mapping.json'), JSON.stringify(m));
    })();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/宗地\.shp.*\.dbf/);
    expect(liveRelease()).toBe(live);
  });

  it('a Shapefile without its .prj: the coordinates alone do not say the zone, and the message names the candidates', async () => {
    const r = await buildBroken('no-prj', (f) => {
      const p = parts(f);
      delete p['宗地.prj'];
      writeFileSync(join(f, '宗地.zip'), zipSync(p));
    })();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/宗地\.zip\/宗地\.shp/);
    expect(r.stderr).toMatch(/EPSG:4549/);
    expect(liveRelease()).toBe(live);
  });

  it('a .shp and .dbf with different record counts', async () => {
    const r = await buildBroken('count-mismatch', async (f) => {
      const p = parts(f);
      // The .dbf of a 2-parcel county beside the 3000-parcel .shp.
      const small = join(dir, 'small');
      cpSync(own, small, { recursive: true });
      const { parcelsShapefileZip } = await import('../../scripts/sample/delivered.ts');
      const fc = JSON.parse(readFileSync(join(geo, 'parcels.geojson'), 'utf8')) as { features: unknown[] };
      const two = unzipSync(await parcelsShapefileZip({ features: fc.features.slice(0, 2) } as Parameters<typeof parcelsShapefileZip>[0]));
      p['宗地.dbf'] = two['宗地.dbf']!;
      writeFileSync(join(f, '宗地.zip'), zipSync(p));
    })();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/宗地\.shp/);
    expect(r.stderr).toMatch(/3000|2 record|records/);
    expect(liveRelease()).toBe(live);
  });

  it('an .xlsx whose header row has merged cells names the sheet and the range', async () => {
    const r = await buildBroken('merged', (f) =>
      xlsx(join(f, '亩均评价.xlsx'), [{ name: '2025年亩均评价', rows: [['企业编号', '企业名称', '税收（万元）'], ['ENT-0001', '宁海示例', 1]], merge: 'B1:C1' }]),
    )();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/亩均评价\.xlsx.*B1:C1/);
    expect(liveRelease()).toBe(live);
  });

  it('an .xlsx with two sheets of firms asks which one', async () => {
    const rows = [['企业编号', '企业名称', '统一社会信用代码'], ['ENT-0001', '宁海示例一', '91330226MA7UURNB06']];
    const r = await buildBroken('two-sheets', (f) => xlsx(join(f, '亩均评价.xlsx'), [{ name: '2024年', rows }, { name: '2025年', rows }]))();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/亩均评价\.xlsx.*matches 2 sources.*"2024年".*"2025年".*name one by its layer or sheet name/);
    expect(liveRelease()).toBe(live);
  });

  it('a mapping.json with an unknown field and an unknown unit names both paths', async () => {
    const r = await buildBroken('bad-mapping', (f) => {
      const m = mapping(f);
      m['parcels']!.fields['floor_area'] = '建筑面积';
      m['parcels']!.fields['height_m'] = { from: '建筑高度', unit: 'feet' };
      writeFileSync(join(f, 'mapping.json'), JSON.stringify(m));
    })();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/parcels\.fields\.floor_area/);
    expect(r.stderr).toMatch(/parcels\.fields\.height_m\.unit/);
    expect(liveRelease()).toBe(live);
  });
});
