// What a new workspace starts with: the county's delivered 招引需求清单 (internal/demands.json of the current data
// build) and the campaign's registers (internal/cases.json, projects.json, block-plans.json, small-parks.json,
// standard-land.json; issue 15), each once — from then on the workspace holds the list and the app edits it there —
// and, for the generated sample county only, the demo accounts (示例) whose passwords README publishes.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDemandsFile } from '../../src/lib/chain/inputs.ts';
import { authenticate, DEMO_ACCOUNTS, disableUser, listUsers, seedDemoAccounts } from '../api/accounts.ts';
import type { ScryptParams } from '../api/password.ts';
import type { Workspace } from './open.ts';
import { parseCampaignFile, REGISTER_FILES, REGISTER_KINDS, type RegisterKind, type RegisterTypes } from '../../src/lib/campaign/files.ts';
import { DEMANDS, RecordStore, REGISTER_RECORD_KINDS, type RecordKind } from './record-store.ts';

/** The audit's actor for records that came from the delivered files rather than from a user. */
export const SEED_ACTOR = 'tenglong-import';

export interface SeedResult {
  /** Demands created from internal/demands.json (0: seeded before, or no file). */
  demands: number;
  /** Campaign register records created from their internal files, by kind (0: seeded before, or no file). */
  registers: Record<RegisterKind, number>;
  /** The demo accounts that exist and are enabled (for the start-up message); empty outside the sample county. */
  demoAccounts: typeof DEMO_ACCOUNTS;
  /** Demo accounts disabled because the data is no longer the sample county (their passwords are public). */
  disabledDemo: string[];
}

/** `scrypt`: the demo accounts' hashing cost (tests make it cheap; the default is the accounts' own). */
export async function seedWorkspace(ws: Workspace, dataDir: string, sample: boolean, scrypt?: ScryptParams): Promise<SeedResult> {
  let demands = 0;
  const file = join(dataDir, 'internal', 'demands.json');
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  if (text !== null) demands = await new RecordStore(ws.db).seedOnce(DEMANDS, parseDemandsFile(JSON.parse(text), file), SEED_ACTOR);
  const registers = await seedRegisters(ws, dataDir);

  const enabled = async (): Promise<Set<string>> => new Set((await listUsers(ws.db)).filter((u) => !u.disabled).map((u) => u.name));
  if (!sample) {
    // A workspace begun on the sample county and now serving a real build: an account that still opens with its
    // published password would open real firms' figures to anyone who read README. Disabled, and said so.
    const disabledDemo: string[] = [];
    const live = await enabled();
    for (const a of DEMO_ACCOUNTS) {
      if (live.has(a.name) && (await authenticate(ws.db, a.name, a.password))) {
        await disableUser(ws.db, a.name);
        disabledDemo.push(a.name);
      }
    }
    return { demands, registers, demoAccounts: [], disabledDemo };
  }
  await seedDemoAccounts(ws.db, scrypt);
  const live = await enabled();
  return { demands, registers, demoAccounts: DEMO_ACCOUNTS.filter((a) => live.has(a.name)), disabledDemo: [] };
}

/**
 * The records of a register's delivered file (internal/<file> of src/lib/campaign/files.ts), parsed by its kind
 * (null: no such file). A record that does not parse is an error naming the file, the entry and the field: the build
 * set bad records aside already.
 */
export async function readRegisterFile<K extends RegisterKind>(dataDir: string, kind: K): Promise<RegisterTypes[K][] | null> {
  const path = join(dataDir, 'internal', REGISTER_FILES[kind].file);
  const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  if (text === null) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  return parseCampaignFile(kind, raw, path);
}

/** Each register seeded once from its file (RecordStore.seedOnce: only a kind that never had a record). */
async function seedRegisters(ws: Workspace, dataDir: string): Promise<Record<RegisterKind, number>> {
  const store = new RecordStore(ws.db);
  const out: Record<RegisterKind, number> = { case: 0, project: 0, block_plan: 0, small_park: 0, standard_land: 0 };
  for (const k of REGISTER_KINDS) {
    const items = await readRegisterFile(dataDir, k);
    if (items) out[k] = await store.seedOnce(REGISTER_RECORD_KINDS[k] as RecordKind<unknown>, items, SEED_ACTOR);
  }
  return out;
}
