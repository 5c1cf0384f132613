// Middleware in front of every route: API response headers, the CSRF origin check, the session, and the role check.
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import type { WorkspaceDb } from '../workspace/schema.ts';
import { ApiError, ownOrigin, SESSION_COOKIE, type ApiEnv, type ApiOptions } from './context.ts';
import { can, type Permission } from './roles.ts';
import { sessionUser, type SessionUser } from './sessions.ts';

/** Answers are data for the app: never cached (they hold internal records), never sniffed as HTML. */
export const apiHeaders: MiddlewareHandler<ApiEnv> = async (c, next) => {
  await next();
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
};

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF: a state-changing request must say it comes from a page of this very origin (Origin, or Referer when a
 * browser sends no Origin). Browsers set both and a page cannot forge them; a request naming no origin at all is
 * refused too, since it cannot be told from a cross-site one. The SameSite=Strict cookie is the second layer.
 */
export function csrfGuard(opts: ApiOptions): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (!SAFE.has(c.req.method)) {
      const own = ownOrigin(c, opts);
      const claimed = c.req.header('origin') ?? refererOrigin(c.req.header('referer'));
      if (claimed !== own) {
        throw new ApiError(403, claimed === undefined ? 'cross-site request refused: no Origin or Referer header' : `cross-site request refused: origin ${claimed} is not ${own}`);
      }
    }
    await next();
  };
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (referer === undefined) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'invalid Referer';
  }
}

/** Puts the session's user (or null) in the context. */
export function sessionLoader(db: Kysely<WorkspaceDb>): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    c.set('user', token ? await sessionUser(db, token) : null);
    await next();
  };
}

/** The logged-in user, or 401. */
export function userOf(c: Context<ApiEnv>): SessionUser {
  const user = c.get('user');
  if (!user) throw new ApiError(401, 'not logged in');
  return user;
}

/** The logged-in user if the role has `permission`: 401 when not logged in, 403 when the role lacks it. */
export function requireUser(c: Context<ApiEnv>, permission: Permission): SessionUser {
  const user = userOf(c);
  if (!can(user.role, permission)) throw new ApiError(403, `role ${user.role} may not do this (${permission})`);
  return user;
}
