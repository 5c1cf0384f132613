// Imported layers over HTTP (issue 14, item 5): the layers a planner imported in the app (issue 13), kept in the
// workspace like the other shared records (versioned, soft delete, audited) so colleagues see them. The list leaves
// the features out (a layer can be megabytes); GET /:id is the whole layer. A layer is created once and removed, not
// edited. POST takes up to IMPORT_MAX_BODY (app.ts lets this one path past the app-wide 1 MiB limit).
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { fieldOfReason } from '../../src/lib/workspace/parcel-status.ts';
import type { SharedLayer } from '../../src/lib/import/kept-layer-parse.ts';
import { IMPORTED_LAYER, InvalidRecordError, type RecordStore, type StoredRecord } from '../workspace/record-store.ts';
import { ApiError, jsonObject, versionOf, type ApiEnv } from './context.ts';
import { requireUser } from './guards.ts';

/** A 3000-parcel county layer with its findings is a few MB as JSON; 32 MiB leaves room without inviting abuse. */
export const IMPORT_MAX_BODY = 32 * 1024 * 1024;
/** The path whose POST gets IMPORT_MAX_BODY instead of the app-wide limit. */
export const IMPORTS_PATH = '/api/imported-layers';

/** A stored layer without its data, but its name, count, target and date: what POST and DELETE answer. */
export function layerSummary(r: StoredRecord<SharedLayer>): Omit<StoredRecord<SharedLayer>, 'data'> & LayerSummaryFields {
  return { ...withoutData(r), name: r.data.name, count: r.data.count, target: r.data.target, importedAt: r.data.importedAt };
}
type LayerSummaryFields = Pick<SharedLayer, 'name' | 'count' | 'target' | 'importedAt'>;
function withoutData<T>(r: StoredRecord<T>): Omit<StoredRecord<T>, 'data'> {
  const { data: _data, ...rest } = r;
  return rest;
}

/** An audit entry's before/after of an imported layer, the features left out (the feed stays small). */
export function withoutFeatures(v: unknown): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || !('features' in v)) return v;
  const { features: _features, ...rest } = v as Record<string, unknown>;
  return rest;
}

async function validated<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (!(e instanceof InvalidRecordError)) throw e;
    const field = fieldOfReason(e.message);
    throw new ApiError(400, e.message, field ? { field } : {});
  }
}

export function importRoutes(records: RecordStore, lastSeq: () => Promise<number>): Hono<ApiEnv> {
  return new Hono<ApiEnv>()
    .get('/', async (c) => {
      requireUser(c, 'imports:read');
      const seq = await lastSeq();
      const all = await records.list(IMPORTED_LAYER);
      const layers = all.map((r) => ({ id: r.id, name: r.data.name, count: r.data.count, target: r.data.target, importedAt: r.data.importedAt, created_by: r.created_by, version: r.version }));
      return c.json({ layers, seq });
    })
    .get('/:id', async (c) => {
      requireUser(c, 'imports:read');
      const id = c.req.param('id');
      const r = await records.get(IMPORTED_LAYER, id);
      if (!r || r.deleted) throw new ApiError(404, `imported layer ${id} does not exist`);
      return c.json(r);
    })
    .post(
      '/',
      // The role is checked before the body is read: a refused upload costs the server no megabytes.
      async (c, next) => {
        requireUser(c, 'imports:write');
        await next();
      },
      bodyLimit({
        maxSize: IMPORT_MAX_BODY,
        onError: () => {
          throw new ApiError(413, `the request body is larger than ${IMPORT_MAX_BODY} bytes`);
        },
      }),
      async (c) => {
        const user = requireUser(c, 'imports:write');
        const created = await validated(records.create(IMPORTED_LAYER, await jsonObject(c), user.name));
        // The client sent the layer: the answer is the record without the megabytes of it.
        return c.json(layerSummary(created), 201);
      },
    )
    .delete('/:id', async (c) => {
      const user = requireUser(c, 'imports:write');
      const version = versionOf(c.req.query('version'));
      // The answer need not carry the megabytes of features back: the record without its data.
      return c.json(layerSummary(await records.remove(IMPORTED_LAYER, c.req.param('id'), version, user.name)));
    });
}
