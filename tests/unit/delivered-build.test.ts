// Issue 13, item 5: the sample county as a county delivers it — parcels as a zipped GBK Shapefile in EPSG:4549 with
// Chinese field names, 亩均 results as an .xlsx, a mapping.json — builds into the same county as the GeoJSON sources:
// same ids, every field equal, numbers to 1e-9 (relative). Both builds run through the real binary.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import * as shapefile from 'shapefile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAllFgb } from '../../src/lib/data/fgb-read.ts';
import { readSources } from '../../src/lib/import/read-source.ts';
import { runCli } from './helpers/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'tenglong-delivered-'));
const geo = join(dir, 'geo');
const own = join(dir, 'own');
let ownBuild: { code: number; stdout: string; stderr: string };

function build(src: string, name: string, extra: string[] = []) {
  return runCli(['build-data', '--src', src, '--out', join(dir, `web-${name}`, 'data'), '--store', join(dir, `store-${name}`), ...extra]);
}
const internal = (name: string, file: string) => join(dir, `web-${name}`, 'data', 'internal', file);

/** Every value equal; numbers to 1e-9 of their size (at least 1e-9 absolute). Returns the differences found. */
function differences(a: unknown, b: unknown, at: string, out: string[]): string[] {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a))) out.push(`${at}: ${a} ≠ ${b}`);
  } else if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${at}: length ${a.length} ≠ ${b.length}`);
    else a.forEach((x, i) => differences(x, b[i], `${at}[${i}]`, out));
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`, out);
  } else if (a !== b) out.push(`${at}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
  return out;
}

beforeAll(() => {
  const s = runCli(['sample', '--parcels', '3000', '--seed', '7', '--out', geo, '--delivered', own]);
  expect(s.code, s.stderr).toBe(0);
  const g = build(geo, 'geo');
  expect(g.code, g.stderr).toBe(0);
  ownBuild = build(own, 'own');
  // The same county with parcels keyed by credit code (the join tests copy and build it).
  const j = runCli(['sample', '--parcels', '3000', '--seed', '7', '--out', join(dir, 'geo-again'), '--delivered', join(dir, 'joined'), '--join-by-credit-code']);
  expect(j.code, j.stderr).toBe(0);
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the sample county as delivered (Shapefile zip, xlsx, mapping.json)', () => {
  it('is what a GIS would read: GBK attributes with Chinese names, CGCS2000 GK CM 120°E coordinates', async () => {
    const zip = unzipSync(new Uint8Array(readFileSync(join(own, '宗地.zip'))));
    expect(Object.keys(zip).sort()).toEqual(['宗地.cpg', '宗地.dbf', '宗地.prj', '宗地.shp', '宗地.shx']);
    expect(new TextDecoder().decode(zip['宗地.cpg'])).toBe('GBK');
    expect(new TextDecoder().decode(zip['宗地.prj'])).toContain('CGCS2000_3_Degree_GK_CM_120E');
    // Read by the independent `shapefile` package: GBK decoded, metres east of the 500 km false easting.
    const ab = (u: Uint8Array) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
    const src = await shapefile.open(ab(zip['宗地.shp']!), ab(zip['宗地.dbf']!), { encoding: 'gb18030' });
    const first = await src.read();
    const props = first.value.properties as Record<string, unknown>;
    expect(Object.keys(props)).toContain('地块编号');
    expect(String(props['地块名称'])).toMatch(/[\u4e00-\u9fff]/);
    const [x, y] = (first.value.geometry as { coordinates: number[][][] }).coordinates[0]![0]!;
    // Ninghai (≈ 121.4°E, 29.3°N) in the zone of CM 120°E: ≈ 640 km easting (500 km + 140 km), ≈ 3 245 km northing.
    expect(x).toBeGreaterThan(600_000);
    expect(x).toBeLessThan(700_000);
    expect(y).toBeGreaterThan(3_200_000);
    expect(y).toBeLessThan(3_300_000);
  });

  it('builds with every record accepted and says where each layer came from', () => {
    expect(ownBuild.code, ownBuild.stderr).toBe(0);
    expect(ownBuild.stdout).toMatch(/parcels: read from 宗地\.zip\/宗地\.shp \(shapefile-zip, gb18030 from cpg, CRS EPSG:4549 "CGCS2000_3_Degree_GK_CM_120E"\)/);
    expect(ownBuild.stdout).toMatch(/enterprises: read from 亩均评价\.xlsx \(xlsx/);
    expect(ownBuild.stdout).toMatch(/parcels: 3000\/3000 accepted/);
    expect(ownBuild.stdout).toMatch(/enterprises\.json: 1500\/1500 accepted/);
  });

  it('gives the same parcels as the GeoJSON sources: same ids, every field equal, numbers to 1e-9', () => {
    const a = readAllFgb(new Uint8Array(readFileSync(internal('geo', 'parcels.fgb'))));
    const b = readAllFgb(new Uint8Array(readFileSync(internal('own', 'parcels.fgb'))));
    expect(b.map((f) => f.properties['id'])).toEqual(a.map((f) => f.properties['id']));
    const diffs: string[] = [];
    a.forEach((f, i) => differences(f.properties, b[i]!.properties, String(f.properties['id']), diffs));
    expect(diffs.slice(0, 10)).toEqual([]);
    // The geometry too: reprojected from EPSG:4549 back to lon/lat within 1e-9°.
    a.forEach((f, i) => differences(f.geometry, b[i]!.geometry, `${String(f.properties['id'])}.geometry`, diffs));
    expect(diffs.slice(0, 10)).toEqual([]);
  });

  it('gives the same enterprises, grades and 亩均 indicators, and the sample stays labelled 示例数据', () => {
    const a = JSON.parse(readFileSync(internal('geo', 'enterprises.json'), 'utf8')) as Record<string, unknown>;
    const b = JSON.parse(readFileSync(internal('own', 'enterprises.json'), 'utf8')) as Record<string, unknown>;
    expect(differences(a['enterprises'], b['enterprises'], 'enterprises', []).slice(0, 10)).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(dir, 'web-own', 'data', 'public', 'manifest.json'), 'utf8')) as { sample: boolean };
    expect(manifest.sample).toBe(true);
  });

  it('sets aside a record the mapping cannot take, naming the file, the feature and the column, and keeps its source record', () => {
    const mapping = JSON.parse(readFileSync(join(own, 'mapping.json'), 'utf8')) as { parcels: { fields: Record<string, unknown> } };
    // 标准地 read from the heights column by mistake: a parcel with a height (a number, not 是/否) cannot be taken; one
    // without (blank) can.
    mapping.parcels.fields['standard_land'] = '建筑高度';
    const m = join(dir, 'mapping-wrong-column.json');
    writeFileSync(m, JSON.stringify(mapping));
    const r = build(own, 'bad', ['--mapping', m, '--force']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/rejected: .*宗地\.zip\/宗地\.shp: feature NH-\d+: column "建筑高度" \(for standard_land\)/);
    const report = JSON.parse(readFileSync(internal('bad', 'report.json'), 'utf8')) as { layers: Record<string, { accepted: number; rejected: number }> };
    expect(report.layers['parcels']!.rejected).toBeGreaterThan(0);
    expect(report.layers['parcels']!.accepted).toBeGreaterThan(0);
    // Nothing lost: the set-aside record is kept with its source record (Chinese column names, its values).
    const rejects = JSON.parse(readFileSync(internal('bad', 'rejects.json'), 'utf8')) as { rejects: { feature: { properties: Record<string, unknown> } }[] };
    expect(rejects.rejects[0]!.feature.properties['__source']).toHaveProperty('地块编号');
  });

  it('reads a parcels.geojson in the county\'s own field names, with no mapping.json, through the built-in aliases: same parcels', async () => {
    // The delivered parcels (Chinese names, EPSG:4549) as GeoJSON, beside the sample's other files, and no mapping.
    const zh = join(dir, 'zh');
    cpSync(geo, zh, { recursive: true });
    const read = await readSources([{ name: '宗地.zip', bytes: new Uint8Array(readFileSync(join(own, '宗地.zip'))) }]);
    const layer = read.imported[0]!;
    if (layer.kind !== 'layer') throw new Error('the zip holds no layer');
    writeFileSync(join(zh, 'parcels.geojson'), JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:4549' } }, features: layer.features }));
    const r = build(zh, 'zh');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/parcels: .*parcels\.geojson does not use the schema's field names; the built-in aliases read it as: id ← 地块编号/);
    const a = readAllFgb(new Uint8Array(readFileSync(internal('geo', 'parcels.fgb'))));
    const b = readAllFgb(new Uint8Array(readFileSync(internal('zh', 'parcels.fgb'))));
    const diffs: string[] = [];
    a.forEach((f, i) => differences(f.properties, b[i]!.properties, String(f.properties['id']), diffs));
    expect(diffs.slice(0, 10)).toEqual([]);
  });

  it('joins the 亩均 table to parcels that name their holder by 统一社会信用代码: same parcels, the join reported', () => {
    const r = build(join(dir, 'joined'), 'joined');
    expect(r.code, r.stderr).toBe(0);
    const a = readAllFgb(new Uint8Array(readFileSync(internal('geo', 'parcels.fgb'))));
    const b = readAllFgb(new Uint8Array(readFileSync(internal('joined', 'parcels.fgb'))));
    const diffs: string[] = [];
    a.forEach((f, i) => differences(f.properties, b[i]!.properties, String(f.properties['id']), diffs));
    expect(diffs.slice(0, 10)).toEqual([]);
    const withFirm = a.filter((f) => f.properties['enterprise_id']).length;
    const report = JSON.parse(readFileSync(internal('joined', 'report.json'), 'utf8')) as { join: { matched: number; unmatched_parcels: number } };
    expect(report.join.matched).toBe(withFirm);
    expect(report.join.unmatched_parcels).toBe(0);
    expect(r.stdout).toContain(`join enterprises → parcels by credit code: ${withFirm} parcels matched`);
  });

  it('a credit code on two rows of the table: both rows named, that firm\'s parcels left unjoined', async () => {
    const dup = join(dir, 'dup');
    cpSync(join(dir, 'joined'), dup, { recursive: true });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(dup, '亩均评价.xlsx')) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const first = (ws.getRow(2).values as unknown[]).slice(1) as (string | number | null)[];
    ws.addRow(['ENT-DUP', ...first.slice(1)]);
    writeFileSync(join(dup, '亩均评价.xlsx'), new Uint8Array(await wb.xlsx.writeBuffer()));
    const code = String(first[2]);
    const r = build(dup, 'dup', ['--force']);
    expect(r.stdout + r.stderr).toContain(`credit code "${code}" is on 亩均评价.xlsx row 2 and 亩均评价.xlsx row ${ws.rowCount}`);
    const report = JSON.parse(readFileSync(internal('dup', 'report.json'), 'utf8')) as { join: { unmatched_parcels: number } };
    expect(report.join.unmatched_parcels).toBeGreaterThan(0);
    const parcels = readAllFgb(new Uint8Array(readFileSync(internal('dup', 'parcels.fgb'))));
    expect(parcels.filter((f) => f.properties['enterprise_id'] === first[0])).toEqual([]);
  });

  it('with no mapping.json at all: the aliases read the Shapefile and the .xlsx and join them by credit code, to the same parcels', () => {
    const bare = join(dir, 'bare');
    cpSync(join(dir, 'joined'), bare, { recursive: true });
    rmSync(join(bare, 'mapping.json'));
    const r = build(bare, 'bare');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/parcels: no mapping\.json entry; the built-in aliases read 宗地\.zip\/宗地\.shp as: id ← 地块编号/);
    expect(r.stdout).toMatch(/enterprises: no mapping\.json entry; the built-in aliases read 亩均评价\.xlsx as: id ← 企业编号/);
    expect(r.stdout).toMatch(/join: no mapping\.json says how; .* joined by it/);
    const a = readAllFgb(new Uint8Array(readFileSync(internal('geo', 'parcels.fgb'))));
    const b = readAllFgb(new Uint8Array(readFileSync(internal('bare', 'parcels.fgb'))));
    const diffs: string[] = [];
    a.forEach((f, i) => differences(f.properties, b[i]!.properties, String(f.properties['id']), diffs));
    expect(diffs.slice(0, 10)).toEqual([]);
    const ea = JSON.parse(readFileSync(internal('geo', 'enterprises.json'), 'utf8')) as Record<string, unknown>;
    const eb = JSON.parse(readFileSync(internal('bare', 'enterprises.json'), 'utf8')) as Record<string, unknown>;
    expect(differences(ea['enterprises'], eb['enterprises'], 'enterprises', []).slice(0, 10)).toEqual([]);
  });
});

