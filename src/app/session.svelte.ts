// Who is using the planner map. With the project's server (`npm start`) the planner routes need a login: the
// session is checked once (GET /api/me) and the login page shows until it exists, and again whenever the API
// answers 401 (the session expired or was ended). A static deployment has no /api: the app then runs as before,
// with this browser's own records (status 'no-server').
import { api, ApiFailure, setUnauthorizedHandler, type ApiUser } from './workspace-api.ts';

export type SessionStatus = 'checking' | 'anonymous' | 'user' | 'no-server';

export class Session {
  status = $state<SessionStatus>('checking');
  user = $state.raw<ApiUser | null>(null);
  permissions = $state.raw<readonly string[]>([]);

  constructor() {
    setUnauthorizedHandler(() => {
      if (this.status === 'user') this.clear();
    });
  }

  /** Whether the user may do `permission` (e.g. 'demands:write'); without a server, this browser's own list is editable. */
  can(permission: string): boolean {
    return this.status === 'no-server' || this.permissions.includes(permission);
  }

  get shared(): boolean {
    return this.status === 'user';
  }

  async check(): Promise<void> {
    try {
      const me = await api.me();
      this.user = me.user;
      this.permissions = me.permissions;
      this.status = 'user';
    } catch (e) {
      this.clear();
      // 401: a server that wants a login. Anything else (404, no JSON, unreachable): no workspace server here.
      this.status = e instanceof ApiFailure && e.status === 401 ? 'anonymous' : 'no-server';
    }
  }

  /** Logs in; returns null, or the failure (the page words it: 401 wrong name or password, 429 wait). */
  async login(name: string, password: string): Promise<ApiFailure | null> {
    try {
      await api.login(name, password);
    } catch (e) {
      return e instanceof ApiFailure ? e : new ApiFailure(0, String(e));
    }
    await this.check();
    return null;
  }

  async logout(): Promise<void> {
    await api.logout().catch(() => undefined);
    this.clear();
  }

  private clear(): void {
    this.user = null;
    this.permissions = [];
    this.status = 'anonymous';
  }
}
