// What each printed page shows: its title, the view (centre, zoom, bearing), the scale and, on district and
// atlas pages, the key figures. Pure, so the page list (and the page count shown before printing) can be
// tested without a browser.
import { t, type Lang } from '../i18n/index.ts';
import type { MapParams } from '../url/params.ts';
import { districtBbox, keyFigures, type KeyFigures, type PrintBlock, type PrintParcel } from './districts.ts';
import type { FitTarget, PrintParams } from './params.ts';
import { fitBbox, scaleDenominator, zoomForScale } from './scale.ts';

export interface PageView {
  center: [number, number];
  zoom: number;
  bearing: number;
}
export interface PageSpec {
  key: string;
  title: string;
  subtitle: string;
  view: PageView;
  /** Scale denominator at the page centre (exactly the fixed scale when one is set). */
  scale: number;
  figures: KeyFigures | null;
  target: FitTarget | null;
  /** Set when the fit target matched nothing; the page then shows the map view. */
  problem: string | null;
}

export interface PagesInput {
  map: MapParams;
  print: PrintParams;
  parcels: readonly PrintParcel[];
  blocks: readonly PrintBlock[];
  /** Map frame, CSS px. */
  frame: { w: number; h: number };
}

/** Margin round a fitted district, as a share of the frame's shorter side. */
export const FIT_MARGIN_SHARE = 0.06;

function targetName(target: FitTarget, blocks: readonly PrintBlock[]): string {
  if (target.kind === 'block') return blocks.find((b) => b.properties.id === target.id)?.properties.name ?? target.id;
  return target.id;
}

function viewFor(input: PagesInput, target: FitTarget | null): { view: PageView; problem: string | null } {
  const { map, print, frame } = input;
  let view: PageView = { center: [...map.center], zoom: map.zoom, bearing: map.bearing };
  let problem: string | null = null;
  if (target) {
    const bbox = districtBbox(target, input.parcels, input.blocks);
    if (bbox) {
      const v = fitBbox(bbox, frame.w, frame.h, Math.round(FIT_MARGIN_SHARE * Math.min(frame.w, frame.h)), 18);
      view = { center: v.center, zoom: v.zoom, bearing: 0 };
    } else problem = `${target.kind}:${target.id}`;
  }
  if (print.scale !== null) view = { ...view, zoom: zoomForScale(view.center[1], print.scale) };
  return { view, problem };
}

export function buildPages(input: PagesInput, lang: Lang): PageSpec[] {
  const { print } = input;
  const page = (key: string, target: FitTarget | null, title: string, subtitle: string, figures: boolean): PageSpec => {
    const { view, problem } = viewFor(input, target);
    return {
      key,
      title,
      subtitle,
      view,
      scale: print.scale ?? scaleDenominator(view.center[1], view.zoom),
      figures: figures && target ? keyFigures(target, input.parcels, input.blocks) : null,
      target,
      problem,
    };
  };
  if (print.atlas !== 'none') {
    const subtitle = [print.title, print.subtitle].filter((s) => s !== '').join(' · ') || t(lang, 'print.defaultTitle');
    const targets: FitTarget[] =
      print.atlas === 'block'
        ? [...input.blocks].sort((a, b) => a.properties.id.localeCompare(b.properties.id)).map((b) => ({ kind: 'block' as const, id: b.properties.id }))
        : [...new Set(input.parcels.map((p) => p.properties.park).filter((p): p is string => !!p))]
            .sort((a, b) => a.localeCompare(b, 'zh-CN'))
            .map((id) => ({ kind: 'park' as const, id }));
    return targets.map((tg) => page(`${tg.kind}:${tg.id}`, tg, targetName(tg, input.blocks), subtitle, true));
  }
  const target = print.fit;
  const auto = target ? t(lang, 'print.districtTitle', { name: targetName(target, input.blocks) }) : t(lang, 'print.defaultTitle');
  return [page('single', target, print.title || auto, print.subtitle, target !== null)];
}
