// How `tenglong check` reads a parcel's input properties, in src/lib so the browser's import worker parses a feature
// exactly as the CLI does (issue 13, in-app import: the same file must get the same findings in both).
// scripts/check-cmd.ts and src/workers/import.worker.ts (through src/lib/import/prepare.ts) both use these.
import { knownIndustries, optBool, projectKind, type PropsResult } from '../data/props.ts';
import { GRADES, PARCEL_ID_PATTERN, PARCEL_ID_RULE, PARCEL_STATUSES, type Grade, type ParcelStatus, type ProjectKind } from '../data/schema.ts';
import type { EnterpriseInput, ParcelInput } from './check.ts';
import type { Policy } from './policy.ts';

export type CheckProps = Omit<ParcelInput, 'geometry'>;

/** Input properties `tenglong check` understands (README, CLI section). Anything else is ignored. */
export const CHECK_PROPERTIES = [
  'id', 'floor_area_m2', 'tall_floor_area_m2', 'height_m', 'industry', 'project', 'new_project', 'central_approved', 'status', 'grade', 'standard_land',
  'coverage', 'green_ratio', 'admin_ratio', 'dilapidated', 'banned_industry',
  'vacant', 'above_scale', 'exempt', 'enterprise_land_mu', 'tax_10k', 'value_added_10k', 'co2_t',
] as const;

let autoId = 0;
/** Restarts the `feature-N` ids of features without one (runCheck does so before each file). */
export function resetAutoIds(): void {
  autoId = 0;
}

export function parseCheckProps(raw: unknown): PropsResult<CheckProps> {
  const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const absent = (k: string) => p[k] === undefined || p[k] === null || p[k] === '';
  const num = (k: string, opts: { signed?: boolean; share?: boolean } = {}): number | null | string => {
    if (absent(k)) return null;
    const v = p[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || (!opts.signed && v < 0)) {
      return `field "${k}" must be a ${opts.signed ? '' : 'non-negative '}number, got ${JSON.stringify(v)}`;
    }
    if (opts.share && v > 1) return `field "${k}" must be a share between 0 and 1 (e.g. 0.35 for 35 %), got ${v}`;
    return v;
  };
  // Booleans read as build-data reads them (true/false, 是/否, 1/0), through the same field reader.
  const bool = (k: string): boolean | undefined | string => {
    try {
      return optBool(p, k) ?? undefined;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  };
  const text = (k: string, allowed: readonly string[]): string | undefined | { error: string } => {
    if (absent(k)) return undefined;
    const v = p[k];
    if (typeof v !== 'string' || (allowed.length && !allowed.includes(v))) {
      return { error: `field "${k}" must be ${allowed.length ? `one of ${allowed.join(', ')}` : 'text'}, got ${JSON.stringify(v)}` };
    }
    return v;
  };
  const floor = num('floor_area_m2');
  const tall = num('tall_floor_area_m2');
  const height = num('height_m');
  const coverage = num('coverage', { share: true });
  const green = num('green_ratio', { share: true });
  const admin = num('admin_ratio', { share: true });
  const landMu = num('enterprise_land_mu');
  const tax = num('tax_10k', { signed: true }); // refunds can make tax negative
  const va = num('value_added_10k', { signed: true });
  const co2 = num('co2_t');
  let project: ProjectKind;
  try {
    project = projectKind(p);
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
  const approved = bool('central_approved');
  const standard = bool('standard_land');
  const dilapidated = bool('dilapidated');
  const banned = bool('banned_industry');
  const vacant = bool('vacant');
  const aboveScale = bool('above_scale');
  for (const v of [floor, tall, height, coverage, green, admin, landMu, tax, va, co2, approved, standard, dilapidated, banned, vacant, aboveScale]) {
    if (typeof v === 'string') return { ok: false, reason: v };
  }
  if (typeof tall === 'number' && (typeof floor !== 'number' || tall > floor)) {
    return { ok: false, reason: `field "tall_floor_area_m2" (${tall}) must be part of floor_area_m2 (${floor ?? 'missing'})` };
  }
  const grade = text('grade', GRADES);
  const status = text('status', PARCEL_STATUSES);
  const industry = text('industry', []);
  const exempt = text('exempt', []);
  for (const v of [grade, status, industry, exempt]) if (typeof v === 'object') return { ok: false, reason: v.error };
  const firmKeys = ['above_scale', 'exempt', 'enterprise_land_mu', 'tax_10k', 'value_added_10k', 'co2_t'];
  const hasFirm = firmKeys.some((k) => !absent(k));
  if (vacant === true && hasFirm) {
    return { ok: false, reason: `field "vacant" is true but enterprise fields are given (${firmKeys.filter((k) => !absent(k)).join(', ')})` };
  }
  let enterprise: EnterpriseInput | null | undefined;
  if (vacant === true) enterprise = null;
  else if (hasFirm) {
    enterprise = {
      ...(typeof aboveScale === 'boolean' ? { above_scale: aboveScale } : {}),
      ...(typeof exempt === 'string' ? { exempt } : {}),
      ...(typeof landMu === 'number' ? { land_mu: landMu } : {}),
      tax_10k: tax as number | null,
      value_added_10k: va as number | null,
      co2_t: co2 as number | null,
    };
  }
  const given = typeof p['id'] === 'string' || typeof p['id'] === 'number' ? String(p['id']).trim() : null;
  if (given !== null && !PARCEL_ID_PATTERN.test(given)) {
    return { ok: false, reason: `field "id" = ${JSON.stringify(given.length > 40 ? given.slice(0, 40) + '…' : given)} cannot be used in a link: ${PARCEL_ID_RULE}` };
  }
  const id = given ?? `feature-${++autoId}`;
  return {
    ok: true,
    value: {
      id,
      floor_area_m2: floor as number | null,
      height_m: height as number | null,
      ...(typeof industry === 'string' ? { industry } : {}),
      project,
      central_approved: approved === true,
      grade: (grade as Grade | undefined) ?? null,
      ...(typeof standard === 'boolean' ? { standard_land: standard } : {}),
      ...(typeof status === 'string' ? { status: status as ParcelStatus } : {}),
      ...(typeof tall === 'number' ? { tall_floor_area_m2: tall } : {}),
      coverage: coverage as number | null,
      green_ratio: green as number | null,
      admin_ratio: admin as number | null,
      ...(typeof dilapidated === 'boolean' ? { dilapidated } : {}),
      ...(typeof banned === 'boolean' ? { banned_industry: banned } : {}),
      ...(enterprise !== undefined ? { enterprise } : {}),
    },
  };
}

/**
 * runCheck's parser: parseCheckProps, then the exempt kinds and industries the policy names, with check's
 * messages. Restarts the `feature-N` ids, as runCheck does per file.
 */
export function checkPropsParser(policy: Policy): (raw: unknown) => PropsResult<CheckProps> {
  resetAutoIds();
  // Exempt kinds are the policy's to name, so they are checked against it here rather than in the parser.
  const kinds = policy.mujun.evaluated.exempt_kinds;
  // Industries are the policy's too (its FAR table), named when unknown exactly as build-data names them.
  const industries = knownIndustries(policy.far.by_industry_min);
  return (raw: unknown): PropsResult<CheckProps> => {
    const r = parseCheckProps(raw);
    if (!r.ok) return r;
    const ex = r.value.enterprise?.exempt;
    if (ex && !kinds.includes(ex)) return { ok: false, reason: `field "exempt" must be one of ${kinds.join(', ') || '(none in this policy)'}, got ${JSON.stringify(ex)}` };
    const ind = r.value.industry;
    if (ind !== undefined && !industries.includes(ind)) {
      return { ok: false, reason: `field "industry" = ${JSON.stringify(ind)} is not a known industry (known: ${industries.join(', ')}); use one of them or add it to the policy's far.by_industry_min` };
    }
    return r;
  };
}
