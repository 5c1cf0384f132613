// The URL hash is the app state: `#/<route>[/<id>]?<params>`. parseHash is total (any string gives a
// usable route, nothing throws) and formatHash writes a canonical form, so
// parseHash(formatHash(r)) equals r for every r that parseHash can return. Every route's params go through
// the same codec (query.ts): the map's (params.ts) on every route, the print page's (print-params.ts) on
// the print route.
import { MAP_PARAM_DEFS, PARCEL_ID_PATTERN, defaultMapParams, type MapParamField, type MapParams } from './params.ts';
import { PRINT_PARAM_DEFS, defaultPrintParams, type PrintParams } from './print-params.ts';
import { encodeValue, rawQuery, readParams, safeDecode, writeParams } from './query.ts';

export { encodeValue, safeDecode } from './query.ts';

export const ROUTE_NAMES = ['map', 'site', 'print'] as const;
export type RouteName = (typeof ROUTE_NAMES)[number];

export type AppRoute =
  | { route: 'map'; params: MapParams }
  /** One parcel's page, for sending to a prospect; `id` is a valid parcel id. */
  | { route: 'site'; id: string; params: MapParams }
  /** The print page: the map's view and layers, plus page settings; `print` absent = all defaults. */
  | { route: 'print'; params: MapParams; print?: PrintParams };

/** The view a link without params opens. Frozen: use defaultMapParams() for a copy to change. */
export const DEFAULT_MAP_PARAMS: Readonly<MapParams> = Object.freeze(defaultMapParams());

// The map and the print page show a place, so a shared link should pin the view even where it is the
// default view (defaults may change between releases). A site page shows one parcel wherever it is.
const ALWAYS_WRITTEN: Record<RouteName, readonly MapParamField[]> = {
  map: ['center', 'zoom'],
  print: ['center', 'zoom'],
  site: [],
};

// Map params whose key a print param uses: on the print route the print param owns the key.
const PRINT_KEYS = new Set(Object.values(PRINT_PARAM_DEFS).map((d) => d.key));
const SHADOWED_ON_PRINT = (Object.keys(MAP_PARAM_DEFS) as MapParamField[]).filter((f) => PRINT_KEYS.has(MAP_PARAM_DEFS[f].key));

/** Reads the part after `?` as map params. The first occurrence of a key decides; a bad value falls back. */
export function parseQuery(query: string): MapParams {
  return readParams(MAP_PARAM_DEFS, rawQuery(query), defaultMapParams());
}

/** Writes map params in definition order; a value equal to its default is left out unless `always` names it. */
export function formatQuery(params: MapParams, always: readonly MapParamField[] = []): string {
  return writeParams(MAP_PARAM_DEFS, params, always).join('&');
}

/** The print params of a print route (defaults where the route has none). */
export function printParamsOf(route: AppRoute): PrintParams {
  return route.route === 'print' && route.print ? route.print : defaultPrintParams();
}

function sameAsDefault(p: PrintParams): boolean {
  return writeParams(PRINT_PARAM_DEFS, p).length === 0;
}

/** Any string → a route. Unknown routes open the map; their params are still honoured. */
export function parseHash(hash: string): AppRoute {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const q = body.indexOf('?');
  const path = q === -1 ? body : body.slice(0, q);
  const raw = rawQuery(q === -1 ? '' : body.slice(q + 1));
  const segments = path.split('/').filter((s) => s !== '');
  const name = segments[0] === undefined ? 'map' : safeDecode(segments[0]);
  if (name === 'print') {
    const params = readParams(MAP_PARAM_DEFS, raw, defaultMapParams(), SHADOWED_ON_PRINT);
    const print = readParams(PRINT_PARAM_DEFS, raw, defaultPrintParams());
    // Left out when default, so a plain print link reads as { route, params } like the other routes.
    return sameAsDefault(print) ? { route: 'print', params } : { route: 'print', params, print };
  }
  const params = readParams(MAP_PARAM_DEFS, raw, defaultMapParams());
  if (name === 'site') {
    const id = segments[1] === undefined ? undefined : safeDecode(segments[1]);
    if (id !== undefined && PARCEL_ID_PATTERN.test(id)) return { route: 'site', id, params };
  }
  return { route: 'map', params };
}

/** The canonical hash for a route, starting with `#/`. */
export function formatHash(route: AppRoute): string {
  const path = route.route === 'site' ? `/site/${encodeValue(route.id)}` : `/${route.route}`;
  const parts =
    route.route === 'print'
      ? [...writeParams(MAP_PARAM_DEFS, route.params, ALWAYS_WRITTEN.print, SHADOWED_ON_PRINT), ...writeParams(PRINT_PARAM_DEFS, printParamsOf(route))]
      : writeParams(MAP_PARAM_DEFS, route.params, ALWAYS_WRITTEN[route.route]);
  return parts.length === 0 ? `#${path}` : `#${path}?${parts.join('&')}`;
}

/** The map route for some params: the usual way the app writes its state. */
export function mapHash(params: MapParams): string {
  return formatHash({ route: 'map', params });
}

/** True when two routes would be written as the same URL (float noise below URL precision is equal). */
export function sameRoute(a: AppRoute, b: AppRoute): boolean {
  return formatHash(a) === formatHash(b);
}
