import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readShapefile } from './shapefile.ts';
import { PRJ_CGCS2000_CM_120E, PRJ_CGCS2000_ZONE_40, PRJ_XIAN_1980_CM_120E } from './prj-fixtures.test-fixture.ts';
import { appendNullShape, PARCEL_FIELDS, PARCEL_RINGS, PARCEL_RINGS_GEOJSON, PARCEL_ROWS, shpWrite, writeDbf } from './shapefile-fixtures.test-fixture.ts';

const text = (s: string) => new TextEncoder().encode(s);
const parcels = () => shpWrite('POLYGON', PARCEL_ROWS.map(() => ({})), PARCEL_RINGS);

describe('readShapefile', () => {
  it('reads a GBK dbf named by its .cpg, with the zone-40 .prj: exact coordinates, Chinese names and values', async () => {
    const p = parcels();
    const layer = await readShapefile({
      shp: { name: 'in/地块.shp', bytes: p.shp },
      dbf: { name: 'in/地块.dbf', bytes: writeDbf(PARCEL_FIELDS, PARCEL_ROWS, 'gbk') },
      prj: { name: 'in/地块.prj', bytes: text(PRJ_CGCS2000_ZONE_40) },
      cpg: { name: 'in/地块.cpg', bytes: text('GBK\r\n') },
    });
    expect(layer).toMatchObject({
      kind: 'layer',
      file: 'in/地块.shp',
      name: '地块',
      format: 'shapefile',
      encoding: { name: 'gb18030', from: 'cpg' },
      crs: { code: 'EPSG:4528', from: 'prj', name: 'CGCS2000_3_Degree_GK_Zone_40' },
      geometryTypes: ['Polygon'],
      fields: ['地块编号', '权利人', '用地面积', '登记日期'],
    });
    expect(layer.warnings).toBeUndefined();
    expect(layer.features).toEqual([
      {
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: PARCEL_RINGS_GEOJSON[0] },
        properties: { 地块编号: 'NH-0001', 权利人: '宁海示例模具有限公司', 用地面积: 12345.67, 登记日期: '2023-04-15' },
      },
      {
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: PARCEL_RINGS_GEOJSON[1] },
        properties: { 地块编号: 'NH-0002', 权利人: '宁海县跃龙街道经济合作社', 用地面积: 800, 登记日期: null },
      },
    ]);
  });

  it.each([
    ['GBK without .cpg, language driver 0x4D', 'gbk' as const, 0x4d],
    ['GBK without .cpg, language driver 0 (unknown)', 'gbk' as const, 0],
    ['UTF-8 without .cpg', 'utf8' as const, 0],
  ])('detects %s', async (_, enc, ldid) => {
    const p = parcels();
    const layer = await readShapefile({
      shp: { name: 'a.shp', bytes: p.shp },
      dbf: { name: 'a.dbf', bytes: writeDbf(PARCEL_FIELDS, PARCEL_ROWS, enc, ldid) },
      prj: { name: 'a.prj', bytes: text(PRJ_CGCS2000_CM_120E) },
    });
    expect(layer.encoding).toEqual({ name: enc === 'gbk' ? 'gb18030' : 'utf-8', from: 'detected' });
    expect(layer.crs.code).toBe('EPSG:4549');
    expect(layer.features[0]!.properties['权利人']).toBe('宁海示例模具有限公司');
  });

  it.each([
    ['936', 'gb18030'],
    ['65001', 'utf-8'],
    ['GB2312', 'gb18030'],
    ['GB18030', 'gb18030'],
    ['UTF-8', 'utf-8'],
  ])('maps .cpg "%s" to %s', async (cpg, name) => {
    const p = parcels();
    const dbf = writeDbf(PARCEL_FIELDS, PARCEL_ROWS, name === 'utf-8' ? 'utf8' : 'gbk');
    const layer = await readShapefile({ shp: { name: 'a.shp', bytes: p.shp }, dbf: { name: 'a.dbf', bytes: dbf }, cpg: { name: 'a.cpg', bytes: text(cpg) } });
    expect(layer.encoding).toEqual({ name, from: 'cpg' });
    expect(layer.fields[1]).toBe('权利人');
  });

  it('an explicit encoding wins over the .cpg', async () => {
    const p = parcels();
    const layer = await readShapefile(
      { shp: { name: 'a.shp', bytes: p.shp }, dbf: { name: 'a.dbf', bytes: writeDbf(PARCEL_FIELDS, PARCEL_ROWS, 'gbk') }, cpg: { name: 'a.cpg', bytes: text('UTF-8') } },
      { encoding: 'gbk' },
    );
    expect(layer.encoding).toEqual({ name: 'gb18030', from: 'declared' });
    expect(layer.features[1]!.properties['权利人']).toBe('宁海县跃龙街道经济合作社');
  });

  it("reads shp-write's own dbf and points; a null shape gives geometry null", async () => {
    const p = shpWrite('POINT', [{ name: 'a', n: 1 }, { name: 'b', n: 2 }], [[121.43, 29.29], [121.5, 29.3]]);
    const dbf = writeDbf([{ name: 'name', type: 'C', length: 4 }, { name: 'n', type: 'N', length: 4 }], [['a', 1], ['b', 2], ['c', 3]], 'utf8');
    const layer = await readShapefile({ shp: { name: 'p.shp', bytes: appendNullShape(p.shp) }, dbf: { name: 'p.dbf', bytes: dbf } });
    expect(layer.features.map((f) => f.geometry)).toEqual([{ type: 'Point', coordinates: [121.43, 29.29] }, { type: 'Point', coordinates: [121.5, 29.3] }, null]);
    expect(layer.features[2]!.properties).toEqual({ name: 'c', n: 3 });
    expect(layer.geometryTypes).toEqual(['Point']);
    // shp-write's dbf, two records
    const own = await readShapefile({ shp: { name: 'p.shp', bytes: p.shp }, dbf: { name: 'p.dbf', bytes: p.dbf } });
    expect(own.features.map((f) => f.properties)).toEqual([{ name: 'a', n: 1 }, { name: 'b', n: 2 }]);
  });

  it('without .prj: CRS left to detection, with a warning', async () => {
    const p = parcels();
    const layer = await readShapefile({ shp: { name: 'a.shp', bytes: p.shp }, dbf: { name: 'a.dbf', bytes: writeDbf(PARCEL_FIELDS, PARCEL_ROWS, 'gbk') } });
    expect(layer.crs).toEqual({ code: null, from: 'none', name: null });
    expect(layer.warnings).toEqual(['a.shp: has no a.prj; its CRS must be declared (--crs) or is detected from the coordinates']);
  });

  it('refuses a missing .dbf, a Xian 1980 .prj, mismatched parts and a file that is not a .shp', async () => {
    const p = parcels();
    const dbf = { name: 'a.dbf', bytes: writeDbf(PARCEL_FIELDS, PARCEL_ROWS, 'gbk') };
    await expect(readShapefile({ shp: { name: 'x/a.shp', bytes: p.shp } })).rejects.toThrow(
      'x/a.shp: has no a.dbf beside it: a Shapefile\'s attributes are in its .dbf — copy the .shp, .shx, .dbf, .prj and .cpg together',
    );
    await expect(readShapefile({ shp: { name: 'a.shp', bytes: p.shp }, dbf, prj: { name: 'a.prj', bytes: text(PRJ_XIAN_1980_CM_120E) } })).rejects.toThrow(
      /^a\.prj: "Xian_1980_3_Degree_GK_CM_120E" is not a CGCS2000 or WGS 84 definition/,
    );
    const three = writeDbf(PARCEL_FIELDS, [...PARCEL_ROWS, ...PARCEL_ROWS.slice(0, 1)], 'gbk');
    await expect(readShapefile({ shp: { name: 'a.shp', bytes: p.shp }, dbf: { name: 'a.dbf', bytes: three } })).rejects.toThrow(
      'a.shp: has 2 shapes but a.dbf has 3 records: the parts do not belong together (export the layer again)',
    );
    await expect(readShapefile({ shp: { name: 'a.shp', bytes: dbf.bytes }, dbf })).rejects.toThrow('a.shp: is not a Shapefile .shp');
  });

  it('reads UTF-8 field names that their writer cut inside a character at 10 bytes', async () => {
    const p = parcels();
    const dbf = writeDbf(PARCEL_FIELDS, PARCEL_ROWS, 'utf8'); // 地块编号 → 地块编 (9 bytes, cut on a boundary)
    dbf[32 + 9] = 0xe5; // the first byte of 号, as a writer cutting at 10 bytes leaves it
    const layer = await readShapefile({ shp: { name: 'a.shp', bytes: p.shp }, dbf: { name: 'a.dbf', bytes: dbf } });
    expect(layer.encoding).toEqual({ name: 'utf-8', from: 'detected' });
    expect(layer.fields[0]).toBe('地块编');
    expect(layer.features[0]!.properties['地块编']).toBe('NH-0001');
  });

  it('refuses GBK field names cut into duplicates, and text that is neither UTF-8 nor GBK', async () => {
    const p = parcels();
    const dup = writeDbf([{ name: '统一社会信用代码', type: 'C', length: 18 }, { name: '统一社会信用', type: 'C', length: 18 }], [['a', 'b'], ['c', 'd']], 'gbk');
    await expect(readShapefile({ shp: { name: 'a.shp', bytes: p.shp }, dbf: { name: 'a.dbf', bytes: dup } })).rejects.toThrow(
      'a.dbf: fields 1 and 2 are both named "统一社会信" (dbf field names are cut at 10 bytes); rename one and export again',
    );
    const latin = writeDbf([{ name: 'n', type: 'C', length: 8 }], [['abc'], ['def']], 'utf8');
    latin.set(iconv.encode('café', 'latin1'), latin.length - 10); // é = E9 then a space: invalid UTF-8 and GB18030
    await expect(readShapefile({ shp: { name: 'a.shp', bytes: p.shp }, dbf: { name: 'a.dbf', bytes: latin } })).rejects.toThrow(
      /^a\.dbf: neither valid UTF-8 .* nor GB18030\/GBK .*\(no \.cpg beside it; write one, e\.g\. containing GBK or UTF-8\)$/,
    );
  });
});
