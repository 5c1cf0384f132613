// The 招引需求清单 over HTTP: list, create, edit, soft delete, restore, history. Every change names the version it
// was based on; the record store refuses a stale one and the answer is 409 with the record as it now is.
import { Hono } from 'hono';
import type { Demand } from '../../src/lib/data/schema.ts';
import { DEMANDS, InvalidRecordError, type RecordStore } from '../workspace/record-store.ts';
import { ApiError, jsonObject, versionOf, type ApiEnv } from './context.ts';
import { requireUser } from './guards.ts';

const DEMAND_FIELDS: readonly (keyof Demand)[] = ['id', 'chain', 'link', 'profile', 'land_mu', 'investment_100m', 'park', 'status'];

/**
 * The validator's reason, as 400 with `field`: the demand field it names first ("missing id", "land_mu must be …"),
 * so the app can put the message beside the right input.
 */
async function validated<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (!(e instanceof InvalidRecordError)) throw e;
    const reason = e.message.replace(/^demand: /, '');
    const named = DEMAND_FIELDS.map((f) => ({ f, at: reason.search(new RegExp(`\\b${f}\\b`)) })).filter((x) => x.at >= 0);
    named.sort((a, b) => a.at - b.at);
    throw new ApiError(400, e.message, named[0] ? { field: named[0].f } : {});
  }
}

export function demandRoutes(records: RecordStore, lastSeq: () => Promise<number>): Hono<ApiEnv> {
  return new Hono<ApiEnv>()
    .get('/', async (c) => {
      requireUser(c, 'demands:read');
      // The feed position is read BEFORE the list: a change landing in between is then seen again by the next
      // poll (harmless, the client replaces the record) instead of being missed.
      const seq = await lastSeq();
      const demands = await records.list(DEMANDS, { includeDeleted: c.req.query('deleted') === '1' });
      return c.json({ demands, seq });
    })
    .post('/', async (c) => {
      const user = requireUser(c, 'demands:write');
      const created = await validated(records.create(DEMANDS, await jsonObject(c), user.name));
      return c.json(created, 201);
    })
    .put('/:id', async (c) => {
      const user = requireUser(c, 'demands:write');
      const body = await jsonObject(c);
      const version = versionOf(body['version']);
      if (typeof body['data'] !== 'object' || body['data'] === null) throw new ApiError(400, 'field "data" must be the demand (an object)', { field: 'data' });
      return c.json(await validated(records.update(DEMANDS, c.req.param('id'), body['data'], version, user.name)));
    })
    .delete('/:id', async (c) => {
      const user = requireUser(c, 'demands:write');
      const version = versionOf(c.req.query('version'));
      return c.json(await records.remove(DEMANDS, c.req.param('id'), version, user.name));
    })
    .post('/:id/restore', async (c) => {
      const user = requireUser(c, 'demands:write');
      const version = versionOf((await jsonObject(c))['version']);
      return c.json(await records.restore(DEMANDS, c.req.param('id'), version, user.name));
    })
    .get('/:id/history', async (c) => {
      requireUser(c, 'demands:read');
      const id = c.req.param('id');
      if (!(await records.get(DEMANDS, id))) throw new ApiError(404, `demand ${id} does not exist`);
      return c.json({ history: await records.history(DEMANDS.kind, id) });
    });
}
