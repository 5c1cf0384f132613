import { describe, expect, it } from 'vitest';
import raw from '../../../data/policy/ninghai-2021-2025.json' with { type: 'json' };
import type { AreaGeometry, ControlLineProps, Feature, ZoneProps } from '../data/schema.ts';
import { buildRuleLayers } from '../rules/check.ts';
import { ninghaiPolicy } from '../rules/test-policy.ts';
import { parseChainConfig } from './config.ts';
import { rankSites } from './rank.ts';
import { buildSiteIndex } from './site-index.ts';
import type { ChainLinkOrder, DemandInput, PartnerFirmInput, SiteParcel } from './site-types.ts';
import { rankSitesNaive } from './test-helpers/rank-naive.ts';
import { seededRandom } from '../util/seeded-random.ts';

const policy = ninghaiPolicy();
const cfg = parseChainConfig(raw).ranking; // weights area 25, control_line 20, far 15, not_central 10, distance 20, park 10

function box(minLon: number, minLat: number, maxLon: number, maxLat: number): AreaGeometry {
  return { type: 'Polygon', coordinates: [[[minLon, minLat], [maxLon, minLat], [maxLon, maxLat], [minLon, maxLat], [minLon, minLat]]] };
}
const square = (lon: number, lat: number, h = 0.001) => box(lon - h, lat - h, lon + h, lat + h);

const line: Feature<AreaGeometry, ControlLineProps> = { type: 'Feature', geometry: box(121.38, 29.28, 121.425, 29.65), properties: { id: 'L1', name: '控制线', level: 1 } };
const central: Feature<AreaGeometry, ZoneProps> = { type: 'Feature', geometry: box(121.40, 29.305, 121.41, 29.315), properties: { id: 'Z1', name: '中心', kind: 'central', approximate: true } };
const layers = buildRuleLayers([central], [line]);

function parcel(id: string, lon: number, lat: number, over: Partial<SiteParcel>): SiteParcel {
  return {
    id, name: id, point: [lon, lat], area_mu: 40, status: 'idle', grade: null, enterprise_id: null,
    control_line: 1, zone: 'none', far_max: null, park: 'P1', geometry: square(lon, lat), ...over,
  };
}

const chains: ChainLinkOrder[] = [{ id: 'c', links: [{ id: 'up', order: 1 }, { id: 'gap', order: 2 }, { id: 'down', order: 3 }] }];
const firms: PartnerFirmInput[] = [
  { id: 'U1', name: '上游甲', chain: 'c', link: 'up' },
  { id: 'D1', name: '下游乙', chain: 'c', link: 'down' },
  { id: 'X', name: 'A级企业', chain: null, link: null },
  { id: 'DG', name: 'D级企业', chain: null, link: null },
];
const parcels: SiteParcel[] = [
  parcel('PU', 121.40, 29.30, { status: 'in_use', enterprise_id: 'U1', grade: 'B' }),
  parcel('PD', 121.42, 29.30, { status: 'in_use', enterprise_id: 'D1', grade: 'B' }),
  // Between the partners, 0.97 km from each: everything full → 100.
  parcel('S1', 121.41, 29.30, {}),
  // In the central restricted area (cap 1.0): far 0, not_central 0 → 75; zone.central blocks a new project.
  parcel('S2', 121.405, 29.31, { zone: 'central', far_max: 1.0 }),
  // 50 亩 for 40 (fit 0.8), other park, ≈33 km from both partners → 20 + 20 + 15 + 10 = 65.
  parcel('S3', 121.41, 29.60, { area_mu: 50, park: 'P2' }),
  // Outside the control line, close to the partners: scores 80 but control-line blocks a new project.
  parcel('S4', 121.43, 29.30, { control_line: 0 }),
  // Held by an A-grade firm: not a candidate at all.
  parcel('S5', 121.411, 29.30, { status: 'in_use', enterprise_id: 'X', grade: 'A' }),
  // Too small: 30 < 40 × 0.9.
  parcel('S6', 121.409, 29.30, { area_mu: 30 }),
  // Held by a D-grade firm, 44 亩 (fit 40/44): 25 × 10/11 + 75 = 97.727…
  parcel('S7', 121.412, 29.30, { status: 'in_use', enterprise_id: 'DG', grade: 'D', area_mu: 44 }),
];
const demand: DemandInput = { id: 'D-1', chain: 'c', link: 'gap', land_mu: 40, park: 'P1' };
const opts = { policy, layers, cfg, top: 10 };

describe('rankSites (worked example)', () => {
  const index = buildSiteIndex(parcels, firms, chains, cfg);
  const r = rankSites(index, demand, opts);

  it('pools idle/low-efficiency/D-grade parcels and filters by the area window', () => {
    expect(index.candidates.map((c) => c.id).sort()).toEqual(['S1', 'S2', 'S3', 'S4', 'S6', 'S7']);
    expect(r.area_window_mu).toEqual([36, 100]);
    expect(r.pool).toBe(6);
    expect(r.area_fit).toBe(5);
    expect(r.upstream).toEqual({ link: 'up', firms: 1 });
    expect(r.downstream).toEqual({ link: 'down', firms: 1 });
    expect(r.need_far).toBe(2);
  });

  it('ranks unblocked sites by score with the parts shown', () => {
    expect(r.candidates.map((c) => [c.parcel_id, c.rank])).toEqual([['S1', 1], ['S7', 2], ['S3', 3]]);
    expect(r.candidates[0]!.score).toBeCloseTo(100, 9);
    expect(r.candidates[1]!.score).toBeCloseTo(25 * (40 / 44) + 75, 9);
    expect(r.candidates[2]!.score).toBeCloseTo(65, 9);
    const s3 = Object.fromEntries(r.candidates[2]!.parts.map((p) => [p.part, p.points]));
    expect(s3).toEqual({ area: 20, control_line: 20, far: 15, not_central: 10, distance: 0, park: 0 });
    // 0.01° of longitude at 29.30°N ≈ 111.195 km × cos(29.3°) × 0.01 = 0.9697 km.
    const near = r.candidates[0]!.nearest;
    expect(near.map((n) => [n.side, n.enterprise_id])).toEqual([['upstream', 'U1'], ['downstream', 'D1']]);
    expect(near[0]!.km).toBeCloseTo(111.195 * Math.cos((29.3 * Math.PI) / 180) * 0.01, 3);
  });

  it('shows a high-scoring site that a rule blocks, with the failing finding', () => {
    expect(r.blocked.map((b) => b.parcel_id)).toEqual(['S4', 'S2']);
    const s4 = r.blocked[0]!;
    expect(s4.rank).toBeNull();
    expect(s4.score).toBeGreaterThan(r.candidates[2]!.score);
    expect(s4.blocking.map((f) => f.rule)).toEqual(['control-line']);
    expect(r.blocked[1]!.blocking.map((f) => f.rule)).toContain('zone.central');
    expect(r.blocked[1]!.score).toBeCloseTo(75, 9);
  });

  it('--top limits the ranked list', () => {
    expect(rankSites(index, demand, { ...opts, top: 1 }).candidates.map((c) => c.parcel_id)).toEqual(['S1']);
  });

  it('a demand no site can satisfy gets an honest empty answer', () => {
    const big = rankSites(index, { ...demand, land_mu: 500 }, opts);
    expect(big.candidates).toEqual([]);
    expect(big.blocked).toEqual([]);
    expect(big.area_fit).toBe(0);
    expect(big.largest_mu).toBe(50);
    // S1 (40), S6 (30) and S7 (44) overlap each other: one cluster of 114 亩, far below 450.
    expect(big.assembled).toBe(0);
    expect(big.largest_cluster_mu).toBe(114);
    expect(big.empty_reason?.zh).toBe('没有面积在 450.0–1250.0 亩之间的候选地块，相邻地块（间距 ≤ 30 m，至多 6 宗）也拼不成（候选 6 宗，最大 50.0 亩，最大相邻地块群 114.0 亩）');
  });

  it('when every fitting site is blocked, says so instead of ranking a blocked one', () => {
    const onlyBlocked = parcels.filter((p) => p.id !== 'S1' && p.id !== 'S3' && p.id !== 'S7');
    const rb = rankSites(buildSiteIndex(onlyBlocked, firms, chains, cfg), demand, opts);
    expect(rb.candidates).toEqual([]);
    expect(rb.blocked.map((b) => b.parcel_id)).toEqual(['S4', 'S2']);
    expect(rb.empty_reason?.en).toBe('All 2 parcels of a fitting size are blocked by a rule');
  });
});

describe('indexed ranking equals the naive scan', () => {
  it('on 3 000 random parcels and several demands', () => {
    const rnd = seededRandom(7);
    const statuses = ['in_use', 'idle', 'supplied_not_used', 'under_construction', 'used_not_full'] as const;
    const links = ['up', 'gap', 'down'];
    const ps: SiteParcel[] = [];
    const fs: PartnerFirmInput[] = [];
    for (let i = 0; i < 3000; i++) {
      const lon = 121.3 + rnd() * 0.3;
      const lat = 29.2 + rnd() * 0.3;
      const st = statuses[Math.floor(rnd() * statuses.length)]!;
      let ent: string | null = null;
      if (st === 'in_use' && rnd() < 0.5) {
        ent = `E${i}`;
        fs.push({ id: ent, name: ent, chain: 'c', link: links[Math.floor(rnd() * 3)]! });
      }
      ps.push(parcel(`P${i}`, lon, lat, {
        status: st, enterprise_id: ent, grade: rnd() < 0.1 ? 'D' : 'B', area_mu: 1 + rnd() * 80,
        control_line: rnd() < 0.8 ? 1 : 0, park: rnd() < 0.5 ? 'P1' : 'P2', geometry: null,
      }));
    }
    const idx = buildSiteIndex(ps, fs, chains, cfg);
    for (const d of [demand, { ...demand, land_mu: 12, park: null }, { ...demand, link: 'up' }, { ...demand, link: 'down', land_mu: 70 }]) {
      const a = rankSites(idx, d, opts);
      const b = rankSitesNaive(ps, fs, chains, d, opts);
      expect(a.candidates.length).toBe(10);
      expect(a.candidates.map((c) => [c.parcel_id, c.score, c.nearest.map((n) => n.parcel_id)])).toEqual(
        b.candidates.map((c) => [c.parcel_id, c.score, c.nearest.map((n) => n.parcel_id)]),
      );
      expect([a.pool, a.area_fit]).toEqual([b.pool, b.area_fit]);
    }
  });
});

describe('surelyBlocked pre-screen', () => {
  it('never claims a block that checkParcel does not find (every sample-county parcel, FAR 2.0 and 1.2)', async () => {
    const { readFileSync, existsSync } = await import('node:fs');
    const { readAllFgb } = await import('../data/fgb-read.ts');
    const { siteParcelOf } = await import('./inputs.ts');
    const { blockingFindings, surelyBlocked } = await import('./site-blocking.ts');
    const dir = 'public/data/';
    if (!existsSync(`${dir}internal/parcels.fgb`)) throw new Error('run `npx tenglong ensure-data` first');
    const read = <P>(f: string) => readAllFgb(new Uint8Array(readFileSync(dir + f))) as unknown as Feature<AreaGeometry, P>[];
    const real = { policy, layers: buildRuleLayers(read<ZoneProps>('public/zones.fgb'), read<ControlLineProps>('public/control-lines.fgb')), cfg };
    const ps = read<Record<string, unknown>>('internal/parcels.fgb').map(siteParcelOf);
    let sure = 0;
    for (const far of [2.0, 1.2]) {
      for (const p of ps) {
        if (!surelyBlocked(p, far, real)) continue;
        sure++;
        expect(blockingFindings(p, far, undefined, real).length, p.id).toBeGreaterThan(0);
      }
    }
    expect(sure).toBeGreaterThan(100); // the pre-screen does catch something (884 parcels lie outside every line)
  }, 60_000);
});
