// What every API handler shares: the Hono environment (the logged-in user, the Node request when served by Node),
// the options, and the JSON error answer. Errors are thrown as ApiError and turned into `{ error, ... }` by
// app.ts's onError, so no handler writes its own error body and none is ever HTML.
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { SearchHit } from '../../src/lib/data/search.ts';
import type { LimitRule } from './rate-limit.ts';
import type { SessionUser } from './sessions.ts';

export interface ApiEnv {
  /** Absent when the app is called without Node (app.request in a test). */
  Bindings: Partial<HttpBindings>;
  Variables: { user: SessionUser | null };
}

export interface ApiOptions {
  /** Session lifetime (the cookie's Max-Age and the row's expiry); default 8 hours, a working day. */
  sessionMaxAgeSeconds?: number;
  /**
   * Behind a reverse proxy: take the scheme and host from X-Forwarded-Proto / X-Forwarded-Host (for the CSRF origin
   * and the Secure cookie) and the client address from the last X-Forwarded-For entry (the one our proxy added).
   * Off by default: without a proxy those headers come from the client and would be lies.
   */
  trustProxy?: boolean;
  /** Failed-login limits (defaults: LOGIN_LIMITS in rate-limit.ts). */
  loginLimits?: { name: LimitRule; address: LimitRule };
  /**
   * Whether the current data build has a parcel of this id (server/workspace/parcel-ids.ts's parcelIdChecker): a
   * status edit must name one. Absent: not checked.
   */
  parcelExists?: (id: string) => Promise<boolean>;
  /** Search over the current build's parcels (server/workspace/parcel-search.ts): absent → GET /api/search answers 404. */
  search?: (query: string, limit: number) => Promise<SearchHit[]>;
  /** Publishing (POST /api/publish): absent → those endpoints answer 404 "publishing is not configured". */
  publish?: PublishConfig;
}

export interface PublishConfig {
  /** The served data folder the build replaces (public/data: a link to the build store's live release). */
  dataDir: string;
  /** The county's source folder the data is built from (the sample county: data/sample). */
  sourceDir: string;
  /** The policy file (default data/policy/ninghai-2021-2025.json, as `tenglong build-data`). */
  policyFile?: string;
  /** The build store (default: build-data's, data/build/<name of dataDir>). */
  storeDir?: string;
}

export const DEFAULT_SESSION_MAX_AGE = 8 * 60 * 60;
export const SESSION_COOKIE = 'tenglong_session';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** 400 naming the field, e.g. `field "version" must be …`. */
export const invalid = (field: string, message: string): ApiError => new ApiError(400, `field "${field}" ${message}`, { field });

/** The origin this request was addressed to (scheme://host[:port]), as the browser saw it. */
export function ownOrigin(c: Context<ApiEnv>, opts: ApiOptions): string {
  const url = new URL(c.req.url);
  if (opts.trustProxy) {
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
    const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim();
    return `${proto ?? url.protocol.slice(0, -1)}://${host ?? url.host}`;
  }
  return url.origin;
}

export function clientAddress(c: Context<ApiEnv>, opts: ApiOptions): string {
  if (opts.trustProxy) {
    const last = c.req.header('x-forwarded-for')?.split(',').pop()?.trim();
    if (last) return last;
  }
  return c.env?.incoming?.socket.remoteAddress ?? 'unknown';
}

/** Reads the JSON body as an object, or throws 400. */
export async function jsonObject(c: Context<ApiEnv>): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ApiError(400, 'the request body is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'the request body must be a JSON object');
  return body as Record<string, unknown>;
}

/** A version a change was based on: a whole number ≥ 1. */
export function versionOf(raw: unknown, field = 'version'): number {
  const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) throw invalid(field, 'must be the version the change was based on (a whole number ≥ 1)');
  return n;
}
