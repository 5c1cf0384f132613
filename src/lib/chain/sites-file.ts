// The 招商 ranking's own parcels file (issue 16): internal/sites.fgb holds only the parcels the site worker keeps
// (SiteCollector) — candidate sites and the parcels of chain firms — with only the fields the ranking and the chain
// overlay read. The worker streams it instead of the whole internal/parcels.fgb, so opening the 招商 panel reads a
// fraction of the county (what is dropped: parcels neither candidate nor a chain firm's, and every other field).
//
// The build writes it with the policy's candidate statuses and grades and records them in the internal manifest;
// the page uses it only when those hold every candidate status and grade it ranks with (sitesFileServes), else it
// streams the whole parcels file as before. The chain firms are those of the same build's enterprises.json, which
// the page reads too. Pure.
import type { RankingConfig } from './config.ts';

export const SITES_FILE = 'sites.fgb';

/** What siteParcelOf and the chain overlay read of a parcel; nothing else goes into the file. */
export const SITE_FILE_FIELDS = ['id', 'name', 'area_mu_planar', 'status', 'grade', 'enterprise_id', 'control_line', 'zone', 'far_max', 'park'] as const;

/** The internal manifest's `sites` entry. */
export interface SitesFileSpec {
  file: string;
  count: number;
  /** The candidate statuses and grades the file was written with (the policy's chains.ranking at build time). */
  candidate_statuses: string[];
  candidate_grades: string[];
}

type Candidates = Pick<RankingConfig, 'candidate_statuses' | 'candidate_grades'>;

interface SiteLike {
  status?: unknown;
  grade?: unknown;
  enterprise_id?: unknown;
}

/** Whether a parcel goes into the file: a candidate by status or grade, or held by a firm in a chain. */
export function keptForSites(p: SiteLike, chainFirms: ReadonlySet<string>, cfg: Candidates): boolean {
  if ((cfg.candidate_statuses as readonly unknown[]).includes(p.status)) return true;
  if (p.grade != null && (cfg.candidate_grades as readonly unknown[]).includes(p.grade)) return true;
  return typeof p.enterprise_id === 'string' && chainFirms.has(p.enterprise_id);
}

/** The file's fields of a parcel (those it has). */
export function siteFileProps(p: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of SITE_FILE_FIELDS) if (p[k] !== undefined) out[k] = p[k];
  return out;
}

/** Whether a build's sites file holds every parcel a ranking with `cfg` can keep (every candidate status and grade). */
export function sitesFileServes(spec: SitesFileSpec | undefined, cfg: Candidates): spec is SitesFileSpec {
  if (!spec) return false;
  return cfg.candidate_statuses.every((s) => spec.candidate_statuses.includes(s)) && cfg.candidate_grades.every((g) => spec.candidate_grades.includes(g));
}
