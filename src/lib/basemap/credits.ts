// What a basemap owes wherever its tiles appear (《地图管理条例》): the provider's credit and its 审图号 — on the
// map (MapLibre's attribution control, from the source's `attribution`), on prospect pages, and in print, where the
// source block also carries the 审图号 of the county's own map.
import { t, type Lang } from '../i18n/index.ts';
import type { Basemap } from './types.ts';

/** The credit shown with a basemap's tiles, e.g. `天地图 · 审图号：GS(2099)0000号`. */
export function basemapCredit(b: Pick<Basemap, 'attribution' | 'review_number'>, lang: Lang): string {
  return `${b.attribution[lang]} · ${t(lang, 'basemap.reviewNumber', { n: b.review_number })}`;
}

/** The print sheet's source-block lines for the basemap and the county's map number. */
export interface CreditLines {
  /** `底图：天地图 · 审图号：GS(2099)0000号`; null when no provider's tiles are drawn (offline base or none). */
  basemap: string | null;
  /** `审图号：浙S(2024)00号`, or `审图号：未配置` when the configuration has none. */
  county: string;
}

export function creditLines(basemap: Pick<Basemap, 'attribution' | 'review_number'> | null, countyReviewNumber: string | null, lang: Lang): CreditLines {
  return {
    basemap: basemap ? t(lang, 'basemap.source', { credit: basemapCredit(basemap, lang) }) : null,
    county: countyReviewNumber === null ? t(lang, 'basemap.reviewNotConfigured') : t(lang, 'basemap.reviewNumber', { n: countyReviewNumber }),
  };
}
