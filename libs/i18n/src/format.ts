// Dates, times, relative times, durations, numbers and sizes in the reader's locale and timezone, all through
// `Intl`: no English literal ("Today", "3m 05s", "about 4 minutes") is built by hand.
import type { Locale } from './locales';

export interface Formatters {
  locale: Locale;
  /** "2:05 PM" / "14:05" today; "Nov 24, 2:05 PM" / "11月24日 14:05" on another day; the year in other years. */
  clock(at: string | Date, now?: Date): string;
  /** "2:05 PM" / "14:05": hours and minutes, in the clock each language reads (12-hour in English). */
  time(at: string | Date): string;
  /** A day separator: "Today" / "今天", "Yesterday" / "昨天", else the weekday and date. */
  day(at: string | Date, now?: Date): string;
  /** A calendar day key in the reader's timezone, for grouping messages under day separators. */
  dayKey(at: string | Date): string;
  /** "3 minutes ago" / "3 分钟前", "in 2 hours" / "2 小时后", "now" / "现在". */
  relative(at: string | Date, now?: Date): string;
  /** "45s", "3m 5s", "1h 12m" / "45秒", "3分钟5秒", "1小时12分钟": compact, for dense lists. */
  duration(totalSeconds: number): string;
  /** "about 4 minutes" / "约 4 分钟": an estimate, rounded to the minute (under a minute: "less than a minute"). */
  approximateMinutes(totalSeconds: number): { minutes: number; underAMinute: boolean };
  number(value: number, options?: Intl.NumberFormatOptions): string;
  /** "980 B", "12 KB", "1.5 MB" (binary multiples, as file pickers show them). */
  size(bytes: number): string;
}

const toDate = (at: string | Date) => (at instanceof Date ? at : new Date(at));

/** The reader's timezone (the browser's), or UTC where the runtime cannot tell. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function createFormatters(locale: Locale, timeZone: string = localTimeZone()): Formatters {
  const timeFormat = new Intl.DateTimeFormat(locale, { timeZone, hour: 'numeric', minute: '2-digit' });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, {
    timeZone,
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });
  const yearDateTimeFormat = new Intl.DateTimeFormat(locale, {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });
  const dayFormat = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short', month: 'short', day: 'numeric' });
  const yearDayFormat = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  });
  const keyFormat = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const relativeFormat = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const unit = (name: string) =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'narrow', maximumFractionDigits: 0 });
  const seconds = unit('second');
  const minutes = unit('minute');
  const hours = unit('hour');
  const days = unit('day');
  const unitList = new Intl.ListFormat(locale, { type: 'unit', style: 'narrow' });

  const dayKey = (at: string | Date) => keyFormat.format(toDate(at));
  /** Whole calendar days from `at` to `now` in the reader's timezone (0 today, 1 yesterday). */
  const daysBetween = (at: Date, now: Date) =>
    Math.round((Date.parse(dayKey(now)) - Date.parse(dayKey(at))) / 86_400_000);
  const sameYear = (at: Date, now: Date) => dayKey(at).slice(0, 4) === dayKey(now).slice(0, 4);

  const capitalise = (text: string) => (locale === 'en' ? text.charAt(0).toUpperCase() + text.slice(1) : text);

  return {
    locale,
    time: (at) => timeFormat.format(toDate(at)),
    clock(at, now = new Date()) {
      const date = toDate(at);
      if (daysBetween(date, now) === 0) return timeFormat.format(date);
      return (sameYear(date, now) ? dateTimeFormat : yearDateTimeFormat).format(date);
    },
    day(at, now = new Date()) {
      const date = toDate(at);
      const ago = daysBetween(date, now);
      if (ago === 0 || ago === 1) return capitalise(relativeFormat.format(-ago, 'day'));
      return (sameYear(date, now) ? dayFormat : yearDayFormat).format(date);
    },
    dayKey,
    relative(at, now = new Date()) {
      const diffSeconds = (toDate(at).getTime() - now.getTime()) / 1000;
      const abs = Math.abs(diffSeconds);
      if (abs < 45) return relativeFormat.format(0, 'second');
      if (abs < 45 * 60) return relativeFormat.format(Math.round(diffSeconds / 60), 'minute');
      if (abs < 22 * 3600) return relativeFormat.format(Math.round(diffSeconds / 3600), 'hour');
      return relativeFormat.format(Math.round(diffSeconds / 86_400), 'day');
    },
    duration(totalSeconds) {
      const s = Math.max(0, Math.floor(Number.isFinite(totalSeconds) ? totalSeconds : 0));
      if (s < 60) return seconds.format(s);
      const m = Math.floor(s / 60);
      if (m < 60) return unitList.format([minutes.format(m), ...(s % 60 ? [seconds.format(s % 60)] : [])]);
      const h = Math.floor(m / 60);
      if (h < 48) return unitList.format([hours.format(h), ...(m % 60 ? [minutes.format(m % 60)] : [])]);
      return unitList.format([days.format(Math.floor(h / 24)), ...(h % 24 ? [hours.format(h % 24)] : [])]);
    },
    approximateMinutes(totalSeconds) {
      return { minutes: Math.max(1, Math.round(totalSeconds / 60)), underAMinute: totalSeconds < 60 };
    },
    number: (value, options) => new Intl.NumberFormat(locale, options).format(value),
    size(bytes) {
      // Unit symbols are the same in both languages; only the number is localised.
      const format = (value: number, symbol: string, digits: number) =>
        `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)} ${symbol}`;
      if (bytes < 1024) return format(bytes, 'B', 0);
      if (bytes < 1024 * 1024) return format(bytes / 1024, 'KB', bytes < 10 * 1024 ? 1 : 0);
      return format(bytes / (1024 * 1024), 'MB', 1);
    },
  };
}
