// The campaign's registers over HTTP (issue 15): one route set for every register kind — 整治 cases, projects, block
// plans, 小微企业园, 标准地 agreements — instead of five copies. List `{ records, seq }`, create (201), edit the version
// it started from (409 with `current` on a stale one), soft delete, restore, history. 400 answers name the field
// (`{ error, field }`) as the kind's parser reports it (`steps[3].date`); the checks a parser cannot make alone are
// made here: the parcels a record names must be in the current data build (ApiOptions.parcelExists), a dated fact
// (a case's step, a node's or milestone's actual day) cannot lie after China's today, and the id in the path is the
// record's own.
import { Hono, type Context } from 'hono';
import { fieldOfReason, chinaToday } from '../../src/lib/workspace/parcel-status.ts';
import { BLOCK_PLANS, CASES, InvalidRecordError, PROJECTS, SMALL_PARKS, STANDARD_LAND, type RecordKind, type RecordStore } from '../workspace/record-store.ts';
import { ApiError, invalid, jsonObject, versionOf, type ApiEnv, type ApiOptions } from './context.ts';
import { requireUser } from './guards.ts';
import type { Permission } from './roles.ts';

type Obj = Record<string, unknown>;

/** A reference a record makes to a parcel, with the field that makes it. */
export interface ParcelRef {
  field: string;
  id: string;
}

/** A day a record says something happened on (so it cannot be after today), with the field that says it. */
export interface DatedFact {
  field: string;
  day: string;
}

export interface RegisterSpec<T> {
  kind: RecordKind<T>;
  /** The field holding the record's id (`id`, `block_id`, `parcel_id`): named when the path and body disagree. */
  idField: string;
  read: Permission;
  write: Permission;
  /** The parcels the record names (checked when ApiOptions.parcelExists is given). */
  parcelRefs?: (t: T) => ParcelRef[];
  /**
   * The days the record says something was done on, read from the body as sent (`raw`) so the field's index is the
   * one the client wrote: a parser may reorder a list (a project's nodes are put in lifecycle order).
   */
  datedFacts?: (raw: Obj, t: T) => DatedFact[];
}

/** The `actual` days of a list of objects in the body (`nodes[2].actual`, `milestones[0].actual`). */
export function actualDays(raw: Obj, list: string, key = 'actual'): DatedFact[] {
  const v = raw[list];
  if (!Array.isArray(v)) return [];
  return v.flatMap((x: unknown, i) => {
    const day = typeof x === 'object' && x !== null ? (x as Obj)[key] : undefined;
    return typeof day === 'string' && day !== '' ? [{ field: `${list}[${i}].${key}`, day }] : [];
  });
}

/** 400 naming the field of a parser's reason (`field "steps[2].date" …`). */
function refused(kind: string, reason: string): ApiError {
  const field = fieldOfReason(reason);
  return new ApiError(400, `${kind}: ${reason}`, field ? { field } : {});
}

async function validated<T>(kind: string, p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof InvalidRecordError) throw refused(kind, e.message.replace(`${kind}: `, ''));
    throw e;
  }
}

function asObject(raw: unknown, field: string | null, what: string): Obj {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    if (field) throw invalid(field, `must be the ${what} (an object)`);
    throw new ApiError(400, `the request body must be the ${what} (a JSON object)`);
  }
  return raw as Obj;
}

/**
 * The routes of one register. `today` is China's calendar day (the clock tests may fix); `opts.parcelExists` the
 * current build's parcel check.
 */
export function registerRoutes<T>(
  records: RecordStore,
  lastSeq: () => Promise<number>,
  spec: RegisterSpec<T>,
  opts: Pick<ApiOptions, 'parcelExists'> & { today?: () => string } = {},
): Hono<ApiEnv> {
  const { kind } = spec;
  const today = opts.today ?? (() => chinaToday());

  /** Parses the body and makes the checks beyond the parser's; returns the record as it will be stored. */
  async function checked(raw: Obj): Promise<T> {
    const r = kind.parse(raw);
    if (!r.ok) throw refused(kind.kind, r.reason);
    const t = r.value;
    const now = today();
    for (const f of spec.datedFacts?.(raw, t) ?? []) {
      if (f.day > now) throw invalid(f.field, `= ${f.day} is after today (${now}, China): record what was done once it is done`);
    }
    if (opts.parcelExists) {
      for (const ref of spec.parcelRefs?.(t) ?? []) {
        if (!(await opts.parcelExists(ref.id))) throw invalid(ref.field, `names ${JSON.stringify(ref.id)}, no parcel of the current data build`);
      }
    }
    return t;
  }

  const idParam = (c: Context<ApiEnv>): string => c.req.param('id') ?? '';

  return new Hono<ApiEnv>()
    .get('/', async (c) => {
      requireUser(c, spec.read);
      // The feed position is read BEFORE the list (as for demands): a change in between is seen again, never missed.
      const seq = await lastSeq();
      const list = await records.list(kind, { includeDeleted: c.req.query('deleted') === '1' });
      return c.json({ records: list, seq });
    })
    .post('/', async (c) => {
      const user = requireUser(c, spec.write);
      const data = await checked(asObject(await jsonObject(c), null, kind.kind));
      return c.json(await validated(kind.kind, records.create(kind, data, user.name)), 201);
    })
    .put('/:id', async (c) => {
      const user = requireUser(c, spec.write);
      const id = idParam(c);
      const body = await jsonObject(c);
      const version = versionOf(body['version']);
      const data = await checked(asObject(body['data'], 'data', kind.kind));
      if (kind.idOf(data) !== id) throw invalid(spec.idField, `(${JSON.stringify(kind.idOf(data))}) must be the id of the path (${JSON.stringify(id)}): an id does not change; create a new record instead`);
      return c.json(await validated(kind.kind, records.update(kind, id, data, version, user.name)));
    })
    .delete('/:id', async (c) => {
      const user = requireUser(c, spec.write);
      const version = versionOf(c.req.query('version'));
      return c.json(await records.remove(kind, idParam(c), version, user.name));
    })
    .post('/:id/restore', async (c) => {
      const user = requireUser(c, spec.write);
      const version = versionOf((await jsonObject(c))['version']);
      return c.json(await records.restore(kind, idParam(c), version, user.name));
    })
    .get('/:id/history', async (c) => {
      requireUser(c, spec.read);
      const id = idParam(c);
      if (!(await records.get(kind, id))) throw new ApiError(404, `${kind.kind} ${id} does not exist`);
      return c.json({ history: await records.history(kind.kind, id) });
    });
}

/** A register's spec with the path it answers under (/api/<path>). */
export interface MountedRegister {
  path: string;
  spec: RegisterSpec<never>;
  routes: (records: RecordStore, lastSeq: () => Promise<number>, opts: Pick<ApiOptions, 'parcelExists'>) => Hono<ApiEnv>;
}

function mounted<T>(path: string, spec: RegisterSpec<T>): MountedRegister {
  return { path, spec: spec as unknown as RegisterSpec<never>, routes: (records, lastSeq, opts) => registerRoutes(records, lastSeq, spec, opts) };
}

/** The campaign's registers as app.ts mounts them. */
export const REGISTERS: readonly MountedRegister[] = [
  mounted('/cases', {
    kind: CASES,
    idField: 'id',
    read: 'cases:read',
    write: 'cases:write',
    parcelRefs: (c) => c.parcel_ids.map((id) => ({ field: id === c.parcel_id ? 'parcel_id' : 'parcel_ids', id })),
    // Steps of a case delivered with years only are made up by the parser (the year's last day): not checked.
    datedFacts: (raw, c) => (Array.isArray(raw['steps']) && raw['steps'].length > 0 ? c.steps.map((s, i) => ({ field: `steps[${i}].date`, day: s.date })) : []),
  }),
  mounted('/projects', {
    kind: PROJECTS,
    idField: 'id',
    read: 'projects:read',
    write: 'projects:write',
    parcelRefs: (p) => (p.parcel_id ? [{ field: 'parcel_id', id: p.parcel_id }] : []),
    datedFacts: (raw) => actualDays(raw, 'nodes'),
  }),
  mounted('/block-plans', { kind: BLOCK_PLANS, idField: 'block_id', read: 'blocks:read', write: 'blocks:write', datedFacts: (raw) => actualDays(raw, 'milestones') }),
  mounted('/small-parks', { kind: SMALL_PARKS, idField: 'id', read: 'blocks:read', write: 'blocks:write' }),
  mounted('/standard-land', { kind: STANDARD_LAND, idField: 'parcel_id', read: 'standard_land:read', write: 'standard_land:write', parcelRefs: (a) => [{ field: 'parcel_id', id: a.parcel_id }] }),
];
