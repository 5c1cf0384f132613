// Sample 低效整治 cases (cases.json; schema LowEfficiencyCase): a few dozen entries of the 高耗低效整治企业清单 as the
// plan runs it (seed 三(一)1–2) — 依法关停退出, 兼并重组, 整体腾退, 搬迁入园, 改造提升, closed by 合格销号 — so the
// dashboard can measure land freed, energy freed and CO₂ cut from records. Generated, labelled 示例数据, never real.
//
// How each case fits the sample county it is drawn from:
// - A case that freed the land (close, vacate, relocate ending handed_back or relet) sits on a parcel that now shows
//   it: handed_back on idle or 出让中 land without a firm, relet on land a new user holds (供而未用, 在建). The firm
//   that left is a former firm (`ENT-EXIT-nn`, no longer in enterprises.json), except a relocated firm, which is a
//   firm of the register now sitting in a park.
// - upgrade and merge cases sit on land in use by the firm on the case (its use raised when closed).
// - Open cases sit on land the low-efficiency rule would flag (a 低效 status, dilapidated or banned industry).
// - Figures: a firm that closes or vacates frees all its energy (a former firm: median 150 tce a year); a relocated
//   firm 10–30 % of its energy (its new plant is more efficient), an upgraded or merged one 5–25 %, at most 800 tce;
//   CO₂ = energy × 1.9–2.7 t/tce. About one closed case in six has no recorded figure (null), as real registers have
//   gaps. Areas are the parcel's planar 亩, rounded to 0.01.
// Deterministic: its own PRNG stream, parcels and firms taken in id order before any draw.
import type { AreaGeometry, CaseOutcome, CaseRoute, Enterprise, LowEfficiencyCase, ParcelSource } from '../../src/lib/data/schema.ts';
import { LOW_EFFICIENCY_STATUSES } from '../../src/lib/data/schema.ts';
import { m2ToMu, planarAreaM2 } from '../../src/lib/geo/index.ts';
import { Rng, round } from './rng.ts';
import type { SampleCounty } from './types.ts';

export const CASE_YEARS = [2021, 2022, 2023, 2024, 2025] as const;

/** The cases to draw: route, status and, for closed ones, the outcome. 40 in all. */
const PLAN: readonly { route: CaseRoute; closed: number; outcomes: readonly CaseOutcome[]; open: number }[] = [
  { route: 'close', closed: 6, outcomes: ['handed_back', 'handed_back', 'relet'], open: 2 },
  { route: 'vacate', closed: 5, outcomes: ['handed_back', 'relet'], open: 2 },
  { route: 'relocate', closed: 4, outcomes: ['relet', 'handed_back'], open: 2 },
  { route: 'merge', closed: 4, outcomes: ['use_raised', 'relet'], open: 2 },
  { route: 'upgrade', closed: 8, outcomes: ['use_raised'], open: 5 },
];

interface Site {
  id: string;
  p: ParcelSource;
  mu: number;
}

export function makeCases(county: SampleCounty): LowEfficiencyCase[] {
  const rng = new Rng(county.seed, 'cases');
  const firms = new Map<string, Enterprise>(county.enterprises.map((e) => [e.id, e]));
  const sites: Site[] = county.parcels.features
    .map((f) => ({ id: f.properties.id, p: f.properties, mu: round(m2ToMu(planarAreaM2(f.geometry as AreaGeometry)), 2) }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const used = new Set<string>();
  const take = (filter: (s: Site) => boolean): Site => {
    const pool = sites.filter((s) => !used.has(s.id) && filter(s));
    if (!pool.length) throw new Error('sample: no parcel left for a low-efficiency case');
    const s = rng.pick(pool);
    used.add(s.id);
    return s;
  };
  const flagged = (s: Site) => s.p.enterprise_id !== null && (LOW_EFFICIENCY_STATUSES.includes(s.p.status) || s.p.dilapidated || s.p.banned_industry);
  const inUse = (s: Site) => s.p.enterprise_id !== null && (s.p.status === 'in_use' || s.p.status === 'operating_below_target' || s.p.status === 'used_not_full');
  const handedBack = (s: Site) => s.p.enterprise_id === null && (s.p.status === 'idle' || s.p.status === 'for_transfer');
  const relet = (s: Site) => s.p.status === 'supplied_not_used' || s.p.status === 'under_construction';
  // Firms of the register sitting in a park: where a relocated firm went (搬迁入园).
  const parkFirms = [...new Set(sites.filter((s) => s.p.park !== null && s.p.enterprise_id !== null && s.p.status === 'in_use').map((s) => s.p.enterprise_id!))].sort();
  const movedFirms = new Set<string>();
  let exits = 0;

  const out: LowEfficiencyCase[] = [];
  const add = (c: Omit<LowEfficiencyCase, 'id'>) => out.push({ id: `CASE-${String(out.length + 1).padStart(3, '0')}`, ...c });
  const energyOf = (firm: Enterprise | undefined, route: CaseRoute): { energy: number | null; co2: number | null } => {
    if (rng.chance(1 / 6)) return { energy: null, co2: null };
    const share = route === 'close' || route === 'vacate' ? 1 : route === 'relocate' ? rng.range(0.1, 0.3) : rng.range(0.05, 0.25);
    const base = firm ? firm.energy_tce : rng.logNormal(150, 0.5);
    const energy = round(Math.min(base * share, 800), 1);
    return { energy, co2: round(energy * rng.range(1.9, 2.7), 1) };
  };
  const years = (): { opened: number; closed: number } => {
    const closed = rng.pick(CASE_YEARS);
    return { opened: Math.max(CASE_YEARS[0], closed - rng.int(0, 2)), closed };
  };

  for (const { route, closed, outcomes, open } of PLAN) {
    for (let i = 0; i < closed; i++) {
      const outcome = outcomes[i % outcomes.length]!;
      const { opened, closed: year } = years();
      let site: Site;
      let firm: Enterprise | undefined;
      let enterprise: string | null;
      if (outcome === 'use_raised') {
        site = take(inUse);
        enterprise = site.p.enterprise_id;
        firm = enterprise ? firms.get(enterprise) : undefined;
      } else {
        site = take(outcome === 'handed_back' ? handedBack : relet);
        if (route === 'relocate') {
          const free = parkFirms.filter((f) => !movedFirms.has(f));
          enterprise = free.length ? rng.pick(free) : null;
          if (enterprise) movedFirms.add(enterprise);
          firm = enterprise ? firms.get(enterprise) : undefined;
        } else {
          enterprise = `ENT-EXIT-${String(++exits).padStart(2, '0')}`;
          firm = undefined;
        }
      }
      const { energy, co2 } = energyOf(firm, route);
      add({ parcel_id: site.id, enterprise_id: enterprise, route, status: 'closed', opened_year: opened, closed_year: year, area_mu: site.mu, outcome, energy_freed_tce: energy, co2_cut_t: co2 });
    }
    for (let i = 0; i < open; i++) {
      // A firm of a banned industry is the one to close; the others are on flagged land.
      const site = take(route === 'close' ? (s) => flagged(s) && s.p.banned_industry : flagged);
      add({
        parcel_id: site.id,
        enterprise_id: site.p.enterprise_id,
        route,
        status: 'open',
        opened_year: rng.pick(CASE_YEARS.slice(1)),
        closed_year: null,
        area_mu: site.mu,
        outcome: null,
        energy_freed_tce: null,
        co2_cut_t: null,
      });
    }
  }
  return out;
}
