// Share links. A prospect link is `<origin><path>#/site/<id>` plus `?lang=en` when English (zh is the
// default and is left out, the same canonical form the app's hash codec writes), nothing else, so a link
// stays short, stable across releases and free of planner state. An internal link opens the planner map
// on the parcel.
import { formatHash } from '../url/hash.ts';
import type { Lang } from '../i18n/index.ts';
import { defaultMapParams, PARCEL_ID_PATTERN } from '../url/params.ts';

/** Origin plus path of the app, e.g. `https://gis.example.cn/tenglong/` (query and hash dropped). */
export function appBase(href: string): string {
  const u = new URL(href);
  return `${u.origin}${u.pathname}`;
}

function checkId(id: string): void {
  if (!PARCEL_ID_PATTERN.test(id)) throw new Error(`share link: "${id}" is not a valid parcel id (${PARCEL_ID_PATTERN})`);
}

export function prospectLink(base: string, id: string, lang: Lang): string {
  checkId(id);
  return base + formatHash({ route: 'site', id, params: { ...defaultMapParams(), lang } });
}

/** The planner map centred on the parcel at a street-level zoom, with the parcel selected. */
export function internalLink(base: string, id: string, centre: [number, number], lang: Lang, zoom = 17): string {
  checkId(id);
  return base + formatHash({ route: 'map', params: { ...defaultMapParams(), center: centre, zoom, parcel: id, lang } });
}
