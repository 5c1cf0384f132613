import { describe, expect, it } from 'vitest';
import type { SiteRanking } from '../chain/site-types.ts';
import type { AreaGeometry, Chain, Demand } from '../data/schema.ts';
import { defaultMapParams } from '../url/params.ts';
import type { PrintParcel } from './districts.ts';
import { buildPages, SITE_MARGIN_SHARE } from './pages.ts';
import { defaultPrintParams } from '../url/print-params.ts';
import { bboxOf } from '../geo/index.ts';
import { candidateMembers, chainMemberOf, chainMembersOf, chainParcelIds, parcelsBbox, type ChainFitSource, type SitesSource } from './sites.ts';

function square(lon: number, lat: number, d: number): AreaGeometry {
  return { type: 'Polygon', coordinates: [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]] };
}
function parcel(lon: number, lat: number, status: string, mu: number): PrintParcel {
  return { geometry: square(lon, lat, 0.002), properties: { town: '跃龙街道', park: null, low_eff_block: null, status, area_mu_planar: mu } };
}
const byId = new Map<string, PrintParcel>([
  ['NH-1', parcel(121.40, 29.30, 'idle', 20)],
  ['NH-2', parcel(121.41, 29.31, 'in_use', 30)],
  ['NH-3', parcel(121.50, 29.40, 'supplied_not_used', 8)],
]);
const chains: Chain[] = [
  { id: 'auto', name: { zh: '汽车零部件', en: 'Auto parts' }, links: [{ id: 'mould', name: { zh: '模具', en: 'Moulds' }, order: 1 }] },
];
const demand: Demand = { id: 'D-9', chain: 'auto', link: 'mould', profile: '', land_mu: 25, investment_100m: 3, park: null, status: 'open' };

type Cand = SiteRanking['candidates'][number];
function cand(id: string, rank: number, score: number, extra: Partial<Cand> & { members?: string[] } = {}): Cand {
  return {
    parcel_id: id, name: id, point: [121.4, 29.3], area_mu: 20, status: 'idle', grade: null, park: null, zone: 'none', control_line: 0, far_max: null,
    score, parts: [{ part: 'area', weight: 30, value: 0.5, points: 15, detail: { zh: '面积', en: 'area' } }], nearest: [], blocking: [], rank, ...extra,
  } as Cand;
}
// Only the fields the print pages read; the ranking may grow more (assembled sites) without this fixture changing.
function ranking(candidates: Cand[], empty: SiteRanking['empty_reason'] = null): SiteRanking {
  return {
    demand_id: 'D-9', need_mu: 25, need_far: 1, area_window_mu: [22.5, 62.5], max_score: 100, pool: 3, area_fit: candidates.length, largest_mu: 30,
    upstream: null, downstream: null, candidates, blocked: [], empty_reason: empty,
  } as SiteRanking;
}
const ready = (r: SiteRanking | null, d: Demand | null = demand): SitesSource => ({ state: 'ready', chains, demand: d, ranking: r, parcel: (id) => byId.get(id) });

const map = { ...defaultMapParams(), center: [121.45, 29.35] as [number, number], zoom: 12, bearing: 0 };
const frame = { w: 800, h: 600 };
const parcels = [...byId.values()];
const sitesPrint = { ...defaultPrintParams(), atlas: 'sites' as const, demand: 'D-9' };

describe('candidate members and chain parcels', () => {
  it('uses members when the ranking assembled a site, else the parcel itself', () => {
    expect(candidateMembers({ parcel_id: 'NH-1' })).toEqual(['NH-1']);
    expect(candidateMembers({ parcel_id: 'NH-1', members: ['NH-1', 'NH-2', 'NH-1'] } as { parcel_id: string })).toEqual(['NH-1', 'NH-2']);
    // malformed members fall back to the parcel id
    expect(candidateMembers({ parcel_id: 'NH-1', members: [] } as { parcel_id: string })).toEqual(['NH-1']);
    expect(candidateMembers({ parcel_id: 'NH-1', members: [3] } as { parcel_id: string })).toEqual(['NH-1']);
  });
  it('bounds the members that exist', () => {
    const b = parcelsBbox(['NH-2', 'NH-1', 'NH-404'], (id) => byId.get(id));
    [121.40, 29.30, 121.412, 29.312].forEach((w, i) => expect(b?.[i]).toBeCloseTo(w, 12));
    expect(parcelsBbox(['NH-404'], (id) => byId.get(id))).toBeNull();
  });
  it('finds a chain’s parcels through its firms', () => {
    const firms = [{ id: 'E1', chain: 'auto' }, { id: 'E2', chain: 'textile' }, { id: 'E3', chain: 'auto' }];
    const ps = [{ id: 'P3', enterprise_id: 'E3' }, { id: 'P1', enterprise_id: 'E1' }, { id: 'P2', enterprise_id: 'E2' }, { id: 'P4', enterprise_id: null }];
    expect(chainParcelIds('auto', firms, ps)).toEqual(['P1', 'P3']);
    expect(chainParcelIds('none', firms, ps)).toEqual([]);
  });
});

describe('sites atlas pages', () => {
  it('one page per ranked site, in rank order, titled with demand, rank and parcel ids, fitted to the site', () => {
    const r = ranking([
      cand('NH-2', 1, 80.5),
      cand('NH-1+NH-3', 2, 70, { members: ['NH-1', 'NH-3'], name: '甲地块 +1' }),
      cand('NH-1+NH-2+NH-3+NH-4', 3, 60, { members: ['NH-1', 'NH-2', 'NH-3', 'NH-4'], variants: 4 }),
    ]);
    const pages = buildPages({ map, print: sitesPrint, parcels, blocks: [], frame, sites: ready(r) }, 'zh');
    // the ranking's variant count reaches the page (none given = 0)
    expect(pages.map((p) => p.site?.variants)).toEqual([0, 0, 4]);
    // more than three members: the first id and the count (NH-4 has no geometry; the fit uses the three that exist)
    expect(pages.map((p) => p.title)).toEqual(['D-9 候选地块 1：NH-2', 'D-9 候选地块 2：NH-1 + NH-3', 'D-9 候选地块 3：NH-1 等 4 宗']);
    expect(pages[0]!.subtitle).toBe('招引需求 D-9：汽车零部件 · 模具，用地 25 亩，投资 3 亿元，意向园区 不限');
    expect(pages[0]!.site).toMatchObject({ rank: 1, ids: ['NH-2'], score: 80.5, max_score: 100, blocking: [] });
    expect(pages[1]!.site?.ids).toEqual(['NH-1', 'NH-3']);
    expect(pages.map((p) => p.highlight)).toEqual([['NH-2'], ['NH-1', 'NH-3'], ['NH-1', 'NH-2', 'NH-3', 'NH-4']]);
    // page 1 centred on NH-2 (121.41–121.412, 29.31–29.312)
    expect(pages[0]!.view.center[0]).toBeCloseTo(121.411, 9);
    // 0.002° of latitude at 29.31° is 0.002 / cos(29.31°) ≈ 0.002293 Mercator degrees; the frame's height
    // less a 20 % margin each side (600 − 2·120 = 360 px) limits the zoom
    const pxPerDeg = (512 * 2 ** pages[0]!.view.zoom) / 360;
    const hPx = (0.002 / Math.cos((29.311 * Math.PI) / 180)) * pxPerDeg;
    expect(SITE_MARGIN_SHARE).toBe(0.2);
    expect(hPx).toBeLessThanOrEqual(360 + 0.5);
    expect(hPx).toBeGreaterThan(250);
    // page 2 spans both members: centre between NH-1 and NH-3
    expect(pages[1]!.view.center[0]).toBeCloseTo((121.40 + 121.502) / 2, 9);
    expect(new Set(pages.map((p) => p.key)).size).toBe(3);
    // Ranked within a map area (sa=): every page says so, with the area's box.
    const within = buildPages({ map: { ...map, siteArea: [121.4, 29.3, 121.55, 29.4] }, print: sitesPrint, parcels, blocks: [], frame, sites: ready(r) }, 'zh');
    expect(within.map((p) => p.subtitle)).toEqual(Array(3).fill('招引需求 D-9：汽车零部件 · 模具，用地 25 亩，投资 3 亿元，意向园区 不限；仅在地图选定范围内找地（121.400–121.550°E，29.300–29.400°N）'));
  });
  it('no candidate: one honest page with the ranking’s reason', () => {
    const r = ranking([], { zh: '没有面积在 90–250 亩之间的候选地块', en: 'no site of 90–250 mu' });
    const pages = buildPages({ map, print: sitesPrint, parcels, blocks: [], frame, sites: ready(r) }, 'zh');
    expect(pages).toHaveLength(1);
    expect(pages[0]!.title).toBe('D-9 无候选地块');
    expect(pages[0]!.notice).toBe('该招引需求没有候选地块：没有面积在 90–250 亩之间的候选地块');
    expect(pages[0]!.site).toBeNull();
    expect(pages[0]!.view.center).toEqual([121.45, 29.35]);
  });
  it('unknown demand, no demand chosen, internal data refused: one page saying which', () => {
    const one = (sites: SitesSource | undefined, demandId = 'D-9') =>
      buildPages({ map, print: { ...sitesPrint, demand: demandId }, parcels, blocks: [], frame, ...(sites ? { sites } : {}) }, 'en');
    expect(one(ready(null, null), 'D-77').map((p) => p.notice)).toEqual(['There is no demand D-77 in the demand list.']);
    expect(one(ready(null, null), '').map((p) => p.notice)).toEqual(['Choose a demand entry first.']);
    expect(one({ state: 'unavailable', reason: 'HTTP 403' }).map((p) => p.notice)).toEqual(['Internal data unavailable (HTTP 403): candidate sites cannot be listed.']);
    expect(one(undefined)).toHaveLength(1);
    // while the chain data loads there is nothing to print yet (no half-built atlas)
    expect(one({ state: 'loading' })).toEqual([]);
  });
});

describe('fit to a chain', () => {
  it("takes a chain's members from the site worker's chain firm parcels as from the county (issue 16)", () => {
    const firms = [{ id: 'E1', chain: 'auto' }, { id: 'E2', chain: 'textile' }, { id: 'E3', chain: 'auto' }];
    // what the worker streams, by firm: the chain firms' parcels with outline, 亩 and status
    const flat = (id: string) => ({ id, bbox: bboxOf(byId.get(id)!.geometry), area_mu_planar: byId.get(id)!.properties.area_mu_planar, status: byId.get(id)!.properties.status });
    const byFirm = new Map([['E3', [flat('NH-3')]], ['E1', [flat('NH-1')]], ['E2', [flat('NH-2')]]]);
    const m = chainMembersOf(byFirm, firms);
    expect(m.ids('auto')).toEqual(['NH-1', 'NH-3']);
    expect(m.ids('auto')).toEqual(chainParcelIds('auto', firms, [{ id: 'NH-3', enterprise_id: 'E3' }, { id: 'NH-1', enterprise_id: 'E1' }, { id: 'NH-2', enterprise_id: 'E2' }]));
    expect(m.ids('none')).toEqual([]);
    expect(m.parcel('NH-3')).toEqual({ bbox: bboxOf(byId.get('NH-3')!.geometry), properties: { status: 'supplied_not_used', area_mu_planar: 8 } });
    expect(m.parcel('NH-404')).toBeUndefined();
    // the same page as from the county's parcels: 20 亩 闲置 + 8 亩 供而未用
    const [p] = buildPages({ map, print: { ...defaultPrintParams(), fit: { kind: 'chain', id: 'auto' } }, parcels: [], blocks: [], frame, chainFit: { state: 'ready', chains, ...m } }, 'zh');
    expect(p!.figures).toEqual({ area_mu: 28, parcels: 2, parcels_mu: 28, low_eff_mu: 8 });
    expect(p!.view.center[0]).toBeCloseTo((121.40 + 121.502) / 2, 9);
    expect(p!.highlight).toEqual(['NH-1', 'NH-3']);
  });
  const fit = { kind: 'chain' as const, id: 'auto' };
  const src: ChainFitSource = { state: 'ready', chains, ids: (id) => (id === 'auto' ? ['NH-1', 'NH-3'] : []), parcel: (id) => { const p = byId.get(id); return p ? chainMemberOf(p) : undefined; } };
  it('fits the parcels of the chain’s firms and sums them', () => {
    const [p] = buildPages({ map, print: { ...defaultPrintParams(), fit }, parcels, blocks: [], frame, chainFit: src }, 'zh');
    expect(p!.title).toBe('汽车零部件 产业链企业用地图');
    expect(p!.view.center[0]).toBeCloseTo((121.40 + 121.502) / 2, 9);
    // 20 亩 闲置 + 8 亩 供而未用; only the latter is one of the five 低效 kinds (LOW_EFFICIENCY_STATUSES)
    expect(p!.figures).toEqual({ area_mu: 28, parcels: 2, parcels_mu: 28, low_eff_mu: 8 });
    expect(p!.notice).toBeNull();
    expect(p!.highlight).toEqual(['NH-1', 'NH-3']);
  });
  it('says so on the page when internal data is unavailable or the chain holds no parcel', () => {
    const [p] = buildPages({ map, print: { ...defaultPrintParams(), fit }, parcels, blocks: [], frame, chainFit: { state: 'unavailable', reason: 'HTTP 404' } }, 'zh');
    expect(p!.notice).toBe('内部数据不可用（HTTP 404），无法按产业链适配范围，显示的是当前视图。');
    expect(p!.view.center).toEqual([121.45, 29.35]);
    const [q] = buildPages({ map, print: { ...defaultPrintParams(), fit: { kind: 'chain', id: 'none' } }, parcels, blocks: [], frame, chainFit: src }, 'zh');
    expect(q!.notice).toBe('产业链 none 的企业没有对应地块，显示的是当前视图。');
    expect(q!.problem).toBe('chain:none');
  });
});
