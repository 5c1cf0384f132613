// Strict reading of a policy file's values, shared by the policy's own sections (policy.ts) and the `chains` section
// (chain/config.ts), which policy.ts checks in turn: kept apart so neither imports the other in a cycle. Every
// message starts with the full key path (`<file>.<section>.<key>`), so a county editing its file sees which value
// to fix.
import { GRADES, type Grade } from '../data/schema.ts';

/**
 * Where a threshold comes from (issue 11): a clause of the plan, a national or provincial standard or practice
 * document, or a local assumption that someone must confirm. Shown beside every verdict that applies it.
 */
export type ThresholdSource =
  | { kind: 'plan'; clause: string; note?: string }
  | { kind: 'standard'; ref: string; note?: string }
  | { kind: 'assumption'; confirm_with: string; note?: string };

export class PolicyError extends Error {
  override name = 'PolicyError';
}

export type Obj = Record<string, unknown>;

/**
 * Documentation keys any section may carry, ignored by the rules: keys starting with `_` (any value), and `note` (a
 * text). Everything else must be a known key. (A threshold's `source` is not documentation: see sourced.)
 */
export function isDocKey(k: string): boolean {
  return k.startsWith('_') || k === 'note';
}

export function policyObject(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new PolicyError(`${path}: expected an object`);
  return v as Obj;
}

/** Edit distance counting an adjacent transposition as one edit (optimal string alignment). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** The known keys closest to a typo (none for keys of one or two letters, where everything is close). */
function didYouMean(k: string, known: readonly string[]): string[] {
  const scored = known
    .filter((x) => x.length > 2)
    .map((x) => ({ x, d: editDistance(x.toLowerCase(), k.toLowerCase()) }))
    .filter(({ x, d }) => d <= Math.max(1, Math.floor(x.length / 3)));
  const best = Math.min(...scored.map((s) => s.d));
  return scored.filter((s) => s.d === best).map((s) => s.x);
}

/** Checks a documentation key's value (`note` must be a text). */
function docKey(o: Obj, k: string, path: string): void {
  if (k === 'note' && typeof o[k] !== 'string') throw new PolicyError(`${path}.${k}: expected a text (documentation), got ${JSON.stringify(o[k])}`);
}

const SOURCE_FORMS = '{ "kind": "plan", "clause": "四(二)" } | { "kind": "standard", "ref": "国土资发〔2008〕24号" } | { "kind": "assumption", "confirm_with": "县经信局" }';

/** A threshold's source, checked: one of the three kinds with its text, and an optional note. */
export function parseSource(v: unknown, path: string): ThresholdSource {
  const o = policyObject(v, path);
  const text = (k: string): string => {
    const t = o[k];
    if (typeof t !== 'string' || t.trim() === '') throw new PolicyError(`${path}.${k}: expected a non-empty text`);
    return t.trim();
  };
  const note = o['note'] === undefined ? undefined : text('note');
  const withNote = <T extends object>(x: T): T & { note?: string } => (note === undefined ? x : { ...x, note });
  switch (o['kind']) {
    case 'plan':
      policyKeys(o, path, ['kind', 'clause']);
      return withNote({ kind: 'plan' as const, clause: text('clause') });
    case 'standard':
      policyKeys(o, path, ['kind', 'ref']);
      return withNote({ kind: 'standard' as const, ref: text('ref') });
    case 'assumption':
      policyKeys(o, path, ['kind', 'confirm_with']);
      return withNote({ kind: 'assumption' as const, confirm_with: text('confirm_with') });
    default:
      throw new PolicyError(`${path}.kind: expected "plan", "standard" or "assumption", got ${JSON.stringify(o['kind'])}; a source is ${SOURCE_FORMS}`);
  }
}

/**
 * The section with each threshold unwrapped: every key but documentation keys and `containers` (sub-sections) must be
 * `{ "value": …, "source": … }`; the value replaces it and the source is recorded under `keyPath.key`. A bare value is
 * refused, naming the key path, so no number enters the rules without saying where it comes from.
 */
export function sourced(o: Obj, path: string, keyPath: string, sources: Record<string, ThresholdSource>, containers: readonly string[] = []): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) {
    if (isDocKey(k) || containers.includes(k)) {
      out[k] = v;
      continue;
    }
    const at = `${path}.${k}`;
    if (typeof v !== 'object' || v === null || Array.isArray(v) || !('value' in v) || !('source' in v)) {
      throw new PolicyError(`${at}: a threshold needs its source: write { "value": ${JSON.stringify(v) ?? '…'}, "source": ${SOURCE_FORMS.split(' | ')[0]} } (kinds: plan with clause, standard with ref, assumption with confirm_with)`);
    }
    policyKeys(v as Obj, at, ['value', 'source']);
    sources[`${keyPath}${k}`] = parseSource((v as Obj)['source'], `${at}.source`);
    out[k] = (v as Obj)['value'];
  }
  return out;
}

/** Refuses keys of `o` that are neither in `known` nor documentation keys, naming the path and the known keys. */
export function policyKeys(o: Obj, path: string, known: readonly string[]): void {
  for (const k of Object.keys(o)) {
    if (known.includes(k)) continue;
    if (isDocKey(k)) {
      docKey(o, k, path);
      continue;
    }
    const near = didYouMean(k, known);
    const hint = near.length ? ` (did you mean ${near.map((x) => `"${x}"`).join(' or ')}?)` : '';
    throw new PolicyError(
      `${path}.${k}: unknown key${hint}; known keys here: ${known.join(', ')} (documentation keys may start with "_" or be "note")`,
    );
  }
}

/** The data keys of a map section (industries, targets): every key but documentation keys. */
export function policyMapKeys(o: Obj, path: string): string[] {
  return Object.keys(o).filter((k) => {
    if (!isDocKey(k)) return true;
    docKey(o, k, path);
    return false;
  });
}

export interface NumberRule {
  /** Inclusive bounds. */
  min?: number;
  max?: number;
  /** Exclusive bounds. */
  above?: number;
  below?: number;
  integer?: boolean;
  /** Why the bound, appended to the message. */
  why?: string;
}

export function policyNumber(o: Obj, key: string, path: string, rule: NumberRule = {}): number {
  const v = o[key];
  const at = `${path}.${key}`;
  if (typeof v !== 'number') throw new PolicyError(`${at}: expected a number, got ${JSON.stringify(v)}`);
  if (!Number.isFinite(v)) throw new PolicyError(`${at}: expected a finite number, got ${v}`);
  if (rule.integer && !Number.isInteger(v)) throw new PolicyError(`${at}: expected a whole number, got ${v}`);
  const lowOk = rule.above !== undefined ? v > rule.above : rule.min === undefined || v >= rule.min;
  const highOk = rule.below !== undefined ? v < rule.below : rule.max === undefined || v <= rule.max;
  if (!lowOk || !highOk) {
    const parts: string[] = [];
    if (rule.above !== undefined) parts.push(`> ${rule.above}`);
    else if (rule.min !== undefined) parts.push(`≥ ${rule.min}`);
    if (rule.below !== undefined) parts.push(`< ${rule.below}`);
    else if (rule.max !== undefined) parts.push(`≤ ${rule.max}`);
    throw new PolicyError(`${at}: ${v} must be ${parts.join(' and ')}${rule.why ? ` (${rule.why})` : ''}`);
  }
  return v;
}

export function bool(o: Obj, key: string, path: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new PolicyError(`${path}.${key}: expected true or false, got ${JSON.stringify(v)}`);
  return v;
}
export function str(o: Obj, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') throw new PolicyError(`${path}.${key}: expected a non-empty string`);
  return v;
}
export function strList(o: Obj, key: string, path: string, opts: { nonEmpty?: boolean } = {}): string[] {
  const v = o[key];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x === '')) throw new PolicyError(`${path}.${key}: expected a list of texts`);
  if (opts.nonEmpty && v.length === 0) throw new PolicyError(`${path}.${key}: expected at least one entry`);
  const dup = v.find((x, i) => v.indexOf(x) !== i);
  if (dup !== undefined) throw new PolicyError(`${path}.${key}: ${JSON.stringify(dup)} is listed twice`);
  return v as string[];
}
export function grade(o: Obj, key: string, path: string): Grade {
  const v = o[key];
  if (!GRADES.includes(v as Grade)) throw new PolicyError(`${path}.${key}: expected one of ${GRADES.join('/')}, got ${JSON.stringify(v)}`);
  return v as Grade;
}
