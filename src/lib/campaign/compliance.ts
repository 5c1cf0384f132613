// 标准地履约 (seed 三(一)4): a parcel sold as 标准地 carries the indicators its 投资监管协议 contracted; at 竣工 the works
// (investment, FAR) and at 达产 the operation (tax, energy, emissions) are compared with what was achieved, each
// indicator getting a finding with both numbers. Achieved values are those recorded at the check; where none was
// recorded they come from the 亩均 data (the firm's figures over its land, the parcel's FAR, the projects' investment).
import { AGREEMENT_INDICATORS, INDICATOR_CHECK_AT, INDICATOR_DIRECTION, type AgreementIndicator, type Day, type StandardLandAgreement } from './types.ts';

export type IndicatorStatus = 'met' | 'unmet' | 'no_data' | 'not_due';

export interface IndicatorFinding {
  indicator: AgreementIndicator;
  contracted: number;
  achieved: number | null;
  /** Where the achieved value came from: recorded at the check, or the 亩均 data. */
  from: 'recorded' | 'data' | null;
  direction: 'min' | 'max';
  /** The check (竣工 or 达产) and its day, null when it has not happened by the day asked. */
  check: 'completed' | 'full_output';
  checked_on: Day | null;
  status: IndicatorStatus;
}

/** The 亩均 data of the parcel's firm and the parcel itself (null members: not known). */
export interface AchievedData {
  /** The firm's tax (万元), energy (tce), emissions (t) and land (亩) over which they are spread. */
  firm: { tax_10k: number; energy_tce: number; emissions_t: number; land_mu: number } | null;
  /** The parcel's FAR and planar area (亩). */
  parcel: { far: number | null; area_mu: number } | null;
  /** Σ investment of the projects on the parcel, 亿元 (null: none). */
  investment_100m: number | null;
}

/** The indicator's value from the 亩均 data, or null when the data does not give it. */
export function achievedFromData(k: AgreementIndicator, d: AchievedData): number | null {
  const perMu = (x: number) => (d.firm && d.firm.land_mu > 0 ? x / d.firm.land_mu : null);
  switch (k) {
    case 'tax_per_mu':
      return d.firm ? perMu(d.firm.tax_10k) : null;
    case 'energy_per_mu':
      return d.firm ? perMu(d.firm.energy_tce) : null;
    case 'emission_per_mu':
      return d.firm ? perMu(d.firm.emissions_t) : null;
    case 'far':
      return d.parcel?.far ?? null;
    case 'investment_per_mu':
      // 亿元 → 万元 (× 10 000) over the parcel's 亩.
      return d.investment_100m !== null && d.parcel && d.parcel.area_mu > 0 ? (d.investment_100m * 10000) / d.parcel.area_mu : null;
  }
}

export function agreementFindings(a: StandardLandAgreement, day: Day, data: AchievedData): IndicatorFinding[] {
  const out: IndicatorFinding[] = [];
  for (const k of AGREEMENT_INDICATORS) {
    const contracted = a.contracted[k];
    if (contracted === undefined) continue;
    const check = INDICATOR_CHECK_AT[k];
    const at = check === 'completed' ? a.completed : a.full_output;
    const direction = INDICATOR_DIRECTION[k];
    if (at === null || at > day) {
      out.push({ indicator: k, contracted, achieved: null, from: null, direction, check, checked_on: null, status: 'not_due' });
      continue;
    }
    const recorded = a.achieved[k];
    const achieved = recorded ?? achievedFromData(k, data);
    const from = recorded !== undefined ? 'recorded' : achieved !== null ? 'data' : null;
    const status: IndicatorStatus = achieved === null ? 'no_data' : (direction === 'min' ? achieved >= contracted : achieved <= contracted) ? 'met' : 'unmet';
    out.push({ indicator: k, contracted, achieved, from, direction, check, checked_on: at, status });
  }
  return out;
}

export type ComplianceStatus = 'unmet' | 'no_data' | 'met' | 'not_due';

/** One status for the map: any indicator unmet → unmet; else any without data → no_data; else any met → met; else not_due. */
export function complianceStatus(findings: readonly IndicatorFinding[]): ComplianceStatus {
  if (findings.some((f) => f.status === 'unmet')) return 'unmet';
  if (findings.some((f) => f.status === 'no_data')) return 'no_data';
  if (findings.some((f) => f.status === 'met')) return 'met';
  return 'not_due';
}
