// The URL hash is the single source of truth for what every route shows (map, site and print params alike).
// Components change it through the methods here, never by writing location.hash; each change is written back
// to the hash (push for a new selection so Back restores the previous card, replace for panning so history
// is not flooded) and Back/Forward/edits flow in through hashchange. Stores that need a URL value read it
// from here; nothing keeps a copy.
import { formatHash, parseHash, printParamsOf, type AppRoute } from '../lib/url/hash.ts';
import type { ColourMode } from '../lib/style/parcel-style.ts';
import type { YearChoice } from '../lib/campaign/as-of.ts';
import { siteAreaParam, type LayerId, type MapParams, type PanelId } from '../lib/url/params.ts';
import type { PrintParams } from '../lib/url/print-params.ts';

export class UrlState {
  route = $state<AppRoute>(parseHash(typeof location === 'undefined' ? '' : location.hash));

  get params(): MapParams {
    return this.route.params;
  }

  /** The print page's settings (defaults on other routes). */
  get print(): PrintParams {
    return printParamsOf(this.route);
  }

  constructor() {
    const sync = () => {
      const next = parseHash(location.hash);
      if (formatHash(next) !== formatHash(this.route)) this.route = next;
    };
    window.addEventListener('hashchange', sync);
    window.addEventListener('popstate', sync);
    // Normalise a malformed or partial hash at once, so what the address bar shows is what the app uses.
    this.write(false);
  }

  private write(push: boolean): void {
    const h = formatHash(this.route);
    if (location.hash === h) return;
    if (push) history.pushState(null, '', h);
    else history.replaceState(null, '', h);
  }

  private update(patch: Partial<MapParams>, push: boolean): void {
    this.route = { ...this.route, params: { ...this.route.params, ...patch } } as AppRoute;
    this.write(push);
  }

  setView(center: [number, number], zoom: number, bearing: number): void {
    const r = (n: number, d: number) => Math.round(n * 10 ** d) / 10 ** d;
    const c: [number, number] = [r(center[0], 5), r(center[1], 5)];
    const z = r(zoom, 2);
    const b = r(bearing, 1);
    const p = this.params;
    if (p.center[0] === c[0] && p.center[1] === c[1] && p.zoom === z && p.bearing === b) return;
    this.update({ center: c, zoom: z, bearing: b }, false);
  }

  /** The 招商 ranking's area (null: the whole territory); a new area is a new history entry, as a new selection. */
  setSiteArea(box: [number, number, number, number] | null): void {
    const next = box ? siteAreaParam.parse(siteAreaParam.format(box)) ?? null : null;
    const cur = this.params.siteArea;
    if (next === cur || (next && cur && next.every((x, i) => x === cur[i]))) return;
    this.update({ siteArea: next }, true);
  }

  select(id: string | null): void {
    if (this.params.parcel === id) return;
    this.update({ parcel: id }, true);
  }

  toggleLayer(id: LayerId, on: boolean): void {
    const set = new Set(this.params.layers);
    if (on) set.add(id);
    else set.delete(id);
    // parseHash normalises the order; keep the same order here so the hash round-trips.
    this.update({ layers: parseHash(`#/map?l=${[...set].join(',')}`).params.layers }, false);
  }

  /** The basemap choice ('offline', 'none' or a configured id). */
  setBasemap(basemap: string): void {
    if (this.params.basemap === basemap) return;
    this.update({ basemap }, false);
  }

  /** Imagery opacity, percent 0–100 (rounded: the URL holds whole numbers). */
  setBasemapOpacity(percent: number): void {
    const v = Math.min(100, Math.max(0, Math.round(percent)));
    if (this.params.basemapOpacity === v) return;
    this.update({ basemapOpacity: v }, false);
  }

  setBasemapAnnotation(on: boolean): void {
    if (this.params.basemapAnnotation === on) return;
    this.update({ basemapAnnotation: on }, false);
  }

  setMode(mode: ColourMode): void {
    this.update({ mode }, false);
  }

  setLang(lang: 'zh' | 'en'): void {
    this.update({ lang }, false);
  }

  setPanel(panel: PanelId): void {
    this.update({ panel }, false);
  }

  setQuery(q: string): void {
    this.update({ q }, false);
  }

  /** Findings-view rule filter ('' = none). */
  setRule(rule: string): void {
    if (this.params.rule === rule) return;
    this.update({ rule }, false);
  }

  /**
   * 招商 view: chosen chain, link and demand ('' = none). A user's choice is pushed so Back restores the
   * previous one; a correction of the link itself (a demand's own chain and link filled in) replaces.
   */
  setChainView(chain: string, link: string, demand: string, push = true): void {
    const p = this.params;
    if (p.chain === chain && p.link === link && p.demand === demand) return;
    this.update({ chain, link, demand }, push);
  }

  /** The year control (issue 15): the registers, map and dashboard as of a campaign year's end, or now. */
  setYear(year: YearChoice): void {
    if (this.params.year === year) return;
    this.update({ year }, false);
  }

  /**
   * Opens a register record (`kind:id`, '' = none) in the campaign panel; pushed so Back returns to the list. With
   * `panel`, switches to that tab too (the parcel card's links open the campaign panel).
   */
  setRecord(record: string, panel?: PanelId): void {
    if (this.params.record === record && (panel === undefined || this.params.panel === panel)) return;
    this.update(panel === undefined ? { record } : { record, panel }, true);
  }

  /** Print page settings; replaced (not pushed): page set-up is one place in history. No-op off the print route. */
  setPrint(patch: Partial<PrintParams>): void {
    if (this.route.route !== 'print') return;
    this.route = { ...this.route, print: { ...this.print, ...patch } };
    this.write(false);
  }
}
