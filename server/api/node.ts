// One Node request listener for the whole site (`npm start`): /api/… goes to the Hono API (through
// @hono/node-server), every other path to the static handler (server/static.ts) with all its guarantees (ranges,
// 404s, content types), and /data/internal/ only to a request carrying a live session of the workspace.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { parse as parseCookies } from 'hono/utils/cookie';
import { createRequestHandler, type ServeOptions } from '../static.ts';
import type { Workspace } from '../workspace/open.ts';
import { createApi } from './app.ts';
import { SESSION_COOKIE, type ApiOptions } from './context.ts';
import { sessionUser } from './sessions.ts';

export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;

/** Whether a request path belongs to the API: `/api` itself or anything below it (not `/apiary`). */
export function isApiPath(url: string | undefined): boolean {
  const path = (url ?? '/').split('?', 1)[0]!;
  return path === '/api' || path.startsWith('/api/');
}

export function createSiteListener(workspace: Workspace, serve: Omit<ServeOptions, 'hasSession'>, api: ApiOptions = {}): NodeListener {
  const app = createApi(workspace, api);
  const apiListener = getRequestListener(app.fetch);
  const hasSession = async (req: IncomingMessage): Promise<boolean> => {
    const token = parseCookies(req.headers.cookie ?? '', SESSION_COOKIE)[SESSION_COOKIE];
    return token !== undefined && (await sessionUser(workspace.db, token)) !== null;
  };
  const staticListener = createRequestHandler({ ...serve, hasSession });
  return (req, res) => {
    if (!isApiPath(req.url)) return staticListener(req, res);
    apiListener(req, res).catch((e: unknown) => {
      // Hono's onError answers handler errors; this is only the adapter failing (e.g. the client went away).
      console.error(`tenglong api: ${req.method} ${req.url}: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' }).end('{"error":"internal server error"}');
      else res.destroy();
    });
  };
}
