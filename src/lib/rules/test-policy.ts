// Test helper: the shipped Ninghai policy, parsed, plus a way to derive variants without mutating it.
import raw from '../../../data/policy/ninghai-2021-2025.json' with { type: 'json' };
import { parsePolicy, type Policy } from './policy.ts';

export function ninghaiPolicy(): Policy {
  return parsePolicy(structuredClone(raw), 'ninghai-2021-2025.json');
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSourced = (v: unknown): v is Obj => isObj(v) && 'value' in v && 'source' in v;

/**
 * An edited copy of a policy file whose thresholds were set as bare values (`far.new_project_min = 1.5`) given back
 * the sources of the original, so tests can state the number they change without restating where it comes from.
 * A threshold the edit wrapped itself, or removed, is left as the edit made it.
 */
export function withSources(original: unknown, edited: unknown): unknown {
  if (isSourced(original)) return isSourced(edited) || edited === undefined ? edited : { value: edited, source: original['source'] };
  if (!isObj(original) || !isObj(edited)) return edited;
  const out: Obj = {};
  for (const [k, v] of Object.entries(edited)) out[k] = withSources(original[k], v);
  return out;
}

export function policyWith(edit: (p: Record<string, unknown>) => void): Policy {
  const copy = structuredClone(raw) as unknown as Record<string, unknown>;
  // The edit sees bare values where the file has { value, source }, as the rules do.
  const bare = unwrapAll(copy) as Record<string, unknown>;
  edit(bare);
  return parsePolicy(withSources(copy, bare), 'edited-policy.json');
}

/** The file with every { value, source } replaced by its value (a view for edits). */
function unwrapAll(v: unknown): unknown {
  if (isSourced(v)) return structuredClone(v['value']);
  if (!isObj(v)) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrapAll(x)]));
}
