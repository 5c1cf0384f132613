// The pure steps the app takes with shared records: keeping a local copy current from the change feed, listing
// what an audit entry changed, merging two people's edits field by field. Every expected value is written out.
import { describe, expect, test } from 'vitest';
import { applyChanges, fieldChanges, fieldText, mergeFields, type AuditEntry, type StoredRecord } from './records.ts';

interface D {
  id: string;
  land_mu?: number;
  status?: string;
  park?: string | null;
  note?: string;
  extra?: string;
}

const T1 = '2026-12-01T08:00:01.000Z';
const T2 = '2026-12-01T08:00:02.000Z';
const T3 = '2026-12-01T08:00:03.000Z';
const T4 = '2026-12-01T08:00:04.000Z';

let seq = 0;
function entry(action: AuditEntry['action'], id: string, version: number, actor: string, at: string, after: unknown, kind = 'demand'): AuditEntry {
  return { seq: ++seq, kind, record_id: id, action, actor, at, version, before: null, after };
}

function record(id: string, version: number, data: D, over: Partial<StoredRecord<D>> = {}): StoredRecord<D> {
  return { kind: 'demand', id, data, version, deleted: false, created_at: T1, created_by: 'zhang', updated_at: T1, updated_by: 'zhang', ...over };
}

describe('applyChanges', () => {
  test('a create puts the record in the copy, made and last changed by its actor', () => {
    const out = applyChanges<D>(new Map(), 'demand', [entry('create', 'D-1', 1, 'zhang', T1, { id: 'D-1', land_mu: 30 })]);
    expect([...out.entries()]).toEqual([
      [
        'D-1',
        {
          kind: 'demand',
          id: 'D-1',
          data: { id: 'D-1', land_mu: 30 },
          version: 1,
          deleted: false,
          created_at: T1,
          created_by: 'zhang',
          updated_at: T1,
          updated_by: 'zhang',
        },
      ],
    ]);
  });

  test('an update replaces the data and the version; who made the record stays', () => {
    const held = new Map([['D-1', record('D-1', 1, { id: 'D-1', land_mu: 30 })]]);
    const out = applyChanges(held, 'demand', [entry('update', 'D-1', 2, 'li', T2, { id: 'D-1', land_mu: 45 })]);
    expect(out.get('D-1')).toEqual({
      kind: 'demand',
      id: 'D-1',
      data: { id: 'D-1', land_mu: 45 },
      version: 2,
      deleted: false,
      created_at: T1,
      created_by: 'zhang',
      updated_at: T2,
      updated_by: 'li',
    });
    // the copy passed in is left as it was
    expect(held.get('D-1')).toEqual(record('D-1', 1, { id: 'D-1', land_mu: 30 }));
  });

  test('a delete takes the record out of the copy; a restore brings it back at its new version', () => {
    const held = new Map([
      ['D-1', record('D-1', 2, { id: 'D-1', land_mu: 45 })],
      ['D-2', record('D-2', 1, { id: 'D-2', land_mu: 12 })],
    ]);
    const deleted = applyChanges(held, 'demand', [entry('delete', 'D-1', 3, 'wang', T3, null)]);
    expect([...deleted.keys()]).toEqual(['D-2']);

    const restored = applyChanges(deleted, 'demand', [entry('restore', 'D-1', 4, 'li', T4, { id: 'D-1', land_mu: 45 })]);
    expect([...restored.keys()].sort()).toEqual(['D-1', 'D-2']);
    // The copy no longer held D-1, and a feed entry does not say who created a record: the restore's actor and
    // time stand in for them.
    expect(restored.get('D-1')).toEqual({
      kind: 'demand',
      id: 'D-1',
      data: { id: 'D-1', land_mu: 45 },
      version: 4,
      deleted: false,
      created_at: T4,
      created_by: 'li',
      updated_at: T4,
      updated_by: 'li',
    });
  });

  test('create, update, delete, restore of one record in one feed: the last state, version 4', () => {
    const out = applyChanges<D>(new Map(), 'demand', [
      entry('create', 'D-1', 1, 'zhang', T1, { id: 'D-1', land_mu: 30 }),
      entry('update', 'D-1', 2, 'li', T2, { id: 'D-1', land_mu: 45 }),
      entry('delete', 'D-1', 3, 'zhang', T3, null),
      entry('restore', 'D-1', 4, 'li', T4, { id: 'D-1', land_mu: 45 }),
    ]);
    expect(out.get('D-1')).toMatchObject({ version: 4, data: { id: 'D-1', land_mu: 45 }, updated_by: 'li', updated_at: T4 });
  });

  test('an entry not newer than the record held changes nothing (the list was read after it)', () => {
    const held = new Map([['D-1', record('D-1', 3, { id: 'D-1', land_mu: 60 }, { updated_at: T3, updated_by: 'wang' })]]);
    const out = applyChanges(held, 'demand', [
      entry('create', 'D-1', 1, 'zhang', T1, { id: 'D-1', land_mu: 30 }),
      entry('update', 'D-1', 2, 'li', T2, { id: 'D-1', land_mu: 45 }),
      entry('update', 'D-1', 3, 'li', T3, { id: 'D-1', land_mu: 99 }), // the same version: the held one stands
      entry('delete', 'D-1', 2, 'li', T2, null), // an old delete does not take out a newer record
    ]);
    expect(out.get('D-1')).toEqual(record('D-1', 3, { id: 'D-1', land_mu: 60 }, { updated_at: T3, updated_by: 'wang' }));
  });

  test('entries out of order: the newest wins, an older one after it is ignored', () => {
    const out = applyChanges<D>(new Map(), 'demand', [
      entry('update', 'D-1', 3, 'wang', T3, { id: 'D-1', land_mu: 60 }),
      entry('update', 'D-1', 2, 'li', T2, { id: 'D-1', land_mu: 45 }),
      entry('create', 'D-1', 1, 'zhang', T1, { id: 'D-1', land_mu: 30 }),
    ]);
    expect(out.get('D-1')).toEqual({
      kind: 'demand',
      id: 'D-1',
      data: { id: 'D-1', land_mu: 60 },
      version: 3,
      deleted: false,
      created_at: T3,
      created_by: 'wang',
      updated_at: T3,
      updated_by: 'wang',
    });
  });

  test('entries of other kinds are ignored, even with the same record id', () => {
    const held = new Map([['D-1', record('D-1', 1, { id: 'D-1', land_mu: 30 })]]);
    const out = applyChanges(held, 'demand', [
      entry('update', 'D-1', 2, 'li', T2, { id: 'D-1', status: 'protected' }, 'parcel-status'),
      entry('delete', 'D-1', 5, 'li', T2, null, 'parcel-status'),
      entry('create', 'P-7', 1, 'li', T2, { id: 'P-7' }, 'parcel-status'),
    ]);
    expect([...out.entries()]).toEqual([['D-1', record('D-1', 1, { id: 'D-1', land_mu: 30 })]]);
  });

  test('no entries: an equal copy, not the same map', () => {
    const held = new Map([['D-1', record('D-1', 1, { id: 'D-1' })]]);
    const out = applyChanges(held, 'demand', []);
    expect(out).not.toBe(held);
    expect(out).toEqual(held);
  });
});

describe('fieldChanges', () => {
  test('the fields whose values differ, fields of the first version first, then new ones', () => {
    expect(fieldChanges({ id: 'D-1', land_mu: 30, status: 'open', tags: [1, 2], gone: 'x' }, { id: 'D-1', status: 'signed', land_mu: 30, tags: [1, 2], added: 7 })).toEqual([
      { field: 'status', before: 'open', after: 'signed' },
      { field: 'gone', before: 'x', after: undefined },
      { field: 'added', before: undefined, after: 7 },
    ]);
  });

  test('values are compared by content: equal arrays and objects are no change, a changed element is', () => {
    expect(fieldChanges({ a: [1, 2], o: { x: 1 } }, { a: [1, 2], o: { x: 1 } })).toEqual([]);
    expect(fieldChanges({ a: [1, 2] }, { a: [1, 3] })).toEqual([{ field: 'a', before: [1, 2], after: [1, 3] }]);
    expect(fieldChanges({ park: null }, { park: '桥头胡工业园区' })).toEqual([{ field: 'park', before: null, after: '桥头胡工业园区' }]);
  });

  test('a create (before null) and a delete (after null): every field', () => {
    expect(fieldChanges(null, { id: 'D-1', land_mu: 30 })).toEqual([
      { field: 'id', before: undefined, after: 'D-1' },
      { field: 'land_mu', before: undefined, after: 30 },
    ]);
    expect(fieldChanges({ id: 'D-1' }, null)).toEqual([{ field: 'id', before: 'D-1', after: undefined }]);
    expect(fieldChanges(null, null)).toEqual([]);
    expect(fieldChanges([1], 'x')).toEqual([]); // not records: nothing to list
  });
});

describe('mergeFields', () => {
  const mine: D = { id: 'D-1', land_mu: 45, status: 'open', park: 'A' };
  const theirs: D = { id: 'D-1', land_mu: 30, status: 'signed', park: 'A' };

  test('no choices: every field I changed keeps my value', () => {
    expect(mergeFields(mine, theirs, {})).toEqual({ id: 'D-1', land_mu: 45, status: 'open', park: 'A' });
  });

  test("a field chosen as 'theirs' takes their value; the others keep mine", () => {
    expect(mergeFields(mine, theirs, { status: 'theirs' })).toEqual({ id: 'D-1', land_mu: 45, status: 'signed', park: 'A' });
    expect(mergeFields(mine, theirs, { status: 'theirs', land_mu: 'mine' })).toEqual({ id: 'D-1', land_mu: 45, status: 'signed', park: 'A' });
    expect(mergeFields(mine, theirs, { land_mu: 'theirs', status: 'theirs' })).toEqual({ id: 'D-1', land_mu: 30, status: 'signed', park: 'A' });
  });

  test('a choice for a field both sides have equal changes nothing', () => {
    expect(mergeFields(mine, theirs, { park: 'theirs' })).toEqual({ id: 'D-1', land_mu: 45, status: 'open', park: 'A' });
    expect(mergeFields(mine, theirs, { park: 'mine', id: 'theirs' })).toEqual({ id: 'D-1', land_mu: 45, status: 'open', park: 'A' });
  });

  test('a field only I have: kept as mine, left out as theirs', () => {
    const m: D = { id: 'D-1', land_mu: 30, note: '已约谈' };
    const t: D = { id: 'D-1', land_mu: 30 };
    expect(mergeFields(m, t, {})).toEqual({ id: 'D-1', land_mu: 30, note: '已约谈' });
    const theirsChosen = mergeFields(m, t, { note: 'theirs' });
    expect(theirsChosen).toEqual({ id: 'D-1', land_mu: 30 });
    expect('note' in theirsChosen).toBe(false);
  });

  test('a field only they have: removed as mine, kept as theirs', () => {
    const m: D = { id: 'D-1', land_mu: 30 };
    const t: D = { id: 'D-1', land_mu: 30, extra: '补充' };
    const mineChosen = mergeFields(m, t, {});
    expect(mineChosen).toEqual({ id: 'D-1', land_mu: 30 });
    expect('extra' in mineChosen).toBe(false);
    expect(mergeFields(m, t, { extra: 'theirs' })).toEqual({ id: 'D-1', land_mu: 30, extra: '补充' });
  });

  test('neither input is changed', () => {
    const m: D = { id: 'D-1', land_mu: 45, note: 'x' };
    const t: D = { id: 'D-1', land_mu: 30, extra: 'y' };
    mergeFields(m, t, { land_mu: 'theirs' });
    expect(m).toEqual({ id: 'D-1', land_mu: 45, note: 'x' });
    expect(t).toEqual({ id: 'D-1', land_mu: 30, extra: 'y' });
  });
});

describe('fieldText', () => {
  test.each([
    [undefined, '—'],
    [null, '—'],
    ['', '—'],
    ['桥头胡工业园区', '桥头胡工业园区'],
    [0, '0'],
    [2.5, '2.5'],
    [false, 'false'],
    [[1, 2], '[1,2]'],
    [{ a: 1 }, '{"a":1}'],
  ])('%j → %s', (value, text) => {
    expect(fieldText(value)).toBe(text);
  });
});
