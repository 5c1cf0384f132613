// Runtime validation of feature properties per layer. Real registers arrive with gaps and typos; each problem is
// reported with the field name so the planner can fix the source, and the feature is set aside (never dropped).
import {
  INDUSTRIES,
  LAND_USES,
  PARCEL_ID_PATTERN,
  PARCEL_ID_RULE,
  PROJECT_KINDS,
  type ProjectKind,
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

/** A field problem: the message names the field and what it got. */
export class FieldError extends Error {}

export function reqString(p: Obj, k: string): string {
  const v = p[k];
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string' || v.trim() === '') throw new FieldError(`field "${k}" is required (text), got ${show(v)}`);
  return v.trim();
}
export function optString(p: Obj, k: string): string | null {
  const v = p[k];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') throw new FieldError(`field "${k}" must be text, got ${show(v)}`);
  return v.trim();
}
export function optNumber(p: Obj, k: string, min: number, max: number): number | null {
  const v = p[k];
  if (v === undefined || v === null || v === '') return null;
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new FieldError(`field "${k}" must be a number, got ${show(v)}`);
  if (n < min || n > max) throw new FieldError(`field "${k}" = ${n} is outside [${min}, ${max}]`);
  return n;
}
export function optBool(p: Obj, k: string): boolean | null {
  const v = p[k];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === '1' || v === 'true' || v === '是') return true;
  if (v === 0 || v === '0' || v === 'false' || v === '否') return false;
  throw new FieldError(`field "${k}" must be true/false, got ${show(v)}`);
}
export function oneOf<T extends string>(p: Obj, k: string, allowed: readonly T[], fallback?: T): T {
  const v = p[k];
  if ((v === undefined || v === null || v === '') && fallback !== undefined) return fallback;
  if (typeof v !== 'string' || !allowed.includes(v as T)) {
    throw new FieldError(`field "${k}" must be one of ${allowed.join(', ')}, got ${show(v)}`);
  }
  return v as T;
}
export function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? 'nothing' : s.length > 40 ? s.slice(0, 40) + '…' : s;
}
export function run<T>(props: unknown, f: (p: Obj) => T): PropsResult<T> {
  if (typeof props !== 'object' || props === null || Array.isArray(props)) return { ok: false, reason: 'properties missing' };
  try {
    return { ok: true, value: f(props as Obj) };
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, reason: e.message };
    throw e;
  }
}

/** An id the app can put in a link (`#/site/<id>`, `p=<id>`): refused at build time otherwise. */
export function addressableId(p: Obj, k = 'id'): string {
  const id = reqString(p, k);
  if (!PARCEL_ID_PATTERN.test(id)) {
    const n = [...id].length;
    throw new FieldError(`field "${k}" = ${show(id)}${n > 64 ? ` (${n} characters)` : ''} cannot be used in a link: ${PARCEL_ID_RULE}`);
  }
  return id;
}

/** The industry keys a policy knows: the schema's list plus any its FAR table adds. */
export function knownIndustries(farTable: Record<string, unknown>): string[] {
  return [...new Set<string>([...INDUSTRIES, ...Object.keys(farTable)])];
}

/** An industry key; unknown keys are refused with the list (a county adds its own to the policy's FAR table). */
export function industryField(p: Obj, k: string, known: readonly string[]): string {
  const v = optString(p, k);
  if (v === null) return 'general';
  if (!known.includes(v)) {
    throw new FieldError(`field "${k}" = ${show(v)} is not a known industry (known: ${known.join(', ')}); use one of them or add it to the policy's far.by_industry_min`);
  }
  return v;
}

/**
 * Parcel properties. `industries` are the keys the policy knows (knownIndustries); every field the rules read is
 * kept, so the map, the CLI and the pipeline judge a parcel on the same values.
 */
export function parcelPropsParser(industries: readonly string[] = INDUSTRIES): (props: unknown) => PropsResult<ParcelSource> {
  return (props) =>
    run(props, (p) => {
      const id = addressableId(p);
      const ratio = (k: string) => optNumber(p, k, 0, 1);
      const floor = optNumber(p, 'floor_area_m2', 0, 1e7);
      const tall = optNumber(p, 'tall_floor_area_m2', 0, 1e7);
      if (tall !== null && (floor === null || tall > floor)) {
        throw new FieldError(`field "tall_floor_area_m2" (${tall}) must be part of floor_area_m2 (${floor ?? 'missing'})`);
      }
      return {
        id,
        name: optString(p, 'name') ?? id,
        land_use: oneOf<LandUse>(p, 'land_use', LAND_USES, 'industrial'),
        status: oneOf<ParcelStatus>(p, 'status', PARCEL_STATUSES),
        enterprise_id: optString(p, 'enterprise_id'),
        floor_area_m2: floor,
        tall_floor_area_m2: tall,
        height_m: optNumber(p, 'height_m', 0, 500),
        coverage: ratio('coverage'),
        green_ratio: ratio('green_ratio'),
        admin_ratio: ratio('admin_ratio'),
        standard_land: optBool(p, 'standard_land') ?? false,
        dilapidated: optBool(p, 'dilapidated') ?? false,
        banned_industry: optBool(p, 'banned_industry') ?? false,
        industry: industryField(p, 'industry', industries) as ParcelSource['industry'],
        town: optString(p, 'town') ?? '',
        park: optString(p, 'park'),
        project: projectKind(p),
        central_approved: optBool(p, 'central_approved') ?? false,
      };
    });
}

/**
 * `project` (one of PROJECT_KINDS, default none), or the older `new_project` flag: true means `new`, false `none`.
 * Both given and disagreeing is refused rather than one silently winning.
 */
export function projectKind(p: Obj): ProjectKind {
  const legacy = optBool(p, 'new_project');
  if (p['project'] === undefined || p['project'] === null || p['project'] === '') return legacy === true ? 'new' : 'none';
  const kind = oneOf<ProjectKind>(p, 'project', PROJECT_KINDS);
  if (legacy !== null && legacy !== (kind === 'new')) {
    throw new FieldError(`field "new_project" (${legacy}) contradicts field "project" (${JSON.stringify(kind)}); give only "project"`);
  }
  return kind;
}

/** Parcel properties against the schema's industry list (a policy may know more: use parcelPropsParser). */
export const parseParcelProps = parcelPropsParser();

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

/**
 * What each base-map layer may publish. Base layers come from other departments' files and often carry contacts,
 * notes or owners; they are public (a prospect's map draws them), so only these label fields pass.
 */
export const BASE_LAYER_FIELDS = {
  'base-county': ['id', 'name', 'name_en', 'adcode', 'approximate'],
  'base-water': ['id', 'name', 'name_en', 'kind', 'approximate'],
  'base-towns': ['id', 'name', 'name_en', 'kind'],
  'base-roads': ['id', 'name', 'name_en', 'kind', 'approximate'],
} as const satisfies Record<string, readonly string[]>;
export type BaseLayer = keyof typeof BASE_LAYER_FIELDS;

const BASE_TEXT_MAX = 200;

/** Base-map labels: the layer's allow-listed fields, each short text, a number or a boolean; the rest is dropped. */
export function baseProps(layer: BaseLayer): (props: unknown) => PropsResult<Record<string, unknown>> {
  const allowed: readonly string[] = BASE_LAYER_FIELDS[layer];
  return (props) =>
    run(props, (p) => {
      const out: Record<string, unknown> = {};
      for (const k of allowed) {
        const v = p[k];
        if (v === undefined || v === null || v === '') continue;
        if (typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) out[k] = v;
        else if (typeof v === 'string' && v.length <= BASE_TEXT_MAX) out[k] = v.trim();
        else throw new FieldError(`field "${k}" must be a label of at most ${BASE_TEXT_MAX} characters, a number or true/false, got ${show(v)}`);
      }
      return out;
    });
}
