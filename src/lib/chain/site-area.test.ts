// The 招商 ranking within an area: the box it reads reaches every partner that can count (checked against haversine
// destinations computed here), and reading the sites file by that box gives the collection and the ranking that the
// whole file, filtered here by the rule written out in site-area.ts (candidate: interior point in the area; partner:
// chain firm's parcel whose box meets the grown area), gives — on the built sample county, for every shipped demand.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import raw from '../../../data/policy/ninghai-2021-2025.json' with { type: 'json' };
import { memoryByteSource } from '../data/byte-source.ts';
import { readAllFgb, readFgbBbox } from '../data/fgb-read.ts';
import { readFgbBboxInParts } from '../data/fgb-read-parts.ts';
import type { AreaGeometry, ControlLineProps, Feature, ZoneProps } from '../data/schema.ts';
import { haversineKm } from '../geo/distance.ts';
import { bboxOf } from '../geo/shape.ts';
import { interiorPoint } from '../geo/index.ts';
import { buildRuleLayers } from '../rules/check.ts';
import { ninghaiPolicy } from '../rules/test-policy.ts';
import { seededRandom } from '../util/seeded-random.ts';
import { parseChainConfig } from './config.ts';
import { demandInput, parseChainsFile, parseDemandsFile, parseEnterprisesFile, siteParcelOf } from './inputs.ts';
import { rankSites } from './rank.ts';
import { areaReadBox, type SiteArea } from './site-area.ts';
import { buildSiteIndex } from './site-index.ts';
import { collectSites, SiteRanker } from './site-stream.ts';
import type { PartnerFirmInput } from './site-types.ts';

const cfg = parseChainConfig(raw).ranking;
type P = Feature<AreaGeometry, Record<string, unknown>>;

/** The point `km` from `from` on `bearingDeg` (spherical destination formula, mean radius as haversineKm's). */
function destination(from: [number, number], bearingDeg: number, km: number): [number, number] {
  const R = 6371.0088;
  const rad = Math.PI / 180;
  const d = km / R;
  const φ1 = from[1] * rad;
  const λ1 = from[0] * rad;
  const θ = bearingDeg * rad;
  const φ2 = Math.asin(Math.sin(φ1) * Math.cos(d) + Math.cos(φ1) * Math.sin(d) * Math.cos(θ));
  const λ2 = λ1 + Math.atan2(Math.sin(θ) * Math.sin(d) * Math.cos(φ1), Math.cos(d) - Math.sin(φ1) * Math.sin(φ2));
  return [λ2 / rad, φ2 / rad];
}

describe('areaReadBox', () => {
  it('grows the area by the partner reach: hand-computed for 25 km at 29.3–29.4°N', () => {
    // Δφ = 25 / 6371.0088 rad = 0.22483009°; Δλ = 2·asin(sin(25 / (2·6371.0088)) / cos 29.62483°) = 0.25863926°
    // (python3 math, written down here).
    const b = areaReadBox([121.4, 29.3, 121.5, 29.4], { distance_zero_km: 25 });
    const want = [121.141360743037, 29.075169909068865, 121.75863925696301, 29.624830090931134];
    b.forEach((x, i) => expect(x).toBeCloseTo(want[i]!, 7));
    // Never smaller than the exact reach (the epsilon only ever widens it).
    expect(b[0]).toBeLessThanOrEqual(want[0]!);
    expect(b[3]).toBeGreaterThanOrEqual(want[3]!);
  });

  it('holds every point within the reach of a point of the area, and none farther north than the reach', () => {
    const next = seededRandom(7);
    for (const [area, km] of [
      [[121.4, 29.3, 121.5, 29.4], 25],
      [[100, 60, 100.5, 60.2], 40],
      [[-70.5, -33.6, -70.4, -33.3], 5],
    ] as [SiteArea, number][]) {
      const box = areaReadBox(area, { distance_zero_km: km });
      for (let i = 0; i < 2000; i++) {
        const from: [number, number] = [area[0] + next() * (area[2] - area[0]), area[1] + next() * (area[3] - area[1])];
        const to = destination(from, next() * 360, km * next() ** 0.1);
        expect(haversineKm(from, to)).toBeLessThanOrEqual(km + 1e-9);
        expect(to[0] >= box[0] && to[0] <= box[2] && to[1] >= box[1] && to[1] <= box[3], `${from} → ${to}`).toBe(true);
      }
      // Just beyond the box's north edge, every point of the area is farther than the reach.
      const north: [number, number] = [(area[0] + area[2]) / 2, box[3] + 1e-4];
      expect(haversineKm([north[0], area[3]], north)).toBeGreaterThan(km);
    }
  });
});

describe('SiteCollector within an area', () => {
  const firms: PartnerFirmInput[] = [{ id: 'U1', name: '上游', chain: 'c', link: 'up' }];
  const square = (lon: number, lat: number, h = 0.001): AreaGeometry => ({
    type: 'Polygon',
    coordinates: [[[lon - h, lat - h], [lon + h, lat - h], [lon + h, lat + h], [lon - h, lat + h], [lon - h, lat - h]]],
  });
  const parcel = (id: string, lon: number, lat: number, props: Record<string, unknown>): P => ({
    type: 'Feature',
    id,
    geometry: square(lon, lat),
    properties: { id, status: 'in_use', area_mu_planar: 40, control_line: 1, park: 'P1', ...props },
  });
  // The area 121.40–121.50°E, 29.30–29.40°N; reach 2 km ≈ 0.018° north–south, ≈ 0.021° east–west here.
  const area: SiteArea = [121.4, 29.3, 121.5, 29.4];
  const near = { ...cfg, distance_full_km: 1, distance_zero_km: 2 };
  const county: P[] = [
    parcel('in', 121.45, 29.35, { status: 'idle' }),
    parcel('outIdle', 121.45, 29.41, { status: 'idle' }),
    parcel('outFirmIdle', 121.45, 29.41, { status: 'idle', enterprise_id: 'U1' }),
    parcel('firmNear', 121.51, 29.35, { enterprise_id: 'U1' }),
    parcel('firmFar', 121.6, 29.35, { enterprise_id: 'U1' }),
  ];

  it('keeps candidates inside, partners within reach (a candidate outside that a firm holds as a partner), drops the rest', async () => {
    const got = await collectSites(county, firms, near, area);
    expect(got.seen).toBe(5);
    expect(got.parcels.map((p) => [p.id, p.geometry !== null, p.partnerOnly ?? false])).toEqual([
      ['in', true, false],
      ['outFirmIdle', false, true],
      ['firmNear', false, false],
    ]);
    // The idle parcel outside the area is a partner of the ranking, not one of its sites.
    const index = buildSiteIndex(got.parcels, firms, [{ id: 'c', links: [{ id: 'up', order: 1 }] }], near);
    expect(index.candidates.map((p) => p.id)).toEqual(['in']);
    expect(got.chainParcels.map((p) => p.id)).toEqual(['outFirmIdle', 'firmNear']);
    // Without an area, the same parcels as the whole-territory collector keeps.
    expect((await collectSites(county, firms, near)).parcels.map((p) => p.id)).toEqual(['in', 'outIdle', 'outFirmIdle', 'firmNear', 'firmFar']);
  });
});

describe('ranking within an area (sample county): the box read = the whole file filtered', () => {
  const dir = 'public/data/';
  const json = (f: string): unknown => JSON.parse(readFileSync(dir + f, 'utf8'));
  const read = <Q>(f: string) => readAllFgb(new Uint8Array(readFileSync(dir + f))) as unknown as Feature<AreaGeometry, Q>[];
  // Around the default view's centre (121.45, 29.36): part of the county's industrial land.
  const area: SiteArea = [121.38, 29.3, 121.48, 29.38];

  it('for every shipped demand, with the policy reach (25 km) and a short one (3 km)', async () => {
    if (!existsSync(`${dir}internal/sites.fgb`)) throw new Error('run `npx tenglong ensure-data` first');
    const bytes = new Uint8Array(readFileSync(`${dir}internal/sites.fgb`));
    const firms = parseEnterprisesFile(json('internal/enterprises.json'));
    const chains = parseChainsFile(json('internal/chains.json'));
    const demands = parseDemandsFile(json('internal/demands.json'));
    const layers = buildRuleLayers(read<ZoneProps>('public/zones.fgb'), read<ControlLineProps>('public/control-lines.fgb'));
    const policy = ninghaiPolicy();
    const whole = readAllFgb(bytes) as P[];
    const chainFirm = new Map(firms.filter((f) => f.chain).map((f) => [f.id, f]));
    const candidate = (p: Record<string, unknown>) => cfg.candidate_statuses.includes(p['status'] as never) || (p['grade'] != null && cfg.candidate_grades.includes(p['grade'] as never));
    let ranked = 0;
    for (const c of [cfg, { ...cfg, distance_full_km: 1, distance_zero_km: 3 }]) {
      const grown = areaReadBox(area, c);
      // The rule, written out: candidates by interior point in the area, chain firms' parcels by box meeting the grown area.
      const expected = whole.flatMap((f) => {
        const p = f.properties;
        const pt = interiorPoint(f.geometry);
        const inside = pt[0] >= area[0] && pt[0] <= area[2] && pt[1] >= area[1] && pt[1] <= area[3];
        const b = bboxOf(f.geometry);
        const reach = b[0] <= grown[2] && b[2] >= grown[0] && b[1] <= grown[3] && b[3] >= grown[1];
        const firm = typeof p['enterprise_id'] === 'string' ? chainFirm.get(p['enterprise_id']) : undefined;
        if (candidate(p) && inside) return [siteParcelOf(f)];
        if (firm?.link && reach) return [candidate(p) ? { ...siteParcelOf(f), geometry: null, partnerOnly: true as const } : { ...siteParcelOf(f), geometry: null }];
        return [];
      });
      // As the site worker reads it: by the R-tree, part by part (small parts here, so that there are many).
      const features: P[] = [];
      for await (const f of readFgbBboxInParts(memoryByteSource(bytes), grown, 200)) features.push(f as unknown as P);
      expect(features.length).toBe((await readFgbBbox(memoryByteSource(bytes), grown)).length);
      const got = await collectSites(features, firms, c, area);
      expect(got.parcels.map((p) => [p.id, p.geometry !== null, p.partnerOnly ?? false]).sort()).toEqual(expected.map((p) => [p.id, p.geometry !== null, p.partnerOnly ?? false]).sort());
      expect(got.parcels.filter((p) => p.geometry).length).toBeGreaterThan(50);
      if (c.distance_zero_km === 3) expect(features.length).toBeLessThan(whole.length / 2); // a short reach reads a part of the file

      const ranker = new SiteRanker(got, firms, chains, layers, c);
      const index = buildSiteIndex(expected, firms, chains, c);
      for (const d of demands) {
        const input = demandInput(d, firms);
        const mine = ranker.rank(input, 10, policy).ranking;
        expect(mine).toEqual(rankSites(index, input, { top: 10, policy, layers, cfg: c }));
        // Every site, combined or not, is made of parcels inside the area.
        const byId = new Map(expected.map((p) => [p.id, p]));
        for (const s of [...mine.candidates, ...mine.blocked]) {
          for (const id of s.members) {
            const pt = byId.get(id)!.point;
            expect(pt[0] >= area[0] && pt[0] <= area[2] && pt[1] >= area[1] && pt[1] <= area[3], `${d.id} ${id}`).toBe(true);
          }
        }
        ranked += mine.candidates.length;
      }
    }
    expect(ranked).toBeGreaterThan(0);
  });
});
