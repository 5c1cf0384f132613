// The alias table: titles normalised with their unit, values converted as people write them (golden values worked
// by hand), the table consistent with the schema, and docs/mapping.md listing every alias
// (UPDATE_DOCS=1 npx vitest run src/lib/import/aliases.test.ts rewrites the generated section).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseControlLineProps, parseLowEfficiencyBlockProps, parseParcelProps, parseZoneProps } from '../data/props.ts';
import { parseEnterprise } from '../data/enterprise-props.ts';
import {
  BOOL_VALUES,
  TARGETS,
  TARGET_FIELDS,
  UNITS,
  UNIT_KEYS,
  convertValue,
  fieldSpec,
  normaliseTitle,
  parseNumberCell,
  type FieldSpec,
  type Target,
  type UnitKey,
} from './aliases.ts';

const spec = (t: Target, f: string): FieldSpec => {
  const s = fieldSpec(t, f);
  if (!s) throw new Error(`no ${t}.${f}`);
  return s;
};
const conv = (t: Target, f: string, v: unknown, unit: UnitKey | null = null) => convertValue(spec(t, f), v, unit, null);

describe('normaliseTitle', () => {
  it.each([
    ['用地面积（平方米）', '用地面积', 'm2'],
    ['用地面积(亩)', '用地面积', '亩'],
    ['用地面积_亩', '用地面积', '亩'],
    ['宗地面积㎡', '宗地面积', 'm2'],
    ['建筑面积m²', '建筑面积', 'm2'],
    ['税收(万元)', '税收', '万元'],
    ['税收万元', '税收', '万元'], // the longest spelling wins: not 税收万 in 元
    ['税收（单位：元）', '税收', '元'],
    ['综合能耗(吨标煤)', '综合能耗', 'tce'],
    ['绿地率（%）', '绿地率', '%'],
    ['面积(公顷)', '面积', 'ha'],
    [' DKBH ', 'dkbh', null],
    ['规上/规下', '规上规下', null],
    ['评价等级（A/B/C/D）', '评价等级', null],
    ['ＺＤＭＪ', 'zdmj', null],
  ])('%s → key %s, unit %s', (title, key, unit) => {
    expect(normaliseTitle(title)).toEqual({ key, unit });
  });
});

describe('numbers as written', () => {
  it.each([
    ['1,234.5', 1234.5],
    ['１２３４', 1234],
    [' 12 ', 12],
    ['-3.5', -3.5],
    [7, 7],
  ])('%j → %d', (v, n) => expect(parseNumberCell(v)).toEqual({ n, unit: null }));
  it('keeps a unit written in the value', () => {
    expect(parseNumberCell('12.5亩')).toEqual({ n: 12.5, unit: '亩' });
    expect(parseNumberCell('35%')).toEqual({ n: 35, unit: '%' });
  });
  it('refuses what could be misread', () => {
    expect(parseNumberCell('1,5')).toBeNull(); // a decimal comma or a typo: never 15
    expect(parseNumberCell('12 apples')).toBeNull();
    expect(parseNumberCell('')).toBeNull();
    expect(parseNumberCell(Number.NaN)).toBeNull();
  });
});

describe('convertValue', () => {
  it('converts an area by its unit: 6667 m² = 6667 × 15/10000 亩 = 10.0005 亩', () => {
    const r = conv('parcels', 'area_mu', 6667, 'm2');
    expect(r.ok && (r.value as number)).toBeCloseTo(10.0005, 10);
    const h = conv('parcels', 'area_mu', 2, 'ha'); // 2 ha = 20000 m² = 30 亩
    expect(h.ok && (h.value as number)).toBeCloseTo(30, 10);
    const mu = conv('enterprises', 'land_mu', '12.5', null); // 亩 assumed for a 亩均 table
    expect(mu).toEqual({ ok: true, value: 12.5 });
  });
  it('assumes m² for a parcel area whose title names no unit (the 不动产 register writes m²)', () => {
    const r = conv('parcels', 'area_mu', 1000, null);
    expect(r.ok && (r.value as number)).toBeCloseTo(1.5, 12);
  });
  it('converts money to 万元: 123456 元 = 12.3456 万元, 1.2 亿元 = 12000 万元', () => {
    const a = conv('enterprises', 'tax_10k', '123,456', '元');
    expect(a.ok && (a.value as number)).toBeCloseTo(12.3456, 10);
    const b = conv('enterprises', 'tax_10k', 1.2, '亿元');
    expect(b.ok && (b.value as number)).toBeCloseTo(12000, 8);
    expect(conv('enterprises', 'energy_tce', 1.5, '万tce')).toEqual({ ok: true, value: 15000 });
  });
  it('reads shares as 0–1 (props.ts convention): "35%", 0.35, 35 and 35 under a (%) title are all 0.35', () => {
    expect(conv('parcels', 'green_ratio', '35%')).toEqual({ ok: true, value: 0.35 });
    expect(conv('parcels', 'green_ratio', 0.35)).toEqual({ ok: true, value: 0.35 });
    expect(conv('parcels', 'green_ratio', 35)).toEqual({ ok: true, value: 0.35 });
    expect(conv('parcels', 'coverage', '35', '%')).toEqual({ ok: true, value: 0.35 });
    expect(conv('parcels', 'coverage', '12亩').ok).toBe(false);
  });
  it.each([
    ['A类', 'A'],
    ['A档', 'A'],
    ['a', 'A'],
    ['Ａ类（优先发展类）', 'A'],
    ['B级', 'B'],
    ['三类', 'C'],
    ['D', 'D'],
  ])('grade %s → %s', (v, g) => expect(conv('enterprises', 'grade', v)).toEqual({ ok: true, value: g }));
  it.each([
    ['是', true],
    ['否', false],
    ['Y', true],
    ['n', false],
    [1, true],
    ['0', false],
    [true, true],
  ])('yes/no %j → %s', (v, b) => expect(conv('parcels', 'standard_land', v)).toEqual({ ok: true, value: b }));
  it('reads 规上/规下 as above_scale', () => {
    expect(conv('enterprises', 'above_scale', '规上')).toEqual({ ok: true, value: true });
    expect(conv('enterprises', 'above_scale', '规下')).toEqual({ ok: true, value: false });
    expect(conv('parcels', 'standard_land', '规上').ok).toBe(false); // only above_scale knows the word
  });
  it('maps statuses, land uses, levels and kinds written in Chinese', () => {
    expect(conv('parcels', 'status', '批而未供')).toEqual({ ok: true, value: 'approved_not_supplied' });
    expect(conv('parcels', 'status', ' 在用 ')).toEqual({ ok: true, value: 'in_use' });
    expect(conv('parcels', 'status', 'idle')).toEqual({ ok: true, value: 'idle' });
    expect(conv('parcels', 'land_use', 'M2')).toEqual({ ok: true, value: 'industrial' });
    expect(conv('parcels', 'land_use', '物流仓储用地')).toEqual({ ok: true, value: 'warehouse' });
    expect(conv('control-lines', 'level', '二级')).toEqual({ ok: true, value: 2 });
    expect(conv('control-lines', 'level', 1)).toEqual({ ok: true, value: 1 });
    expect(conv('zones', 'kind', '中心城区限制区')).toEqual({ ok: true, value: 'central' });
    expect(conv('low-efficiency-blocks', 'renovation_status', '实施中')).toEqual({ ok: true, value: 'in_progress' });
  });
  it('names a value it cannot place, and never throws', () => {
    const r = conv('parcels', 'status', '已注销');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain('"已注销" is not one of in_use');
    expect(conv('parcels', 'floor_area_m2', 'abc')).toEqual({ ok: false, message: '"abc" is not a number' });
    expect(conv('low-efficiency-blocks', 'renovation_year', 2024.5).ok).toBe(false);
    expect(conv('parcels', 'id', { a: 1 }).ok).toBe(false);
    expect(conv('parcels', 'far', '1.2亩').ok).toBe(false);
  });
  it('passes key-shaped industries to the parser (a policy may add its own) but not unknown words', () => {
    expect(conv('parcels', 'industry', '汽车零部件')).toEqual({ ok: true, value: 'auto_parts' });
    expect(conv('parcels', 'industry', 'shipbuilding')).toEqual({ ok: true, value: 'shipbuilding' });
    expect(conv('parcels', 'industry', '造船').ok).toBe(false);
  });
  it('reads empty cells and dashes as nothing', () => {
    for (const v of [null, undefined, '', '  ', '-', '—', '/']) expect(conv('parcels', 'height_m', v)).toEqual({ ok: true, value: null });
  });
});

describe('the table itself', () => {
  it('names no alias twice within a target (after normalising), so a title never has two equal claims', () => {
    for (const t of TARGETS) {
      const seen = new Map<string, string>();
      for (const f of TARGET_FIELDS[t]) {
        for (const a of f.aliases) {
          const k = normaliseTitle(a).key;
          expect(seen.get(k), `${t}: alias "${a}" of ${f.field} is also an alias of ${seen.get(k)}`).toBeUndefined();
          seen.set(k, f.field);
        }
      }
    }
  });
  it('maps every written value to a value the field allows', () => {
    for (const t of TARGETS) {
      for (const f of TARGET_FIELDS[t]) {
        for (const [k, v] of Object.entries(f.values ?? {})) {
          if (f.kind === 'bool') expect(typeof v, `${t}.${f.field} ${k}`).toBe('boolean');
          else expect(f.allowed, `${t}.${f.field} ${k}`).toContain(v);
        }
        if (f.unit) expect(UNITS[f.unit]).toBeDefined();
      }
    }
  });
  it('has every schema field the parsers read, and only fields they read unless marked join/compare', () => {
    const read: Record<Target, (p: unknown) => { ok: boolean; value?: unknown }> = {
      parcels: parseParcelProps,
      'control-lines': parseControlLineProps,
      zones: parseZoneProps,
      'low-efficiency-blocks': parseLowEfficiencyBlockProps,
      enterprises: (p) => parseEnterprise(p),
    };
    const minimal: Record<Target, Record<string, unknown>> = {
      parcels: { id: 'P1', status: 'in_use' },
      'control-lines': { id: 'L1', level: 1 },
      zones: { id: 'Z1', kind: 'central' },
      'low-efficiency-blocks': { id: 'B1' },
      enterprises: { id: 'E1', name: '某公司' },
    };
    for (const t of TARGETS) {
      const r = read[t](minimal[t]);
      expect(r.ok, t).toBe(true);
      const parsed = Object.keys(r.value as object).filter((k) => k !== 'evaluation_exempt' || t === 'enterprises');
      const schemaFields = TARGET_FIELDS[t].filter((f) => f.use === 'schema').map((f) => f.field);
      expect(schemaFields.sort(), t).toEqual(parsed.sort());
    }
  });
});

// ---- docs/mapping.md lists every field with its aliases ----

const DOC = fileURLToPath(new URL('../../../docs/mapping.md', import.meta.url));
const BEGIN = '<!-- aliases:begin (generated by src/lib/import/aliases.test.ts; UPDATE_DOCS=1 to rewrite) -->';
const END = '<!-- aliases:end -->';

function aliasTableMarkdown(): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const out: string[] = [];
  for (const t of TARGETS) {
    out.push(`#### \`${t}\``, '', '| field | use | unit | aliases | what |', '|---|---|---|---|---|');
    for (const f of TARGET_FIELDS[t]) {
      const unit = f.unit ? (f.assume && f.assume !== f.unit ? `${f.unit} (assumed ${f.assume})` : f.unit) : f.kind === 'ratio' ? '0–1' : '';
      out.push(`| \`${f.field}\`${f.required ? ' *' : ''} | ${f.use} | ${unit} | ${f.aliases.map(cell).join(', ')} | ${cell(f.note)} |`);
    }
    out.push('');
    const valued = TARGET_FIELDS[t].filter((f) => f.values && f.values !== BOOL_VALUES);
    for (const f of valued) {
      const extra = Object.entries(f.values!).filter(([k]) => !(f.kind === 'bool' && k in BOOL_VALUES));
      out.push(`- \`${f.field}\` values: ${extra.map(([k, v]) => `${k} → ${String(v)}`).join(', ')}${f.kind === 'bool' ? ', and the yes/no spellings' : ''}`);
    }
    if (valued.length) out.push('');
  }
  out.push(`Yes/no spellings (every true/false field): ${Object.entries(BOOL_VALUES).map(([k, v]) => `${k} → ${v}`).join(', ')}.`, '');
  out.push(`Units (\`"unit"\` in mapping.json; titles and values may write any spelling): ${UNIT_KEYS.map((u) => `\`${u}\` (${UNITS[u].dimension}: ${UNITS[u].spellings.join(', ')})`).join('; ')}.`, '');
  return out.join('\n');
}

describe('docs/mapping.md', () => {
  it('lists every field with exactly the aliases of the table', () => {
    const doc = readFileSync(DOC, 'utf8');
    const a = doc.indexOf(BEGIN);
    const b = doc.indexOf(END);
    expect(a, `docs/mapping.md needs the markers ${BEGIN} … ${END}`).toBeGreaterThanOrEqual(0);
    const want = `${BEGIN}\n\n${aliasTableMarkdown()}\n${END}`;
    const have = doc.slice(a, b + END.length);
    if (have !== want && process.env['UPDATE_DOCS'] === '1') {
      writeFileSync(DOC, doc.slice(0, a) + want + doc.slice(b + END.length));
      return;
    }
    expect(have).toBe(want);
  });
});
