// One definition per URL parameter (the map.geo.admin.ch pattern): each knows its key, how to read a raw
// (already percent-decoded) value, how to write it back, and its default. A parser never throws: it returns
// `undefined` for anything it does not accept, and the caller falls back to the default. That keeps a
// hand-edited or hostile link from breaking the app, one bad param at a time.
import { PARCEL_ID_PATTERN, PARCEL_ID_RULE } from '../data/schema.ts';
import { LANGS, type Lang } from '../i18n/index.ts';
import { COLOUR_MODES, type ColourMode } from '../style/parcel-style.ts';
import { CONTROL_YEARS, type YearChoice } from '../campaign/as-of.ts';
import { BASEMAP_ID_PATTERN } from '../basemap/config.ts';

// The last four are the campaign registers' overlays (issue 15): 整治 cases by route and stage, projects by stage
// (overdue in red), 小微企业园, 标准地 parcels by 履约 status. The offline base map is not a layer any more but a
// basemap choice (`bm=offline`, issue 17).
export const LAYER_IDS = ['parcels', 'control-lines', 'low-efficiency', 'zones', 'cases', 'projects', 'small-parks', 'standard-land'] as const;
export type LayerId = (typeof LAYER_IDS)[number];
/** Layer ids older links may hold that are now something else ('base': the basemap choice); read as known, dropped. */
const RETIRED_LAYER_IDS = ['base'];

/** The basemap choice: no basemap, the county's own offline base layers, or a configured basemap's id. */
export const BASEMAP_OFFLINE = 'offline';
export const BASEMAP_NONE = 'none';

/** Side-panel tabs of the planner map. */
export const PANELS = ['layers', 'draw', 'findings', 'stats', 'dashboard', 'chains', 'campaign'] as const;
export type PanelId = (typeof PANELS)[number];

/** Everything the map view keeps in the URL. */
export interface MapParams {
  /** [longitude, latitude], WGS84 degrees. */
  center: [number, number];
  zoom: number;
  /** Degrees clockwise from north, -180..180. */
  bearing: number;
  /** Visible layers, always in LAYER_IDS order, no duplicates. */
  layers: LayerId[];
  /** The basemap: 'offline' (the sample base layers), 'none', or a configured basemap's id (src/lib/basemap). */
  basemap: string;
  /** Imagery opacity, percent 0–100. */
  basemapOpacity: number;
  /** Whether the basemap's annotation (label) layer is shown. */
  basemapAnnotation: boolean;
  /** Selected parcel id, null = none. */
  parcel: string | null;
  mode: ColourMode;
  lang: Lang;
  /** Search text, '' = none. */
  q: string;
  /** Open side-panel tab. */
  panel: PanelId;
  /** Findings-view rule filter (a rule id such as 'far.min'), '' = none. */
  rule: string;
  /** 招商 view: chosen industrial chain id, '' = none. */
  chain: string;
  /** 招商 view: chosen link id of that chain, '' = none. */
  link: string;
  /** 招商 view: chosen demand (招引需求) id, '' = none. */
  demand: string;
  /**
   * 招商 view: the area the site ranking looks in (issue 16: a province ranked by area), [west, south, east, north]
   * WGS84 degrees — set from the map's view when the user asks for it; null = the whole territory.
   */
  siteArea: [number, number, number, number] | null;
  /** The year control (issue 15): the registers and the dashboard as of a campaign year's end, or now. */
  year: YearChoice;
  /** The register record open in the campaign panel, `kind:id` (case:CASE-001, project:P-003, block_plan:B-02, …), '' = none. */
  record: string;
}

export interface ParamDef<T> {
  key: string;
  /** Takes the percent-decoded value; `undefined` means "not acceptable, use the default". */
  parse(raw: string): T | undefined;
  /** Returns the value before percent-encoding. */
  format(value: T): string;
  default: T;
}

/** The definitions of a record of params, one per field: how every route's params are declared. */
export type ParamDefs<T> = { readonly [K in keyof T]: ParamDef<T[K]> };

export const LON_RANGE = [-180, 180] as const;
export const LAT_RANGE = [-85, 85] as const; // web-mercator cannot show the poles
export const ZOOM_RANGE = [0, 22] as const;
export const BEARING_RANGE = [-180, 180] as const;
export { PARCEL_ID_PATTERN, PARCEL_ID_RULE };
export const Q_MAX_CHARS = 100;

export const CENTER_DECIMALS = 5; // ≈ 1 m at this latitude: finer adds length, not meaning
export const ZOOM_DECIMALS = 2;
export const BEARING_DECIMALS = 1;

// Plain decimal only: Number() would also take '', ' ', '0x1f', '1e999' and 'Infinity'.
const DECIMAL = /^[+-]?\d{1,4}(?:\.\d{1,12})?$/;

function parseDecimal(raw: string, min: number, max: number, decimals: number): number | undefined {
  if (!DECIMAL.test(raw)) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) return undefined;
  return roundTo(n, decimals);
}

/** Rounds the way the URL will show it, so state read from a link equals state written to one. */
export function roundTo(n: number, decimals: number): number {
  const r = Number(n.toFixed(decimals));
  return r === 0 ? 0 : r; // no -0: it would format as "-0.00"
}

function formatDecimal(n: number, decimals: number): string {
  return roundTo(n, decimals).toFixed(decimals);
}

export function oneOf<T extends string>(values: readonly T[], raw: string): T | undefined {
  return values.find((v) => v === raw);
}

/** A param that is one of a fixed list of words. */
export function choiceParam<T extends string>(key: string, values: readonly T[], fallback: T): ParamDef<T> {
  return { key, parse: (raw) => oneOf(values, raw), format: (v) => v, default: fallback };
}

export const centerParam: ParamDef<[number, number]> = {
  key: 'c',
  parse(raw) {
    const parts = raw.split(',');
    if (parts.length !== 2) return undefined;
    const lon = parseDecimal(parts[0] ?? '', LON_RANGE[0], LON_RANGE[1], CENTER_DECIMALS);
    const lat = parseDecimal(parts[1] ?? '', LAT_RANGE[0], LAT_RANGE[1], CENTER_DECIMALS);
    return lon === undefined || lat === undefined ? undefined : [lon, lat];
  },
  format: ([lon, lat]) => `${formatDecimal(lon, CENTER_DECIMALS)},${formatDecimal(lat, CENTER_DECIMALS)}`,
  // Frozen so no caller can change the default for everyone; defaultMapParams() hands out copies.
  default: Object.freeze([121.45, 29.36]) as [number, number],
};

export const zoomParam: ParamDef<number> = {
  key: 'z',
  parse: (raw) => parseDecimal(raw, ZOOM_RANGE[0], ZOOM_RANGE[1], ZOOM_DECIMALS),
  format: (z) => formatDecimal(z, ZOOM_DECIMALS),
  default: 11,
};

export const bearingParam: ParamDef<number> = {
  key: 'b',
  parse: (raw) => parseDecimal(raw, BEARING_RANGE[0], BEARING_RANGE[1], BEARING_DECIMALS),
  format: (b) => formatDecimal(b, BEARING_DECIMALS),
  default: 0,
};

export const layersParam: ParamDef<LayerId[]> = {
  key: 'l',
  parse(raw) {
    if (raw === '') return []; // an explicit empty list: the user switched every layer off
    if (raw.length > 200) return undefined;
    const asked = new Set(raw.split(','));
    const known = LAYER_IDS.filter((id) => asked.has(id));
    // Nothing recognisable (a typo or garbage) says nothing about intent: show the default set. An old link's
    // `l=base` alone did mean "no data layers".
    return known.length > 0 || RETIRED_LAYER_IDS.some((id) => asked.has(id)) ? known : undefined;
  },
  format: (layers) => LAYER_IDS.filter((id) => layers.includes(id)).join(','),
  default: Object.freeze(['parcels', 'control-lines', 'low-efficiency', 'zones']) as LayerId[],
};

/**
 * `bm`: 'offline' (default: the county's own base layers, no network), 'none', or a basemap id as the configuration
 * allows them. An id this build has not configured still parses: the map falls back to the offline base and says so.
 */
export const basemapParam: ParamDef<string> = {
  key: 'bm',
  parse: (raw) => (raw === BASEMAP_OFFLINE || raw === BASEMAP_NONE || BASEMAP_ID_PATTERN.test(raw) ? raw : undefined),
  format: (v) => v,
  default: BASEMAP_OFFLINE,
};

/** `bmo`: imagery opacity in percent, a whole number 0–100. */
export const basemapOpacityParam: ParamDef<number> = {
  key: 'bmo',
  parse: (raw) => (/^\d{1,3}$/.test(raw) && Number(raw) <= 100 ? Number(raw) : undefined),
  format: (v) => String(v),
  default: 100,
};

/** `bma`: the basemap's annotation (label) layer, '1' shown or '0' hidden. */
export const basemapAnnotationParam: ParamDef<boolean> = {
  key: 'bma',
  parse: (raw) => (raw === '1' ? true : raw === '0' ? false : undefined),
  format: (v) => (v ? '1' : '0'),
  default: true,
};

export const parcelParam: ParamDef<string | null> = {
  key: 'p',
  parse(raw) {
    if (raw === '') return null;
    return PARCEL_ID_PATTERN.test(raw) ? raw : undefined;
  },
  format: (id) => id ?? '',
  default: null,
};

export const modeParam = choiceParam<ColourMode>('m', COLOUR_MODES, 'grade');
export const langParam = choiceParam<Lang>('lang', LANGS, 'zh');

// Lone surrogates cannot be percent-encoded (encodeURIComponent throws), C0/C1 controls are never typed.
export const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\uD800-\uDFFF]/u;

/** Free text (search, print titles): trimmed, at most `maxChars` code points, no control characters. */
export function textParam(key: string, maxChars: number): ParamDef<string> {
  return {
    key,
    parse(raw) {
      if (raw.length > maxChars * 4) return undefined; // cheap guard before counting code points
      if (UNSAFE_TEXT.test(raw)) return undefined;
      const text = raw.trim();
      return Array.from(text).length <= maxChars ? text : undefined;
    },
    format: (text) => text,
    default: '',
  };
}

export const searchParam = textParam('q', Q_MAX_CHARS);

export const panelParam = choiceParam<PanelId>('tab', PANELS, 'layers');

export const RULE_ID_PATTERN = /^[a-z.-]{1,40}$/;

export const ruleParam: ParamDef<string> = {
  key: 'rule',
  parse: (raw) => (raw === '' ? '' : RULE_ID_PATTERN.test(raw) ? raw : undefined),
  format: (r) => r,
  default: '',
};

/** Chain and link ids: letters, digits, '_' and '-', 1–40 long (e.g. auto-mould, am-heat). */
export const CHAIN_ID_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;
/** Demand ids, as the demand list accepts them (e.g. D-004). */
export const DEMAND_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

function idParam(key: string, pattern: RegExp): ParamDef<string> {
  return { key, parse: (raw) => (raw === '' ? '' : pattern.test(raw) ? raw : undefined), format: (v) => v, default: '' };
}
export const chainParam = idParam('chain', CHAIN_ID_PATTERN);
export const linkParam = idParam('link', CHAIN_ID_PATTERN);
export const demandParam = idParam('demand', DEMAND_ID_PATTERN);

/**
 * `sa=west,south,east,north` (5 decimals, as the centre): the 招商 ranking's area; absent = the whole territory. A box
 * that is empty, inverted or off the globe is not an area (dropped, as every bad param).
 */
export const siteAreaParam: ParamDef<[number, number, number, number] | null> = {
  key: 'sa',
  parse(raw) {
    if (raw === '') return null;
    const parts = raw.split(',');
    if (parts.length !== 4) return undefined;
    const [w, s, e, n] = [
      parseDecimal(parts[0]!, LON_RANGE[0], LON_RANGE[1], CENTER_DECIMALS),
      parseDecimal(parts[1]!, LAT_RANGE[0], LAT_RANGE[1], CENTER_DECIMALS),
      parseDecimal(parts[2]!, LON_RANGE[0], LON_RANGE[1], CENTER_DECIMALS),
      parseDecimal(parts[3]!, LAT_RANGE[0], LAT_RANGE[1], CENTER_DECIMALS),
    ];
    if (w === undefined || s === undefined || e === undefined || n === undefined || !(w < e) || !(s < n)) return undefined;
    return [w, s, e, n];
  },
  format: (b) => (b ? b.map((x) => formatDecimal(x, CENTER_DECIMALS)).join(',') : ''),
  default: null,
};

/** `year=2023` or absent (now); any other value falls back to now. */
export const yearParam: ParamDef<YearChoice> = {
  key: 'year',
  parse: (raw) => (raw === 'now' ? 'now' : (CONTROL_YEARS as readonly number[]).includes(Number(raw)) && /^\d{4}$/.test(raw) ? Number(raw) : undefined),
  format: (y) => String(y),
  default: 'now',
};
/** A register record: its kind, ':' and an id as the registers allow in links. */
export const RECORD_REF_PATTERN = /^(case|project|block_plan|small_park|standard_land):[A-Za-z0-9_.:-]{1,64}$/;
export const recordParam = idParam('rec', RECORD_REF_PATTERN);

export type MapParamDefs = ParamDefs<MapParams>;

/** Every map param with the MapParams field it fills, in the order they are written to the URL. */
export const MAP_PARAM_DEFS: MapParamDefs = {
  center: centerParam,
  zoom: zoomParam,
  bearing: bearingParam,
  layers: layersParam,
  basemap: basemapParam,
  basemapOpacity: basemapOpacityParam,
  basemapAnnotation: basemapAnnotationParam,
  parcel: parcelParam,
  mode: modeParam,
  lang: langParam,
  q: searchParam,
  panel: panelParam,
  rule: ruleParam,
  chain: chainParam,
  link: linkParam,
  demand: demandParam,
  siteArea: siteAreaParam,
  year: yearParam,
  record: recordParam,
};

export type MapParamField = keyof MapParams;
export const MAP_PARAM_FIELDS = Object.keys(MAP_PARAM_DEFS) as MapParamField[];

/** A fresh copy of the defaults (callers may mutate it). */
export function defaultMapParams(): MapParams {
  return {
    center: [...centerParam.default],
    zoom: zoomParam.default,
    bearing: bearingParam.default,
    layers: [...layersParam.default],
    basemap: basemapParam.default,
    basemapOpacity: basemapOpacityParam.default,
    basemapAnnotation: basemapAnnotationParam.default,
    parcel: parcelParam.default,
    mode: modeParam.default,
    lang: langParam.default,
    q: searchParam.default,
    panel: panelParam.default,
    rule: ruleParam.default,
    chain: chainParam.default,
    link: linkParam.default,
    demand: demandParam.default,
    siteArea: siteAreaParam.default,
    year: yearParam.default,
    record: recordParam.default,
  };
}
