// Login, sessions and their cookie, logout, the login rate limit and the demo accounts, through real HTTP on both
// databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, disableUser, seedDemoAccounts } from '../../server/api/accounts.ts';
import { cookiePair, PASSWORD, startApiServer, USER_OF, type ApiServer } from './helpers/api-server.ts';
import { ENGINES } from './helpers/workspaces.ts';

describe.each(ENGINES)('login and sessions on %s', (engine) => {
  let s: ApiServer;
  beforeAll(async () => {
    s = await startApiServer(engine);
  }, 60_000);
  afterAll(() => s.close());

  it('logs in: 200 with the user, an HttpOnly SameSite=Strict cookie on / with Max-Age 8 h and no Secure on plain HTTP', async () => {
    const r = await s.request('POST', '/api/login', { body: { name: USER_OF.planner, password: PASSWORD } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ user: { name: 'u-planner', role: 'planner' } });
    const set = r.headers.get('set-cookie')!;
    const attrs = set.split(';').map((a) => a.trim().toLowerCase());
    expect(attrs[0]).toMatch(/^tenglong_session=[a-z0-9_-]{43}$/i);
    expect(attrs).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/', `max-age=${8 * 3600}`]));
    expect(attrs).not.toContain('secure');
    const me = await s.request('GET', '/api/me', { cookie: cookiePair(r.headers) });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ user: { name: 'u-planner', role: 'planner' }, permissions: [
        'demands:read',
        'parcel_status:read',
        'parcel_status:write',
        'imports:read',
        'imports:write',
        // A planner writes the 整治 cases, block plans / 小微企业园 and 标准地 agreements, and reads the projects.
        'cases:read',
        'cases:write',
        'projects:read',
        'blocks:read',
        'blocks:write',
        'standard_land:read',
        'standard_land:write',
        // the internal parcel data (search over enterprise names), like internal/ behind the login
        'parcels:read',
        'publish',
      ],
    });
  });

  it('stores only the hash of the session token', async () => {
    const cookie = await s.login(USER_OF.viewer);
    const token = cookie.split('=')[1]!;
    const ids = (await s.ws.db.selectFrom('sessions').select('id').execute()).map((r) => r.id);
    expect(ids).not.toContain(token);
    expect(ids.every((id) => /^[0-9a-f]{64}$/.test(id))).toBe(true);
  });

  it('refuses a wrong password and an unknown name with the same 401 and no cookie; a missing field is 400 naming it', async () => {
    await s.request('POST', '/api/login', { body: { name: 'nobody-here', password: 'x' } }); // warm the dummy hash
    const wrong = await s.request('POST', '/api/login', { body: { name: USER_OF.admin, password: 'wrong-password' } });
    const unknown = await s.request('POST', '/api/login', { body: { name: 'nobody-here', password: PASSWORD } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const bad = await s.request('POST', '/api/login', { body: { name: USER_OF.admin } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ field: 'password' });
  });

  it('logout ends the session on the server and clears the cookie; a second logout is harmless', async () => {
    const cookie = await s.login(USER_OF.investment);
    const out = await s.request('POST', '/api/logout', { cookie });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^tenglong_session=;.*Max-Age=0/i);
    expect((await s.request('GET', '/api/me', { cookie })).status).toBe(401); // the old cookie, replayed: dead
    expect((await s.request('POST', '/api/logout', { cookie })).status).toBe(204);
  });

  it('disabling a user ends their sessions at once', async () => {
    const { addUser } = await import('../../server/api/accounts.ts');
    await addUser(s.ws.db, 'leaver', 'viewer', PASSWORD, { N: 1024, r: 8, p: 1 });
    const cookie = await s.login('leaver');
    expect((await s.request('GET', '/api/me', { cookie })).status).toBe(200);
    await disableUser(s.ws.db, 'leaver');
    expect((await s.request('GET', '/api/me', { cookie })).status).toBe(401);
    expect((await s.request('POST', '/api/login', { body: { name: 'leaver', password: PASSWORD } })).status).toBe(401);
  });

  it('an expired session is refused', async () => {
    const cookie = await s.login(USER_OF.viewer);
    await s.ws.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).execute();
    expect((await s.request('GET', '/api/me', { cookie })).status).toBe(401);
  });
});

describe.each(ENGINES)('login rate limit on %s', (engine) => {
  let s: ApiServer;
  beforeAll(async () => {
    s = await startApiServer(engine);
  }, 60_000);
  afterAll(() => s.close());

  it('after 5 failures for a name answers 429 with Retry-After, even to the right password; other names still log in', async () => {
    for (let i = 0; i < 5; i++) expect((await s.request('POST', '/api/login', { body: { name: USER_OF.admin, password: `guess-${i}` } })).status).toBe(401);
    const limited = await s.request('POST', '/api/login', { body: { name: USER_OF.admin, password: PASSWORD } });
    expect(limited.status).toBe(429);
    const retry = Number(limited.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(14 * 60);
    expect(retry).toBeLessThanOrEqual(15 * 60);
    expect(limited.body).toMatchObject({ retry_after: retry });
    expect(limited.headers.get('set-cookie')).toBeNull();
    // Same client address, another name: 5 failures are under the per-address limit (20).
    expect((await s.request('POST', '/api/login', { body: { name: USER_OF.viewer, password: PASSWORD } })).status).toBe(200);
  });
});

describe.each(ENGINES)('per-address limit and Secure cookies behind a proxy on %s', (engine) => {
  let s: ApiServer;
  beforeAll(async () => {
    s = await startApiServer(engine, { trustProxy: true, loginLimits: { name: { max: 100, windowMs: 60_000 }, address: { max: 3, windowMs: 60_000 } } });
  }, 60_000);
  afterAll(() => s.close());

  it('one address failing on many names is limited; another address is not', async () => {
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    for (const n of ['a1', 'a2', 'a3']) await s.request('POST', '/api/login', { body: { name: n, password: 'x' }, headers: from('10.0.0.9') });
    const r = await s.request('POST', '/api/login', { body: { name: USER_OF.viewer, password: PASSWORD }, headers: from('10.0.0.9') });
    expect(r.status).toBe(429);
    expect((await s.request('POST', '/api/login', { body: { name: USER_OF.viewer, password: PASSWORD }, headers: from('10.0.0.10') })).status).toBe(200);
  });

  it('sets Secure when the page is HTTPS (X-Forwarded-Proto from the trusted proxy)', async () => {
    const httpsOrigin = `https://${new URL(s.origin).host}`;
    const r = await s.request('POST', '/api/login', { body: { name: USER_OF.viewer, password: PASSWORD }, origin: httpsOrigin, headers: { 'x-forwarded-proto': 'https' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('set-cookie')!.split(';').map((a) => a.trim().toLowerCase())).toContain('secure');
  });
});

describe.each(ENGINES)('demo accounts on %s', (engine) => {
  let s: ApiServer;
  beforeAll(async () => {
    s = await startApiServer(engine);
  }, 60_000);
  afterAll(() => s.close());

  it('are seeded only into a workspace without users, and log in with the documented passwords', async () => {
    expect(await seedDemoAccounts(s.ws.db)).toEqual([]); // the helper's accounts exist: nothing seeded
    await s.ws.db.deleteFrom('users').execute();
    const seeded = await seedDemoAccounts(s.ws.db, { N: 1024, r: 8, p: 1 });
    expect(seeded.map((a) => [a.name, a.role])).toEqual([
      ['demo-admin', 'admin'],
      ['demo-planner', 'planner'],
      ['demo-investment', 'investment'],
      ['demo-viewer', 'viewer'],
    ]);
    for (const a of DEMO_ACCOUNTS) {
      const r = await s.request('POST', '/api/login', { body: { name: a.name, password: a.password } });
      expect(r.status, a.name).toBe(200);
      expect(r.body).toEqual({ user: { name: a.name, role: a.role } });
    }
    expect(await seedDemoAccounts(s.ws.db)).toEqual([]);
  });
});
