import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { writeIndexedFgb } from '../data/fgb-write.ts';
import { PRJ_CGCS2000_CM_120E } from './prj-fixtures.test-fixture.ts';
import { readSources } from './read-source.ts';
import { PARCEL_FIELDS, PARCEL_RINGS, PARCEL_ROWS, shpWrite, writeDbf } from './shapefile-fixtures.test-fixture.ts';
import type { FileInput, ImportedLayer } from './types.ts';

const text = (s: string) => new TextEncoder().encode(s);
const file = (name: string, bytes: Uint8Array): FileInput => ({ name, bytes });

describe('readSources', () => {
  it('reads a county folder: Shapefile parts paired by name, GeoJSON, CSV, XLSX, FlatGeobuf; side files and mapping.json ignored', async () => {
    const p = shpWrite('POLYGON', [{}, {}], PARCEL_RINGS);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('评价').addRows([['企业名称', '评价等级'], ['宁海示例模具有限公司', 'A类']]);
    const geojson = {
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4549' } },
      features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [500000.5, 3250000.5] }, properties: { 名称: '甲', b: 1 } }, { type: 'Feature', geometry: null, properties: { c: true } }],
    };
    const fgb = writeIndexedFgb([{ type: 'Feature', geometry: { type: 'Point', coordinates: [121.43, 29.29] }, properties: { id: 'a', h: 12.5 } }], { crsCode: 4490 });
    const res = await readSources([
      file('县/地块.shp', p.shp),
      file('县/地块.SHX', p.shx),
      file('县/地块.dbf', writeDbf(PARCEL_FIELDS, PARCEL_ROWS, 'gbk')),
      file('县/地块.prj', text(PRJ_CGCS2000_CM_120E)),
      file('县/地块.cpg', text('GBK')),
      file('县/地块.shp.xml', text('<metadata/>')),
      file('县/地块.sbn', new Uint8Array(4)),
      file('县/点.geojson', new Uint8Array(iconv.encode(JSON.stringify(geojson), 'gbk'))),
      file('县/mapping.json', text('{"layers":{}}')),
      file('县/亩均.csv', text('\uFEFF企业名称,评价等级\n宁海示例模具有限公司,A类\n')),
      file('县/亩均.xlsx', new Uint8Array(await wb.xlsx.writeBuffer())),
      file('县/建筑.fgb', fgb),
      file('县/说明.docx', new Uint8Array(3)),
      file('县/old.dbf', new Uint8Array(40)),
    ]);
    expect(res.errors).toEqual([]);
    expect(res.imported.map((i) => [i.kind, i.file, i.name, i.format])).toEqual([
      ['layer', '县/地块.shp', '地块', 'shapefile'],
      ['layer', '县/点.geojson', '点', 'geojson'],
      ['table', '县/亩均.csv', '亩均', 'csv'],
      ['table', '县/亩均.xlsx', '评价', 'xlsx'],
      ['layer', '县/建筑.fgb', '建筑', 'flatgeobuf'],
    ]);
    const [shp, gj, , , fgbLayer] = res.imported as ImportedLayer[];
    expect(shp!.features[0]!.properties['权利人']).toBe('宁海示例模具有限公司');
    expect(gj).toMatchObject({
      encoding: { name: 'gb18030', from: 'detected' },
      crs: { code: 'EPSG:4549', from: 'geojson-crs', name: 'urn:ogc:def:crs:EPSG::4549' },
      geometryTypes: ['Point'],
      fields: ['名称', 'b', 'c'],
    });
    expect(gj!.features[1]).toEqual({ type: 'Feature', geometry: null, properties: { c: true } });
    expect(fgbLayer).toMatchObject({ crs: { code: 'EPSG:4490', from: 'fgb-header', name: 'EPSG:4490' }, fields: ['id', 'h'], geometryTypes: ['Point'] });
    expect(fgbLayer!.features[0]!.geometry).toEqual({ type: 'Point', coordinates: [121.43, 29.29] });
    expect(res.ignored).toEqual([
      { file: '县/地块.shp.xml', why: 'a metadata file (.xml) no reader needs' },
      { file: '县/地块.sbn', why: 'a side file (.sbn) no reader needs' },
      { file: '县/地块.SHX', why: 'the .shx index of a Shapefile: its .shp is read in order instead' },
      { file: '县/old.dbf', why: 'a Shapefile part without its .shp (县/old.shp not found)' },
      { file: '县/mapping.json', why: 'a .json file that is not a GeoJSON FeatureCollection' },
      { file: '县/说明.docx', why: 'not a format this tool reads (.docx)' },
    ]);
  });

  it('reads a zip holding a Shapefile and an xlsx; one bad file is reported without hiding the others', async () => {
    const p = shpWrite('POLYGON', [{}, {}], PARCEL_RINGS);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('S').addRows([['a'], [1]]);
    const zip = zipSync({
      'parcels/p.shp': p.shp,
      'parcels/p.dbf': writeDbf(PARCEL_FIELDS, PARCEL_ROWS, 'utf8'),
      'parcels/p.prj': text(PRJ_CGCS2000_CM_120E),
      't.xlsx': new Uint8Array(await wb.xlsx.writeBuffer()),
    });
    const res = await readSources([
      file('a.zip', zip),
      file('empty.zip', zipSync({ 'readme.txt': text('x') })),
      file('bad.geojson', text('{"type":"Feature"}')),
      file('b.csv', text('x,y\n1,2,3\n')),
    ]);
    expect(res.imported.map((i) => [i.file, i.format])).toEqual([
      ['a.zip/parcels/p.shp', 'shapefile-zip'],
      ['a.zip/t.xlsx', 'xlsx'],
    ]);
    expect(res.errors.map((e) => e.message)).toEqual([
      'empty.zip: holds no Shapefile (.shp) to read; it holds "readme.txt"',
      'bad.geojson: is not a GeoJSON FeatureCollection',
      'b.csv: row 2 has 3 cells but the header (row 1) has 2',
    ]);
  });

  it('a declared encoding reaches the .dbf and the .csv; an unsupported GeoJSON crs is an error', async () => {
    const p = shpWrite('POLYGON', [{}, {}], PARCEL_RINGS);
    const res = await readSources(
      [
        file('a.shp', p.shp),
        file('a.dbf', writeDbf(PARCEL_FIELDS, PARCEL_ROWS, 'gbk')),
        file('t.csv', new Uint8Array(iconv.encode('名称\n甲\n', 'gbk'))),
        file('w.geojson', text('{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:3857"}},"features":[]}')),
      ],
      { encoding: 'gbk' },
    );
    expect(res.imported.map((i) => i.encoding)).toEqual([
      { name: 'gb18030', from: 'declared' },
      { name: 'gb18030', from: 'declared' },
    ]);
    expect(res.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^w\.geojson: CRS "EPSG:3857" is not supported/)]);
  });
});
