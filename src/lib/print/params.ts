// Print-only URL parameters. They ride in the same query string as the map's (`#/print?c=…&z=…&paper=a3`),
// with keys the map codec does not use, so a print link is a map link plus page settings: parseHash reads
// the view and layers from it, parsePrintQuery the rest. Kept out of MapParams on purpose: the map route
// never writes them, and every shared link stays as short as before. Same rules as src/lib/url/params.ts:
// one definition per key, a parser never throws, anything it does not accept falls back to the default.
import { encodeValue, formatHash, safeDecode } from '../url/hash.ts';
import type { MapParams } from '../url/params.ts';
import { ORIENTATIONS, PAPERS, type Orientation, type Paper } from './paper.ts';
import { FIXED_SCALES, type FixedScale } from './scale.ts';

export const FIT_KINDS = ['town', 'park', 'block', 'chain'] as const;
export type FitKind = (typeof FIT_KINDS)[number];
export interface FitTarget {
  kind: FitKind;
  /** Town or park name, low-efficiency block id, or chain id (fits the parcels of that chain's firms). */
  id: string;
}

export const ATLAS_KINDS = ['none', 'block', 'park', 'sites'] as const;
export type AtlasKind = (typeof ATLAS_KINDS)[number];

export const DPI_RANGE = [72, 300] as const;
export const TEXT_MAX_CHARS = 60;
/** Candidate sites per page of a `sites` atlas: default and allowed range. */
export const SITES_TOP_DEFAULT = 10;
export const SITES_TOP_RANGE = [1, 50] as const;

export interface PrintParams {
  paper: Paper;
  orientation: Orientation;
  /** '' = the automatic title (district or block name, else the app's). */
  title: string;
  subtitle: string;
  /** Fixed scale denominator; null = the scale follows the zoom (or the fitted district). */
  scale: FixedScale | null;
  fit: FitTarget | null;
  atlas: AtlasKind;
  /** Map image resolution. 300 for print; lower only for quick drafts (and fast tests). */
  dpi: number;
  /** Demand entry (招引需求 id) whose candidate sites a `sites` atlas prints; '' = none chosen. */
  demand: string;
  /** How many ranked candidate sites a `sites` atlas prints. */
  top: number;
}

interface Def<T> {
  key: string;
  parse(raw: string): T | undefined;
  format(v: T): string;
  default: T;
}

const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\uD800-\uDFFF]/u;
function textDef(key: string): Def<string> {
  return {
    key,
    parse(raw) {
      if (raw.length > TEXT_MAX_CHARS * 4 || UNSAFE_TEXT.test(raw)) return undefined;
      const s = raw.trim();
      return Array.from(s).length <= TEXT_MAX_CHARS ? s : undefined;
    },
    format: (s) => s,
    default: '',
  };
}
function oneOf<T extends string>(values: readonly T[], raw: string): T | undefined {
  return values.find((v) => v === raw);
}

export const PRINT_PARAM_DEFS: { [K in keyof PrintParams]: Def<PrintParams[K]> } = {
  paper: { key: 'paper', parse: (r) => oneOf(PAPERS, r), format: (v) => v, default: 'a4' },
  orientation: { key: 'orient', parse: (r) => oneOf(ORIENTATIONS, r), format: (v) => v, default: 'landscape' },
  title: textDef('title'),
  subtitle: textDef('sub'),
  scale: {
    key: 'scale',
    parse(raw) {
      if (raw === '') return null;
      return FIXED_SCALES.find((s) => String(s) === raw);
    },
    format: (v) => (v === null ? '' : String(v)),
    default: null,
  },
  fit: {
    key: 'fit',
    parse(raw) {
      if (raw === '') return null;
      const i = raw.indexOf(':');
      if (i < 0) return undefined;
      const kind = oneOf(FIT_KINDS, raw.slice(0, i));
      const id = raw.slice(i + 1).trim();
      if (!kind || id === '' || Array.from(id).length > 64 || UNSAFE_TEXT.test(id)) return undefined;
      return { kind, id };
    },
    format: (v) => (v === null ? '' : `${v.kind}:${v.id}`),
    default: null,
  },
  atlas: { key: 'atlas', parse: (r) => oneOf(ATLAS_KINDS, r), format: (v) => v, default: 'none' },
  dpi: {
    key: 'dpi',
    parse(raw) {
      if (!/^\d{2,3}$/.test(raw)) return undefined;
      const n = Number(raw);
      return n >= DPI_RANGE[0] && n <= DPI_RANGE[1] ? n : undefined;
    },
    format: (v) => String(v),
    default: 300,
  },
  demand: {
    key: 'demand',
    parse(raw) {
      const s = raw.trim();
      return s.length <= 64 && !UNSAFE_TEXT.test(s) ? s : undefined;
    },
    format: (s) => s,
    default: '',
  },
  top: {
    key: 'top',
    parse(raw) {
      if (!/^\d{1,2}$/.test(raw)) return undefined;
      const n = Number(raw);
      return n >= SITES_TOP_RANGE[0] && n <= SITES_TOP_RANGE[1] ? n : undefined;
    },
    format: (v) => String(v),
    default: SITES_TOP_DEFAULT,
  },
};

type Field = keyof PrintParams;
const FIELDS = Object.keys(PRINT_PARAM_DEFS) as Field[];

export function defaultPrintParams(): PrintParams {
  return { paper: 'a4', orientation: 'landscape', title: '', subtitle: '', scale: null, fit: null, atlas: 'none', dpi: 300, demand: '', top: SITES_TOP_DEFAULT };
}

/** Reads the print params from a hash (`#/print?…`) or a bare query; the first occurrence of a key decides. */
export function parsePrintQuery(hashOrQuery: string): PrintParams {
  const q = hashOrQuery.indexOf('?');
  const query = q === -1 ? (hashOrQuery.startsWith('#') ? '' : hashOrQuery) : hashOrQuery.slice(q + 1);
  const raw = new Map<string, string>();
  for (const pair of query.split('&', 64)) {
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    if (key === '' || raw.has(key)) continue;
    raw.set(key, eq === -1 ? '' : pair.slice(eq + 1));
  }
  const out = defaultPrintParams();
  const assign = <K extends Field>(f: K): void => {
    const def = PRINT_PARAM_DEFS[f];
    const r = raw.get(def.key);
    if (r === undefined || r.length > 1000) return;
    const decoded = safeDecode(r);
    const v = decoded === undefined ? undefined : def.parse(decoded);
    if (v !== undefined) out[f] = v;
  };
  for (const f of FIELDS) assign(f);
  return out;
}

/** The print params that differ from their defaults, as `key=value&…` (no leading `&`). */
export function formatPrintQuery(p: PrintParams): string {
  const parts: string[] = [];
  const write = <K extends Field>(f: K): void => {
    const def = PRINT_PARAM_DEFS[f];
    const text = def.format(p[f]);
    if (text === def.format(def.default)) return;
    parts.push(`${def.key}=${encodeValue(text)}`);
  };
  for (const f of FIELDS) write(f);
  return parts.join('&');
}

/** The full print link: the map params through the app's codec, then the print params. */
export function printHash(params: MapParams, print: PrintParams): string {
  const base = formatHash({ route: 'print', params });
  const extra = formatPrintQuery(print);
  if (extra === '') return base;
  return base.includes('?') ? `${base}&${extra}` : `${base}?${extra}`;
}
