/**
 * Issue 17, reports (PROTOCOL section 12; every figure defined in docs/reports.md). Browser-safe: the answer's shape,
 * the limits, the distributions' buckets, the CSV's columns and the calendar arithmetic both the gateway and the
 * console do in the settings' time zone. The validating class is in ./dto/reports.dto.
 */
import { isCalendarDate, localTimeAt } from './settings';

export const REPORT_LIMITS = {
  /** A range covers at most this many calendar days (in the settings' time zone). */
  maxDays: 366,
} as const;

export interface DurationStats {
  /** Seconds, rounded to whole seconds; null when nothing was measured. */
  median: number | null;
  p90: number | null;
}

export type CsatScore = 1 | 2 | 3 | 4 | 5;

export interface AgentReport {
  agentId: string;
  name: string;
  conversations: number;
  closed: number;
  firstResponseSeconds: { median: number | null };
  csat: { average: number | null; responses: number };
}

export interface DayReport {
  /** YYYY-MM-DD in the settings' time zone. */
  date: string;
  conversations: number;
  closed: number;
  waitSeconds: { median: number | null };
}

/** One bar of a distribution: conversations whose duration is at most `upToSeconds` (and above the bar before). */
export interface DurationBucket {
  /** null: above the last bound. */
  upToSeconds: number | null;
  conversations: number;
}

/** `GET /api/reports/summary`: section 12's figures, plus the distributions the charts draw (an addition). */
export interface ReportSummary {
  conversations: number;
  closed: number;
  waitSeconds: DurationStats;
  firstResponseSeconds: DurationStats;
  resolutionSeconds: DurationStats;
  csat: { average: number | null; responses: number; distribution: Record<CsatScore, number> };
  byAgent: AgentReport[];
  byDay: DayReport[];
  distributions: { firstResponseSeconds: DurationBucket[]; resolutionSeconds: DurationBucket[] };
}

/** `GET /api/reports/summary?from=&to=&teamId=&agentId=` and `GET /api/reports/conversations.csv?from=&to=`. */
export interface ReportQuery {
  /** YYYY-MM-DD (from the start of that day in the settings' time zone) or an ISO instant with its offset. */
  from: string;
  /** YYYY-MM-DD (to the end of that day, included) or an ISO instant (excluded). */
  to: string;
  teamId?: string;
  agentId?: string;
}

/** The upper bounds of the distributions' bars, in seconds (one more bar holds what is above the last). */
export const FIRST_RESPONSE_BOUNDS = [30, 60, 120, 300, 600, 1800, 3600] as const;
export const RESOLUTION_BOUNDS = [300, 900, 1800, 3600, 14_400, 86_400] as const;

/** The CSV's header row, in its column order (one row per conversation; durations in seconds, instants in ISO UTC). */
export const REPORT_CSV_COLUMNS = [
  'number',
  'customer',
  'team',
  'agent',
  'state',
  'created',
  'assigned',
  'closed',
  'wait',
  'first response',
  'resolution',
  'rating',
] as const;

// ---- calendar days in a time zone ----

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The calendar date `days` after `date` (YYYY-MM-DD; negative: before). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The instant a calendar day starts in `timeZone` (its first minute on the local wall clock, DST applied). */
export function startOfDay(timeZone: string, date: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d);
  // The zone's offset at a guess, then at the instant it gives (right across a change of offset too).
  let instant = wall;
  for (let i = 0; i < 2; i++) instant = wall - offsetAt(timeZone, new Date(instant));
  return new Date(instant);
}

/** The zone's offset from UTC at `instant`, in milliseconds (whole minutes). */
function offsetAt(timeZone: string, instant: Date): number {
  const local = localTimeAt(timeZone, instant);
  const [y, m, d] = local.date.split('-').map(Number);
  const minute = Math.floor(instant.getTime() / 60_000) * 60_000;
  return Date.UTC(y, m - 1, d) + local.minutes * 60_000 - minute;
}

/** The calendar date of `instant` in `timeZone`. */
export const dateIn = (timeZone: string, instant: Date): string => localTimeAt(timeZone, instant).date;

export type ReportRange =
  | { ok: true; from: Date; to: Date; days: string[] }
  | { ok: false; field: 'from' | 'to'; reason: 'invalid_date' | 'range_too_long'; message: string };

/**
 * A report's range, [from, to), and the calendar days it touches in `timeZone`, in order: dates are whole days
 * (`to` included), instants are taken as they are (`to` excluded). At most REPORT_LIMITS.maxDays days.
 */
export function reportRange(timeZone: string, fromText: string, toText: string): ReportRange {
  const parse = (text: string, end: boolean): Date | null => {
    if (isCalendarDate(text)) return startOfDay(timeZone, end ? addDays(text, 1) : text);
    if (!ISO_INSTANT.test(text)) return null;
    const instant = new Date(text);
    return Number.isNaN(instant.getTime()) ? null : instant;
  };
  const from = parse(fromText, false);
  if (!from)
    return {
      ok: false,
      field: 'from',
      reason: 'invalid_date',
      message: 'from must be an ISO date (YYYY-MM-DD) or instant',
    };
  const to = parse(toText, true);
  if (!to)
    return {
      ok: false,
      field: 'to',
      reason: 'invalid_date',
      message: 'to must be an ISO date (YYYY-MM-DD) or instant',
    };
  if (to.getTime() <= from.getTime())
    return { ok: false, field: 'to', reason: 'invalid_date', message: 'to must be after from' };
  const first = dateIn(timeZone, from);
  const last = dateIn(timeZone, new Date(to.getTime() - 1));
  const days: string[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) {
    if (days.length >= REPORT_LIMITS.maxDays) {
      return {
        ok: false,
        field: 'to',
        reason: 'range_too_long',
        message: `a range covers at most ${REPORT_LIMITS.maxDays} days`,
      };
    }
    days.push(day);
  }
  return { ok: true, from, to, days };
}
