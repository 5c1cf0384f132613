// The one wording of a basemap whose tiles failed, for the planner map's notice and the print page's.
import { t, type Lang } from '../i18n/index.ts';
import type { Basemap, BasemapFailure } from './types.ts';

/** e.g. 「底图「天地图影像」加载失败（HTTP 403）。数据图层不受影响。」; a null status is "no answer" (无法连接). */
export function basemapFailureText(basemap: Pick<Basemap, 'name'>, failure: Pick<BasemapFailure, 'status'>, lang: Lang): string {
  const status = failure.status ? t(lang, 'basemap.failureHttp', { status: failure.status }) : t(lang, 'basemap.failureNetwork');
  return t(lang, 'basemap.failure', { name: basemap.name[lang], status });
}
