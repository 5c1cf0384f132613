// The workspace's shared records on both databases (embedded PGlite and a real PostgreSQL server): versions,
// conflicts, soft deletion, the audit log, concurrent edits, backup and restore.
import { afterEach, describe, expect, it } from 'vitest';
import { dumpWorkspace, restoreWorkspace } from '../../server/workspace/backup.ts';
import { ConflictError, DEMANDS, InvalidRecordError, NotFoundError, RecordStore } from '../../server/workspace/record-store.ts';
import { demand as demandOf } from './helpers/api-server.ts';
import { ENGINES, freshWorkspace } from './helpers/workspaces.ts';

/** A valid demand D-101 (shared with the API tests), with overrides. */
const demand = (over: Record<string, unknown> = {}) => demandOf('D-101', over);

const opened: { drop: () => Promise<void> }[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()!.drop();
});
async function store(engine: (typeof ENGINES)[number]) {
  const ws = await freshWorkspace(engine);
  opened.push(ws);
  let t = Date.parse('2026-12-01T08:00:00Z');
  // A clock that ticks a second per change: audit times are distinct and predictable.
  return { ws, records: new RecordStore(ws.db, () => new Date((t += 1000))) };
}

describe.each(ENGINES)('shared records on %s', (engine) => {
  it('creates, edits with the version it started from, deletes softly and restores; the audit says who, when, before, after', async () => {
    const { records } = await store(engine);
    const a = await records.create(DEMANDS, demand(), 'zhang');
    expect(a).toMatchObject({ id: 'D-101', version: 1, deleted: false, created_by: 'zhang', updated_by: 'zhang' });
    const b = await records.update(DEMANDS, 'D-101', demand({ land_mu: 45 }), 1, 'li');
    expect(b).toMatchObject({ version: 2, updated_by: 'li', created_by: 'zhang' });
    expect(b.data.land_mu).toBe(45);
    const c = await records.remove(DEMANDS, 'D-101', 2, 'zhang');
    expect(c).toMatchObject({ version: 3, deleted: true });
    expect(await records.list(DEMANDS)).toEqual([]);
    expect((await records.list(DEMANDS, { includeDeleted: true })).map((r) => r.id)).toEqual(['D-101']);
    const d = await records.restore(DEMANDS, 'D-101', 3, 'li');
    expect(d).toMatchObject({ version: 4, deleted: false });
    expect(d.data.land_mu).toBe(45); // nothing lost by the delete
    const h = await records.history('demand', 'D-101');
    expect(h.map((e) => [e.action, e.actor, e.version])).toEqual([
      ['create', 'zhang', 1],
      ['update', 'li', 2],
      ['delete', 'zhang', 3],
      ['restore', 'li', 4],
    ]);
    expect((h[1]!.before as { land_mu: number }).land_mu).toBe(30);
    expect((h[1]!.after as { land_mu: number }).land_mu).toBe(45);
    expect(h.map((e) => e.at)).toEqual(['2026-12-01T08:00:01.000Z', '2026-12-01T08:00:02.000Z', '2026-12-01T08:00:03.000Z', '2026-12-01T08:00:04.000Z']);
  });

  it('refuses an edit based on an old version with the record as it now is, and data that does not validate, naming the field', async () => {
    const { records } = await store(engine);
    await records.create(DEMANDS, demand(), 'zhang');
    await records.update(DEMANDS, 'D-101', demand({ status: 'negotiating' }), 1, 'li');
    const e = await records.update(DEMANDS, 'D-101', demand({ land_mu: 60 }), 1, 'wang').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConflictError);
    const conflict = e as ConflictError<{ status: string }>;
    expect(conflict.current.version).toBe(2);
    expect(conflict.current.updated_by).toBe('li');
    expect(conflict.current.data.status).toBe('negotiating');
    await expect(records.update(DEMANDS, 'D-101', demand({ land_mu: -5 }), 2, 'wang')).rejects.toThrow(InvalidRecordError);
    await expect(records.update(DEMANDS, 'D-999', demand({ id: 'D-999' }), 1, 'wang')).rejects.toThrow(NotFoundError);
    await expect(records.create(DEMANDS, demand(), 'wang')).rejects.toThrow(/exists already/);
    expect((await records.history('demand', 'D-101')).length).toBe(2); // refused changes leave no audit entry
  });

  it('of 12 simultaneous edits of the same version exactly one wins; the others get the winner as the current record', async () => {
    const { records } = await store(engine);
    await records.create(DEMANDS, demand(), 'zhang');
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => records.update(DEMANDS, 'D-101', demand({ land_mu: 100 + i }), 1, `user${i}`)));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.every((r) => r.reason instanceof ConflictError)).toBe(true);
    const now = await records.get(DEMANDS, 'D-101');
    expect(now!.version).toBe(2);
    for (const r of lost) expect((r.reason as ConflictError<unknown>).current.version).toBe(2);
    expect((await records.history('demand', 'D-101')).map((e) => e.action)).toEqual(['create', 'update']);
  });

  it('backs up and restores into an empty workspace exactly (records, audit, users), and refuses a non-empty one', async () => {
    const { ws, records } = await store(engine);
    await records.create(DEMANDS, demand(), 'zhang');
    await records.create(DEMANDS, demand({ id: 'D-102', land_mu: 12 }), 'li');
    await records.update(DEMANDS, 'D-101', demand({ status: 'signed' }), 1, 'li');
    await records.remove(DEMANDS, 'D-102', 1, 'zhang');
    await ws.db.insertInto('users').values({ name: 'zhang', role: 'planner', password_hash: 'scrypt$x', created_at: new Date('2026-11-30T00:00:00Z'), disabled: false }).execute();
    const dump = await dumpWorkspace(ws.db);
    const copy = await store(engine);
    expect(await restoreWorkspace(copy.ws.db, JSON.parse(JSON.stringify(dump)))).toEqual({ records: 2, audit: 4, users: 1 });
    expect(await dumpWorkspace(copy.ws.db)).toEqual(dump);
    // The restored workspace goes on where it stopped: the next audit entry follows the restored ones.
    await copy.records.update(DEMANDS, 'D-101', demand({ status: 'open' }), 2, 'wang');
    const seqs = (await copy.records.changesSince(0)).map((e) => e.seq);
    expect(seqs).toEqual([1, 2, 3, 4, 5]);
    await expect(restoreWorkspace(copy.ws.db, dump)).rejects.toThrow(/not empty/);
  });
});
