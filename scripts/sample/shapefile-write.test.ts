// The sample's Shapefile writer, read back by an independent reader (the `shapefile` package, mbostock's), with GBK
// text decoded by the platform's TextDecoder: what a GIS would see.
import * as shapefile from 'shapefile';
import { describe, expect, it } from 'vitest';
import { writeDbf, writeShp, type ShpPolygon } from './shapefile-write.ts';

const square: ShpPolygon = { type: 'Polygon', coordinates: [[[40500000, 3240000], [40500100, 3240000], [40500100, 3240100], [40500000, 3240100], [40500000, 3240000]]] };
const withHole: ShpPolygon = {
  type: 'MultiPolygon',
  coordinates: [
    [
      [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
      [[2, 2], [2, 4], [4, 4], [4, 2], [2, 2]],
    ],
    [[[20, 20], [30, 20], [30, 30], [20, 30], [20, 20]]],
  ],
};

const ab = (u: Uint8Array): ArrayBuffer => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;

async function readAll(shp: Uint8Array, dbf: Uint8Array, encoding: string) {
  const src = await shapefile.open(ab(shp), ab(dbf), { encoding });
  const out: { geometry: { type: string; coordinates: unknown } | null; properties: Record<string, unknown> }[] = [];
  for (let r = await src.read(); !r.done; r = await src.read()) out.push(r.value as (typeof out)[number]);
  return out;
}

describe('shapefile-write', () => {
  it('writes polygons and a GBK table that the shapefile package reads back exactly', async () => {
    const { shp } = writeShp([square, withHole]);
    const dbf = writeDbf(
      [
        { name: '地块编号', type: 'C', length: 20 },
        { name: '用地面积', type: 'N', length: 14, decimals: 2 },
        { name: '权利人', type: 'C', length: 60 },
        { name: '标准地', type: 'L', length: 1 },
      ],
      [
        { 地块编号: 'NH-0001', 用地面积: 15.0, 权利人: '宁海示例模具有限公司', 标准地: true },
        { 地块编号: 'NH-0002', 用地面积: 1234.5, 权利人: null, 标准地: false },
      ],
      'gbk',
    );
    expect(dbf[29]).toBe(0x4d); // language driver: GBK / code page 936
    const feats = await readAll(shp, dbf, 'gb18030');
    expect(feats).toHaveLength(2);
    expect(feats[0]!.properties).toEqual({ 地块编号: 'NH-0001', 用地面积: 15, 权利人: '宁海示例模具有限公司', 标准地: true });
    expect(feats[1]!.properties).toEqual({ 地块编号: 'NH-0002', 用地面积: 1234.5, 权利人: null, 标准地: false });
    // The reader turns clockwise shells / counter-clockwise holes back into GeoJSON polygons.
    expect(feats[0]!.geometry).toEqual({ type: 'Polygon', coordinates: [[[40500000, 3240000], [40500000, 3240100], [40500100, 3240100], [40500100, 3240000], [40500000, 3240000]]] });
    const g = feats[1]!.geometry as { type: string; coordinates: number[][][][] };
    expect(g.type).toBe('MultiPolygon');
    expect(g.coordinates).toHaveLength(2);
    expect(g.coordinates[0]).toHaveLength(2); // the shell keeps its hole
  });

  it('refuses a field name over 10 bytes and a value wider than its field, instead of cutting them', () => {
    expect(() => writeDbf([{ name: '统一社会信用代码', type: 'C', length: 18 }], [], 'gbk')).toThrow(/16 bytes in gbk; at most 10/);
    expect(() => writeDbf([{ name: 'id', type: 'C', length: 4 }], [{ id: '宁海县' }], 'gbk')).toThrow(/row 1 field "id".*6 bytes, the field 4/);
  });
});
