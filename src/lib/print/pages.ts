// What each printed page shows: its title, the view (centre, zoom, bearing), the scale and, on district and
// atlas pages, the key figures. Pure, so the page list (and the page count shown before printing) can be
// tested without a browser.
import { t, type Lang } from '../i18n/index.ts';
import type { MapParams } from '../url/params.ts';
import { countyDistricts, figuresOf, type Bbox, type DistrictSource, type KeyFigures, type PrintBlock, type PrintParcel } from './districts.ts';
import { unionBbox } from '../geo/shape.ts';
import type { FitTarget, PrintParams } from '../url/print-params.ts';
import { chainName, linkName, parcelsBbox, siteFigures, type ChainFitSource, type ChainMember, type SiteFigures, type SitesSource } from './sites.ts';
import { fitBbox, scaleDenominator, zoomForScale } from './scale.ts';
import { dayOf } from '../campaign/as-of.ts';
import type { CampaignPlace } from '../campaign/map-features.ts';

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
  /** Candidate site shown on a `sites` atlas page. */
  site: SiteFigures | null;
  /** Said on the sheet itself: no candidate site, no such demand, internal data unavailable, … */
  notice: string | null;
  /** Parcel ids outlined on the map: a candidate site's members, or a fitted chain's parcels. */
  highlight: string[];
  /** A 作战图 page's town or block (layout=campaign), null on every other page. */
  campaign: CampaignPlace | null;
}

export interface PagesInput {
  map: MapParams;
  print: PrintParams;
  /** The county's parcels: the districts' source when `districts` is absent (a build without the areas' boxes). */
  parcels: readonly PrintParcel[];
  /** Towns, parks and blocks without the county (statsDistricts); absent = from `parcels`. */
  districts?: DistrictSource;
  blocks: readonly PrintBlock[];
  /** Map frame, CSS px. */
  frame: { w: number; h: number };
  /** Needed for `atlas=sites`; absent = unavailable. */
  sites?: SitesSource;
  /** Needed for `fit=chain:…`; absent = unavailable. */
  chainFit?: ChainFitSource;
  /** Today (China's calendar), for a 作战图 "as of now"; absent = the year's end is used as is. */
  today?: string;
}

/** Margin round a fitted district, as a share of the frame's shorter side. */
export const FIT_MARGIN_SHARE = 0.06;
/** Margin round a candidate site: wider, so its neighbours and roads show. */
export const SITE_MARGIN_SHARE = 0.2;
/** Parcel ids written out in a site page's title before it says "等 N 宗". */
export const SITE_TITLE_IDS = 3;

function targetName(target: FitTarget, blocks: readonly PrintBlock[], input: PagesInput, lang: Lang): string {
  if (target.kind === 'block') return blocks.find((b) => b.properties.id === target.id)?.properties.name ?? target.id;
  if (target.kind === 'chain' && input.chainFit?.state === 'ready') return chainName(input.chainFit.chains, target.id, lang);
  return target.id;
}

function chainParcels(input: PagesInput, id: string): ChainMember[] {
  const cf = input.chainFit;
  return cf?.state === 'ready' ? cf.ids(id).flatMap((x) => cf.parcel(x) ?? []) : [];
}

function targetBbox(input: PagesInput, districts: DistrictSource, target: FitTarget): Bbox | null {
  if (target.kind === 'chain') return unionBbox(chainParcels(input, target.id).map((p) => p.bbox));
  return districts.bbox(target);
}

function districtsOf(input: PagesInput): DistrictSource {
  return input.districts ?? countyDistricts(input.parcels, input.blocks);
}

/** The page view: fitted to bbox (with a margin) when there is one, else the map's; a fixed scale overrides the zoom. */
function viewOf(input: PagesInput, bbox: Bbox | null, marginShare: number): PageView {
  const { map, print, frame } = input;
  let view: PageView = { center: [...map.center], zoom: map.zoom, bearing: map.bearing };
  if (bbox) {
    const v = fitBbox(bbox, frame.w, frame.h, Math.round(marginShare * Math.min(frame.w, frame.h)), 18);
    view = { center: v.center, zoom: v.zoom, bearing: 0 };
  }
  if (print.scale !== null) view = { ...view, zoom: zoomForScale(view.center[1], print.scale) };
  return view;
}

function makePage(
  input: PagesInput,
  p: Omit<PageSpec, 'view' | 'scale' | 'highlight' | 'campaign'> & { bbox: Bbox | null; margin: number; highlight?: string[]; campaign?: CampaignPlace | null },
): PageSpec {
  const view = viewOf(input, p.bbox, p.margin);
  const { bbox: _b, margin: _m, highlight, campaign, ...rest } = p;
  return { ...rest, highlight: highlight ?? [], campaign: campaign ?? null, view, scale: input.print.scale ?? scaleDenominator(view.center[1], view.zoom) };
}

/** "截至 2024 年末", or "现在（day）" for now and for a year not over yet. */
export function asOfText(input: Pick<PagesInput, 'map' | 'today'>, lang: Lang): string {
  const choice = input.map.year;
  const today = input.today ?? '9999-12-31';
  const day = dayOf(choice, today);
  if (choice !== 'now' && day === `${choice}-12-31`) return t(lang, 'campaignMap.asOf', { year: choice });
  return t(lang, 'campaignMap.asOfNow', { day: input.today ?? '' });
}

/** 作战图 pages: one for the chosen town (or block), or one per town / block with atlas=town / block. */
function campaignPages(input: PagesInput, lang: Lang): PageSpec[] {
  const { print } = input;
  const districts = districtsOf(input);
  const places: CampaignPlace[] =
    print.atlas === 'town'
      ? districts.names.towns.map((id) => ({ kind: 'town' as const, id }))
      : print.atlas === 'block'
        ? [...input.blocks].sort((a, b) => a.properties.id.localeCompare(b.properties.id)).map((b) => ({ kind: 'block' as const, id: b.properties.id }))
        : print.town !== ''
          ? [{ kind: 'town', id: print.town }]
          : print.block !== ''
            ? [{ kind: 'block', id: print.block }]
            : [];
  const asOf = asOfText(input, lang);
  const subtitle = [asOf, print.subtitle].filter((s) => s !== '').join(' · ');
  if (places.length === 0) {
    const title = print.title || t(lang, 'print.layout.campaign');
    return [makePage(input, { key: 'campaign:none', title, subtitle, figures: null, target: null, problem: null, site: null, notice: t(lang, 'campaignMap.print.noPlace'), bbox: null, margin: 0 })];
  }
  return places.map((place) => {
    const target: FitTarget = { kind: place.kind, id: place.id };
    const bbox = districts.bbox(target);
    const name = targetName(target, input.blocks, input, lang);
    const auto = t(lang, place.kind === 'town' ? 'campaignMap.print.townTitle' : 'campaignMap.print.blockTitle', { name });
    return makePage(input, {
      key: `campaign:${place.kind}:${place.id}`,
      // an atlas names each page by its place; a single page takes the user's title
      title: print.atlas === 'none' && print.title ? print.title : auto,
      subtitle,
      figures: null,
      target,
      problem: bbox ? null : `${place.kind}:${place.id}`,
      site: null,
      notice: bbox ? null : t(lang, 'campaignMap.print.unknownPlace', { place: name }),
      bbox,
      margin: FIT_MARGIN_SHARE,
      campaign: place,
    });
  });
}

/** One page per ranked candidate site of the chosen demand; one honest page when there is none. */
function sitePages(input: PagesInput, lang: Lang): PageSpec[] {
  const src = input.sites;
  const id = input.print.demand;
  const lone = (title: string, subtitle: string, notice: string): PageSpec[] => [
    makePage(input, { key: `sites:${id}:none`, title, subtitle, figures: null, target: null, problem: null, site: null, notice, bbox: null, margin: 0 }),
  ];
  if (src?.state === 'loading') return [];
  const heading = id === '' ? t(lang, 'print.atlas.sites') : t(lang, 'print.sites.emptyTitle', { demand: id });
  if (!src || src.state === 'unavailable') return lone(heading, '', t(lang, 'print.sites.unavailable', { reason: src?.reason ?? '—' }));
  if (id === '') return lone(heading, '', t(lang, 'print.sites.noDemand'));
  const d = src.demand;
  const r = src.ranking;
  if (!d || !r) return lone(heading, '', t(lang, 'print.sites.unknownDemand', { demand: id }));
  const demandLine = t(lang, 'print.sites.demandLine', {
    id: d.id,
    chain: chainName(src.chains, d.chain, lang),
    link: linkName(src.chains, d.chain, d.link, lang),
    mu: d.land_mu,
    inv: d.investment_100m,
    park: d.park ?? t(lang, 'print.sites.anyPark'),
  });
  // A ranking within a map area (the URL's sa=) says so on every page: it is not the whole territory's.
  const a = input.map.siteArea;
  const summary = a ? `${demandLine}${t(lang, 'print.sites.within', { w: a[0].toFixed(3), e: a[2].toFixed(3), s: a[1].toFixed(3), n: a[3].toFixed(3) })}` : demandLine;
  const ranked = r.candidates.filter((c) => c.rank !== null);
  if (ranked.length === 0) {
    const reason = r.empty_reason?.[lang] ?? t(lang, 'print.sites.noReason');
    return lone(heading, summary, t(lang, 'print.sites.none', { reason }));
  }
  return ranked.map((c) => {
    const f = siteFigures(r, c, c.rank ?? 0);
    // up to SITE_TITLE_IDS ids in the title; the side column lists them all
    const ids = f.ids.length <= SITE_TITLE_IDS ? f.ids.join(' + ') : t(lang, 'print.sites.idsMore', { first: f.ids[0] ?? '', n: f.ids.length });
    return makePage(input, {
      key: `sites:${d.id}:${f.rank}:${f.ids.join('+')}`,
      title: t(lang, 'print.sites.pageTitle', { demand: d.id, rank: f.rank, ids }),
      subtitle: summary,
      figures: null,
      target: null,
      problem: null,
      site: f,
      notice: null,
      bbox: parcelsBbox(f.ids, src.parcel),
      margin: SITE_MARGIN_SHARE,
      highlight: f.ids,
    });
  });
}

export function buildPages(input: PagesInput, lang: Lang): PageSpec[] {
  const { print } = input;
  const districts = districtsOf(input);
  const page = (key: string, target: FitTarget | null, title: string, subtitle: string, figures: boolean): PageSpec => {
    const bbox = target ? targetBbox(input, districts, target) : null;
    let notice: string | null = null;
    if (target?.kind === 'chain') {
      const cf = input.chainFit;
      if (!cf || cf.state === 'unavailable') notice = t(lang, 'print.chain.unavailable', { reason: cf?.state === 'unavailable' ? cf.reason : '—' });
      else if (!bbox) notice = t(lang, 'print.chain.noParcels', { chain: targetName(target, input.blocks, input, lang) });
    }
    const fig = !figures || !target ? null : target.kind === 'chain' ? (bbox ? figuresOf(chainParcels(input, target.id)) : null) : districts.figures(target);
    const highlight = target?.kind === 'chain' && input.chainFit?.state === 'ready' ? input.chainFit.ids(target.id) : [];
    return makePage(input, { key, title, subtitle, figures: fig, target, problem: target && !bbox ? `${target.kind}:${target.id}` : null, site: null, notice, bbox, margin: FIT_MARGIN_SHARE, highlight });
  };
  if (print.layout === 'campaign') return campaignPages(input, lang);
  if (print.atlas === 'sites') return sitePages(input, lang);
  if (print.atlas !== 'none') {
    const subtitle = [print.title, print.subtitle].filter((s) => s !== '').join(' · ') || t(lang, 'print.defaultTitle');
    const targets: FitTarget[] =
      print.atlas === 'block'
        ? [...input.blocks].sort((a, b) => a.properties.id.localeCompare(b.properties.id)).map((b) => ({ kind: 'block' as const, id: b.properties.id }))
        : print.atlas === 'town'
          ? districts.names.towns.map((id) => ({ kind: 'town' as const, id }))
          : districts.names.parks.map((id) => ({ kind: 'park' as const, id }));
    return targets.map((tg) => page(`${tg.kind}:${tg.id}`, tg, targetName(tg, input.blocks, input, lang), subtitle, true));
  }
  const target = print.fit;
  if (target?.kind === 'chain' && input.chainFit?.state === 'loading') return [];
  const name = target ? targetName(target, input.blocks, input, lang) : '';
  const auto = !target ? t(lang, 'print.defaultTitle') : target.kind === 'chain' ? t(lang, 'print.chainTitle', { name }) : t(lang, 'print.districtTitle', { name });
  return [page('single', target, print.title || auto, print.subtitle, target !== null)];
}
