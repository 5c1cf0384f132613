// Tables a county keeps beside its maps: CSV (papaparse, text decoded by the pipeline's strict sniffer: UTF-8 with or
// without BOM, GBK) and XLSX (exceljs, one table per non-empty sheet). The first non-empty row is the header; a header
// that cannot name every column (empty, duplicate or merged titles) is refused, naming the column letter or the
// merged range, because mapping by a guessed column is how a tax figure ends up in the area field.
//
// Row numbers are the ones the planner sees: the CSV record number (1 = header), the sheet's row number. Empty rows
// inside the data are kept as all-null rows so that row i of `rows` is always `firstRow + i`; empty rows at the end
// are dropped. CSV cells stay text (empty → null): units and number formats (亩, 35%, 1,234) are the mapping's job.
import ExcelJS from 'exceljs';
import Papa from './lib-papaparse.js';
import { baseName } from './shapefile.ts';
import { decodeText } from './decode-text.ts';
import { ImportError, type Cell, type ImportedTable } from './types.ts';

/** 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** Titles of the header row (index 0 = column `firstColumn`), refused when one is empty or repeated. */
function checkTitles(titles: string[], firstColumn: number, where: string, file: string): void {
  const seen = new Map<string, number>();
  titles.forEach((t, i) => {
    const col = columnLetter(firstColumn + i);
    if (t === '') throw new ImportError(file, `${where}column ${col} of the header row has no title; give every column a title`);
    const before = seen.get(t);
    if (before !== undefined) throw new ImportError(file, `${where}columns ${columnLetter(firstColumn + before)} and ${col} are both titled "${t}"; titles must be unique`);
    seen.set(t, i);
  });
}

const isEmptyRow = (cells: readonly Cell[]): boolean => cells.every((c) => c === null);

function toRows(fields: string[], data: Cell[][]): Record<string, Cell>[] {
  let end = data.length;
  while (end > 0 && isEmptyRow(data[end - 1]!)) end--;
  return data.slice(0, end).map((cells) => Object.fromEntries(fields.map((f, i) => [f, cells[i] ?? null])));
}

// ---------------------------------------------------------------------------------------------------------------
// CSV

export function readCsv(file: string, bytes: Uint8Array, opts: { encoding?: string | undefined } = {}): ImportedTable {
  const { text, encoding } = decodeText(file, bytes, opts.encoding);
  const parsed = Papa.parse(text, { skipEmptyLines: false });
  const bad = parsed.errors.find((e) => e.type === 'Quotes');
  if (bad) throw new ImportError(file, `row ${(bad.row ?? 0) + 1}: ${bad.message}`);
  const records = parsed.data;
  // A blank line parses as one empty cell.
  const blank = (r: string[]) => r.every((c) => c.trim() === '');
  const headerAt = records.findIndex((r) => !blank(r));
  if (headerAt < 0) throw new ImportError(file, 'has no header row (the file is empty)');
  const fields = records[headerAt]!.map((t) => t.trim());
  checkTitles(fields, 1, '', file);
  const data: Cell[][] = [];
  for (let i = headerAt + 1; i < records.length; i++) {
    const r = records[i]!;
    if (blank(r)) {
      data.push(fields.map(() => null));
      continue;
    }
    if (r.length !== fields.length) {
      throw new ImportError(file, `row ${i + 1} has ${r.length} cells but the header (row ${headerAt + 1}) has ${fields.length}`);
    }
    data.push(r.map((c) => (c.trim() === '' ? null : c.trim())));
  }
  return { kind: 'table', file, name: baseName(file), format: 'csv', encoding, fields, firstRow: headerAt + 2, rows: toRows(fields, data) };
}

// ---------------------------------------------------------------------------------------------------------------
// XLSX

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Dates as yyyy-mm-dd (with THH:MM:SS only when the cell has a time of day); exceljs gives them in UTC. */
function isoDate(d: Date): string | null {
  if (Number.isNaN(d.getTime())) return null;
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  return h || m || s ? `${date}T${pad(h)}:${pad(m)}:${pad(s)}` : date;
}

/** An exceljs cell value as a plain Cell: rich text → its text, formulas → their cached result, errors → '#N/A' etc. */
export function plainCell(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (v instanceof Date) return isoDate(v);
  if ('richText' in v) return plainCell(v.richText.map((r) => r.text).join(''));
  if ('formula' in v || 'sharedFormula' in v) return v.result === undefined ? null : plainCell(v.result);
  if ('error' in v) return v.error;
  if ('hyperlink' in v) return plainCell(v.text as ExcelJS.CellValue);
  return null;
}

/** `A1:C2` → its row span. */
function rowSpan(range: string): [number, number] | null {
  const m = /^[A-Z]+(\d+)(?::[A-Z]+(\d+))?$/i.exec(range.replace(/\$/g, ''));
  return m ? [Number(m[1]), Number(m[2] ?? m[1])] : null;
}

function sheetTable(file: string, ws: ExcelJS.Worksheet): ImportedTable | null {
  const where = `sheet "${ws.name}": `;
  const last = ws.rowCount;
  const valuesOf = (r: number): Cell[] => {
    const row = ws.getRow(r);
    const out: Cell[] = [];
    for (let c = 1; c <= row.cellCount; c++) out.push(plainCell(row.getCell(c).value));
    return out;
  };
  let headerRow = 0;
  let header: Cell[] = [];
  for (let r = 1; r <= last && headerRow === 0; r++) {
    const v = valuesOf(r);
    if (!isEmptyRow(v)) {
      headerRow = r;
      header = v;
    }
  }
  if (headerRow === 0) return null;
  // ws.model serialises the whole sheet: only asked for when a header cell is merged, to name the range.
  const hr = ws.getRow(headerRow);
  let merged = false;
  for (let c = 1; c <= hr.cellCount && !merged; c++) merged = hr.getCell(c).isMerged;
  for (const range of merged ? (ws.model.merges ?? []) : []) {
    const span = rowSpan(range);
    if (span && span[0] <= headerRow && span[1] >= headerRow) {
      throw new ImportError(file, `${where}the header row (row ${headerRow}) has merged cells ${range}; unmerge them so that every column has its own title`);
    }
  }
  const firstCol = header.findIndex((c) => c !== null) + 1;
  let lastCol = header.length;
  while (lastCol > 0 && header[lastCol - 1] === null) lastCol--;
  const fields = header.slice(firstCol - 1, lastCol).map((c) => (c === null ? '' : String(c).trim()));
  checkTitles(fields, firstCol, where, file);
  const data: Cell[][] = [];
  for (let r = headerRow + 1; r <= last; r++) {
    const v = valuesOf(r);
    v.forEach((c, i) => {
      if (c !== null && (i + 1 < firstCol || i + 1 > lastCol)) {
        throw new ImportError(file, `${where}cell ${columnLetter(i + 1)}${r} has a value but column ${columnLetter(i + 1)} has no title in the header row (row ${headerRow})`);
      }
    });
    data.push(fields.map((_, i) => v[firstCol - 1 + i] ?? null));
  }
  return { kind: 'table', file, name: ws.name, format: 'xlsx', encoding: { name: 'utf-8', from: 'format' }, fields, firstRow: headerRow + 1, rows: toRows(fields, data) };
}

/** One table per non-empty sheet, in workbook order; a workbook with no data at all is an ImportError. */
export async function readXlsx(file: string, bytes: Uint8Array): Promise<ImportedTable[]> {
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs types its input as a Node Buffer; at run time it hands it to JSZip, which takes any Uint8Array.
    await wb.xlsx.load(bytes as unknown as Parameters<typeof wb.xlsx.load>[0]);
  } catch (e) {
    throw new ImportError(file, `is not an .xlsx workbook that can be read (${e instanceof Error ? e.message : String(e)}); save it as .xlsx from Excel or WPS`);
  }
  const tables = wb.worksheets.map((ws) => sheetTable(file, ws)).filter((t): t is ImportedTable => t !== null);
  if (tables.length === 0) throw new ImportError(file, 'has no sheet with any value');
  return tables;
}
