// The query-string half of the URL codec, for any record of params declared as ParamDefs (the map's, the
// print page's). Reading is total: the first occurrence of a key decides, a value that fails to decode or
// parse falls back to its default, one param at a time. Writing leaves out values equal to their default.
import type { ParamDefs } from './params.ts';

// Real hashes are short; past this the tail is not worth scanning (and a 100 kB paste stays cheap).
const MAX_QUERY_PAIRS = 64;
const MAX_KEY_CHARS = 16;
const MAX_RAW_VALUE = 1000;

/** decodeURIComponent that reports failure instead of throwing (broken escapes, invalid UTF-8). */
export function safeDecode(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/**
 * Percent-encodes everything outside the unreserved set, so the result is plain ASCII that a browser's
 * URL parser leaves alone: `location.hash === formatHash(r)` holds after assignment, which lets the app
 * compare strings to tell its own hash writes from the user's. `,` and `:` stay readable (coordinate and
 * layer lists, parcel ids); the fragment grammar allows both and our query never splits on them.
 */
export function encodeValue(value: string): string {
  // Lone surrogates would make encodeURIComponent throw; parsers never produce them, but be total anyway.
  const wellFormed = value.replace(/[\uD800-\uDFFF]/gu, '\uFFFD');
  return encodeURIComponent(wellFormed).replace(/%2C/g, ',').replace(/%3A/g, ':');
}

/** `a=1&b=2` → key → raw (still percent-encoded) value; the first occurrence of a key wins. */
export function rawQuery(query: string): Map<string, string> {
  const raw = new Map<string, string>();
  for (const pair of query.split('&', MAX_QUERY_PAIRS)) {
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    if (key === '' || key.length > MAX_KEY_CHARS || raw.has(key)) continue;
    raw.set(key, eq === -1 ? '' : pair.slice(eq + 1));
  }
  return raw;
}

/** Fills `into` (a fresh defaults record) from the raw query; fields listed in `skip` keep their default. */
export function readParams<T extends object>(defs: ParamDefs<T>, raw: ReadonlyMap<string, string>, into: T, skip: readonly (keyof T)[] = []): T {
  const assign = <K extends keyof T>(field: K): void => {
    if (skip.includes(field)) return;
    const def = defs[field];
    const text = raw.get(def.key);
    if (text === undefined || text.length > MAX_RAW_VALUE) return;
    const decoded = safeDecode(text);
    const value = decoded === undefined ? undefined : def.parse(decoded);
    if (value !== undefined) into[field] = value;
  };
  for (const field of Object.keys(defs) as (keyof T)[]) assign(field);
  return into;
}

/**
 * `key=value` pairs in definition order; a value equal to its default is left out unless `always` names it,
 * and fields in `skip` are never written.
 */
export function writeParams<T extends object>(defs: ParamDefs<T>, values: T, always: readonly (keyof T)[] = [], skip: readonly (keyof T)[] = []): string[] {
  const parts: string[] = [];
  const write = <K extends keyof T>(field: K): void => {
    if (skip.includes(field)) return;
    const def = defs[field];
    const text = def.format(values[field]);
    if (!always.includes(field) && text === def.format(def.default)) return;
    parts.push(`${def.key}=${encodeValue(text)}`);
  };
  for (const field of Object.keys(defs) as (keyof T)[]) write(field);
  return parts;
}
