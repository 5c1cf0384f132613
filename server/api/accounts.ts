// User accounts: add, list, disable, check a password, and the sample county's demo accounts. Used by the API
// (login) and by `tenglong user`. A disabled account keeps its row (the audit log names it) but cannot log in, and
// its sessions are ended at once.
import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../workspace/record-store.ts';
import type { WorkspaceDb } from '../workspace/schema.ts';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword, type ScryptParams } from './password.ts';
import { isRole, type Role } from './roles.ts';

export interface Account {
  name: string;
  role: Role;
  disabled: boolean;
  created_at: string;
}

export class AccountError extends Error {
  override name = 'AccountError';
}

/** Letters of any script (张伟), digits, `.`, `_`, `-`: a name that is safe in logs, the audit log and a shell. */
const NAME = /^[\p{L}\p{N}._-]{1,64}$/u;

export function checkNewAccount(name: string, role: string, password: string): Role {
  if (!NAME.test(name)) throw new AccountError(`user name "${name}" must be 1–64 letters, digits, ".", "_" or "-"`);
  if (!isRole(role)) throw new AccountError(`role "${role}" is not one of admin, planner, investment, viewer`);
  if ([...password].length < MIN_PASSWORD_LENGTH) throw new AccountError(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  return role;
}

export async function addUser(db: Kysely<WorkspaceDb>, name: string, role: string, password: string, params?: ScryptParams): Promise<Account> {
  const r = checkNewAccount(name, role, password);
  const password_hash = await hashPassword(password, params);
  const row = await db
    .insertInto('users')
    .values({ name, role: r, password_hash, created_at: new Date(), disabled: false })
    .onConflict((oc) => oc.column('name').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AccountError(`user "${name}" exists already`);
  return account(row);
}

export async function listUsers(db: Kysely<WorkspaceDb>): Promise<Account[]> {
  return (await db.selectFrom('users').selectAll().orderBy('name').execute()).map(account);
}

export async function disableUser(db: Kysely<WorkspaceDb>, name: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('users').set({ disabled: true }).where('name', '=', name).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new AccountError(`no user "${name}"`);
    await tx.deleteFrom('sessions').where('user_name', '=', name).execute();
  });
}

/** The account when the name exists, is enabled and the password matches; else null (same time either way). */
export async function authenticate(db: Kysely<WorkspaceDb>, name: string, password: string): Promise<Account | null> {
  const row = await db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
  const ok = await verifyPassword(password, row?.password_hash ?? null);
  return ok && row && !row.disabled ? account(row) : null;
}

function account(row: { name: string; role: Role; disabled: boolean; created_at: Date | string }): Account {
  return { name: row.name, role: row.role, disabled: row.disabled, created_at: new Date(row.created_at).toISOString() };
}

/**
 * The sample county's demo accounts (示例). Their passwords are fixed and published in README, so they are for the
 * generated sample only: seeded when the workspace has no users at all, never beside real accounts.
 */
export const DEMO_ACCOUNTS: readonly { name: string; role: Role; password: string }[] = [
  { name: 'demo-admin', role: 'admin', password: 'tenglong-demo-admin' },
  { name: 'demo-planner', role: 'planner', password: 'tenglong-demo-planner' },
  { name: 'demo-investment', role: 'investment', password: 'tenglong-demo-investment' },
  { name: 'demo-viewer', role: 'viewer', password: 'tenglong-demo-viewer' },
];

/** Creates the demo accounts if the workspace has no users; returns those created (none if it had users). */
export async function seedDemoAccounts(db: Kysely<WorkspaceDb>, params?: ScryptParams): Promise<typeof DEMO_ACCOUNTS> {
  const any = await db.selectFrom('users').select('name').limit(1).executeTakeFirst();
  if (any) return [];
  const hashed = await Promise.all(DEMO_ACCOUNTS.map(async (a) => ({ ...a, hash: await hashPassword(a.password, params) })));
  // One transaction that rechecks emptiness: two servers starting at once cannot both seed, or seed beside a real user.
  // A second server seeding at the same instant on PostgreSQL meets the first one's rows (23505): it seeded nothing.
  const seeded = db.transaction().execute(async (tx) => {
    if (await tx.selectFrom('users').select('name').limit(1).executeTakeFirst()) return [];
    const at = new Date();
    await tx
      .insertInto('users')
      .values(hashed.map((a) => ({ name: a.name, role: a.role, password_hash: a.hash, created_at: at, disabled: false })))
      .execute();
    return DEMO_ACCOUNTS;
  });
  return seeded.catch((e: unknown) => {
    if (isUniqueViolation(e)) return [];
    throw e;
  });
}
