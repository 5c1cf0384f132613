// The workspace's shared records on both databases (embedded PGlite and a real PostgreSQL server): versions,
// conflicts, soft deletion, the audit log, concurrent edits, backup and restore.
import { afterEach, describe, expect, it } from 'vitest';
import { dumpWorkspace, restoreWorkspace } from '../../server/workspace/backup.ts';
import { ConflictError, DEMANDS, InvalidRecordError, NotFoundError, RecordStore, type RecordKind } from '../../server/workspace/record-store.ts';
import { demand as demandOf } from './helpers/api-server.ts';
import { ENGINES, freshWorkspace } from './helpers/workspaces.ts';

/** A valid demand D-101 (shared with the API tests), with overrides. */
const demand = (over: Record<string, unknown> = {}) => demandOf('D-101', over);

/** Another kind of record, to show that seeding one kind looks at that kind's history only. */
const NOTES: RecordKind<{ id: string; text: string }> = {
  kind: 'test-note',
  parse: (raw) => {
    const r = raw as { id?: unknown; text?: unknown };
    return typeof r.id === 'string' && typeof r.text === 'string' ? { ok: true, value: { id: r.id, text: r.text } } : { ok: false, reason: 'needs id and text' };
  },
  idOf: (n) => n.id,
};

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

  describe('seedOnce: the first list of a kind, from the delivered file, once', () => {
    it('creates every item in one go at version 1, each with an audit "create" by the given actor', async () => {
      const { records } = await store(engine);
      const items = [demand(), demand({ id: 'D-102', land_mu: 12, status: 'negotiating' })];
      expect(await records.seedOnce(DEMANDS, items, 'tenglong-import')).toBe(2);
      const list = await records.list(DEMANDS);
      expect(list.map((r) => [r.id, r.version, r.deleted, r.created_by, r.updated_by, r.created_at, r.updated_at])).toEqual([
        ['D-101', 1, false, 'tenglong-import', 'tenglong-import', '2026-12-01T08:00:01.000Z', '2026-12-01T08:00:01.000Z'],
        ['D-102', 1, false, 'tenglong-import', 'tenglong-import', '2026-12-01T08:00:01.000Z', '2026-12-01T08:00:01.000Z'],
      ]);
      expect(list.map((r) => r.data)).toEqual(items);
      const audit = await records.changesSince(0);
      expect(audit).toEqual([
        { seq: 1, kind: 'demand', record_id: 'D-101', action: 'create', actor: 'tenglong-import', at: '2026-12-01T08:00:01.000Z', version: 1, before: null, after: items[0] },
        { seq: 2, kind: 'demand', record_id: 'D-102', action: 'create', actor: 'tenglong-import', at: '2026-12-01T08:00:01.000Z', version: 1, before: null, after: items[1] },
      ]);
    });

    it('a second call creates nothing and returns 0, even with other items', async () => {
      const { records } = await store(engine);
      expect(await records.seedOnce(DEMANDS, [demand()], 'tenglong-import')).toBe(1);
      expect(await records.seedOnce(DEMANDS, [demand(), demand({ id: 'D-103' })], 'tenglong-import')).toBe(0);
      expect((await records.list(DEMANDS)).map((r) => r.id)).toEqual(['D-101']);
      expect((await records.changesSince(0)).map((e) => [e.record_id, e.action])).toEqual([['D-101', 'create']]);
    });

    it('a seeded record the users deleted stays deleted: the kind has a history', async () => {
      const { records } = await store(engine);
      await records.seedOnce(DEMANDS, [demand()], 'tenglong-import');
      await records.remove(DEMANDS, 'D-101', 1, 'zhang');
      expect(await records.seedOnce(DEMANDS, [demand()], 'tenglong-import')).toBe(0);
      expect(await records.list(DEMANDS)).toEqual([]);
      expect((await records.get(DEMANDS, 'D-101'))!.deleted).toBe(true);
    });

    it('after a record was created by hand first, the kind is not seeded (0)', async () => {
      const { records } = await store(engine);
      await records.create(DEMANDS, demand({ id: 'D-050' }), 'zhang');
      expect(await records.seedOnce(DEMANDS, [demand(), demand({ id: 'D-102' })], 'tenglong-import')).toBe(0);
      expect((await records.list(DEMANDS)).map((r) => [r.id, r.created_by])).toEqual([['D-050', 'zhang']]);
      expect((await records.changesSince(0)).map((e) => [e.record_id, e.actor])).toEqual([['D-050', 'zhang']]);
    });

    it('records of another kind do not count as this kind having been seeded', async () => {
      const { records } = await store(engine);
      await records.create(NOTES, { id: 'N-1', text: '备注' }, 'zhang');
      expect(await records.seedOnce(DEMANDS, [demand()], 'tenglong-import')).toBe(1);
      expect(await records.seedOnce(NOTES, [{ id: 'N-2', text: 'x' }], 'tenglong-import')).toBe(0);
      expect((await records.list(NOTES)).map((r) => r.id)).toEqual(['N-1']);
    });

    it('an invalid item throws, naming the field, and nothing is written; a later valid seed still happens', async () => {
      const { records } = await store(engine);
      const e = await records.seedOnce(DEMANDS, [demand({ id: 'D-102' }), demand({ land_mu: -5 })], 'tenglong-import').catch((x: unknown) => x);
      expect(e).toBeInstanceOf(InvalidRecordError);
      expect((e as Error).message).toMatch(/^demand: .*land_mu/);
      expect(await records.list(DEMANDS, { includeDeleted: true })).toEqual([]);
      expect(await records.changesSince(0)).toEqual([]);
      expect(await records.seedOnce(DEMANDS, [demand({ id: 'D-102' })], 'tenglong-import')).toBe(1);
    });

    it('two items with the same id: refused, naming the id, and nothing of the seed is kept', async () => {
      const { records } = await store(engine);
      await expect(records.seedOnce(DEMANDS, [demand(), demand({ land_mu: 99 })], 'tenglong-import')).rejects.toThrow(/appears twice/);
      expect(await records.list(DEMANDS, { includeDeleted: true })).toEqual([]);
      expect(await records.changesSince(0)).toEqual([]);
    });

    it('no items: 0, nothing written, and the kind can still be seeded later', async () => {
      const { records } = await store(engine);
      expect(await records.seedOnce(DEMANDS, [], 'tenglong-import')).toBe(0);
      expect(await records.changesSince(0)).toEqual([]);
      expect(await records.seedOnce(DEMANDS, [demand()], 'tenglong-import')).toBe(1);
    });
  });
});
