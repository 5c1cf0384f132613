// GET /api/search?q=…&limit=… (issue 16): the planner map's search answered by the server over the current build's
// parcels (server/workspace/parcel-search.ts), so the browser never downloads the whole index to find one parcel or
// firm. Enterprise names are internal: a login is needed, as for internal/.
import { Hono } from 'hono';
import { Q_MAX_CHARS, UNSAFE_TEXT } from '../../src/lib/url/params.ts';
import { ApiError, invalid, type ApiEnv, type ApiOptions } from './context.ts';
import { requireUser } from './guards.ts';

/** The most hits one answer carries (the search box shows 12). */
export const SEARCH_MAX_LIMIT = 50;
const SEARCH_DEFAULT_LIMIT = 12;

export function searchRoutes(opts: Pick<ApiOptions, 'search'>): Hono<ApiEnv> {
  return new Hono<ApiEnv>().get('/', async (c) => {
    requireUser(c, 'parcels:read');
    if (!opts.search) throw new ApiError(404, 'search is not configured on this server');
    const q = c.req.query('q') ?? '';
    if ([...q].length > Q_MAX_CHARS) throw invalid('q', `must be at most ${Q_MAX_CHARS} characters`);
    if (UNSAFE_TEXT.test(q)) throw invalid('q', 'must not hold control characters');
    const rawLimit = c.req.query('limit');
    if (rawLimit !== undefined && !/^\d{1,3}$/.test(rawLimit)) throw invalid('limit', `must be a whole number from 1 to ${SEARCH_MAX_LIMIT}`);
    const limit = rawLimit === undefined ? SEARCH_DEFAULT_LIMIT : Number(rawLimit);
    if (limit < 1 || limit > SEARCH_MAX_LIMIT) throw invalid('limit', `must be a whole number from 1 to ${SEARCH_MAX_LIMIT}`);
    return c.json({ hits: await opts.search(q, limit) });
  });
}
