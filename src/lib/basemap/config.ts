// The basemap configuration (data/config/basemaps.json; docs/basemaps.md), read twice with the same rules:
// - at build time by the Vite plugin (scripts/basemap-plugin.ts): resolveBasemapConfig() fills ${ENV} placeholders
//   from the environment (keys are never committed), drops entries whose placeholders are unset ("not configured",
//   one log line each) and fails the build on anything malformed, naming the file, the entry and the field;
// - at start by the app (src/app/basemaps.ts): loadBasemaps() reads the resolved block back from index.html, which a
//   deployer may edit by hand, so it validates again — but drops a bad entry with a message instead of failing — and
//   applies the datum guard: GCJ-02 and BD-09 services are refused, since the county's CGCS2000 data would sit
//   about 500 m off over them.
// Pure: no DOM, no Node; the environment comes in as an argument.
import { t } from '../i18n/index.ts';
import { PRESETS, PRESET_NAMES } from './presets.ts';
import {
  BASEMAP_KINDS,
  DATUMS,
  type Basemap,
  type BasemapDef,
  type Datum,
  type LoadedBasemaps,
  type LocalText,
  type RefusedBasemap,
  type ResolvedBasemapConfig,
} from './types.ts';

export const BASEMAP_ID_PATTERN = /^[a-z0-9-]{1,32}$/;
/** The `bm` values that are not a configured basemap. */
export const RESERVED_BASEMAP_IDS = ['offline', 'none'] as const;
/** Datums that line up with the county's CGCS2000 data (≈ WGS84 to centimetres). */
export const ALIGNED_DATUMS: readonly Datum[] = ['cgcs2000', 'wgs84'];

/** A malformed configuration; the message names the file, the entry and the field. */
export class BasemapConfigError extends Error {
  override readonly name = 'BasemapConfigError';
}

const ENTRY_FIELDS = [
  'preset',
  'id',
  'name',
  'kind',
  'url',
  'annotation_url',
  'host',
  'scheme',
  'subdomains',
  'key',
  'datum',
  'attribution',
  'review_number',
  'minzoom',
  'maxzoom',
  'tile_size',
  'public',
] as const;
const TOP_FIELDS = ['county_review_number', 'basemaps'] as const;
const ENV_PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
/** WMTS template names (RESTful templates, OGC 07-057r7 §10.2) and what MapLibre calls them. */
const WMTS_ALIASES: readonly [RegExp, string][] = [
  [/\{TileMatrix\}/gi, '{z}'],
  [/\{TileRow\}/gi, '{y}'],
  [/\{TileCol\}/gi, '{x}'],
];
const TEMPLATE_NAMES = new Set(['z', 'x', 'y', 's', 'key']);
/** host[:port] as a tile server is named: a DNS name or IPv4 (may hold {s}), or a bracketed IPv6 address. */
const HOST_PATTERN = /^(?:[A-Za-z0-9.{}-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const SUBDOMAIN_PATTERN = /^[A-Za-z0-9-]{1,32}$/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const MAX_ZOOM = 24;

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const show = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v));

/** Fills `${NAME}` in every string of `value` (recursively) from `env`; names unset or empty are listed in `missing`. */
export function fillEnv(value: unknown, env: Readonly<Record<string, string | undefined>>, missing: Set<string>): unknown {
  if (typeof value === 'string') {
    return value.replace(ENV_PLACEHOLDER, (m, name: string) => {
      const v = env[name];
      if (v === undefined || v.trim() === '') {
        missing.add(name);
        return m;
      }
      return v.trim();
    });
  }
  if (Array.isArray(value)) return value.map((v) => fillEnv(v, env, missing));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillEnv(v, env, missing)]));
  return value;
}

/** The `${NAME}` placeholders left in a value (nothing filled them). */
function placeholdersIn(value: unknown): string[] {
  const missing = new Set<string>();
  fillEnv(value, {}, missing);
  return [...missing];
}

/** Reads and checks one entry; `where` is the message prefix (`file: basemaps[1] (tianditu-img)`). */
class EntryReader {
  constructor(
    private readonly r: Json,
    private readonly where: string,
  ) {}

  fail(field: string, rule: string): never {
    throw new BasemapConfigError(`${this.where}: field "${field}" ${rule}, got ${show(this.r[field])}`);
  }

  text(field: string, max = 200): string {
    const v = this.r[field];
    if (typeof v !== 'string' || v.trim() === '' || v.length > max || CONTROL.test(v)) this.fail(field, `must be a non-empty string of at most ${max} characters`);
    return v.trim();
  }

  optionalText(field: string, max = 200): string | null {
    return this.r[field] === undefined || this.r[field] === null ? null : this.text(field, max);
  }

  local(field: string): LocalText {
    const v = this.r[field];
    const ok = (s: unknown): s is string => typeof s === 'string' && s.trim() !== '' && s.length <= 200 && !CONTROL.test(s);
    if (!isRecord(v) || !ok(v['zh']) || !ok(v['en']) || Object.keys(v).some((k) => k !== 'zh' && k !== 'en')) {
      this.fail(field, 'must be {"zh": "…", "en": "…"} (both non-empty)');
    }
    return { zh: (v['zh'] as string).trim(), en: (v['en'] as string).trim() };
  }

  choice<T extends string>(field: string, values: readonly T[]): T {
    const v = this.r[field];
    const hit = values.find((x) => x === v);
    if (hit === undefined) this.fail(field, `must be one of ${values.map((x) => `"${x}"`).join(', ')}`);
    return hit;
  }

  int(field: string, min: number, max: number, fallback: number): number {
    const v = this.r[field];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) this.fail(field, `must be a whole number from ${min} to ${max}`);
    return v;
  }

  bool(field: string, fallback: boolean): boolean {
    const v = this.r[field];
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean') this.fail(field, 'must be true or false');
    return v;
  }

  template(field: string): string {
    const v = this.text(field, 2000);
    if (!/^https?:\/\/[^/?#]+/i.test(v)) this.fail(field, 'must be an http(s) URL template');
    if (/^https?:\/\/[^/?#]*@/i.test(v)) this.fail(field, 'must not hold a user name or password');
    const names = [...withXyz(v).matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? '');
    const unknown = names.filter((n) => !TEMPLATE_NAMES.has(n));
    if (unknown.length > 0) {
      this.fail(field, `may use only {z} {x} {y} (or {TileMatrix} {TileCol} {TileRow}), {s} and {key}, not {${unknown[0]}}`);
    }
    for (const n of ['z', 'x', 'y']) if (!names.includes(n)) this.fail(field, `must hold {${n}} (or its WMTS name)`);
    return v;
  }
}

/** The template with WMTS names turned into MapLibre's {z} {x} {y}. */
function withXyz(template: string): string {
  return WMTS_ALIASES.reduce((s, [re, to]) => s.replace(re, to), template);
}

/**
 * One entry, its preset applied and every field checked (defaults filled in). Throws a BasemapConfigError naming
 * `file`, the entry's index and id, and the field.
 */
export function readBasemapEntry(raw: unknown, index: number, file: string): BasemapDef {
  const label = (id: unknown) => `${file}: basemaps[${index}]${typeof id === 'string' ? ` (${id})` : ''}`;
  if (!isRecord(raw)) throw new BasemapConfigError(`${label(undefined)}: expected an object, got ${show(raw)}`);
  let r: Json = raw;
  const presetName = raw['preset'];
  if (presetName !== undefined) {
    const preset = typeof presetName === 'string' ? PRESETS[presetName] : undefined;
    if (!preset) {
      throw new BasemapConfigError(`${label(raw['id'])}: field "preset" must be one of ${PRESET_NAMES.map((p) => `"${p}"`).join(', ')}, got ${show(presetName)}`);
    }
    r = { ...structuredCopy(preset), ...raw };
  }
  const where = label(r['id']);
  const unknown = Object.keys(raw).filter((k) => !k.startsWith('$') && !(ENTRY_FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw new BasemapConfigError(`${where}: unknown field "${unknown[0]}" (the fields are ${ENTRY_FIELDS.join(', ')}; see docs/basemaps.md)`);
  }
  const e: EntryReader = new EntryReader(r, where);
  const id = e.text('id', 32);
  if (!BASEMAP_ID_PATTERN.test(id)) e.fail('id', 'must be 1–32 of a-z, 0-9 and "-"');
  if ((RESERVED_BASEMAP_IDS as readonly string[]).includes(id)) e.fail('id', `must not be ${RESERVED_BASEMAP_IDS.map((x) => `"${x}"`).join(' or ')} (the URL's own values)`);
  const url = e.template('url');
  const annotation_url = r['annotation_url'] === undefined || r['annotation_url'] === null ? null : e.template('annotation_url');
  const host = e.optionalText('host');
  if (host !== null && !HOST_PATTERN.test(host)) e.fail('host', 'must be a host name or address with an optional :port (no scheme, no path)');
  const schemeRaw = r['scheme'];
  const scheme = schemeRaw === undefined || schemeRaw === null ? null : e.choice('scheme', ['http', 'https'] as const);
  const subsRaw: unknown = r['subdomains'] ?? [];
  const isSubs = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string' && SUBDOMAIN_PATTERN.test(s));
  if (!isSubs(subsRaw)) e.fail('subdomains', 'must be a list of subdomain values (letters, digits, "-")');
  const subdomains = [...subsRaw];
  const key = e.optionalText('key', 500);
  const templates = [url, annotation_url, host].filter((s): s is string => s !== null);
  if (templates.some((s) => s.includes('{s}')) && subdomains.length === 0) e.fail('subdomains', 'must list the values of {s} used in the URL');
  if (key === null && templates.some((s) => s.includes('{key}'))) e.fail('key', 'is required: the URL holds {key}');
  const minzoom = e.int('minzoom', 0, MAX_ZOOM, 0);
  const maxzoom = e.int('maxzoom', 0, MAX_ZOOM, 18);
  if (minzoom > maxzoom) e.fail('minzoom', `must not be above maxzoom (${maxzoom})`);
  const tile_size = e.int('tile_size', 256, 512, 256);
  if (tile_size !== 256 && tile_size !== 512) e.fail('tile_size', 'must be 256 or 512');
  return {
    id,
    name: e.local('name'),
    kind: e.choice('kind', BASEMAP_KINDS),
    url,
    annotation_url,
    host,
    scheme,
    subdomains,
    key,
    datum: e.choice('datum', DATUMS),
    attribution: e.local('attribution'),
    review_number: e.text('review_number', 100),
    minzoom,
    maxzoom,
    tile_size,
    public: e.bool('public', false),
  };
}

function structuredCopy<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** The top level: an object with `basemaps` (a list) and `county_review_number`; anything else is an error. */
function readTop(raw: unknown, file: string): { county: unknown; entries: unknown[] } {
  if (!isRecord(raw)) throw new BasemapConfigError(`${file}: expected an object with "basemaps" and "county_review_number", got ${show(raw)}`);
  const unknown = Object.keys(raw).filter((k) => !k.startsWith('$') && !(TOP_FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0) throw new BasemapConfigError(`${file}: unknown field "${unknown[0]}" (the fields are ${TOP_FIELDS.join(', ')})`);
  const entries = raw['basemaps'] ?? [];
  if (!Array.isArray(entries)) throw new BasemapConfigError(`${file}: field "basemaps" must be a list, got ${show(entries)}`);
  return { county: raw['county_review_number'] ?? null, entries };
}

function readCountyNumber(v: unknown, file: string): string | null {
  if (v === null) return null;
  if (typeof v !== 'string' || v.trim() === '' || v.length > 100 || CONTROL.test(v)) {
    throw new BasemapConfigError(`${file}: field "county_review_number" must be the 审图号 as a non-empty string, or null, got ${show(v)}`);
  }
  return v.trim();
}

function notConfigured(what: string, names: readonly string[]): string {
  return `${what}: not configured (${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} not set)`;
}

/** The id an entry will have (its own, else its preset's), for messages about it before it is read. */
function entryId(raw: unknown, index: number): string {
  if (isRecord(raw)) {
    if (typeof raw['id'] === 'string') return raw['id'];
    if (typeof raw['preset'] === 'string') return raw['preset'];
  }
  return `#${index}`;
}

function checkUnique(defs: readonly BasemapDef[], file: string): void {
  const seen = new Set<string>();
  defs.forEach((d) => {
    if (seen.has(d.id)) throw new BasemapConfigError(`${file}: basemaps (${d.id}): field "id" = "${d.id}" is used by two entries`);
    seen.add(d.id);
  });
}

/**
 * The build's reading of the configuration file: `${NAME}` placeholders filled from `env`, presets applied, every
 * field checked except the datum (the app refuses those at load, with a message a planner sees). An entry with an
 * unset placeholder is left out, and `skipped` says so (`basemap tianditu-img: not configured (TIANDITU_KEY is not
 * set)`). Throws a BasemapConfigError naming `file`, the entry and the field for anything else.
 */
export function resolveBasemapConfig(
  raw: unknown,
  env: Readonly<Record<string, string | undefined>>,
  file: string,
): { config: ResolvedBasemapConfig; skipped: string[] } {
  const top = readTop(raw, file);
  const skipped: string[] = [];
  const countyMissing = new Set<string>();
  const countyFilled = fillEnv(top.county, env, countyMissing);
  let county: string | null;
  if (countyMissing.size > 0) {
    skipped.push(notConfigured('county_review_number', [...countyMissing]));
    county = null;
  } else county = readCountyNumber(countyFilled, file);
  const basemaps: BasemapDef[] = [];
  top.entries.forEach((entry, i) => {
    const missing = new Set<string>();
    const filled = fillEnv(entry, env, missing);
    if (missing.size > 0) {
      skipped.push(notConfigured(`basemap ${entryId(entry, i)}`, [...missing]));
      return;
    }
    basemaps.push(readBasemapEntry(filled, i, file));
  });
  checkUnique(basemaps, file);
  return { config: { county_review_number: county, basemaps }, skipped };
}

/** Replaces the scheme and host[:port] of a URL template (null: keep). */
export function withHost(template: string, host: string | null, scheme: 'http' | 'https' | null): string {
  const m = /^(https?):\/\/([^/?#]+)(.*)$/i.exec(template);
  if (!m) return template;
  return `${scheme ?? m[1]}://${host ?? m[2]}${m[3]}`;
}

/**
 * A template as MapLibre tile URLs: host and scheme replaced, WMTS names turned into {z} {x} {y}, {key} filled
 * (URL-encoded), and one URL per subdomain when it holds {s}.
 */
export function tileUrls(template: string, def: Pick<BasemapDef, 'host' | 'scheme' | 'subdomains' | 'key'>): string[] {
  let url = withXyz(withHost(template, def.host, def.scheme));
  if (def.key !== null) url = url.split('{key}').join(encodeURIComponent(def.key));
  if (!url.includes('{s}')) return [url];
  return def.subdomains.map((s) => url.split('{s}').join(s));
}

/** Why a basemap is refused (its datum does not line up with the county's data), in both languages; null = drawn. */
export function datumRefusal(def: Pick<BasemapDef, 'datum' | 'name'>): LocalText | null {
  if (def.datum !== 'gcj02' && def.datum !== 'bd09') return null;
  const key = def.datum === 'gcj02' ? 'basemap.refused.gcj02' : 'basemap.refused.bd09';
  return { zh: t('zh', key, { name: def.name.zh }), en: t('en', key, { name: def.name.en }) };
}

/** The file name loadBasemaps' messages use for the block it reads. */
export const BASEMAPS_BLOCK = 'index.html <script id="tenglong-basemaps">';

/**
 * The app's reading of the resolved block (index.html, editable by hand): each entry checked again — a bad one is
 * dropped with a message in `problems`, never a crash — and the datum guard applied: GCJ-02 and BD-09 entries go to
 * `refused` with the message to show. Presets work here too; a `${NAME}` left unfilled makes an entry unusable.
 */
export function loadBasemaps(resolved: unknown, file: string = BASEMAPS_BLOCK): LoadedBasemaps {
  const out: LoadedBasemaps = { basemaps: [], refused: [], countyReviewNumber: null, problems: [] };
  let top: { county: unknown; entries: unknown[] };
  try {
    top = readTop(resolved, file);
  } catch (e) {
    out.problems.push(e instanceof Error ? e.message : String(e));
    return out;
  }
  try {
    const left = placeholdersIn(top.county);
    if (left.length > 0) out.problems.push(notConfigured(`${file}: county_review_number`, left));
    else out.countyReviewNumber = readCountyNumber(top.county, file);
  } catch (e) {
    out.problems.push(e instanceof Error ? e.message : String(e));
  }
  const seen = new Set<string>();
  top.entries.forEach((entry, i) => {
    const left = placeholdersIn(entry);
    if (left.length > 0) {
      out.problems.push(notConfigured(`${file}: basemap ${entryId(entry, i)}`, left));
      return;
    }
    let def: BasemapDef;
    try {
      def = readBasemapEntry(entry, i, file);
    } catch (e) {
      out.problems.push(e instanceof Error ? e.message : String(e));
      return;
    }
    if (seen.has(def.id)) {
      out.problems.push(`${file}: basemaps[${i}] (${def.id}): field "id" = "${def.id}" is used by an earlier entry; this one is left out`);
      return;
    }
    seen.add(def.id);
    const refusal = datumRefusal(def);
    if (refusal) {
      out.refused.push({ id: def.id, name: def.name, datum: def.datum, message: refusal });
      return;
    }
    out.basemaps.push(toBasemap(def));
  });
  return out;
}

/** A checked entry with its tile URLs. */
export function toBasemap(def: BasemapDef): Basemap {
  return { ...def, tiles: tileUrls(def.url, def), annotationTiles: def.annotation_url === null ? null : tileUrls(def.annotation_url, def) };
}

/** The basemap a `bm` value names among the loaded ones; null for 'offline', 'none' and an id not configured. */
export function findBasemap(basemaps: readonly Basemap[], id: string): Basemap | null {
  return basemaps.find((b) => b.id === id) ?? null;
}

/** What a `bm` value draws: a configured basemap's tiles, the offline base, or nothing (`none`). */
export interface BasemapChoice {
  /** The configured basemap it names; null for 'offline', 'none' and an id not configured. */
  basemap: Basemap | null;
  /** Whether the offline base layers draw: 'offline', or an id this build does not have (shown instead). */
  offlineBase: boolean;
  /** An id this build does not have (another deployment's link, a refused source): the page says so. */
  missing: boolean;
}

/** The one reading of the `bm` choice, for the planner map and the print page alike. */
export function basemapChoice(basemaps: readonly Basemap[], choice: string): BasemapChoice {
  const basemap = findBasemap(basemaps, choice);
  const missing = basemap === null && !(RESERVED_BASEMAP_IDS as readonly string[]).includes(choice);
  return { basemap, offlineBase: choice === 'offline' || missing, missing };
}
