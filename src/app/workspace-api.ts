// The app's one client of the workspace API (/api, server/api/): JSON in and out, the session cookie sent by the
// browser (same origin, SameSite=Strict), and every failure turned into an ApiFailure carrying the status and the
// server's message — the app decides what to show (login page on 401, conflict dialog on 409).
import type { Demand } from '../lib/data/schema.ts';
import type { SearchHit } from '../lib/data/search.ts';
import type { ParcelStatusEdit, PublishPreview, PublishResult } from '../lib/workspace/parcel-status.ts';
import type { AuditEntry, StoredRecord } from '../lib/workspace/records.ts';

export const API_BASE = `${import.meta.env.BASE_URL}api/`;

export type Role = 'admin' | 'planner' | 'investment' | 'viewer';
export interface ApiUser {
  name: string;
  role: Role;
}

export class ApiFailure extends Error {
  constructor(
    /** HTTP status, or 0 when the server could not be reached. */
    readonly status: number,
    message: string,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
  /** The record as it now is, on a 409. */
  get current(): StoredRecord<Demand> | null {
    return (this.body['current'] as StoredRecord<Demand> | undefined) ?? null;
  }
}

/** Called whenever the server says the session is gone (401), so the app can show the login page again. */
let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(f: () => void): void {
  onUnauthorized = f;
}

/**
 * One API request (what `api` below is made of). The imported layers' calls are made with it from their own store
 * (imported-layers.svelte.ts), so the prospect page's bundle, which holds this module, has nothing of the import.
 */
export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(API_BASE + path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (e) {
    throw new ApiFailure(0, e instanceof Error ? e.message : String(e));
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  // A static deployment without the server answers /api/… with a 404 page or the app's index.html: no API here.
  const json: unknown = type.includes('application/json') ? await res.json().catch(() => null) : null;
  const obj = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  if (!res.ok || json === null) {
    const status = res.ok ? 404 : res.status;
    if (status === 401 && path !== 'login') onUnauthorized();
    throw new ApiFailure(status, typeof obj['error'] === 'string' ? obj['error'] : `HTTP ${status}`, obj);
  }
  return json as T;
}

export const api = {
  me: () => call<{ user: ApiUser; permissions: string[] }>('GET', 'me'),
  login: (name: string, password: string) => call<{ user: ApiUser }>('POST', 'login', { name, password }),
  logout: () => call<void>('POST', 'logout'),
  demands: () => call<{ demands: StoredRecord<Demand>[]; seq: number }>('GET', 'demands'),
  createDemand: (d: Demand) => call<StoredRecord<Demand>>('POST', 'demands', d),
  updateDemand: (id: string, d: Demand, version: number) => call<StoredRecord<Demand>>('PUT', `demands/${encodeURIComponent(id)}`, { data: d, version }),
  removeDemand: (id: string, version: number) => call<StoredRecord<Demand>>('DELETE', `demands/${encodeURIComponent(id)}?version=${version}`),
  restoreDemand: (id: string, version: number) => call<StoredRecord<Demand>>('POST', `demands/${encodeURIComponent(id)}/restore`, { version }),
  demandHistory: (id: string) => call<{ history: AuditEntry[] }>('GET', `demands/${encodeURIComponent(id)}/history`),
  changes: (since: number) => call<{ changes: AuditEntry[]; seq: number }>('GET', `changes?since=${since}`),
  parcelStatuses: () => call<{ statuses: StoredRecord<ParcelStatusEdit>[]; seq: number }>('GET', 'parcel-status'),
  /** Sets a parcel's status edit: a new one when `version` is null, else an edit of that version. */
  saveParcelStatus: (parcelId: string, edit: Omit<ParcelStatusEdit, 'parcel_id'>, version: number | null) =>
    call<StoredRecord<ParcelStatusEdit>>('PUT', `parcel-status/${encodeURIComponent(parcelId)}`, version === null ? { data: edit } : { data: edit, version }),
  removeParcelStatus: (parcelId: string, version: number) => call<StoredRecord<ParcelStatusEdit>>('DELETE', `parcel-status/${encodeURIComponent(parcelId)}?version=${version}`),
  parcelStatusHistory: (parcelId: string) => call<{ history: AuditEntry[] }>('GET', `parcel-status/${encodeURIComponent(parcelId)}/history`),
  publishPreview: () => call<PublishPreview>('GET', 'publish/preview'),
  publish: () => call<PublishResult>('POST', 'publish'),
  search: (q: string) => call<{ hits: SearchHit[] }>('GET', `search?q=${encodeURIComponent(q)}`),
};
