import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { columnLetter, readCsv, readXlsx } from './table.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const bom = (s: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(s)]);
const gbk = (s: string) => new Uint8Array(iconv.encode(s, 'gbk'));

const CSV = '企业名称,统一社会信用代码,用地面积(亩),评价等级\r\n宁海示例模具有限公司,91330226MA2AAAAAA1,35.5,A类\r\n"宁海县""跃龙""机械厂",91330226MA2BBBBBB2,,B类\r\n\r\n\r\n';

describe('readCsv', () => {
  it.each([
    ['UTF-8 with BOM', bom(CSV), 'utf-8'],
    ['UTF-8 without BOM', utf8(CSV), 'utf-8'],
    ['GBK', gbk(CSV), 'gb18030'],
  ])('reads %s: header, quoted cells, empty cells null, trailing blank lines dropped', (_, bytes, enc) => {
    const t = readCsv('in/亩均评价.csv', bytes);
    expect(t).toEqual({
      kind: 'table',
      file: 'in/亩均评价.csv',
      name: '亩均评价',
      format: 'csv',
      encoding: { name: enc, from: 'detected' },
      fields: ['企业名称', '统一社会信用代码', '用地面积(亩)', '评价等级'],
      firstRow: 2,
      rows: [
        { 企业名称: '宁海示例模具有限公司', 统一社会信用代码: '91330226MA2AAAAAA1', '用地面积(亩)': '35.5', 评价等级: 'A类' },
        { 企业名称: '宁海县"跃龙"机械厂', 统一社会信用代码: '91330226MA2BBBBBB2', '用地面积(亩)': null, 评价等级: 'B类' },
      ],
    });
  });

  it('keeps a blank line inside the data as an all-null row (row numbers stay true); a declared encoding wins', () => {
    const t = readCsv('a.csv', gbk('名称,面积\n甲,1\n\n乙,2\n'), { encoding: 'gbk' });
    expect(t.encoding).toEqual({ name: 'gb18030', from: 'declared' });
    expect(t.rows).toEqual([{ 名称: '甲', 面积: '1' }, { 名称: null, 面积: null }, { 名称: '乙', 面积: '2' }]);
  });

  it('refuses rows with more or fewer cells, empty and duplicate titles, an empty file, bad encodings', () => {
    expect(() => readCsv('a.csv', utf8('a,b\n1,2\n1,2,3\n'))).toThrow('a.csv: row 3 has 3 cells but the header (row 1) has 2');
    expect(() => readCsv('a.csv', utf8('a,b\n1\n'))).toThrow('a.csv: row 2 has 1 cells but the header (row 1) has 2');
    expect(() => readCsv('a.csv', utf8('a,,c\n1,2,3\n'))).toThrow('a.csv: column B of the header row has no title; give every column a title');
    expect(() => readCsv('a.csv', utf8('名称,面积,名称\n1,2,3\n'))).toThrow('a.csv: columns A and C are both titled "名称"; titles must be unique');
    expect(() => readCsv('a.csv', utf8('\n\n'))).toThrow('a.csv: has no header row (the file is empty)');
    expect(() => readCsv('a.csv', new Uint8Array([0x61, 0x0a, 0xe9, 0x20, 0x0a]))).toThrow(/^a\.csv: neither valid UTF-8/);
  });

  it('columnLetter', () => {
    expect([1, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
  });
});

async function xlsx(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('readXlsx', () => {
  it('reads two sheets written by exceljs; values normalised (rich text, formula, date, percent, boolean)', async () => {
    const bytes = await xlsx((wb) => {
      const a = wb.addWorksheet('亩均评价');
      a.addRow([]); // an empty first row: the header is the first non-empty one
      a.addRow(['企业名称', '税收(万元)', '评价等级', '规上', '评价日期', '占比']);
      a.addRow([{ richText: [{ text: '宁海示例' }, { text: '模具有限公司', font: { bold: true } }] }, 123.45, 'A类', true, new Date(Date.UTC(2024, 2, 31)), 0.35]);
      a.getCell('F3').numFmt = '0%';
      a.addRow(['宁海县跃龙机械厂', { formula: 'B3*2', result: 246.9 }, 'B类', false, null, null]);
      a.addRow([]);
      const b = wb.addWorksheet('空表');
      b.addRow([]);
      const c = wb.addWorksheet('Sheet3');
      c.getCell('B2').value = 'id';
      c.getCell('C2').value = 'name';
      c.getCell('B3').value = 1;
      c.getCell('C3').value = { text: '链接', hyperlink: 'https://example.com' };
    });
    const tables = await readXlsx('评价.xlsx', bytes);
    expect(tables.map((t) => t.name)).toEqual(['亩均评价', 'Sheet3']);
    expect(tables[0]).toEqual({
      kind: 'table',
      file: '评价.xlsx',
      name: '亩均评价',
      format: 'xlsx',
      encoding: { name: 'utf-8', from: 'format' },
      fields: ['企业名称', '税收(万元)', '评价等级', '规上', '评价日期', '占比'],
      firstRow: 3,
      rows: [
        { 企业名称: '宁海示例模具有限公司', '税收(万元)': 123.45, 评价等级: 'A类', 规上: true, 评价日期: '2024-03-31', 占比: 0.35 },
        { 企业名称: '宁海县跃龙机械厂', '税收(万元)': 246.9, 评价等级: 'B类', 规上: false, 评价日期: null, 占比: null },
      ],
    });
    expect(tables[1]).toMatchObject({ fields: ['id', 'name'], firstRow: 3, rows: [{ id: 1, name: '链接' }] });
  });

  it('refuses merged header cells naming the sheet and range, duplicate and empty titles naming the column', async () => {
    const merged = await xlsx((wb) => {
      const s = wb.addWorksheet('汇总');
      s.addRow(['企业', '面积', null]);
      s.mergeCells('B1:C1');
      s.addRow(['甲', 1, 2]);
    });
    await expect(readXlsx('m.xlsx', merged)).rejects.toThrow('m.xlsx: sheet "汇总": the header row (row 1) has merged cells B1:C1; unmerge them so that every column has its own title');
    const dup = await xlsx((wb) => wb.addWorksheet('S').addRows([['名称', '面积', '名称'], ['a', 1, 'b']]));
    await expect(readXlsx('d.xlsx', dup)).rejects.toThrow('d.xlsx: sheet "S": columns A and C are both titled "名称"; titles must be unique');
    const gap = await xlsx((wb) => wb.addWorksheet('S').addRows([['名称', null, '面积'], ['a', 1, 2]]));
    await expect(readXlsx('g.xlsx', gap)).rejects.toThrow('g.xlsx: sheet "S": column B of the header row has no title; give every column a title');
    const wide = await xlsx((wb) => wb.addWorksheet('S').addRows([['名称', '面积'], ['a', 1, 'x']]));
    await expect(readXlsx('w.xlsx', wide)).rejects.toThrow('w.xlsx: sheet "S": cell C2 has a value but column C has no title in the header row (row 1)');
    const empty = await xlsx((wb) => wb.addWorksheet('S'));
    await expect(readXlsx('e.xlsx', empty)).rejects.toThrow('e.xlsx: has no sheet with any value');
    await expect(readXlsx('n.xlsx', utf8('a,b\n'))).rejects.toThrow(/^n\.xlsx: is not an \.xlsx workbook that can be read/);
  });
});
