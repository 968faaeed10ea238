/**
 * PROTOCOL section 9: the settings (business hours, holidays, automatic messages, pre-chat fields, assignment mode),
 * the widget's availability answer, and the pure rules both ends apply: `validateSettings` (the gateway's PUT and the
 * console's settings screen show the same problems), `isOpenAt` (business hours in the configured time zone, across
 * daylight-saving changes) and `validatePreChatValues` (the widget's first screen and `conversation.start`).
 * Browser-safe: no decorators, no Node APIs.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `['09:00', '18:00']`: from the first minute, up to (not including) the second; `'24:00'` ends at midnight. */
export type TimeRange = [string, string];
export type BusinessHours = Record<Weekday, TimeRange[]>;

export const PRE_CHAT_FIELD_TYPES = ['text', 'email', 'select'] as const;
export type PreChatFieldType = (typeof PRE_CHAT_FIELD_TYPES)[number];

export interface PreChatField {
  /** What the value is stored under on the Conversation's `fields`: `[a-z][a-z0-9_]*`, unique. */
  key: string;
  label: string;
  type: PreChatFieldType;
  /** `select` only: the choices, at least one. */
  options?: string[];
  required: boolean;
}

export const ASSIGNMENT_MODES = ['grab', 'auto'] as const;
export type AssignmentMode = (typeof ASSIGNMENT_MODES)[number];

export interface QueueNotice {
  afterSeconds: number;
  text: string;
}
export interface IdleClose {
  afterMinutes: number;
}

/** `GET` / `PUT /api/settings`: the whole object. `businessHours: null` (or absent on PUT): always open. */
export interface Settings {
  timezone: string;
  businessHours: BusinessHours | null;
  holidays: string[];
  welcomeMessage: string | null;
  queueNotice: QueueNotice | null;
  idleClose: IdleClose | null;
  offlineMessage: string;
  preChatFields: PreChatField[];
  assignment: AssignmentMode;
}

/** `GET /api/widget/config` (anyone, no token). `teams` stays [] until teams exist. */
export interface WidgetConfig {
  online: boolean;
  teams: { id: string; name: string }[];
  preChatFields: PreChatField[];
  offlineMessage: string;
  welcomeMessage: string | null;
}

export const DEFAULT_OFFLINE_MESSAGE =
  "We're away right now. Leave us a message and we'll get back to you by email.";

export const SETTINGS_LIMITS = {
  rangesPerDay: 10,
  holidaysMax: 366,
  messageMaxLength: 1000,
  queueNoticeMaxSeconds: 86_400,
  idleCloseMaxMinutes: 10_080,
  preChatFieldsMax: 10,
  keyPattern: /^[a-z][a-z0-9_]{0,31}$/,
  labelMaxLength: 100,
  optionsMax: 50,
  optionMaxLength: 100,
  /** A pre-chat value (text, email or the chosen option). */
  valueMaxLength: 500,
} as const;

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  timezone: 'UTC',
  businessHours: null,
  holidays: [],
  welcomeMessage: null,
  queueNotice: null,
  idleClose: null,
  offlineMessage: DEFAULT_OFFLINE_MESSAGE,
  preChatFields: [],
  assignment: 'grab',
});

/** Why a value was refused; the console words each in its reader's language (`settings.problem.<code>`). */
export const SETTINGS_PROBLEM_CODES = [
  'required',
  'unknown_field',
  'wrong_type',
  'empty',
  'too_long',
  'too_many',
  'out_of_range',
  'invalid_timezone',
  'invalid_time',
  'range_order',
  'range_overlap',
  'invalid_date',
  'duplicate',
  'invalid_key',
  'options_required',
  'options_not_allowed',
  'invalid_email',
  'invalid_choice',
] as const;
export type SettingsProblemCode = (typeof SETTINGS_PROBLEM_CODES)[number];

/** One problem, at its field's path (`businessHours.mon[0]`, `preChatFields[1].key`). */
export interface SettingsProblem {
  field: string;
  code: SettingsProblemCode;
  message: string;
}

export type SettingsValidation = { ok: true; settings: Settings } | { ok: false; problems: SettingsProblem[] };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** Minutes since midnight of `'HH:MM'` (`'24:00'` is 1440). */
export const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Whether `name` is an IANA time zone this runtime knows (Intl decides, as it will when computing hours). */
export function isTimeZone(name: unknown): name is string {
  if (typeof name !== 'string' || name.length === 0 || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const isEmailAddress = (value: string) => value.length <= 254 && EMAIL.test(value);

class Problems {
  readonly list: SettingsProblem[] = [];
  add(field: string, code: SettingsProblemCode, message: string): void {
    this.list.push({ field, code, message });
  }
  /** Unknown keys of an object are problems (nothing unknown is stored, `teamId` included). */
  onlyKeys(value: Record<string, unknown>, allowed: readonly string[], at: string): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.add(at ? `${at}.${key}` : key, 'unknown_field', 'is not a known setting');
    }
  }
  /** A string of 1..max characters after trimming, or null (with a problem). */
  text(value: unknown, field: string, max: number): string | null {
    if (typeof value !== 'string') {
      this.add(field, 'wrong_type', 'must be text');
      return null;
    }
    const trimmed = value.trim();
    if (!trimmed) this.add(field, 'empty', 'must not be empty');
    else if (trimmed.length > max) this.add(field, 'too_long', `must be at most ${max} characters`);
    else return trimmed;
    return null;
  }
  integer(value: unknown, field: string, min: number, max: number): number | null {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.add(field, 'wrong_type', 'must be a whole number');
      return null;
    }
    if (value < min || value > max) {
      this.add(field, 'out_of_range', `must be between ${min} and ${max}`);
      return null;
    }
    return value;
  }
}

const SETTINGS_KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[];

function businessHoursOf(value: unknown, p: Problems): BusinessHours | null {
  if (value === null || value === undefined) return null;
  if (!isRecord(value)) {
    p.add('businessHours', 'wrong_type', 'must be an object of weekdays, or null');
    return null;
  }
  p.onlyKeys(value, WEEKDAYS, 'businessHours');
  const hours = Object.fromEntries(WEEKDAYS.map((day) => [day, [] as TimeRange[]])) as BusinessHours;
  for (const day of WEEKDAYS) {
    const ranges = value[day];
    if (ranges === undefined) continue; // a day left out is closed
    const at = `businessHours.${day}`;
    if (!Array.isArray(ranges)) {
      p.add(at, 'wrong_type', 'must be a list of [start, end] ranges');
      continue;
    }
    if (ranges.length > SETTINGS_LIMITS.rangesPerDay) {
      p.add(at, 'too_many', `at most ${SETTINGS_LIMITS.rangesPerDay} ranges a day`);
      continue;
    }
    ranges.forEach((range: unknown, i) => {
      const field = `${at}[${i}]`;
      if (!Array.isArray(range) || range.length !== 2 || !range.every((t) => typeof t === 'string')) {
        p.add(field, 'wrong_type', "must be ['HH:MM', 'HH:MM']");
        return;
      }
      const [start, end] = range as [string, string];
      const badStart = !TIME.test(start) || start === '24:00';
      if (badStart) p.add(`${field}[0]`, 'invalid_time', `${start} is not a time (HH:MM, 00:00 to 23:59)`);
      if (!TIME.test(end)) p.add(`${field}[1]`, 'invalid_time', `${end} is not a time (HH:MM, 00:00 to 24:00)`);
      if (badStart || !TIME.test(end)) return;
      if (minutesOf(end) <= minutesOf(start)) {
        p.add(field, 'range_order', `ends (${end}) before it starts (${start})`);
        return;
      }
      hours[day].push([start, end]);
    });
    const sorted = [...hours[day]].sort((a, b) => minutesOf(a[0]) - minutesOf(b[0]));
    for (let i = 1; i < sorted.length; i++) {
      if (minutesOf(sorted[i][0]) < minutesOf(sorted[i - 1][1])) {
        p.add(at, 'range_overlap', `${sorted[i - 1].join('–')} and ${sorted[i].join('–')} overlap`);
      }
    }
    hours[day] = sorted;
  }
  return hours;
}

function holidaysOf(value: unknown, p: Problems): string[] {
  if (!Array.isArray(value)) {
    p.add('holidays', 'wrong_type', 'must be a list of dates (YYYY-MM-DD)');
    return [];
  }
  if (value.length > SETTINGS_LIMITS.holidaysMax) {
    p.add('holidays', 'too_many', `at most ${SETTINGS_LIMITS.holidaysMax} holidays`);
    return [];
  }
  const seen = new Set<string>();
  value.forEach((date: unknown, i) => {
    if (!isCalendarDate(date)) p.add(`holidays[${i}]`, 'invalid_date', `${String(date)} is not a date (YYYY-MM-DD)`);
    else if (seen.has(date)) p.add(`holidays[${i}]`, 'duplicate', `${date} is listed twice`);
    else seen.add(date);
  });
  return [...seen].sort();
}

function preChatFieldsOf(value: unknown, p: Problems): PreChatField[] {
  if (!Array.isArray(value)) {
    p.add('preChatFields', 'wrong_type', 'must be a list of fields');
    return [];
  }
  if (value.length > SETTINGS_LIMITS.preChatFieldsMax) {
    p.add('preChatFields', 'too_many', `at most ${SETTINGS_LIMITS.preChatFieldsMax} fields`);
    return [];
  }
  const keys = new Set<string>();
  const fields: PreChatField[] = [];
  value.forEach((field: unknown, i) => {
    const at = `preChatFields[${i}]`;
    if (!isRecord(field)) {
      p.add(at, 'wrong_type', 'must be { key, label, type, options?, required }');
      return;
    }
    p.onlyKeys(field, ['key', 'label', 'type', 'options', 'required'], at);
    const { key, type, options, required } = field;
    if (typeof key !== 'string') p.add(`${at}.key`, 'wrong_type', 'must be text');
    else if (!SETTINGS_LIMITS.keyPattern.test(key))
      p.add(`${at}.key`, 'invalid_key', 'must be a-z, 0-9 and _, starting with a letter (at most 32)');
    else if (keys.has(key)) p.add(`${at}.key`, 'duplicate', `the key ${key} is used twice`);
    else keys.add(key);
    const label = p.text(field.label, `${at}.label`, SETTINGS_LIMITS.labelMaxLength);
    if (!PRE_CHAT_FIELD_TYPES.includes(type as PreChatFieldType))
      p.add(`${at}.type`, 'invalid_choice', `must be one of ${PRE_CHAT_FIELD_TYPES.join(', ')}`);
    if (typeof required !== 'boolean') p.add(`${at}.required`, 'wrong_type', 'must be true or false');
    let choices: string[] | undefined;
    if (type === 'select') {
      if (options === undefined || (Array.isArray(options) && options.length === 0)) {
        p.add(`${at}.options`, 'options_required', 'a select needs at least one option');
      } else if (!Array.isArray(options)) {
        p.add(`${at}.options`, 'wrong_type', 'must be a list of choices');
      } else if (options.length > SETTINGS_LIMITS.optionsMax) {
        p.add(`${at}.options`, 'too_many', `at most ${SETTINGS_LIMITS.optionsMax} options`);
      } else {
        choices = [];
        options.forEach((option: unknown, j) => {
          const text = p.text(option, `${at}.options[${j}]`, SETTINGS_LIMITS.optionMaxLength);
          if (text === null) return;
          if (choices?.includes(text)) p.add(`${at}.options[${j}]`, 'duplicate', `${text} is listed twice`);
          else choices?.push(text);
        });
      }
    } else if (options !== undefined) {
      p.add(`${at}.options`, 'options_not_allowed', 'only a select has options');
    }
    if (typeof key === 'string' && label !== null && typeof required === 'boolean') {
      fields.push({ key, label, type: type as PreChatFieldType, required, ...(choices ? { options: choices } : {}) });
    }
  });
  return fields;
}

/**
 * The whole settings object of a PUT, checked as a whole: every problem at once, each at its field's path. Every key
 * but `businessHours` is required (a PUT replaces the whole object); unknown keys are problems.
 */
export function validateSettings(input: unknown): SettingsValidation {
  const p = new Problems();
  if (!isRecord(input)) return { ok: false, problems: [{ field: '', code: 'wrong_type', message: 'must be an object' }] };
  p.onlyKeys(input, SETTINGS_KEYS, '');
  for (const key of SETTINGS_KEYS) {
    if (key !== 'businessHours' && input[key] === undefined) p.add(key, 'required', `${key} is required`);
  }
  const { timezone, welcomeMessage, queueNotice, idleClose, offlineMessage, assignment } = input;
  if (timezone !== undefined && !isTimeZone(timezone))
    p.add('timezone', 'invalid_timezone', `${String(timezone)} is not a known time zone`);
  const businessHours = businessHoursOf(input.businessHours, p);
  const holidays = input.holidays === undefined ? [] : holidaysOf(input.holidays, p);
  const welcome =
    welcomeMessage === null || welcomeMessage === undefined
      ? null
      : p.text(welcomeMessage, 'welcomeMessage', SETTINGS_LIMITS.messageMaxLength);
  let notice: QueueNotice | null = null;
  if (queueNotice !== null && queueNotice !== undefined) {
    if (!isRecord(queueNotice)) p.add('queueNotice', 'wrong_type', 'must be { afterSeconds, text } or null');
    else {
      p.onlyKeys(queueNotice, ['afterSeconds', 'text'], 'queueNotice');
      const afterSeconds = p.integer(
        queueNotice.afterSeconds,
        'queueNotice.afterSeconds',
        1,
        SETTINGS_LIMITS.queueNoticeMaxSeconds,
      );
      const text = p.text(queueNotice.text, 'queueNotice.text', SETTINGS_LIMITS.messageMaxLength);
      if (afterSeconds !== null && text !== null) notice = { afterSeconds, text };
    }
  }
  let idle: IdleClose | null = null;
  if (idleClose !== null && idleClose !== undefined) {
    if (!isRecord(idleClose)) p.add('idleClose', 'wrong_type', 'must be { afterMinutes } or null');
    else {
      p.onlyKeys(idleClose, ['afterMinutes'], 'idleClose');
      const afterMinutes = p.integer(idleClose.afterMinutes, 'idleClose.afterMinutes', 1, SETTINGS_LIMITS.idleCloseMaxMinutes);
      if (afterMinutes !== null) idle = { afterMinutes };
    }
  }
  const offline =
    offlineMessage === undefined ? null : p.text(offlineMessage, 'offlineMessage', SETTINGS_LIMITS.messageMaxLength);
  const preChatFields = input.preChatFields === undefined ? [] : preChatFieldsOf(input.preChatFields, p);
  if (assignment !== undefined && !ASSIGNMENT_MODES.includes(assignment as AssignmentMode))
    p.add('assignment', 'invalid_choice', `must be one of ${ASSIGNMENT_MODES.join(', ')}`);
  if (p.list.length > 0) return { ok: false, problems: p.list };
  return {
    ok: true,
    settings: {
      timezone: timezone as string,
      businessHours,
      holidays,
      welcomeMessage: welcome,
      queueNotice: notice,
      idleClose: idle,
      offlineMessage: offline as string,
      preChatFields,
      assignment: assignment as AssignmentMode,
    },
  };
}

// ---- business hours ----

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall clock in `timeZone` at `instant`: its date, weekday and minutes since midnight (DST applied by Intl). */
export function localTimeAt(timeZone: string, instant: Date): { date: string; weekday: Weekday; minutes: number } {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(instant).map((part) => [part.type, part.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: (parts.weekday ?? 'Mon').slice(0, 3).toLowerCase() as Weekday,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/**
 * Whether `instant` falls in business hours: never on a holiday (a date in the configured time zone), always when
 * there are no business hours, else inside one of that weekday's ranges, read on the local wall clock (so 09:00 is
 * 09:00 on both sides of a daylight-saving change).
 */
export function isOpenAt(
  settings: Pick<Settings, 'timezone' | 'businessHours' | 'holidays'>,
  instant: Date,
): boolean {
  const local = localTimeAt(settings.timezone, instant);
  if (settings.holidays.includes(local.date)) return false;
  if (!settings.businessHours) return true;
  return (settings.businessHours[local.weekday] ?? []).some(
    ([start, end]) => minutesOf(start) <= local.minutes && local.minutes < minutesOf(end),
  );
}

// ---- pre-chat values ----

export type PreChatValues = Record<string, string>;
export type PreChatValidation = { ok: true; values: PreChatValues } | { ok: false; problems: SettingsProblem[] };

/**
 * The values a customer gave for the pre-chat fields (`conversation.start`'s `fields`): strings only, unknown keys
 * refused, required ones present (unless `requireNone`: an offline message asks only name, email and message),
 * emails well formed, a select's value one of its options. Trimmed; empty optional values are dropped.
 */
export function validatePreChatValues(
  fields: readonly PreChatField[],
  input: unknown,
  { requireNone = false } = {},
): PreChatValidation {
  const p = new Problems();
  const values: PreChatValues = {};
  if (input !== undefined && !isRecord(input)) {
    return { ok: false, problems: [{ field: 'fields', code: 'wrong_type', message: 'must be an object of values' }] };
  }
  const given = input ?? {};
  p.onlyKeys(given, fields.map((f) => f.key), 'fields');
  for (const field of fields) {
    const at = `fields.${field.key}`;
    const raw = given[field.key];
    if (raw !== undefined && typeof raw !== 'string') {
      p.add(at, 'wrong_type', 'must be text');
      continue;
    }
    const value = raw?.trim() ?? '';
    if (!value) {
      if (field.required && !requireNone) p.add(at, 'required', `${field.label} is required`);
      continue;
    }
    if (value.length > SETTINGS_LIMITS.valueMaxLength)
      p.add(at, 'too_long', `must be at most ${SETTINGS_LIMITS.valueMaxLength} characters`);
    else if (field.type === 'email' && !isEmailAddress(value)) p.add(at, 'invalid_email', 'must be an email address');
    else if (field.type === 'select' && !(field.options ?? []).includes(value))
      p.add(at, 'invalid_choice', `must be one of ${(field.options ?? []).join(', ')}`);
    else values[field.key] = value;
  }
  return p.list.length > 0 ? { ok: false, problems: p.list } : { ok: true, values };
}
