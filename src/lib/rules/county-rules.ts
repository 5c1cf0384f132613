// County-level rules (shared DOMAIN rules 6–7): the yearly industrial share of land supplied and the 增减挂钩
// balance of industrial land reclaimed outside the control lines against new industrial land inside them.
// Sources (issue 11): the share is the plan's 四(二) "每年出让土地总量中…比例不低于35%", a rule with pass/fail
// (`land_supply.industrial_share_min`). 增减挂钩 is something the plan only asks to explore (四(二) "探索工业用地增减
// 挂钩机制…可优先置换为控制线内新增工业用地"): no threshold, so the balance is information, and a deficit or new land
// outside the lines a warning to look into — never a failure.
import { finding, fmt, sourced, type Finding, type FindingSource } from './finding.ts';
import type { Policy } from './policy.ts';

export interface SuppliedParcel {
  year: number;
  land_use: string;
  mu: number;
}

export interface YearShare {
  year: number;
  industrial_mu: number;
  total_mu: number;
  share: number | null;
}

/** 亩 supplied per year, industrial (the policy's `land_supply.industrial_uses`) and in total, years ascending. */
export function industrialShareByYear(supplied: readonly SuppliedParcel[], policy: Policy): YearShare[] {
  const by = new Map<number, { ind: number; tot: number }>();
  for (const s of supplied) {
    if (!Number.isFinite(s.mu) || s.mu < 0) throw new Error(`land supply ${s.year}: area must be a non-negative number of 亩, got ${s.mu}`);
    const y = by.get(s.year) ?? { ind: 0, tot: 0 };
    y.tot += s.mu;
    if (policy.land_supply.industrial_uses.includes(s.land_use)) y.ind += s.mu;
    by.set(s.year, y);
  }
  return [...by.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([year, y]) => ({ year, industrial_mu: y.ind, total_mu: y.tot, share: y.tot > 0 ? y.ind / y.tot : null }));
}

/** One finding per year: industrial share ≥ the policy's minimum (35 %). */
export function industrialShareFindings(supplied: readonly SuppliedParcel[], policy: Policy): Finding[] {
  const min = policy.land_supply.industrial_share_min;
  const source = sourced(policy, 'land_supply.industrial_share_min');
  return industrialShareByYear(supplied, policy).map((y) => {
    const values = { year: y.year, industrial_mu: y.industrial_mu, total_mu: y.total_mu, share: y.share, min };
    if (y.share === null) {
      return finding('land-supply.industrial-share', 'info', values, `${y.year} 年无供地`, `${y.year}: no land supplied`, source);
    }
    const ok = y.share >= min;
    const zh = `${y.year} 年供地 ${fmt(y.total_mu)} 亩，其中工业 ${fmt(y.industrial_mu)} 亩，占 ${fmt(y.share * 100, 1)}% ${ok ? '≥' : '<'} ${fmt(min * 100, 0)}%`;
    const en = `${y.year}: ${fmt(y.industrial_mu)} of ${fmt(y.total_mu)} mu supplied went to industry, ${fmt(y.share * 100, 1)}% ${ok ? '≥' : '<'} ${fmt(min * 100, 0)}%`;
    return finding('land-supply.industrial-share', ok ? 'pass' : 'fail', values, zh, en, source);
  });
}

export interface SwapParcel {
  /** 'reclaimed': industrial land cleared/returned (复垦/清退); 'new': new industrial land supplied. */
  change: 'reclaimed' | 'new';
  /** 0 = outside every control line, 1/2 = inside a line of that level. */
  control_line: 0 | 1 | 2;
  mu: number;
}

export interface SwapBalance {
  reclaimed_outside_mu: number;
  new_inside_mu: number;
  /** reclaimed outside − new inside: ≥ 0 means the new land is covered. */
  balance_mu: number;
  /** New industrial land outside every line: not allowed by the lines at all, reported apart. */
  new_outside_mu: number;
  /** Reclaimed land inside a line: does not earn swap quota (it must stay industrial). */
  reclaimed_inside_mu: number;
}

export function swapBalance(parcels: readonly SwapParcel[]): SwapBalance {
  const b = { reclaimed_outside_mu: 0, new_inside_mu: 0, new_outside_mu: 0, reclaimed_inside_mu: 0 };
  for (const p of parcels) {
    if (!Number.isFinite(p.mu) || p.mu < 0) throw new Error(`swap balance: area must be a non-negative number of 亩, got ${p.mu}`);
    if (p.change === 'reclaimed') {
      if (p.control_line === 0) b.reclaimed_outside_mu += p.mu;
      else b.reclaimed_inside_mu += p.mu;
    } else if (p.control_line === 0) b.new_outside_mu += p.mu;
    else b.new_inside_mu += p.mu;
  }
  return { ...b, balance_mu: b.reclaimed_outside_mu - b.new_inside_mu };
}

/**
 * Where the 增减挂钩 finding comes from: the plan's clause itself (no threshold of the policy file applies; the key
 * names the rule, not a policy entry).
 */
export const SWAP_SOURCE: FindingSource = {
  key: 'land-swap.balance',
  kind: 'plan',
  clause: '四(二)',
  note: '探索工业用地增减挂钩机制，工业集聚区控制线外其他工业区块、工业用地复垦和清退后，可优先置换为控制线内新增工业用地',
};

/**
 * 增减挂钩 (explore, 四(二)): `info` when the new industrial 亩 inside the lines are covered by the 亩 reclaimed outside
 * them and no new land lies outside; `warn` when they are not, or when new industrial land lies outside the lines.
 */
export function swapBalanceFinding(parcels: readonly SwapParcel[]): Finding {
  const b = swapBalance(parcels);
  const values = { ...b };
  const head = `线外复垦/清退 ${fmt(b.reclaimed_outside_mu)} 亩，线内新增 ${fmt(b.new_inside_mu)} 亩，结余 ${fmt(b.balance_mu)} 亩`;
  const headEn = `Reclaimed outside the lines ${fmt(b.reclaimed_outside_mu)} mu, new inside ${fmt(b.new_inside_mu)} mu, balance ${fmt(b.balance_mu)} mu`;
  const zh: string[] = [head];
  const en: string[] = [headEn];
  if (b.balance_mu < 0) {
    zh.push(`线内新增超出线外复垦 ${fmt(-b.balance_mu)} 亩，请核查置换来源`);
    en.push(`new land inside exceeds land reclaimed outside by ${fmt(-b.balance_mu)} mu: check where it was swapped from`);
  }
  if (b.new_outside_mu > 0) {
    zh.push(`线外新增工业用地 ${fmt(b.new_outside_mu)} 亩，请核查（宁波实践：控制线外不新增工业用地）`);
    en.push(`new industrial land outside the lines ${fmt(b.new_outside_mu)} mu: check it (Ningbo practice: no new industrial land outside the lines)`);
  }
  const status = b.new_outside_mu > 0 || b.balance_mu < 0 ? 'warn' : 'info';
  const tailZh = '（方案四(二)提出探索增减挂钩机制，非考核指标）';
  const tailEn = ' (the plan, 四(二), asks to explore the 增减挂钩 mechanism: not a binding target)';
  return finding('land-swap.balance', status, values, zh.join('；') + tailZh, en.join('; ') + tailEn, SWAP_SOURCE);
}

// ---- Records as the data files hold them (internal/land-supply.json, internal/land-swap.json) ----

/** One grant of land in a year (land-supply.json). `parcel_id` is null where the land is not a parcel of the map. */
export interface LandSupplyRecord {
  year: number;
  parcel_id: string | null;
  land_use: string;
  area_mu: number;
}

/** One 增减挂钩 change (land-swap.json): industrial land reclaimed or newly supplied, and where it lies. */
export interface LandSwapRecord {
  year: number;
  parcel_id: string | null;
  change: SwapParcel['change'];
  control_line: SwapParcel['control_line'];
  area_mu: number;
}

function recordsOf(raw: unknown, key: string, file: string): unknown[] {
  const list = Array.isArray(raw) ? raw : typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[key] : undefined;
  if (!Array.isArray(list)) throw new Error(`${file}: expected an array or an object with "${key}": [...]`);
  return list;
}

function recordObject(r: unknown): Record<string, unknown> {
  if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new Error('not an object');
  return r as Record<string, unknown>;
}

function commonFields(r: Record<string, unknown>): { year: number; parcel_id: string | null; area_mu: number } {
  const year = r['year'];
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1900 || year > 2100) throw new Error(`field "year" must be a whole year, got ${JSON.stringify(year)}`);
  const pid = r['parcel_id'] ?? null;
  if (pid !== null && typeof pid !== 'string') throw new Error(`field "parcel_id" must be a string or null, got ${JSON.stringify(pid)}`);
  const mu = r['area_mu'];
  if (typeof mu !== 'number' || !Number.isFinite(mu) || mu < 0) throw new Error(`field "area_mu" must be a non-negative number of 亩, got ${JSON.stringify(mu)}`);
  return { year, parcel_id: pid, area_mu: mu };
}

/** One land-supply record; throws naming the field. */
export function parseLandSupplyRecord(raw: unknown): LandSupplyRecord {
  const r = recordObject(raw);
  const c = commonFields(r);
  const use = r['land_use'];
  if (typeof use !== 'string' || use === '') throw new Error(`field "land_use" must be a non-empty string, got ${JSON.stringify(use)}`);
  return { year: c.year, parcel_id: c.parcel_id, land_use: use, area_mu: c.area_mu };
}

/** One 增减挂钩 record; throws naming the field. */
export function parseLandSwapRecord(raw: unknown): LandSwapRecord {
  const r = recordObject(raw);
  const c = commonFields(r);
  const change = r['change'];
  if (change !== 'reclaimed' && change !== 'new') throw new Error(`field "change" must be "reclaimed" or "new", got ${JSON.stringify(change)}`);
  const line = r['control_line'];
  if (line !== 0 && line !== 1 && line !== 2) throw new Error(`field "control_line" must be 0, 1 or 2, got ${JSON.stringify(line)}`);
  return { year: c.year, parcel_id: c.parcel_id, change, control_line: line, area_mu: c.area_mu };
}

function parseAll<T>(raw: unknown, key: string, file: string, one: (r: unknown) => T): T[] {
  return recordsOf(raw, key, file).map((r, i) => {
    try {
      return one(r);
    } catch (e) {
      throw new Error(`${file}: record #${i}: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
}

/** Reads land-supply.json (a list, or `{land_supply: [...]}`); a bad record throws naming the file and record. */
export function parseLandSupply(raw: unknown, file = 'land-supply.json'): LandSupplyRecord[] {
  return parseAll(raw, 'land_supply', file, parseLandSupplyRecord);
}

/** Reads land-swap.json (a list, or `{land_swap: [...]}`). */
export function parseLandSwap(raw: unknown, file = 'land-swap.json'): LandSwapRecord[] {
  return parseAll(raw, 'land_swap', file, parseLandSwapRecord);
}

/** What `tenglong stats --json` reports as `county_rules`; null lists mean the records are missing. */
export interface CountyRules {
  land_supply: Finding[] | null;
  land_swap: Finding | null;
}

export function countyRules(supply: readonly LandSupplyRecord[] | null, swap: readonly LandSwapRecord[] | null, policy: Policy): CountyRules {
  return {
    land_supply: supply ? industrialShareFindings(supply.map((r) => ({ year: r.year, land_use: r.land_use, mu: r.area_mu })), policy) : null,
    land_swap: swap ? swapBalanceFinding(swap.map((r) => ({ change: r.change, control_line: r.control_line, mu: r.area_mu }))) : null,
  };
}
