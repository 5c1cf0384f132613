// The URL hash is the app state: `#/<route>[/<id>]?<params>`. parseHash is total (any string gives a
// usable route, nothing throws) and formatHash writes a canonical form, so
// parseHash(formatHash(r)) equals r for every r that parseHash can return.
import {
  MAP_PARAM_DEFS,
  MAP_PARAM_FIELDS,
  PARCEL_ID_PATTERN,
  defaultMapParams,
  type MapParamField,
  type MapParams,
  type ParamDef,
} from './params.ts';

export const ROUTE_NAMES = ['map', 'site', 'print'] as const;
export type RouteName = (typeof ROUTE_NAMES)[number];

export type AppRoute =
  | { route: 'map'; params: MapParams }
  /** One parcel's page, for sending to a prospect; `id` is a valid parcel id. */
  | { route: 'site'; id: string; params: MapParams }
  | { route: 'print'; params: MapParams };

/** The view a link without params opens. Frozen: use defaultMapParams() for a copy to change. */
export const DEFAULT_MAP_PARAMS: Readonly<MapParams> = Object.freeze(defaultMapParams());

// The map and the print page show a place, so a shared link should pin the view even where it is the
// default view (defaults may change between releases). A site page shows one parcel wherever it is.
const ALWAYS_WRITTEN: Record<RouteName, readonly MapParamField[]> = {
  map: ['center', 'zoom'],
  print: ['center', 'zoom'],
  site: [],
};

// Real hashes are short; past this the tail is not worth scanning (and a 100 kB paste stays cheap).
const MAX_QUERY_PAIRS = 64;
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

function readParam<T>(def: ParamDef<T>, raw: string | undefined): T | undefined {
  if (raw === undefined || raw.length > MAX_RAW_VALUE) return undefined;
  const decoded = safeDecode(raw);
  return decoded === undefined ? undefined : def.parse(decoded);
}

/** Reads the part after `?`. The first occurrence of a key decides; a bad value falls back to the default. */
export function parseQuery(query: string): MapParams {
  const raw = new Map<string, string>();
  const pairs = query.split('&', MAX_QUERY_PAIRS);
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    if (key === '' || key.length > 16 || raw.has(key)) continue;
    raw.set(key, eq === -1 ? '' : pair.slice(eq + 1));
  }
  const params = defaultMapParams();
  const assign = <K extends MapParamField>(field: K): void => {
    const def: ParamDef<MapParams[K]> = MAP_PARAM_DEFS[field];
    const value = readParam(def, raw.get(def.key));
    if (value !== undefined) params[field] = value;
  };
  for (const field of MAP_PARAM_FIELDS) assign(field);
  return params;
}

/** Writes params in definition order; a value equal to its default is left out unless `always` names it. */
export function formatQuery(params: MapParams, always: readonly MapParamField[] = []): string {
  const parts: string[] = [];
  const write = <K extends MapParamField>(field: K): void => {
    const def: ParamDef<MapParams[K]> = MAP_PARAM_DEFS[field];
    const text = def.format(params[field]);
    if (!always.includes(field) && text === def.format(def.default)) return;
    parts.push(`${def.key}=${encodeValue(text)}`);
  };
  for (const field of MAP_PARAM_FIELDS) write(field);
  return parts.join('&');
}

/** Any string → a route. Unknown routes open the map; their params are still honoured. */
export function parseHash(hash: string): AppRoute {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const q = body.indexOf('?');
  const path = q === -1 ? body : body.slice(0, q);
  const params = parseQuery(q === -1 ? '' : body.slice(q + 1));
  const segments = path.split('/').filter((s) => s !== '');
  const name = segments[0] === undefined ? 'map' : safeDecode(segments[0]);
  if (name === 'print') return { route: 'print', params };
  if (name === 'site') {
    const id = segments[1] === undefined ? undefined : safeDecode(segments[1]);
    if (id !== undefined && PARCEL_ID_PATTERN.test(id)) return { route: 'site', id, params };
  }
  return { route: 'map', params };
}

/** The canonical hash for a route, starting with `#/`. */
export function formatHash(route: AppRoute): string {
  const path = route.route === 'site' ? `/site/${encodeValue(route.id)}` : `/${route.route}`;
  const query = formatQuery(route.params, ALWAYS_WRITTEN[route.route]);
  return query === '' ? `#${path}` : `#${path}?${query}`;
}

/** The map route for some params: the usual way the app writes its state. */
export function mapHash(params: MapParams): string {
  return formatHash({ route: 'map', params });
}

/** True when two routes would be written as the same URL (float noise below URL precision is equal). */
export function sameRoute(a: AppRoute, b: AppRoute): boolean {
  return formatHash(a) === formatHash(b);
}
