// The 招引需求清单 as CSV and JSON. The CSV reader follows RFC 4180 (quoted fields may hold commas, quotes as "",
// and line breaks), strips a UTF-8 BOM, and reports each bad row by its line number in the file while keeping
// the good rows. The writer puts a BOM first so Excel opens the Chinese text as UTF-8, and quotes as needed.
import type { Demand } from '../data/schema.ts';

export const DEMAND_STATUSES = ['open', 'negotiating', 'signed'] as const satisfies readonly Demand['status'][];
export const DEMAND_COLUMNS = ['id', 'chain', 'link', 'profile', 'land_mu', 'investment_100m', 'park', 'status'] as const;

export interface CsvRow {
  /** 1-based line of the file on which the row starts. */
  line: number;
  fields: string[];
}

export interface RowError {
  /** 1-based line in the file (CSV) or 1-based entry number (JSON). */
  line: number;
  message: { zh: string; en: string };
}

export interface DemandImport {
  demands: Demand[];
  errors: RowError[];
}

/** Splits CSV text into rows. An unterminated quote is reported on the line where its field started. */
export function parseCsv(text: string): { rows: CsvRow[]; error: RowError | null } {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let rowLine = 1;
  let i = 0;
  let quoted = false;
  let quoteLine = 1;
  let rowHasContent = false;
  const endRow = () => {
    fields.push(field);
    if (rowHasContent || fields.length > 1 || field !== '') rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
    rowHasContent = false;
  };
  while (i < s.length) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (ch === '\n') line++;
      if (ch === '\r' && s[i + 1] !== '\n') line++;
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      quoteLine = line;
      rowHasContent = true;
      i++;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
      rowHasContent = true;
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRow();
      i += ch === '\r' && s[i + 1] === '\n' ? 2 : 1;
      line++;
      rowLine = line;
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) {
    return {
      rows,
      error: { line: quoteLine, message: { zh: `第 ${quoteLine} 行：引号未闭合`, en: `line ${quoteLine}: unterminated quote` } },
    };
  }
  if (field !== '' || fields.length > 0 || rowHasContent) endRow();
  return { rows, error: null };
}

function quote(v: string): string {
  return /[",\r\n]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** CSV with a BOM and CRLF line ends (what Excel writes and reads). */
export function serializeDemandsCsv(demands: readonly Demand[]): string {
  const lines = [DEMAND_COLUMNS.join(',')];
  for (const d of demands) {
    lines.push(
      [d.id, d.chain, d.link, d.profile, String(d.land_mu), String(d.investment_100m), d.park ?? '', d.status].map(quote).join(','),
    );
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

export function serializeDemandsJson(demands: readonly Demand[]): string {
  return JSON.stringify({ demands }, null, 2) + '\n';
}

export interface KnownLinks {
  /** chain id → link ids. */
  has(chain: string, link: string): boolean;
  hasChain(chain: string): boolean;
}

const NUM = /^\s*[+]?\d+(?:\.\d+)?\s*$/;

/** Validates one entry; returns the demand or the problems (zh/en), naming the field. */
export function validateDemand(raw: Record<string, unknown>, known?: KnownLinks): { ok: true; demand: Demand } | { ok: false; zh: string[]; en: string[] } {
  const zh: string[] = [];
  const en: string[] = [];
  const text = (k: string): string => {
    const v = raw[k];
    return typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';
  };
  const id = text('id');
  const chain = text('chain');
  const link = text('link');
  const profile = text('profile');
  if (!id) (zh.push('缺少编号 id'), en.push('missing id'));
  else if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(id)) (zh.push(`编号 "${id}" 只能含字母、数字和 _ . : -`), en.push(`id "${id}" may only hold letters, digits and _ . : -`));
  if (!chain) (zh.push('缺少产业链 chain'), en.push('missing chain'));
  if (!link) (zh.push('缺少环节 link'), en.push('missing link'));
  if (chain && known && !known.hasChain(chain)) (zh.push(`未知产业链 "${chain}"`), en.push(`unknown chain "${chain}"`));
  else if (chain && link && known && !known.has(chain, link)) (zh.push(`产业链 "${chain}" 没有环节 "${link}"`), en.push(`chain "${chain}" has no link "${link}"`));
  const numField = (k: string, zhName: string, positive: boolean): number => {
    const v = raw[k];
    const n = typeof v === 'number' ? v : typeof v === 'string' && NUM.test(v) ? Number(v) : NaN;
    if (!Number.isFinite(n) || (positive ? n <= 0 : n < 0)) {
      zh.push(`${zhName} ${k} 应为${positive ? '正数' : '非负数'}，实为 "${v === undefined ? '' : String(v)}"`);
      en.push(`${k} must be a ${positive ? 'positive' : 'non-negative'} number, got "${v === undefined ? '' : String(v)}"`);
    }
    return n;
  };
  const land = numField('land_mu', '用地需求', true);
  const inv = numField('investment_100m', '投资额', false);
  const statusRaw = text('status') || 'open';
  const status = DEMAND_STATUSES.find((s) => s === statusRaw);
  if (!status) (zh.push(`状态 status 应为 ${DEMAND_STATUSES.join('/')}，实为 "${statusRaw}"`), en.push(`status must be one of ${DEMAND_STATUSES.join('/')}, got "${statusRaw}"`));
  const park = text('park');
  if (zh.length || !status) return { ok: false, zh, en };
  return { ok: true, demand: { id, chain, link, profile, land_mu: land, investment_100m: inv, park: park || null, status } };
}

/** Reads a demand CSV with a header row (column order free, names as DEMAND_COLUMNS). */
export function parseDemandCsv(text: string, known?: KnownLinks): DemandImport {
  const { rows, error } = parseCsv(text);
  const errors: RowError[] = [];
  const demands: Demand[] = [];
  const header = rows[0];
  if (!header) return { demands, errors: error ? [error] : [{ line: 1, message: { zh: '文件为空', en: 'empty file' } }] };
  const cols = header.fields.map((f) => f.trim());
  const missing = DEMAND_COLUMNS.filter((c) => c !== 'park' && c !== 'status' && c !== 'profile' && !cols.includes(c));
  if (missing.length) {
    return { demands, errors: [{ line: header.line, message: { zh: `第 ${header.line} 行表头缺少列：${missing.join(', ')}`, en: `line ${header.line}: header lacks ${missing.join(', ')}` } }] };
  }
  const seen = new Set<string>();
  for (const row of rows.slice(1)) {
    if (row.fields.every((f) => f.trim() === '')) continue;
    if (row.fields.length !== cols.length) {
      errors.push({
        line: row.line,
        message: { zh: `第 ${row.line} 行：有 ${row.fields.length} 列，表头有 ${cols.length} 列`, en: `line ${row.line}: ${row.fields.length} fields, header has ${cols.length}` },
      });
      continue;
    }
    const rec: Record<string, unknown> = {};
    cols.forEach((c, i) => (rec[c] = row.fields[i]));
    const v = validateDemand(rec, known);
    if (!v.ok) {
      errors.push({ line: row.line, message: { zh: `第 ${row.line} 行：${v.zh.join('；')}`, en: `line ${row.line}: ${v.en.join('; ')}` } });
      continue;
    }
    if (seen.has(v.demand.id)) {
      errors.push({ line: row.line, message: { zh: `第 ${row.line} 行：编号 ${v.demand.id} 重复`, en: `line ${row.line}: duplicate id ${v.demand.id}` } });
      continue;
    }
    seen.add(v.demand.id);
    demands.push(v.demand);
  }
  if (error) errors.push(error);
  return { demands, errors };
}

/** Reads a demand JSON: an array or { demands: [...] }; bad entries are reported by their 1-based number. */
export function parseDemandJson(text: string, known?: KnownLinks): DemandImport {
  let raw: unknown;
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    const m = e instanceof Error ? e.message : String(e);
    return { demands: [], errors: [{ line: 0, message: { zh: `不是有效的 JSON：${m}`, en: `not valid JSON: ${m}` } }] };
  }
  const list = Array.isArray(raw) ? raw : typeof raw === 'object' && raw !== null && Array.isArray((raw as { demands?: unknown }).demands) ? (raw as { demands: unknown[] }).demands : null;
  if (!list) return { demands: [], errors: [{ line: 0, message: { zh: 'JSON 应为数组或 {"demands": [...]}', en: 'JSON must be an array or {"demands": [...]}' } }] };
  const demands: Demand[] = [];
  const errors: RowError[] = [];
  const seen = new Set<string>();
  list.forEach((entry, i) => {
    const n = i + 1;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      errors.push({ line: n, message: { zh: `第 ${n} 条：不是对象`, en: `entry ${n}: not an object` } });
      return;
    }
    const v = validateDemand(entry as Record<string, unknown>, known);
    if (!v.ok) errors.push({ line: n, message: { zh: `第 ${n} 条：${v.zh.join('；')}`, en: `entry ${n}: ${v.en.join('; ')}` } });
    else if (seen.has(v.demand.id)) errors.push({ line: n, message: { zh: `第 ${n} 条：编号 ${v.demand.id} 重复`, en: `entry ${n}: duplicate id ${v.demand.id}` } });
    else {
      seen.add(v.demand.id);
      demands.push(v.demand);
    }
  });
  return { demands, errors };
}
