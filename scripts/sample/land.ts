// Sample land-supply and 增减挂钩 (land swap) records for the county rules (DOMAIN rules 6–7), 2021–2025.
// Supply: per year a few commercial/residential/public grants and industrial grants sized so the industrial share
// lands on the year's planned share (30–45 %, 2023 below the 35 % floor on purpose, so the dashboard shows a
// failing year). Swap: industrial land reclaimed outside the control lines and new industrial land inside them,
// the reclaimed total above the new total (a positive balance). Deterministic: own named PRNG streams.
import type { LandSupplyRecord, LandSwapRecord } from '../../src/lib/rules/county-rules.ts';
import { Rng } from './rng.ts';

export const SUPPLY_YEARS = [2021, 2022, 2023, 2024, 2025] as const;
/** Planned industrial share per year; the generator hits it to ±0.01 % after rounding areas to 0.01 亩. */
export const PLANNED_INDUSTRIAL_SHARE: Readonly<Record<(typeof SUPPLY_YEARS)[number], number>> = {
  2021: 0.41,
  2022: 0.38,
  2023: 0.32,
  2024: 0.44,
  2025: 0.37,
};

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Splits `total` into `n` positive parts (2 decimals) that add up to it exactly. */
function split(rng: Rng, total: number, n: number): number[] {
  const w = Array.from({ length: n }, () => rng.range(0.5, 1.5));
  const sw = w.reduce((s, x) => s + x, 0);
  const parts = w.map((x) => round2((total * x) / sw));
  const rest = round2(total - parts.reduce((s, x) => s + x, 0));
  parts[parts.length - 1] = round2((parts[parts.length - 1] ?? 0) + rest);
  return parts;
}

/** `industrialIds`: parcel ids an industrial grant may point at (new-land parcels of the sample). */
export function makeLandSupply(seed: number, industrialIds: readonly string[]): LandSupplyRecord[] {
  const rng = new Rng(seed, 'land-supply');
  const out: LandSupplyRecord[] = [];
  for (const year of SUPPLY_YEARS) {
    const others: LandSupplyRecord[] = [];
    for (const land_use of ['commercial', 'residential', 'public'] as const) {
      for (let i = rng.int(1, 3); i > 0; i--) others.push({ year, parcel_id: null, land_use, area_mu: round2(rng.range(20, 160)) });
    }
    const otherMu = round2(others.reduce((s, r) => s + r.area_mu, 0));
    const share = PLANNED_INDUSTRIAL_SHARE[year];
    const industrialMu = round2((otherMu * share) / (1 - share));
    for (const area_mu of split(rng, industrialMu, rng.int(3, 6))) {
      out.push({ year, parcel_id: industrialIds.length ? rng.pick(industrialIds) : null, land_use: 'industrial', area_mu });
    }
    out.push(...others);
  }
  return out;
}

export function makeLandSwap(seed: number): LandSwapRecord[] {
  const rng = new Rng(seed, 'land-swap');
  const out: LandSwapRecord[] = [];
  for (const year of SUPPLY_YEARS) {
    for (let i = rng.int(2, 4); i > 0; i--) out.push({ year, parcel_id: null, change: 'reclaimed', control_line: 0, area_mu: round2(rng.range(15, 60)) });
    for (let i = rng.int(1, 3); i > 0; i--) out.push({ year, parcel_id: null, change: 'new', control_line: rng.pick([1, 2] as const), area_mu: round2(rng.range(10, 40)) });
  }
  return out;
}
