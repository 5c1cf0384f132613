// County-level rules (shared DOMAIN rules 6–7): the yearly industrial share of land supplied and the 增减挂钩
// balance of industrial land reclaimed outside the control lines against new industrial land inside them.
import { finding, fmt, type Finding } from './finding.ts';
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
  return industrialShareByYear(supplied, policy).map((y) => {
    const values = { year: y.year, industrial_mu: y.industrial_mu, total_mu: y.total_mu, share: y.share, min };
    if (y.share === null) {
      return finding('land-supply.industrial-share', 'info', values, `${y.year} 年无供地`, `${y.year}: no land supplied`);
    }
    const ok = y.share >= min;
    const zh = `${y.year} 年供地 ${fmt(y.total_mu)} 亩，其中工业 ${fmt(y.industrial_mu)} 亩，占 ${fmt(y.share * 100, 1)}% ${ok ? '≥' : '<'} ${fmt(min * 100, 0)}%`;
    const en = `${y.year}: ${fmt(y.industrial_mu)} of ${fmt(y.total_mu)} mu supplied went to industry, ${fmt(y.share * 100, 1)}% ${ok ? '≥' : '<'} ${fmt(min * 100, 0)}%`;
    return finding('land-supply.industrial-share', ok ? 'pass' : 'fail', values, zh, en);
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

/** 增减挂钩: new industrial 亩 inside the lines must not exceed the 亩 reclaimed outside them. */
export function swapBalanceFinding(parcels: readonly SwapParcel[]): Finding {
  const b = swapBalance(parcels);
  const values = { ...b };
  const head = `线外复垦/清退 ${fmt(b.reclaimed_outside_mu)} 亩，线内新增 ${fmt(b.new_inside_mu)} 亩，结余 ${fmt(b.balance_mu)} 亩`;
  const headEn = `Reclaimed outside the lines ${fmt(b.reclaimed_outside_mu)} mu, new inside ${fmt(b.new_inside_mu)} mu, balance ${fmt(b.balance_mu)} mu`;
  const outside = b.new_outside_mu > 0 ? [`；线外新增工业用地 ${fmt(b.new_outside_mu)} 亩（不允许）`, `; new industrial land outside the lines ${fmt(b.new_outside_mu)} mu (not allowed)`] : ['', ''];
  const status = b.new_outside_mu > 0 || b.balance_mu < 0 ? 'fail' : 'pass';
  return finding('land-swap.balance', status, values, head + outside[0], headEn + outside[1]);
}
