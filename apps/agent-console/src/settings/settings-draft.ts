import {
  WEEKDAYS,
  type AssignmentMode,
  type PreChatFieldType,
  type Settings,
  type SettingsProblem,
  type TimeRange,
  type Weekday,
} from '@switchboard/protocol';

/** One pre-chat field as the editor holds it: the options of a select one a line. */
export interface FieldDraft {
  key: string;
  label: string;
  type: PreChatFieldType;
  options: string;
  required: boolean;
}

/**
 * The settings screen's form: section 9's object in the shape its controls edit (texts for numbers, on/off
 * switches for the nullable parts). `settingsOf` turns it back into the object validateSettings and the PUT take.
 */
export interface SettingsDraft {
  timezone: string;
  alwaysOpen: boolean;
  hours: Record<Weekday, TimeRange[]>;
  holidays: string[];
  welcomeMessage: string;
  queueNoticeOn: boolean;
  queueNoticeSeconds: string;
  queueNoticeText: string;
  idleCloseOn: boolean;
  idleCloseMinutes: string;
  offlineMessage: string;
  preChatFields: FieldDraft[];
  assignment: AssignmentMode;
}

/** A day's first range when hours are switched on or a range is added (a working day's usual hours). */
export const NEW_RANGE: TimeRange = ['09:00', '17:00'];

export function draftOf(settings: Settings): SettingsDraft {
  const closed = Object.fromEntries(WEEKDAYS.map((day) => [day, [] as TimeRange[]])) as Record<
    Weekday,
    TimeRange[]
  >;
  return {
    timezone: settings.timezone,
    alwaysOpen: settings.businessHours === null,
    hours: settings.businessHours
      ? (Object.fromEntries(WEEKDAYS.map((day) => [day, settings.businessHours?.[day] ?? []])) as Record<
          Weekday,
          TimeRange[]
        >)
      : closed,
    holidays: [...settings.holidays],
    welcomeMessage: settings.welcomeMessage ?? '',
    queueNoticeOn: settings.queueNotice !== null,
    queueNoticeSeconds: String(settings.queueNotice?.afterSeconds ?? 60),
    queueNoticeText: settings.queueNotice?.text ?? '',
    idleCloseOn: settings.idleClose !== null,
    idleCloseMinutes: String(settings.idleClose?.afterMinutes ?? 30),
    offlineMessage: settings.offlineMessage,
    preChatFields: settings.preChatFields.map((field) => ({
      key: field.key,
      label: field.label,
      type: field.type,
      options: (field.options ?? []).join('\n'),
      required: field.required,
    })),
    assignment: settings.assignment,
  };
}

/** A number box's text as validateSettings should judge it: a number when it reads as one, else the text itself. */
const numberOf = (text: string): number | string =>
  text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;

/** The object the PUT sends (unchecked: validateSettings names what is wrong with it). */
export function settingsOf(draft: SettingsDraft): Record<string, unknown> {
  return {
    timezone: draft.timezone.trim(),
    businessHours: draft.alwaysOpen ? null : draft.hours,
    holidays: draft.holidays,
    welcomeMessage: draft.welcomeMessage.trim() ? draft.welcomeMessage : null,
    queueNotice: draft.queueNoticeOn
      ? { afterSeconds: numberOf(draft.queueNoticeSeconds), text: draft.queueNoticeText }
      : null,
    idleClose: draft.idleCloseOn ? { afterMinutes: numberOf(draft.idleCloseMinutes) } : null,
    offlineMessage: draft.offlineMessage,
    preChatFields: draft.preChatFields.map((field) => ({
      key: field.key.trim(),
      label: field.label,
      type: field.type,
      ...(field.type === 'select'
        ? {
            options: field.options
              .split('\n')
              .map((option) => option.trim())
              .filter(Boolean),
          }
        : {}),
      required: field.required,
    })),
    assignment: draft.assignment,
  };
}

/**
 * The problems shown at `path`: its own, and those of the parts inside it that have no control of their own
 * (`businessHours.mon[0][1]` shows at the range `businessHours.mon[0]`, `preChatFields[1].options[2]` at the
 * options box).
 */
export function problemsAt(
  problems: readonly SettingsProblem[],
  path: string,
  inside = false,
): SettingsProblem[] {
  return problems.filter(
    (problem) =>
      problem.field === path ||
      (inside && (problem.field.startsWith(`${path}[`) || problem.field.startsWith(`${path}.`))),
  );
}

/** Problems from a gateway 400 (`details`: `{ field, code, message }` each), or null when it was another error. */
export function gatewayProblems(error: unknown): SettingsProblem[] | null {
  const details = error && typeof error === 'object' && 'details' in error ? error.details : null;
  if (!Array.isArray(details)) return null;
  const problems = details.filter(
    (d): d is SettingsProblem =>
      typeof d === 'object' && d !== null && typeof d.field === 'string' && typeof d.code === 'string',
  );
  return problems.length > 0 ? problems : null;
}
