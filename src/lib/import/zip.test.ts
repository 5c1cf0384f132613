import { zip as shpWriteZip } from '@mapbox/shp-write';
import { zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { PRJ_CGCS2000_CM_120E } from './prj-fixtures.test-fixture.ts';
import { PARCEL_FIELDS, PARCEL_RINGS, PARCEL_RINGS_GEOJSON, PARCEL_ROWS, shpWrite, writeDbf } from './shapefile-fixtures.test-fixture.ts';
import { decodeZipName, readShapefileZip } from './zip.ts';

const text = (s: string) => new TextEncoder().encode(s);

/**
 * A zip as the Windows Explorer / WinRAR of a Chinese-locale PC writes it: GBK member names, no UTF-8 flag. fflate
 * writes ASCII names without the flag; each placeholder (same byte length as the GBK name) is then overwritten with
 * the GBK bytes in the local and central headers (names are not covered by the CRC).
 */
function gbkNamedZip(files: Record<string, Uint8Array>): Uint8Array {
  const swaps: [Uint8Array, Uint8Array][] = [];
  const ascii: Record<string, Uint8Array> = {};
  Object.entries(files).forEach(([name, bytes], i) => {
    const gbk = new Uint8Array(iconv.encode(name, 'gbk'));
    const placeholder = `${String.fromCharCode(65 + i)}`.repeat(gbk.length);
    ascii[placeholder] = bytes;
    swaps.push([text(placeholder), gbk]);
  });
  const out = zipSync(ascii, { level: 6 });
  for (const [from, to] of swaps) {
    for (let i = 0; i + from.length <= out.length; i++) if (from.every((b, j) => out[i + j] === b)) out.set(to, i);
  }
  return out;
}

describe('zip', () => {
  it('reads a zip written by shp-write (JSZip, UTF-8 flagged Chinese folder name) with a CGCS2000 .prj', async () => {
    const gj = {
      type: 'FeatureCollection' as const,
      features: PARCEL_RINGS.map((rings, i) => ({ type: 'Feature' as const, geometry: { type: 'Polygon' as const, coordinates: rings }, properties: { code: `NH-000${i + 1}`, area: 100 * (i + 1) } })),
    };
    const bytes = (await shpWriteZip<'uint8array'>(gj, { folder: '宁海导出', prj: PRJ_CGCS2000_CM_120E, types: { polygon: 'parcels' }, outputType: 'uint8array', compression: 'DEFLATE' })) as Uint8Array;
    const { layers, ignored } = await readShapefileZip({ name: 'in/parcels.zip', bytes });
    expect(layers).toHaveLength(1);
    expect(layers[0]).toMatchObject({
      file: 'in/parcels.zip/宁海导出/parcels.shp',
      name: 'parcels',
      format: 'shapefile-zip',
      crs: { code: 'EPSG:4549', from: 'prj' },
      encoding: { name: 'utf-8', from: 'detected' },
      fields: ['code', 'area'],
    });
    expect(layers[0]!.features.map((f) => [f.geometry, f.properties])).toEqual([
      [{ type: 'Polygon', coordinates: PARCEL_RINGS_GEOJSON[0] }, { code: 'NH-0001', area: 100 }],
      [{ type: 'Polygon', coordinates: PARCEL_RINGS_GEOJSON[1] }, { code: 'NH-0002', area: 200 }],
    ]);
    expect(ignored).toEqual([{ file: 'in/parcels.zip/宁海导出/parcels.shx', why: 'the .shx index of a Shapefile: its .shp is read in order instead' }]);
  });

  it('re-decodes GBK member names written without the UTF-8 flag; upper-case extensions pair up', async () => {
    const p = shpWrite('POLYGON', [{}, {}], PARCEL_RINGS);
    const bytes = gbkNamedZip({
      '地块/宗地图.SHP': p.shp,
      '地块/宗地图.DBF': writeDbf(PARCEL_FIELDS, PARCEL_ROWS, 'gbk', 0x4d),
      '地块/宗地图.prj': text(PRJ_CGCS2000_CM_120E),
      '地块/宗地图.cpg': text('936'),
      '地块/说明.txt': text('readme'),
    });
    const { layers, rest } = await readShapefileZip({ name: 'z.zip', bytes });
    expect(layers.map((l) => [l.file, l.name, l.encoding.from, l.crs.code])).toEqual([['z.zip/地块/宗地图.SHP', '宗地图', 'cpg', 'EPSG:4549']]);
    expect(layers[0]!.features[0]!.properties).toMatchObject({ 地块编号: 'NH-0001', 权利人: '宁海示例模具有限公司' });
    expect(rest.map((f) => f.name)).toEqual(['z.zip/地块/说明.txt']);
  });

  it('decodeZipName keeps ASCII and UTF-8-decoded names, and recovers UTF-8 written without the flag', () => {
    expect(decodeZipName('a/b.shp')).toBe('a/b.shp');
    expect(decodeZipName('地块.shp')).toBe('地块.shp');
    const latin1 = (b: Uint8Array) => String.fromCharCode(...b);
    expect(decodeZipName(latin1(text('地块.shp')))).toBe('地块.shp');
    expect(decodeZipName(latin1(new Uint8Array(iconv.encode('地块.shp', 'gbk'))))).toBe('地块.shp');
  });

  it('a zip without .shp names its members; a shapefile without .dbf and bytes that are no zip are refused', async () => {
    const noShp = zipSync({ 'a/parcels.dbf': new Uint8Array(40), 'a/readme.txt': text('x') });
    await expect(readShapefileZip({ name: 'x.zip', bytes: noShp })).rejects.toThrow('x.zip: holds no Shapefile (.shp) to read; it holds "a/parcels.dbf", "a/readme.txt"');
    const noDbf = zipSync({ 'parcels.shp': shpWrite('POLYGON', [{}, {}], PARCEL_RINGS).shp });
    await expect(readShapefileZip({ name: 'y.zip', bytes: noDbf })).rejects.toThrow('y.zip/parcels.shp: has no parcels.dbf beside it');
    await expect(readShapefileZip({ name: 'z.zip', bytes: text('not a zip') })).rejects.toThrow(/^z\.zip: is not a zip archive that can be read/);
  });
});
