// The workspace API (issue 14): `createApi(workspace)` is a Hono app answering under /api. Every answer is JSON;
// errors are `{ error, ... }` with 400 (invalid, naming the field), 401 (not logged in), 403 (role, or a cross-site
// request), 404, 409 (conflict, with `current`; or a publish already running), 413 (body too large), 422 (a publish
// the build refused, the data unchanged), 429 (login rate limit, Retry-After).
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { sql } from 'kysely';
import type { Workspace } from '../workspace/open.ts';
import { ConflictError, IMPORTED_LAYER, InvalidRecordError, NotFoundError, RecordStore } from '../workspace/record-store.ts';
import { authRoutes } from './auth-routes.ts';
import { ApiError, type ApiEnv, type ApiOptions } from './context.ts';
import { demandRoutes } from './demand-routes.ts';
import { importRoutes, IMPORTS_PATH, withoutFeatures } from './import-routes.ts';
import { apiHeaders, csrfGuard, requireUser, sessionLoader } from './guards.ts';
import { parcelStatusRoutes } from './parcel-status-routes.ts';
import { publishRoutes } from './publish-routes.ts';
import { REGISTERS } from './register-routes.ts';
import { searchRoutes } from './search-routes.ts';
import { can, READ_PERMISSION_OF_KIND } from './roles.ts';

/** A demand is a few hundred bytes; 1 MiB leaves room for later kinds without letting a client fill memory. */
const MAX_BODY = 1024 * 1024;

export function createApi(workspace: Workspace, opts: ApiOptions = {}): Hono<ApiEnv> {
  const { db } = workspace;
  const records = new RecordStore(db);
  const lastSeq = async (): Promise<number> => {
    const r = await db.selectFrom('audit').select(sql<string | null>`max(seq)`.as('m')).executeTakeFirstOrThrow();
    return Number(r.m ?? 0);
  };

  const app = new Hono<ApiEnv>().basePath('/api');
  app.use(apiHeaders);
  // Every request body is held to MAX_BODY except an imported layer's upload (POST /api/imported-layers), which has
  // its own, larger limit on its route (import-routes.ts), checked after the role.
  const smallBody = bodyLimit({ maxSize: MAX_BODY, onError: () => { throw new ApiError(413, `the request body is larger than ${MAX_BODY} bytes`); } });
  app.use((c, next) => (c.req.method === 'POST' && c.req.path.replace(/\/$/, '') === IMPORTS_PATH ? next() : smallBody(c, next)));
  app.use(csrfGuard(opts));
  app.use(sessionLoader(db));

  app.route('/', authRoutes(db, opts));
  app.route('/demands', demandRoutes(records, lastSeq));
  app.route('/parcel-status', parcelStatusRoutes(records, lastSeq, opts));
  app.route('/publish', publishRoutes(records, opts));
  app.route('/imported-layers', importRoutes(records, lastSeq));
  app.route('/search', searchRoutes(opts));
  // The campaign's registers (issue 15): /api/cases, /api/projects, /api/block-plans, /api/small-parks, /api/standard-land.
  for (const r of REGISTERS) app.route(r.path, r.routes(records, lastSeq, opts));

  // Polling for colleagues' changes: every audit entry after `since` of a kind the role may read. `seq` is where
  // the next poll starts (the last entry looked at, readable or not, so a filtered entry is not fetched forever).
  app.get('/changes', async (c) => {
    const user = requireUser(c, 'demands:read');
    const raw = c.req.query('since') ?? '0';
    if (!/^\d{1,15}$/.test(raw)) throw new ApiError(400, 'field "since" must be an audit sequence number (a whole number ≥ 0)', { field: 'since' });
    const all = await records.changesSince(Number(raw));
    const readable = all
      .filter((e) => {
        const p = READ_PERMISSION_OF_KIND[e.kind];
        return p !== undefined && can(user.role, p);
      })
      // An imported layer's features are megabytes: the feed says what changed, GET /api/imported-layers/:id has them.
      .map((e) => (e.kind === IMPORTED_LAYER.kind ? { ...e, before: withoutFeatures(e.before), after: withoutFeatures(e.after) } : e));
    return c.json({ changes: readable, seq: all.at(-1)?.seq ?? Number(raw) });
  });

  app.notFound((c) => c.json({ error: `no such API endpoint: ${c.req.method} ${new URL(c.req.url).pathname}` }, 404));
  app.onError((e, c) => {
    if (e instanceof ApiError) {
      for (const [k, v] of Object.entries(e.headers)) c.header(k, v);
      return c.json({ error: e.message, ...e.extra }, e.status);
    }
    if (e instanceof ConflictError) return c.json({ error: e.message, current: e.current }, 409);
    if (e instanceof NotFoundError) return c.json({ error: e.message }, 404);
    if (e instanceof InvalidRecordError) return c.json({ error: e.message }, 400); // routes add `field` where they know the kind's fields
    // Anything else is a bug or a database failure: logged here, and the client gets no stack trace.
    console.error(`tenglong api: ${c.req.method} ${c.req.url}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return c.json({ error: 'internal server error' }, 500);
  });
  return app;
}
