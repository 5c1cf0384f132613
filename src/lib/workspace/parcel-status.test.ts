import { describe, expect, it } from 'vitest';
import { PARCEL_STATUSES } from '../data/schema.ts';
import { chinaToday, fieldOfReason, isCalendarDate, parcelStatusParser, REASON_MAX } from './parcel-status.ts';

const parse = parcelStatusParser(() => '2026-11-30');
const edit = (over: Record<string, unknown> = {}) => ({ parcel_id: 'NH-00014', status: 'in_use', date: '2026-11-30', reason: '企业复产', ...over });

/** The field a refused edit names, or 'ok'. */
const fieldOf = (raw: unknown): string | null => {
  const r = parse(raw);
  return r.ok ? 'ok' : fieldOfReason(r.reason);
};

describe('parcel status edits', () => {
  it('accepts a valid edit, trims the reason and drops other members', () => {
    expect(parse(edit({ reason: '  企业复产 ', extra: 1 }))).toEqual({ ok: true, value: edit() });
    for (const status of PARCEL_STATUSES) expect(parse(edit({ status })).ok, status).toBe(true);
    expect(parse(edit({ parcel_id: 'B区 12/3#' })).ok).toBe(true); // registers' ids: Chinese, spaces, / and #
    expect(parse(edit({ parcel_id: 1204 }))).toMatchObject({ ok: true, value: { parcel_id: '1204' } });
  });

  it('names the field of every problem', () => {
    expect(parse('x')).toEqual({ ok: false, reason: 'not an object' });
    expect(parse([edit()])).toEqual({ ok: false, reason: 'not an object' });
    expect(fieldOf(edit({ parcel_id: undefined }))).toBe('parcel_id');
    expect(fieldOf(edit({ parcel_id: ' ' }))).toBe('parcel_id');
    expect(fieldOf(edit({ parcel_id: '<b>' }))).toBe('parcel_id');
    expect(fieldOf(edit({ parcel_id: 'x'.repeat(65) }))).toBe('parcel_id');
    expect(fieldOf(edit({ status: '在用' }))).toBe('status');
    expect(fieldOf(edit({ status: undefined }))).toBe('status');
    expect(fieldOf(edit({ date: '2026-2-1' }))).toBe('date');
    expect(fieldOf(edit({ date: '2026-02-30' }))).toBe('date');
    expect(fieldOf(edit({ date: '2026-13-01' }))).toBe('date');
    expect(fieldOf(edit({ date: 20261130 }))).toBe('date');
    expect(fieldOf(edit({ date: '2026-12-01' }))).toBe('date'); // after today
    expect(fieldOf(edit({ reason: '' }))).toBe('reason');
    expect(fieldOf(edit({ reason: '   ' }))).toBe('reason');
    expect(fieldOf(edit({ reason: 7 }))).toBe('reason');
    expect(fieldOf(edit({ reason: '因'.repeat(REASON_MAX + 1) }))).toBe('reason');
    expect(fieldOf(edit({ reason: '因'.repeat(REASON_MAX) }))).toBe('ok');
    expect(fieldOf(edit({ reason: '😀'.repeat(REASON_MAX) }))).toBe('ok'); // characters, not UTF-16 units
  });

  it('knows the calendar, and today in China', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2026-04-31')).toBe(false);
    expect(isCalendarDate('2026-12-31')).toBe(true);
    expect(isCalendarDate('2026-00-10')).toBe(false);
    expect(isCalendarDate('2026-01-00')).toBe(false);
    expect(isCalendarDate(' 2026-01-01')).toBe(false);
    // 16:30 UTC is already the next day in Beijing.
    expect(chinaToday(new Date('2026-11-29T16:30:00Z'))).toBe('2026-11-30');
    expect(chinaToday(new Date('2026-11-29T15:59:00Z'))).toBe('2026-11-29');
    expect(parse(edit({ date: '2026-11-30' })).ok).toBe(true); // today itself is allowed
  });
});
