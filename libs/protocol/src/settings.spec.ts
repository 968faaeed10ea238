import {
  DEFAULT_SETTINGS,
  isOpenAt,
  localTimeAt,
  validatePreChatValues,
  validateSettings,
  WEEKDAYS,
  type BusinessHours,
  type PreChatField,
  type Settings,
} from './settings';

const every = (ranges: [string, string][]): BusinessHours =>
  Object.fromEntries(WEEKDAYS.map((day) => [day, ranges])) as BusinessHours;
const at = (iso: string) => new Date(iso);
const settings = (over: Partial<Settings>): Settings => ({ ...DEFAULT_SETTINGS, ...over });

describe('isOpenAt (business hours in the configured time zone)', () => {
  it('is always open without business hours, and closed on a holiday of that time zone', () => {
    const shanghai = settings({ timezone: 'Asia/Shanghai', holidays: ['2026-10-01'] });
    // 2026-09-30 23:59 in Shanghai (UTC+8) is still open; 00:00 on 1 October is the holiday
    expect(isOpenAt(shanghai, at('2026-09-30T15:59:00Z'))).toBe(true);
    expect(isOpenAt(shanghai, at('2026-09-30T16:00:00Z'))).toBe(false);
    expect(isOpenAt(shanghai, at('2026-10-01T15:59:00Z'))).toBe(false);
    expect(isOpenAt(shanghai, at('2026-10-01T16:00:00Z'))).toBe(true);
    // the same instants in UTC: 1 October starts 8 hours later
    expect(isOpenAt({ ...shanghai, timezone: 'UTC' }, at('2026-09-30T16:00:00Z'))).toBe(true);
  });

  it('keeps 09:00 at 09:00 across the spring change in America/New_York (2026-03-08)', () => {
    const ny = settings({ timezone: 'America/New_York', businessHours: every([['09:00', '17:00']]) });
    // Saturday 7 March, EST (UTC-5): opens 14:00Z
    expect(isOpenAt(ny, at('2026-03-07T13:59:00Z'))).toBe(false);
    expect(isOpenAt(ny, at('2026-03-07T14:00:00Z'))).toBe(true);
    expect(isOpenAt(ny, at('2026-03-07T21:59:00Z'))).toBe(true);
    expect(isOpenAt(ny, at('2026-03-07T22:00:00Z'))).toBe(false);
    // Monday 9 March, EDT (UTC-4): opens an hour earlier in UTC
    expect(isOpenAt(ny, at('2026-03-09T12:59:00Z'))).toBe(false);
    expect(isOpenAt(ny, at('2026-03-09T13:00:00Z'))).toBe(true);
    expect(isOpenAt(ny, at('2026-03-09T20:59:00Z'))).toBe(true);
    expect(isOpenAt(ny, at('2026-03-09T21:00:00Z'))).toBe(false);
  });

  it('skips the hour that does not exist on the night of the change', () => {
    const ny = settings({ timezone: 'America/New_York', businessHours: every([['02:00', '03:00']]) });
    // Sunday 8 March: 01:59 EST is 06:59Z, the next minute is 03:00 EDT
    expect(localTimeAt('America/New_York', at('2026-03-08T06:59:00Z'))).toEqual({ date: '2026-03-08', weekday: 'sun', minutes: 119 });
    expect(localTimeAt('America/New_York', at('2026-03-08T07:00:00Z'))).toEqual({ date: '2026-03-08', weekday: 'sun', minutes: 180 });
    expect(isOpenAt(ny, at('2026-03-08T06:59:00Z'))).toBe(false);
    expect(isOpenAt(ny, at('2026-03-08T07:00:00Z'))).toBe(false);
    // the day before, 02:00 EST is 07:00Z and open
    expect(isOpenAt(ny, at('2026-03-07T07:00:00Z'))).toBe(true);
  });

  it('follows the autumn change in Europe/Berlin (2026-10-25) and reads the weekday locally', () => {
    const hours: BusinessHours = { ...every([]), sat: [['09:00', '17:00']], mon: [['09:00', '12:00'], ['13:00', '17:00']] };
    const berlin = settings({ timezone: 'Europe/Berlin', businessHours: hours });
    // Saturday 24 October, CEST (UTC+2)
    expect(isOpenAt(berlin, at('2026-10-24T06:59:00Z'))).toBe(false);
    expect(isOpenAt(berlin, at('2026-10-24T07:00:00Z'))).toBe(true);
    // Sunday 25 October: closed all day
    expect(isOpenAt(berlin, at('2026-10-25T10:00:00Z'))).toBe(false);
    // Monday 26 October, CET (UTC+1): 07:30Z is 08:30 (a fixed +2 offset would say 09:30, open)
    expect(isOpenAt(berlin, at('2026-10-26T07:30:00Z'))).toBe(false);
    expect(isOpenAt(berlin, at('2026-10-26T08:00:00Z'))).toBe(true);
    // the lunch gap between two ranges of one day
    expect(isOpenAt(berlin, at('2026-10-26T11:30:00Z'))).toBe(false);
    expect(isOpenAt(berlin, at('2026-10-26T12:00:00Z'))).toBe(true);
    expect(isOpenAt(berlin, at('2026-10-26T15:59:00Z'))).toBe(true);
    expect(isOpenAt(berlin, at('2026-10-26T16:00:00Z'))).toBe(false);
  });

  it('reads 24:00 as the end of the day', () => {
    const late = settings({ businessHours: every([['20:00', '24:00']]) });
    expect(isOpenAt(late, at('2026-05-05T23:59:00Z'))).toBe(true);
    expect(isOpenAt(late, at('2026-05-06T00:00:00Z'))).toBe(false);
  });
});

describe('validateSettings', () => {
  const valid = { ...DEFAULT_SETTINGS };

  it('accepts the defaults and a full object, normalised (trimmed, ranges and holidays sorted)', () => {
    expect(validateSettings(valid)).toEqual({ ok: true, settings: DEFAULT_SETTINGS });
    const full = validateSettings({
      ...valid,
      timezone: 'Asia/Shanghai',
      businessHours: { mon: [['13:00', '18:00'], ['09:00', '12:00']] },
      holidays: ['2026-10-02', '2026-10-01'],
      welcomeMessage: '  Hi!  ',
      queueNotice: { afterSeconds: 60, text: 'Still here' },
      idleClose: { afterMinutes: 30 },
      preChatFields: [{ key: 'topic', label: 'Topic', type: 'select', options: ['Billing', 'Tech'], required: true }],
      assignment: 'auto',
    });
    expect(full.ok).toBe(true);
    if (!full.ok) return;
    expect(full.settings.businessHours?.mon).toEqual([['09:00', '12:00'], ['13:00', '18:00']]);
    expect(full.settings.businessHours?.tue).toEqual([]);
    expect(full.settings.holidays).toEqual(['2026-10-01', '2026-10-02']);
    expect(full.settings.welcomeMessage).toBe('Hi!');
  });

  it('names every problem at its path', () => {
    const result = validateSettings({
      ...valid,
      timezone: 'Mars/Olympus',
      businessHours: { mon: [['18:00', '09:00'], ['9:00', '10:00'], ['10:00', '12:00'], ['11:00', '13:00']], xyz: [] },
      holidays: ['2026-02-30', '2026-10-01', '2026-10-01', 5],
      queueNotice: { afterSeconds: 0, text: '' },
      idleClose: { afterMinutes: '5' },
      preChatFields: [
        { key: 'topic', label: 'Topic', type: 'select', required: true },
        { key: 'topic', label: 'Again', type: 'text', required: false, options: ['x'] },
        { key: 'Bad Key', label: 'x', type: 'phone', required: 'yes' },
      ],
      assignment: 'roundrobin',
      teamId: 'abc',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const got = result.problems.map((p) => `${p.field} ${p.code}`);
    expect(got).toEqual(
      expect.arrayContaining([
        'timezone invalid_timezone',
        'businessHours.xyz unknown_field',
        'businessHours.mon[0] range_order',
        'businessHours.mon[1][0] invalid_time',
        'businessHours.mon range_overlap',
        'holidays[0] invalid_date',
        'holidays[2] duplicate',
        'holidays[3] invalid_date',
        'queueNotice.afterSeconds out_of_range',
        'queueNotice.text empty',
        'idleClose.afterMinutes wrong_type',
        'preChatFields[0].options options_required',
        'preChatFields[1].key duplicate',
        'preChatFields[1].options options_not_allowed',
        'preChatFields[2].key invalid_key',
        'preChatFields[2].type invalid_choice',
        'preChatFields[2].required wrong_type',
        'assignment invalid_choice',
        'teamId unknown_field',
      ]),
    );
    for (const problem of result.problems) expect(problem.message.length).toBeGreaterThan(0);
  });

  it('requires every key but businessHours, and refuses what is not an object', () => {
    const result = validateSettings({ timezone: 'UTC' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.field).sort()).toEqual(
      ['assignment', 'holidays', 'idleClose', 'offlineMessage', 'preChatFields', 'queueNotice', 'welcomeMessage'],
    );
    expect(validateSettings([]).ok).toBe(false);
    expect(validateSettings(null).ok).toBe(false);
  });
});

describe('validatePreChatValues', () => {
  const fields: PreChatField[] = [
    { key: 'order', label: 'Order number', type: 'text', required: true },
    { key: 'work_email', label: 'Work email', type: 'email', required: false },
    { key: 'topic', label: 'Topic', type: 'select', options: ['Billing', 'Tech'], required: false },
  ];

  it('keeps trimmed values and drops empty optional ones', () => {
    expect(validatePreChatValues(fields, { order: ' A-1 ', work_email: '', topic: 'Tech' })).toEqual({
      ok: true,
      values: { order: 'A-1', topic: 'Tech' },
    });
  });

  it('refuses a missing required value, a malformed email, a value not in the options, unknown keys and non-strings', () => {
    const result = validatePreChatValues(fields, { work_email: 'nope', topic: 'Sales', extra: 'x' });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems.map((p) => `${p.field} ${p.code}`).sort()).toEqual([
        'fields.extra unknown_field',
        'fields.order required',
        'fields.topic invalid_choice',
        'fields.work_email invalid_email',
      ]);
    const operator = validatePreChatValues(fields, { order: { $ne: null } });
    expect(operator.ok).toBe(false);
    expect(validatePreChatValues(fields, 'x').ok).toBe(false);
  });

  it('asks for nothing when told (an offline message), still checking what is given', () => {
    expect(validatePreChatValues(fields, undefined, { requireNone: true })).toEqual({ ok: true, values: {} });
    expect(validatePreChatValues(fields, { topic: 'Sales' }, { requireNone: true }).ok).toBe(false);
  });
});
