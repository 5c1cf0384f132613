// A parcel's status as changed in the team workspace (issue 14): 闲置 → 在用 on a date, for a reason. One current edit
// per parcel (the record's id is the parcel id; its history is the audit log); publishing (scripts/publish.ts)
// rebuilds the data with every live edit applied to the delivered status. The parser is what the server validates
// with and the app can check a form with; the publish shapes are what the API answers (server/api/publish-routes.ts).
import { PARCEL_ID_PATTERN, PARCEL_ID_RULE, PARCEL_STATUSES, type ParcelStatus } from '../data/schema.ts';
import { FieldError, oneOf, reqString, run, show, type PropsResult } from '../data/props.ts';

export interface ParcelStatusEdit {
  parcel_id: string;
  status: ParcelStatus;
  /** The day the status changed, YYYY-MM-DD (Beijing time), not after today. */
  date: string;
  reason: string;
}

/** The record kind's name (records.kind) and the longest reason, in characters. */
export const PARCEL_STATUS_KIND = 'parcel_status';
export const REASON_MAX = 500;

/** Today in China (UTC+8, no daylight saving), as YYYY-MM-DD: the calendar the registers and the planners use. */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/** Whether `s` is YYYY-MM-DD naming a day that exists (no 2026-02-30, no 2026-13-01). */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || mo < 1 || mo > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate(); // day 0 of the next month = the last of this one
  return d <= days;
}

/**
 * The parser of a status edit: `{ ok, value }` or `{ ok: false, reason }` whose reason names the field first
 * (`field "date" …`), like the layers' property parsers. `today` (YYYY-MM-DD) bounds the date; by default China's
 * today when the parser runs. Members other than the four are dropped.
 */
export function parcelStatusParser(today: () => string = () => chinaToday()): (raw: unknown) => PropsResult<ParcelStatusEdit> {
  return (raw) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: 'not an object' };
    return run(raw, (p) => {
      const parcel_id = reqString(p, 'parcel_id');
      if (!PARCEL_ID_PATTERN.test(parcel_id)) throw new FieldError(`field "parcel_id" = ${show(parcel_id)} is not a parcel id: ${PARCEL_ID_RULE}`);
      const status = oneOf<ParcelStatus>(p, 'status', PARCEL_STATUSES);
      const rawDate = p['date'];
      if (typeof rawDate !== 'string' || !isCalendarDate(rawDate)) throw new FieldError(`field "date" must be a calendar date written YYYY-MM-DD, got ${show(rawDate)}`);
      const limit = today();
      if (rawDate > limit) throw new FieldError(`field "date" = ${show(rawDate)} is in the future (today is ${limit})`);
      const rawReason = p['reason'];
      if (typeof rawReason !== 'string' || rawReason.trim() === '') throw new FieldError(`field "reason" is required (text saying why the status changed), got ${show(rawReason)}`);
      const reason = rawReason.trim();
      const n = [...reason].length;
      if (n > REASON_MAX) throw new FieldError(`field "reason" is ${n} characters long; at most ${REASON_MAX}`);
      return { parcel_id, status, date: rawDate, reason };
    });
  };
}

/** The parser with China's today (what the server validates with). */
export const parseParcelStatus = parcelStatusParser();

/** The field a parser reason names first (`field "date" …` → date), for a 400 answer or a form. */
export function fieldOfReason(reason: string): string | null {
  return /field "([^"]+)"/.exec(reason)?.[1] ?? null;
}

/** One parcel whose published data a publish would change. */
export interface PublishChange {
  parcel_id: string;
  /** The status in the live build (null: not known there). */
  from: ParcelStatus | null;
  /** The status after publishing. */
  to: ParcelStatus;
  /** The edit's date and reason; null when the change takes an earlier edit back (to the delivered status). */
  date: string | null;
  reason: string | null;
  /** Whether prospects will see it (the status is a public field and changes); false: internal data only. */
  public: boolean;
}

/** What publishing now would change, against the live build. */
export interface PublishPreview {
  /** The live build's release (null: no build yet). */
  release: string | null;
  changes: PublishChange[];
  /** Edits naming a parcel the live build does not have: not applied. */
  unknown: string[];
  /** A publish running now, if any. */
  running: { by: string; since: string } | null;
}

/** What a publish did (the build report's summary). */
export interface PublishResult {
  release: string;
  parcels: number;
  /** Edits applied to parcels, and those naming parcels the sources do not have. */
  edits: { applied: number; unknown: string[] };
  rejected: number;
  warnings: number;
  /** The preview taken just before the build: what changed. */
  changes: PublishChange[];
}
