// `tenglong chains` and `tenglong sites` end to end through the real binary, checked against numbers computed
// here from the data files (firm counts and shares from enterprises.json, parcel areas from parcels.fgb).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ninghai from '../../data/policy/ninghai-2021-2025.json' with { type: 'json' };
import { readAllFgb } from '../../src/lib/data/fgb-read.ts';
import { runCli } from './helpers/run-cli.ts';

interface Ent { chain: string | null; link: string | null; anchor: boolean; value_added_10k: number }
const ents = (JSON.parse(readFileSync('public/data/internal/enterprises.json', 'utf8')) as { enterprises: Ent[] }).enterprises;
const cfg = ninghai.chains;

describe('tenglong chains --json', () => {
  const r = runCli(['chains', '--json']);
  it('exits 0 and lists every link of chains.json', () => {
    expect(r.code, r.stderr).toBe(0);
    const chains = (JSON.parse(readFileSync('public/data/internal/chains.json', 'utf8')) as { chains: { links: unknown[] }[] }).chains;
    const out = JSON.parse(r.stdout) as { links: unknown[] };
    expect(out.links.length).toBe(chains.reduce((s, c) => s + c.links.length, 0));
  });
  it('each strength follows the configured thresholds applied to counts and shares computed here', () => {
    const out = JSON.parse(r.stdout) as { links: { chain: string; link: string; strength: string; firms: number; share: number; reasons: { code: string }[] }[] };
    const s = cfg.strength;
    for (const l of out.links) {
      const mine = ents.filter((e) => e.chain === l.chain && e.link === l.link);
      const chainVa = ents.filter((e) => e.chain === l.chain).reduce((t, e) => t + Math.max(0, e.value_added_10k), 0);
      const share = mine.reduce((t, e) => t + Math.max(0, e.value_added_10k), 0) / chainVa;
      const anchor = mine.some((e) => e.anchor);
      const expected =
        mine.length < s.weak_min_firms ? 'missing'
        : (anchor && mine.length >= s.strong_with_anchor_min_firms) || (mine.length >= s.strong_min_firms && share >= s.strong_min_share) ? 'strong'
        : 'weak';
      expect([l.link, l.firms, l.strength]).toEqual([l.link, mine.length, expected]);
      expect(l.share).toBeCloseTo(share, 12);
      expect(l.reasons.map((x) => x.code)).toEqual(['firms', 'share', 'anchor', 'verdict']);
    }
    // The sample generator makes am-testing a gap and am-heat a single-firm link.
    const by = new Map(out.links.map((l) => [`${l.chain}/${l.link}`, l.strength]));
    expect([by.get('auto-mould/am-testing'), by.get('auto-mould/am-heat')]).toEqual(['missing', 'weak']);
  });
});

interface Part { part: string; weight: number; value: number; points: number }
interface Cand { rank: number | null; parcel_id: string; members: string[]; area_mu: number; status: string; grade: string | null; score: number; parts: Part[]; blocking: { rule: string; status: string }[] }
interface Ranking { demand_id: string; area_window_mu: [number, number]; candidates: Cand[]; blocked: Cand[]; area_fit: number; largest_mu: number | null; largest_cluster_mu: number; empty_reason: { zh: string; en: string } | null }

describe('tenglong sites --json', () => {
  it('ranks candidates with score parts that add up, inside the area window, from the candidate statuses', () => {
    const r = runCli(['sites', '--demand', 'D-004', '--top', '3', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Ranking;
    expect(out.demand_id).toBe('D-004');
    expect(out.area_window_mu[0]).toBeCloseTo(49 * cfg.ranking.area_min_ratio, 9);
    expect(out.candidates.map((c) => c.rank)).toEqual([1, 2, 3]);
    for (const c of [...out.candidates, ...out.blocked]) {
      expect(c.area_mu).toBeGreaterThanOrEqual(out.area_window_mu[0]);
      expect(c.area_mu).toBeLessThanOrEqual(out.area_window_mu[1]);
      expect(cfg.ranking.candidate_statuses.includes(c.status) || c.grade === 'D').toBe(true);
      expect(c.score).toBeCloseTo(c.parts.reduce((s, p) => s + p.points, 0), 9);
      for (const p of c.parts) expect(p.points).toBeCloseTo(p.weight * p.value, 12);
      expect(c.parts.map((p) => p.weight)).toEqual(Object.values(cfg.ranking.weights));
    }
    for (let i = 1; i < out.candidates.length; i++) expect(out.candidates[i]!.score).toBeLessThanOrEqual(out.candidates[i - 1]!.score);
    for (const c of out.candidates) expect(c.blocking).toEqual([]);
    for (const b of out.blocked) expect(b.blocking.length).toBeGreaterThan(0);
  });

  it('a demand bigger than every candidate parcel is answered by neighbouring parcels combined (D-001, 108 亩)', () => {
    // Every figure below comes from parcels.fgb, read here: statuses, planar areas and bounding boxes.
    type P = { properties: { id: string; status: string; grade: string | null; area_mu_planar: number; park: string | null }; geometry: { type: string; coordinates: unknown } };
    const ps = readAllFgb(new Uint8Array(readFileSync('public/data/internal/parcels.fgb'))) as unknown as P[];
    const isCand = (p: P) => cfg.ranking.candidate_statuses.includes(p.properties.status) || p.properties.grade === 'D';
    const largest = Math.max(...ps.filter(isCand).map((p) => p.properties.area_mu_planar));
    expect(108 * cfg.ranking.area_min_ratio).toBeGreaterThan(largest); // no single parcel fits D-001
    const byId = new Map(ps.map((p) => [p.properties.id, p]));
    const bbox = (p: P) => {
      const xs: number[] = [];
      const ys: number[] = [];
      const walk = (c: unknown): void => {
        if (Array.isArray(c) && typeof c[0] === 'number') (xs.push(c[0] as number), ys.push(c[1] as number));
        else if (Array.isArray(c)) c.forEach(walk);
      };
      walk(p.geometry.coordinates);
      return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    };
    const gapM = (a: number[], b: number[]) => {
      const lat = ((a[1]! + a[3]! + b[1]! + b[3]!) / 4) * (Math.PI / 180);
      const dx = Math.max(0, b[0]! - a[2]!, a[0]! - b[2]!) * 111_320 * Math.cos(lat);
      const dy = Math.max(0, b[1]! - a[3]!, a[1]! - b[3]!) * 110_574;
      return Math.hypot(dx, dy);
    };
    const r = runCli(['sites', '--demand', 'D-001', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Ranking;
    expect(out.candidates.length).toBeGreaterThan(0);
    expect(out.largest_mu).toBeCloseTo(largest, 9);
    for (const c of out.candidates) {
      const ms = c.members.map((id) => byId.get(id)!);
      expect(ms.length).toBeGreaterThan(1);
      expect(ms.length).toBeLessThanOrEqual(cfg.ranking.assembly.max_members);
      expect(c.parcel_id).toBe(c.members.join('+'));
      expect(c.area_mu).toBeCloseTo(ms.reduce((t, m) => t + m.properties.area_mu_planar, 0), 9);
      expect(c.area_mu).toBeGreaterThanOrEqual(out.area_window_mu[0]);
      expect(c.area_mu).toBeLessThanOrEqual(out.area_window_mu[1]);
      for (const m of ms) {
        expect(isCand(m), m.properties.id).toBe(true);
        expect(m.properties.park).toBe(ms[0]!.properties.park);
      }
      // Connected: every member reachable from the first through gaps of at most max_gap_m.
      const boxes = ms.map(bbox);
      const reached = new Set([0]);
      for (let grew = true; grew; ) {
        grew = false;
        for (let i = 0; i < ms.length; i++) {
          if (reached.has(i)) continue;
          if ([...reached].some((j) => gapM(boxes[i]!, boxes[j]!) <= cfg.ranking.assembly.max_gap_m)) (reached.add(i), (grew = true));
        }
      }
      expect(reached.size, c.parcel_id).toBe(ms.length);
    }
  });

  it('a demand no combination can satisfy gets an honest empty answer (exit 0)', () => {
    const demands = JSON.parse(readFileSync('public/data/internal/demands.json', 'utf8')) as { demands: Record<string, unknown>[] } | Record<string, unknown>[];
    const first = (Array.isArray(demands) ? demands : demands.demands)[0]!;
    const file = join(mkdtempSync(join(tmpdir(), 'tl-sites-')), 'huge.json');
    writeFileSync(file, JSON.stringify([{ ...first, id: 'D-900', land_mu: 5000 }]));
    const r = runCli(['sites', '--demand', 'D-900', '--demands', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Ranking;
    expect(out.candidates).toEqual([]);
    expect(out.area_fit).toBe(0);
    expect(out.largest_cluster_mu).toBeLessThan(4500);
    expect(out.empty_reason?.en).toContain('no combination of neighbouring parcels');
  });

  it('bad input: clear message and non-zero exit', () => {
    const a = runCli(['sites', '--demand', 'NOPE']);
    expect(a.code).not.toBe(0);
    expect(a.stderr).toContain('no demand "NOPE"');
    const b = runCli(['sites', '--demand', 'D-004', '--top', 'x']);
    expect(b.code).not.toBe(0);
    expect(b.stderr).toContain('--top must be a whole number');
    const c = runCli(['sites']);
    expect(c.code).not.toBe(0);
    expect(c.stderr).toContain('--demand ID is required');
    // An area that is not a box (inverted, three numbers, empty): a usage error naming the flag and the value.
    for (const bad of ['121.5,29.3,121.4,29.4', '121.4,29.3,121.5', '']) {
      const d = runCli(['sites', '--demand', 'D-004', '--area', bad]);
      expect(d.code, bad).toBe(2);
      expect(d.stderr).toContain(`--area must be west,south,east,north`);
      expect(d.stderr).toContain(`"${bad}"`);
    }
  });
});
