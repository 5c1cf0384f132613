// Login sessions: the cookie carries a random 32-byte token; the database keeps only its sha256, so reading the
// sessions table (or a backup) gives nobody a usable cookie. A session ends at its expiry, on logout, or when its
// user is disabled; expired rows are swept at each login.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { WorkspaceDb } from '../workspace/schema.ts';
import type { Role } from './roles.ts';

export interface SessionUser {
  name: string;
  role: Role;
}

const digest = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Starts a session for `user`; returns the token for the cookie. */
export async function createSession(db: Kysely<WorkspaceDb>, user: string, maxAgeSeconds: number, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
  await db
    .insertInto('sessions')
    .values({ id: digest(token), user_name: user, created_at: now, expires_at: new Date(now.getTime() + maxAgeSeconds * 1000) })
    .execute();
  return token;
}

/** The session's user, if the token names an unexpired session of an enabled user. */
export async function sessionUser(db: Kysely<WorkspaceDb>, token: string, now = new Date()): Promise<SessionUser | null> {
  // A well-formed token only: anything else cannot be one of ours, and needs no database round trip.
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.name', 'sessions.user_name')
    .select(['users.name', 'users.role'])
    .where('sessions.id', '=', digest(token))
    .where('sessions.expires_at', '>', now)
    .where('users.disabled', '=', false)
    .executeTakeFirst();
  return row ? { name: row.name, role: row.role } : null;
}

export async function endSession(db: Kysely<WorkspaceDb>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', digest(token)).execute();
}
