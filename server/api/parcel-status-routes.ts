// Parcel status edits over HTTP (issue 14): list, set (create, or edit the version it started from), take back
// (soft delete: the parcel goes back to its delivered status at the next publish), history. The record's id is
// the parcel id, which must name a parcel of the current data build; 400 names the field, 409 carries `current`.
import { Hono } from 'hono';
import { fieldOfReason, PARCEL_STATUS_KIND, type ParcelStatusEdit } from '../../src/lib/workspace/parcel-status.ts';
import { InvalidRecordError, PARCEL_STATUS, type RecordStore } from '../workspace/record-store.ts';
import { ApiError, invalid, jsonObject, versionOf, type ApiEnv, type ApiOptions } from './context.ts';
import { requireUser } from './guards.ts';

/** 400 with the field a parser reason names (`field "date" …`). */
function refused(reason: string): ApiError {
  const field = fieldOfReason(reason);
  return new ApiError(400, `${PARCEL_STATUS_KIND}: ${reason}`, field ? { field } : {});
}

async function validated<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof InvalidRecordError) throw refused(e.message.replace(`${PARCEL_STATUS_KIND}: `, ''));
    throw e;
  }
}

export function parcelStatusRoutes(records: RecordStore, lastSeq: () => Promise<number>, opts: ApiOptions): Hono<ApiEnv> {
  return new Hono<ApiEnv>()
    .get('/', async (c) => {
      requireUser(c, 'parcel_status:read');
      // The feed position first, as for demands: a change in between is seen again, never missed.
      const seq = await lastSeq();
      const statuses = await records.list(PARCEL_STATUS, { includeDeleted: c.req.query('deleted') === '1' });
      return c.json({ statuses, seq });
    })
    .put('/:parcelId', async (c) => {
      const user = requireUser(c, 'parcel_status:write');
      const parcelId = c.req.param('parcelId');
      const body = await jsonObject(c);
      const version = body['version'] === undefined || body['version'] === null ? null : versionOf(body['version']);
      const raw = body['data'];
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid('data', 'must be the status edit (an object with status, date, reason)');
      // The path names the parcel; the body may leave parcel_id out, but may not name another one.
      const data = { parcel_id: parcelId, ...(raw as Record<string, unknown>) };
      const parsed = PARCEL_STATUS.parse(data);
      if (!parsed.ok) throw refused(parsed.reason);
      const edit: ParcelStatusEdit = parsed.value;
      if (edit.parcel_id !== parcelId) throw invalid('parcel_id', `(${JSON.stringify(edit.parcel_id)}) must be the parcel of the path (${JSON.stringify(parcelId)})`);
      if (opts.parcelExists && !(await opts.parcelExists(edit.parcel_id))) {
        throw invalid('parcel_id', `= ${JSON.stringify(edit.parcel_id)} names no parcel of the current data build`);
      }
      if (version === null) return c.json(await validated(records.createOrRevive(PARCEL_STATUS, edit, user.name)), 201);
      return c.json(await validated(records.update(PARCEL_STATUS, parcelId, edit, version, user.name)));
    })
    .delete('/:parcelId', async (c) => {
      const user = requireUser(c, 'parcel_status:write');
      const version = versionOf(c.req.query('version'));
      return c.json(await records.remove(PARCEL_STATUS, c.req.param('parcelId'), version, user.name));
    })
    .get('/:parcelId/history', async (c) => {
      requireUser(c, 'parcel_status:read');
      const id = c.req.param('parcelId');
      if (!(await records.get(PARCEL_STATUS, id))) throw new ApiError(404, `parcel ${id} has no status edit`);
      return c.json({ history: await records.history(PARCEL_STATUS.kind, id) });
    });
}
