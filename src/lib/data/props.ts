// Runtime validation of feature properties per layer. Real registers arrive with gaps and typos; each problem is
// reported with the field name so the planner can fix the source, and the feature is set aside (never dropped).
import {
  LAND_USES,
  PARCEL_STATUSES,
  type ControlLineProps,
  type LandUse,
  type LowEfficiencyBlockProps,
  type ParcelSource,
  type ParcelStatus,
  type ZoneProps,
} from './schema.ts';

export type PropsResult<T> = { ok: true; value: T } | { ok: false; reason: string };

type Obj = Record<string, unknown>;

class FieldError extends Error {}

function reqString(p: Obj, k: string): string {
  const v = p[k];
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string' || v.trim() === '') throw new FieldError(`field "${k}" is required (text), got ${show(v)}`);
  return v.trim();
}
function optString(p: Obj, k: string): string | null {
  const v = p[k];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') throw new FieldError(`field "${k}" must be text, got ${show(v)}`);
  return v.trim();
}
function optNumber(p: Obj, k: string, min: number, max: number): number | null {
  const v = p[k];
  if (v === undefined || v === null || v === '') return null;
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new FieldError(`field "${k}" must be a number, got ${show(v)}`);
  if (n < min || n > max) throw new FieldError(`field "${k}" = ${n} is outside [${min}, ${max}]`);
  return n;
}
function optBool(p: Obj, k: string): boolean | null {
  const v = p[k];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === '1' || v === 'true' || v === '是') return true;
  if (v === 0 || v === '0' || v === 'false' || v === '否') return false;
  throw new FieldError(`field "${k}" must be true/false, got ${show(v)}`);
}
function oneOf<T extends string>(p: Obj, k: string, allowed: readonly T[], fallback?: T): T {
  const v = p[k];
  if ((v === undefined || v === null || v === '') && fallback !== undefined) return fallback;
  if (typeof v !== 'string' || !allowed.includes(v as T)) {
    throw new FieldError(`field "${k}" must be one of ${allowed.join(', ')}, got ${show(v)}`);
  }
  return v as T;
}
function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? 'nothing' : s.length > 40 ? s.slice(0, 40) + '…' : s;
}
function run<T>(props: unknown, f: (p: Obj) => T): PropsResult<T> {
  if (typeof props !== 'object' || props === null || Array.isArray(props)) return { ok: false, reason: 'properties missing' };
  try {
    return { ok: true, value: f(props as Obj) };
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, reason: e.message };
    throw e;
  }
}

export function parseParcelProps(props: unknown): PropsResult<ParcelSource> {
  return run(props, (p) => {
    const id = reqString(p, 'id');
    const ratio = (k: string) => optNumber(p, k, 0, 1);
    return {
      id,
      name: optString(p, 'name') ?? id,
      land_use: oneOf<LandUse>(p, 'land_use', LAND_USES, 'industrial'),
      status: oneOf<ParcelStatus>(p, 'status', PARCEL_STATUSES),
      enterprise_id: optString(p, 'enterprise_id'),
      floor_area_m2: optNumber(p, 'floor_area_m2', 0, 1e7),
      height_m: optNumber(p, 'height_m', 0, 500),
      coverage: ratio('coverage'),
      green_ratio: ratio('green_ratio'),
      admin_ratio: ratio('admin_ratio'),
      standard_land: optBool(p, 'standard_land') ?? false,
      // An industry missing from the FAR table falls back to the policy's `general` minimum, by design.
      industry: (optString(p, 'industry') ?? 'general') as ParcelSource['industry'],
      town: optString(p, 'town') ?? '',
      park: optString(p, 'park'),
    };
  });
}

export function parseControlLineProps(props: unknown): PropsResult<ControlLineProps> {
  return run(props, (p) => {
    const level = optNumber(p, 'level', 1, 2);
    if (level !== 1 && level !== 2) throw new FieldError(`field "level" must be 1 or 2, got ${show(p['level'])}`);
    const id = reqString(p, 'id');
    return { id, name: optString(p, 'name') ?? id, level };
  });
}

export function parseZoneProps(props: unknown): PropsResult<ZoneProps> {
  return run(props, (p) => {
    const id = reqString(p, 'id');
    return {
      id,
      name: optString(p, 'name') ?? id,
      kind: oneOf(p, 'kind', ['central', 'adjusted-use'] as const),
      approximate: optBool(p, 'approximate') ?? false,
    };
  });
}

export function parseLowEfficiencyBlockProps(props: unknown): PropsResult<LowEfficiencyBlockProps> {
  return run(props, (p) => {
    const id = reqString(p, 'id');
    return {
      id,
      name: optString(p, 'name') ?? id,
      reason: optString(p, 'reason') ?? '',
      renovation_status: oneOf(p, 'renovation_status', ['planned', 'in_progress', 'done'] as const, 'planned'),
      renovation_year: optNumber(p, 'renovation_year', 1990, 2100) ?? 0,
    };
  });
}

/** Base-map layers carry free-form labels; only require an object. */
export function parseBaseProps(props: unknown): PropsResult<Record<string, unknown>> {
  return run(props, (p) => ({ ...p }));
}
