// mapping.json (issue 13): which column of a county's own file feeds which schema field, in which unit, with which
// value map, and how enterprises join parcels. Also what to suggest when there is none (the alias table and the
// values' shapes), applying a mapping to one record, and the join. Pure: the CLI and the browser's import dialog
// share it, so a mapping written after `tenglong inspect` means the same in both.
//
// The file (docs/mapping.md has the full description and every alias):
//
//   {
//     "parcels": {
//       "file": "宗地.zip",                          optional: which source (file, zip member or layer name)
//       "fields": {
//         "id": "地块编号",                           schema field ← source column
//         "area_mu": { "from": "用地面积", "unit": "m2" },
//         "status": { "from": "使用状态", "values": { "在用": "in_use", "闲置": "idle" } }
//       }
//     },
//     "enterprises": {
//       "file": "亩均评价.xlsx",
//       "fields": { "name": "企业名称", "credit_code": "统一社会信用代码", "tax_10k": "税收(万元)" },
//       "join": { "by": "credit_code" }             or "name"; "parcel"/"table" name other schema fields
//     }
//   }
//
// Keys starting with "_" are comments. Anything else unknown is refused with its path, so a misspelt field is not
// silently left unmapped.
import {
  TARGET_FIELDS,
  TARGETS,
  UNITS,
  convertValue,
  dimensionOf,
  fieldSpec,
  isEmptyCell,
  normaliseText,
  normaliseTitle,
  normaliseValue,
  unitsOf,
  type FieldSpec,
  type MappedValue,
  type Target,
  type UnitKey,
} from './aliases.ts';
import type { Cell, Imported } from './types.ts';

export interface FieldRule {
  /** The source column (as written in its header or attribute table). */
  from: string;
  /** The source's unit as mapping.json says; null: from the title, else the field's assumption. */
  unit: UnitKey | null;
  /** Source value → schema value, consulted before the built-in values. */
  values: Readonly<Record<string, MappedValue>> | null;
}

export const JOIN_KEYS = ['credit_code', 'name'] as const;
export type JoinBy = (typeof JOIN_KEYS)[number];

export interface JoinSpec {
  by: JoinBy;
  /** Schema field of the parcels holding the key (default credit_code / enterprise_name). */
  parcel: string;
  /** Schema field of the enterprises holding the key (default credit_code / name). */
  table: string;
}

export interface TargetMapping {
  file: string | null;
  fields: Readonly<Record<string, FieldRule>>;
  join: JoinSpec | null;
}

export type MappingFile = Partial<Record<Target, TargetMapping>>;

export class MappingError extends Error {
  override name = 'MappingError';
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.length === 1 ? problems[0] : `${problems.length} problems:\n  ${problems.join('\n  ')}`}`);
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isComment = (k: string): boolean => k.startsWith('_');

const JOIN_DEFAULTS: Record<JoinBy, { parcel: string; table: string }> = {
  credit_code: { parcel: 'credit_code', table: 'credit_code' },
  name: { parcel: 'enterprise_name', table: 'name' },
};

/** Whether `v` is a value `spec` can hold after a value map (null: the cell counts as empty). */
function valueFits(spec: FieldSpec, v: unknown): boolean {
  if (v === null) return true;
  switch (spec.kind) {
    case 'text':
      return typeof v === 'string';
    case 'bool':
      return typeof v === 'boolean';
    case 'enum':
      return (spec.allowed ?? []).includes(v as string | number) || (spec.open === true && typeof v === 'string' && /^[a-z][a-z0-9_]*$/.test(v));
    default:
      return typeof v === 'number' && Number.isFinite(v);
  }
}

function expected(spec: FieldSpec): string {
  switch (spec.kind) {
    case 'text':
      return 'text or null';
    case 'bool':
      return 'true, false or null';
    case 'enum':
      return `one of ${(spec.allowed ?? []).map((a) => JSON.stringify(a)).join(', ')}${spec.open ? ' (or a key of the policy)' : ''}, or null`;
    default:
      return 'a number or null';
  }
}

/**
 * Checks a parsed mapping.json (`file` names it in messages). Every problem is collected and named by its path
 * (`parcels.fields.area_mu.unit`), with what is allowed there; throws MappingError when there is any.
 */
export function parseMappingFile(raw: unknown, file: string): MappingFile {
  const problems: string[] = [];
  const bad = (path: string, msg: string): void => void problems.push(`${path}: ${msg}`);
  if (!isObj(raw)) throw new MappingError(file, [`(top level): must be an object with keys ${TARGETS.join(', ')}`]);
  const out: MappingFile = {};
  for (const [tk, tv] of Object.entries(raw)) {
    if (isComment(tk)) continue;
    if (!(TARGETS as readonly string[]).includes(tk)) {
      bad(tk, `is not a layer or table to map (known: ${TARGETS.join(', ')}; keys starting with "_" are comments)`);
      continue;
    }
    const target = tk as Target;
    if (!isObj(tv)) {
      bad(tk, 'must be an object { "file"?: …, "fields": { … } }');
      continue;
    }
    let fileName: string | null = null;
    let fields: Record<string, FieldRule> = {};
    let join: JoinSpec | null = null;
    for (const [k, v] of Object.entries(tv)) {
      const path = `${tk}.${k}`;
      if (isComment(k)) continue;
      if (k === 'file') {
        if (typeof v === 'string' && v.trim() !== '') fileName = v.trim();
        else bad(path, `must be the source's file name (text), got ${JSON.stringify(v)}`);
      } else if (k === 'fields') {
        fields = parseFields(target, v, path, bad);
      } else if (k === 'join') {
        if (target !== 'enterprises') bad(path, 'a join belongs under "enterprises" (it joins the table to the parcels)');
        else join = parseJoin(v, path, bad);
      } else {
        bad(path, `is not a mapping key (known: file, fields${target === 'enterprises' ? ', join' : ''})`);
      }
    }
    if (!Object.hasOwn(tv, 'fields')) bad(`${tk}.fields`, 'is missing: give { "<schema field>": "<source column>", … }');
    out[target] = { file: fileName, fields, join };
  }
  if (problems.length) throw new MappingError(file, problems);
  return out;
}

function parseFields(target: Target, v: unknown, path: string, bad: (p: string, m: string) => void): Record<string, FieldRule> {
  const out: Record<string, FieldRule> = {};
  if (!isObj(v)) {
    bad(path, 'must be an object { "<schema field>": "<source column>" | { "from": …, "unit"?: …, "values"?: … } }');
    return out;
  }
  const known = TARGET_FIELDS[target].map((f) => f.field);
  for (const [field, rule] of Object.entries(v)) {
    const fp = `${path}.${field}`;
    if (isComment(field)) continue;
    const spec = fieldSpec(target, field);
    if (!spec) {
      bad(fp, `is not a field of ${target} (known: ${known.join(', ')})`);
      continue;
    }
    if (typeof rule === 'string') {
      if (rule.trim() === '') bad(fp, 'names no source column');
      else out[field] = { from: rule, unit: null, values: null };
      continue;
    }
    if (!isObj(rule)) {
      bad(fp, `must be a source column name or { "from": …, "unit"?: …, "values"?: … }, got ${JSON.stringify(rule)}`);
      continue;
    }
    let from: string | null = null;
    let unit: UnitKey | null = null;
    let values: Record<string, MappedValue> | null = null;
    for (const [k, x] of Object.entries(rule)) {
      const kp = `${fp}.${k}`;
      if (isComment(k)) continue;
      if (k === 'from') {
        if (typeof x === 'string' && x.trim() !== '') from = x;
        else bad(kp, `must be the source column's name, got ${JSON.stringify(x)}`);
      } else if (k === 'unit') {
        unit = parseUnit(spec, x, kp, bad);
      } else if (k === 'values') {
        values = parseValues(spec, x, kp, bad);
      } else {
        bad(kp, 'is not a field-rule key (known: from, unit, values)');
      }
    }
    if (!Object.hasOwn(rule, 'from')) bad(`${fp}.from`, 'is missing: name the source column');
    if (from !== null) out[field] = { from, unit, values };
  }
  return out;
}

function parseUnit(spec: FieldSpec, x: unknown, path: string, bad: (p: string, m: string) => void): UnitKey | null {
  const dim = dimensionOf(spec);
  if (dim === null) {
    bad(path, `${spec.field} is ${spec.kind === 'number' || spec.kind === 'integer' ? 'a plain number' : spec.kind}: it takes no unit`);
    return null;
  }
  const known = unitsOf(dim);
  if (typeof x !== 'string' || !(known as string[]).includes(x)) {
    bad(path, `unknown unit ${JSON.stringify(x)} for ${spec.field} (known: ${known.join(', ')})`);
    return null;
  }
  return x as UnitKey;
}

function parseValues(spec: FieldSpec, x: unknown, path: string, bad: (p: string, m: string) => void): Record<string, MappedValue> | null {
  if (!isObj(x)) {
    bad(path, `must be an object { "<source value>": <schema value> }, got ${JSON.stringify(x)}`);
    return null;
  }
  const out: Record<string, MappedValue> = {};
  for (const [k, v] of Object.entries(x)) {
    if (!valueFits(spec, v)) bad(`${path}.${k}`, `${JSON.stringify(v)} is not a value of ${spec.field} (expected ${expected(spec)})`);
    else out[k] = v as MappedValue;
  }
  return out;
}

function parseJoin(v: unknown, path: string, bad: (p: string, m: string) => void): JoinSpec | null {
  if (!isObj(v)) {
    bad(path, 'must be { "by": "credit_code" | "name", "parcel"?: …, "table"?: … }');
    return null;
  }
  for (const k of Object.keys(v)) if (!isComment(k) && !['by', 'parcel', 'table'].includes(k)) bad(`${path}.${k}`, 'is not a join key (known: by, parcel, table)');
  const by = v['by'];
  if (!(JOIN_KEYS as readonly unknown[]).includes(by)) {
    bad(`${path}.by`, `must be ${JOIN_KEYS.map((j) => `"${j}"`).join(' or ')}, got ${JSON.stringify(by)}`);
    return null;
  }
  const d = JOIN_DEFAULTS[by as JoinBy];
  const side = (k: 'parcel' | 'table', target: Target, dflt: string): string => {
    const s = v[k] ?? dflt;
    if (typeof s !== 'string' || !fieldSpec(target, s)) {
      bad(`${path}.${k}`, `must be a field of ${target} (known: ${TARGET_FIELDS[target].map((f) => f.field).join(', ')}), got ${JSON.stringify(s)}`);
      return dflt;
    }
    return s;
  };
  return { by: by as JoinBy, parcel: side('parcel', 'parcels', d.parcel), table: side('table', 'enterprises', d.table) };
}

// ---------------------------------------------------------------------------------------------------------------
// Suggesting

export type MatchHow = 'exact' | 'alias' | 'contains' | 'shape';
export const CONFIDENCE: Readonly<Record<MatchHow, number>> = { exact: 1, alias: 0.9, contains: 0.6, shape: 0.5 };

export interface SuggestedField {
  from: string;
  confidence: number;
  how: MatchHow;
  /** Number fields with a unit: the source's unit and where it was read (the title, or the field's assumption). */
  unit?: { unit: UnitKey; from: 'title' | 'assumed' };
}

export interface Suggestion {
  target: Target;
  fields: Record<string, SuggestedField>;
  /** Source fields no schema field took. */
  unplaced: string[];
  /** Required schema fields no source field fills. */
  missingRequired: string[];
}

const CJK = /[\u4e00-\u9fff]/;

/** Containment is trusted only for aliases long enough not to hide in unrelated words ("id" in "paid"). */
function containable(key: string): boolean {
  return CJK.test(key) ? [...key].length >= 2 : key.length >= 4;
}

interface Candidate {
  field: string;
  source: string;
  how: MatchHow;
  /** Lower wins among equal confidences: the alias's rank in its list, then the source's order. */
  rank: number;
  order: number;
}

/**
 * Words that make a title a rate derived from an amount (亩均税收 万元/亩, 人均, 增速, 同比), never the amount: such a
 * title does not "contain" the amount's alias (亩均税收 is not 税收).
 */
const DERIVED_WORDS = ['亩均', '人均', '单位', '每亩', '增速', '增长', '同比', '占比', '比重'];

function aliasMatch(spec: FieldSpec, title: string): { how: MatchHow; rank: number } | null {
  const t = title.trim();
  const key = normaliseTitle(t).key;
  const derived = DERIVED_WORDS.some((w) => key.includes(w));
  let best: { how: MatchHow; rank: number } | null = null;
  for (const [rank, a] of spec.aliases.entries()) {
    const ak = normaliseTitle(a).key;
    // Case does not matter for an exact match: DBF field names are upper case (DKBH), the aliases lower.
    const how: MatchHow | null = t === a || t.toLowerCase() === a ? 'exact' : key === ak ? 'alias' : !derived && containable(ak) && key.includes(ak) ? 'contains' : null;
    if (how && (!best || CONFIDENCE[how] > CONFIDENCE[best.how])) best = { how, rank };
  }
  return best;
}

/** Whether a column's samples look like this field's values: a credit code's shape, or an enum's written values. */
function shapeMatch(spec: FieldSpec, samples: readonly Cell[]): boolean {
  const vals = samples.filter((v) => !isEmptyCell(v));
  if (vals.length === 0) return false;
  if (spec.shape) return vals.every((v) => typeof v === 'string' && spec.shape!.test(v.normalize('NFKC').trim().toUpperCase()));
  if (spec.kind !== 'enum' || !spec.values) return false;
  // Digits alone (1, 2, 0601) are too common to identify a column; at least one value must be a written one.
  const mapped = vals.map((v) => normaliseValue(String(v))).filter((k) => spec.values![k] !== undefined);
  return mapped.length === vals.length && mapped.some((k) => !/^\d+$/.test(k));
}

/**
 * The mapping the alias table suggests for a source with columns `fields` and a few values of each (`samples`):
 * per schema field the best column (exact alias 1.0, alias after normalising 0.9, title containing an alias 0.6,
 * values of the right shape 0.5), each column used once, strongest matches first.
 */
export function suggestMapping(target: Target, fields: readonly string[], samples: Readonly<Record<string, readonly Cell[]>> = {}): Suggestion {
  const specs = TARGET_FIELDS[target];
  const cands: Candidate[] = [];
  fields.forEach((source, order) => {
    for (const spec of specs) {
      const m = aliasMatch(spec, source);
      if (m) cands.push({ field: spec.field, source, how: m.how, rank: m.rank, order });
    }
  });
  cands.sort((a, b) => CONFIDENCE[b.how] - CONFIDENCE[a.how] || a.rank - b.rank || a.order - b.order);
  const out: Record<string, SuggestedField> = {};
  const used = new Set<string>();
  const take = (field: string, source: string, how: MatchHow): void => {
    const spec = fieldSpec(target, field)!;
    const s: SuggestedField = { from: source, confidence: CONFIDENCE[how], how };
    if (spec.unit !== undefined && dimensionOf(spec) !== 'ratio') {
      const titled = normaliseTitle(source).unit;
      const fits = titled !== null && UNITS[titled].dimension === UNITS[spec.unit].dimension;
      s.unit = fits ? { unit: titled, from: 'title' } : { unit: spec.assume ?? spec.unit, from: 'assumed' };
    }
    out[field] = s;
    used.add(source);
  };
  for (const c of cands) if (!out[c.field] && !used.has(c.source)) take(c.field, c.source, c.how);
  for (const spec of specs) {
    if (out[spec.field]) continue;
    const source = fields.find((f) => !used.has(f) && shapeMatch(spec, samples[f] ?? []));
    if (source !== undefined) take(spec.field, source, 'shape');
  }
  return {
    target,
    fields: out,
    unplaced: fields.filter((f) => !used.has(f)),
    missingRequired: specs.filter((s) => s.required && !out[s.field] && !(target === 'enterprises' && s.field === 'id')).map((s) => s.field),
  };
}

/** A suggestion as mapping.json would write it (a unit only where the title gave none and one was assumed). */
export function suggestionToMapping(s: Suggestion, file: string | null): TargetMapping {
  const fields: Record<string, FieldRule> = {};
  for (const [field, f] of Object.entries(s.fields)) fields[field] = { from: f.from, unit: f.unit?.from === 'assumed' ? f.unit.unit : null, values: null };
  return { file, fields, join: null };
}

/** A TargetMapping as JSON for mapping.json (short form "field": "column" where nothing else is set). */
export function mappingToJson(m: TargetMapping): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [k, r] of Object.entries(m.fields)) {
    fields[k] = r.unit === null && r.values === null ? r.from : { from: r.from, ...(r.unit ? { unit: r.unit } : {}), ...(r.values ? { values: r.values } : {}) };
  }
  return { ...(m.file ? { file: m.file } : {}), fields, ...(m.join ? { join: m.join } : {}) };
}

const TARGET_NAME_HINTS: Readonly<Record<Target, readonly string[]>> = {
  parcels: ['地块', '宗地', 'parcel', '工业用地', '用地'],
  'control-lines': ['控制线', 'control'],
  zones: ['分区', '限制区', 'zone'],
  'low-efficiency-blocks': ['低效', 'low-eff', 'lowefficiency', '区块'],
  enterprises: ['企业', '亩均', 'enterprise', '评价'],
};

export interface TargetGuess {
  target: Target;
  /**
   * Sum of the confidences of the fields placed (id and name left out: every layer has them; an enum whose sample
   * values are none of its values left out too), halved when a required field is missing, + 1 for a name hint,
   * + 3 for a source named exactly as the target (parcels.geojson).
   */
  score: number;
}

/** A guess below this is no guess: one yes/no column in common is not a layer's identity. */
const GUESS_MIN = 1;

/**
 * Which layer or table a source most likely is: tables can only be enterprises; layers are scored by the fields
 * the alias table places, whether their values fit, and their file or layer name. Null when too little fits.
 */
export function guessTarget(source: Pick<Imported, 'kind' | 'file' | 'name' | 'fields'>, samples: Readonly<Record<string, readonly Cell[]>> = {}): TargetGuess | null {
  const candidates: Target[] = source.kind === 'table' ? ['enterprises'] : TARGETS.filter((t) => t !== 'enterprises');
  const hay = normaliseText(`${source.file} ${source.name}`);
  let best: TargetGuess | null = null;
  for (const target of candidates) {
    const s = suggestMapping(target, source.fields, samples);
    let score = 0;
    let missing = s.missingRequired.length > 0;
    for (const [field, f] of Object.entries(s.fields)) {
      if (field === 'id' || field === 'name') continue;
      const spec = fieldSpec(target, field)!;
      const vals = (samples[f.from] ?? []).filter((v) => !isEmptyCell(v));
      if (spec.kind === 'enum' && vals.length > 0 && !vals.some((v) => convertValue(spec, v, null, null).ok)) {
        missing ||= spec.required === true; // a title that fits over values that do not is no evidence
        continue;
      }
      score += f.confidence;
    }
    if (missing) score /= 2;
    if (TARGET_NAME_HINTS[target].some((h) => hay.includes(h))) score += 1;
    if (normaliseText(source.name) === target) score += 3;
    score = Math.round(score * 100) / 100;
    if (score >= GUESS_MIN && (!best || score > best.score)) best = { target, score };
  }
  return best;
}

/** The source a target's mapping names with "file": its path, its base name, a zip member of it, or its layer name. */
export function sourceMatches(file: string, source: Pick<Imported, 'file' | 'name'>): boolean {
  const base = (p: string): string => p.split(/[\\/]/).pop() ?? p;
  const f = normaliseText(file);
  const s = normaliseText(source.file);
  return s === f || normaliseText(base(source.file)) === normaliseText(base(file)) || s.startsWith(`${f}/`) || s.includes(`/${f}/`) || normaliseText(source.name) === f;
}

// ---------------------------------------------------------------------------------------------------------------
// Applying

export interface FieldProblem {
  /** The schema field. */
  field: string;
  /** The source column it was read from. */
  source: string;
  value: unknown;
  /** Names the column and the value, e.g. `column "使用状态" = "已注销" is not one of in_use, …`. */
  message: string;
}

export interface Applied {
  props: Record<string, unknown>;
  problems: FieldProblem[];
}

/**
 * One record (a feature's properties or a table row) in schema names, units and values. A value that does not fit
 * is left out and named as a problem; one bad row never throws. A mapped column the record does not have is a
 * problem too (a renamed column would otherwise empty the field silently). Enterprises without an id take the
 * credit code, else the name, as id.
 */
export function applyMapping(target: Target, record: Readonly<Record<string, unknown>>, mapping: TargetMapping): Applied {
  const props: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  for (const [field, rule] of Object.entries(mapping.fields)) {
    const spec = fieldSpec(target, field);
    if (!spec) continue; // parseMappingFile refuses these; a hand-made mapping gets no field it cannot name
    if (!Object.hasOwn(record, rule.from)) {
      problems.push({ field, source: rule.from, value: undefined, message: `column "${rule.from}" (for ${field}) is not in the source` });
      continue;
    }
    const raw = record[rule.from];
    const titled = normaliseTitle(rule.from).unit;
    const dim = dimensionOf(spec);
    const unit = rule.unit ?? (titled !== null && dim !== null && UNITS[titled].dimension === dim ? titled : null);
    const r = convertValue(spec, raw, unit, rule.values);
    if (r.ok) props[field] = r.value;
    else problems.push({ field, source: rule.from, value: raw, message: `column "${rule.from}" (for ${field}): ${r.message}` });
  }
  if (target === 'enterprises' && (props['id'] === undefined || props['id'] === null)) {
    const fallback = props['credit_code'] ?? props['name'];
    if (typeof fallback === 'string' && fallback !== '') props['id'] = fallback;
  }
  return { props, problems };
}

// ---------------------------------------------------------------------------------------------------------------
// Joining enterprises to parcels

export interface Keyed {
  /** How messages name the record: "宗地.shp feature 12", "亩均.xlsx row 7". */
  where: string;
  props: Record<string, unknown>;
}

export interface JoinResult {
  /** The parcels' props with enterprise_id filled where the key matched exactly one enterprise (copies). */
  parcels: Record<string, unknown>[];
  matched: number;
  /** Parcels with a key that no enterprise has, or that two enterprises share. */
  unmatchedParcels: { where: string; key: string }[];
  /** Enterprises no parcel names (a firm without land in the layer, or a key written differently). */
  unmatchedEnterprises: { where: string; key: string }[];
  /** Duplicate keys in the table, and parcels whose own enterprise_id contradicts the join. */
  problems: string[];
}

/** A join key as both sides are compared: width, case and spaces do not matter; names keep their characters. */
export function joinKey(v: unknown, by: JoinBy): string | null {
  if (isEmptyCell(v)) return null;
  const s = String(v).normalize('NFKC').replace(/\s+/g, '');
  return by === 'credit_code' ? s.toUpperCase() : s;
}

/** Fills each parcel's enterprise_id from the enterprise with the same key; reports what did not match on both sides. */
export function joinEnterprises(parcels: readonly Keyed[], enterprises: readonly Keyed[], join: JoinSpec): JoinResult {
  const what = join.by === 'credit_code' ? 'credit code' : 'name';
  const byKey = new Map<string, Keyed[]>();
  for (const e of enterprises) {
    const k = joinKey(e.props[join.table], join.by);
    if (k === null) continue;
    const list = byKey.get(k) ?? [];
    list.push(e);
    byKey.set(k, list);
  }
  const problems: string[] = [];
  for (const [k, list] of byKey) {
    if (list.length > 1) problems.push(`${what} "${k}" is on ${list.map((e) => e.where).join(' and ')}: parcels with it are left unjoined; keep one row per firm`);
  }
  const used = new Set<string>();
  const unmatchedParcels: JoinResult['unmatchedParcels'] = [];
  let matched = 0;
  const out = parcels.map((p) => {
    const props = { ...p.props };
    const k = joinKey(props[join.parcel], join.by);
    if (k === null) return props;
    const list = byKey.get(k);
    if (!list || list.length !== 1) {
      if (list) used.add(k);
      unmatchedParcels.push({ where: p.where, key: k });
      return props;
    }
    used.add(k);
    const id = list[0]!.props['id'];
    const own = props['enterprise_id'];
    if (!isEmptyCell(own) && own !== id) {
      problems.push(`${p.where}: enterprise_id "${String(own)}" contradicts the ${what} join (${list[0]!.where}, id "${String(id)}"); kept "${String(own)}"`);
      return props;
    }
    props['enterprise_id'] = id;
    matched++;
    return props;
  });
  const unmatchedEnterprises = enterprises.flatMap((e) => {
    const k = joinKey(e.props[join.table], join.by);
    return k !== null && !used.has(k) ? [{ where: e.where, key: k }] : [];
  });
  return { parcels: out, matched, unmatchedParcels, unmatchedEnterprises, problems };
}
