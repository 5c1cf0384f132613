// Print links: the print route's params (declared in src/lib/url/print-params.ts) read from and written to
// a hash or a bare query, through the app's one URL codec. A print link is a map link plus page settings.
import { formatHash, parseHash } from '../url/hash.ts';
import type { MapParams } from '../url/params.ts';
import { PRINT_PARAM_DEFS, defaultPrintParams, type PrintParams } from '../url/print-params.ts';
import { rawQuery, readParams, writeParams } from '../url/query.ts';

/** Reads the print params from a hash (`#/print?…`) or a bare query; the first occurrence of a key decides. */
export function parsePrintQuery(hashOrQuery: string): PrintParams {
  if (hashOrQuery.startsWith('#')) {
    const r = parseHash(hashOrQuery);
    return r.route === 'print' && r.print ? r.print : defaultPrintParams();
  }
  const q = hashOrQuery.indexOf('?');
  return readParams(PRINT_PARAM_DEFS, rawQuery(q === -1 ? hashOrQuery : hashOrQuery.slice(q + 1)), defaultPrintParams());
}

/** The print params that differ from their defaults, as `key=value&…` (no leading `&`). */
export function formatPrintQuery(p: PrintParams): string {
  return writeParams(PRINT_PARAM_DEFS, p).join('&');
}

/** The full print link: the map params, then the print params. */
export function printHash(params: MapParams, print: PrintParams): string {
  return formatHash({ route: 'print', params, print });
}
