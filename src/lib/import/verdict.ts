// The verdict an imported feature is coloured by. Its own module: the map overlay needs only this, and importing it
// from prepare.ts would pull the mapping, the ingest and the rules into the planner's first load.
import type { FindingStatus } from '../rules/finding.ts';

/** The worst status among the findings: fail over warn; anything else (pass, info, none) passes. */
export function verdictOf(findings: readonly { status: FindingStatus }[]): 'fail' | 'warn' | 'pass' {
  if (findings.some((f) => f.status === 'fail')) return 'fail';
  return findings.some((f) => f.status === 'warn') ? 'warn' : 'pass';
}
