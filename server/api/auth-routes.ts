// POST /api/login, POST /api/logout, GET /api/me.
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';
import type { Kysely } from 'kysely';
import type { WorkspaceDb } from '../workspace/schema.ts';
import { authenticate } from './accounts.ts';
import { ApiError, clientAddress, DEFAULT_SESSION_MAX_AGE, jsonObject, ownOrigin, SESSION_COOKIE, type ApiEnv, type ApiOptions } from './context.ts';
import { userOf } from './guards.ts';
import { FailureLimiter, LOGIN_LIMITS } from './rate-limit.ts';
import { PERMISSIONS, type Permission } from './roles.ts';
import { createSession, endSession } from './sessions.ts';

export function authRoutes(db: Kysely<WorkspaceDb>, opts: ApiOptions): Hono<ApiEnv> {
  const maxAge = opts.sessionMaxAgeSeconds ?? DEFAULT_SESSION_MAX_AGE;
  const limits = opts.loginLimits ?? LOGIN_LIMITS;
  // One pair per API instance: a test's server starts with clean counts.
  const byName = new FailureLimiter(limits.name);
  const byAddress = new FailureLimiter(limits.address);

  // HttpOnly: no script reads it; SameSite=Strict: no other site's page sends it; Secure whenever the page is HTTPS.
  const cookie = (c: Context<ApiEnv>, extra: CookieOptions = {}): CookieOptions => ({
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: ownOrigin(c, opts).startsWith('https:'),
    ...extra,
  });

  return new Hono<ApiEnv>()
    .post('/login', async (c) => {
      const body = await jsonObject(c);
      const { name, password } = body;
      if (typeof name !== 'string' || name === '') throw new ApiError(400, 'field "name" must be the user name', { field: 'name' });
      if (typeof password !== 'string') throw new ApiError(400, 'field "password" must be a string', { field: 'password' });
      const nameKey = `name:${name.normalize('NFC').toLowerCase()}`;
      const addrKey = `addr:${clientAddress(c, opts)}`;
      // Refused before the password is even checked: a right guess after the limit must not be told apart.
      const wait = Math.max(byName.retryAfter(nameKey), byAddress.retryAfter(addrKey));
      if (wait > 0) throw new ApiError(429, `too many failed logins: try again in ${wait} s`, { retry_after: wait }, { 'Retry-After': String(wait) });
      const user = await authenticate(db, name, password);
      if (!user) {
        byName.fail(nameKey);
        byAddress.fail(addrKey);
        // The same answer for an unknown name, a wrong password and a disabled account: names cannot be probed.
        throw new ApiError(401, 'wrong name or password');
      }
      byName.reset(nameKey); // the address count stays: one valid account must not reset a guesser's budget
      const old = getCookie(c, SESSION_COOKIE);
      if (old) await endSession(db, old); // a login never continues a session it did not create
      setCookie(c, SESSION_COOKIE, await createSession(db, user.name, maxAge), cookie(c, { maxAge }));
      return c.json({ user: { name: user.name, role: user.role } });
    })
    .post('/logout', async (c) => {
      // Idempotent: logging out without a session is not an error, and the cookie is cleared either way.
      const token = getCookie(c, SESSION_COOKIE);
      if (token) await endSession(db, token);
      deleteCookie(c, SESSION_COOKIE, cookie(c));
      return c.body(null, 204);
    })
    .get('/me', (c) => {
      const user = userOf(c);
      const permissions = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => PERMISSIONS[p].includes(user.role));
      return c.json({ user, permissions });
    });
}
