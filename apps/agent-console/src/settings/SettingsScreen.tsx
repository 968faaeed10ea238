import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import {
  ASSIGNMENT_MODES,
  PRE_CHAT_FIELD_TYPES,
  SETTINGS_LIMITS,
  WEEKDAYS,
  validateSettings,
  type PreChatFieldType,
  type Settings,
  type SettingsProblem,
  type Weekday,
} from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { errorText } from '../shared/console-client';
import { useConsole } from '../shared/console-context';
import { FormError, Section } from '../shared/Section';
import {
  NEW_RANGE,
  draftOf,
  gatewayProblems,
  problemsAt,
  settingsOf,
  type FieldDraft,
  type SettingsDraft,
} from './settings-draft';
import './settings.css';

/** Every IANA zone this browser knows (the gateway's Node knows the same database), UTC first. */
function timeZones(): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return ['UTC', ...known.filter((zone) => zone !== 'UTC')];
}

/** Monday 2026-01-05 and the six days after it, named in the reader's language. */
function weekdayNames(locale: string): Record<Weekday, string> {
  const format = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  return Object.fromEntries(
    WEEKDAYS.map((day, i) => [day, format.format(Date.UTC(2026, 0, 5 + i))]),
  ) as Record<Weekday, string>;
}

/** Where validateSettings puts the problems of the controls that have one path each. */
const AT = {
  businessHours: 'businessHours',
  holidays: 'holidays',
  preChatFields: 'preChatFields',
  welcomeMessage: 'welcomeMessage',
  queueNotice_afterSeconds: 'queueNotice.afterSeconds',
  queueNotice_text: 'queueNotice.text',
  idleClose_afterMinutes: 'idleClose.afterMinutes',
  offlineMessage: 'offlineMessage',
  timezone: 'timezone',
} as const;

/** A problem code's catalogue key: camelCase, since a key ending in `_many` would read as a plural form. */
const catalogueKeyOf = (code: SettingsProblem['code']) =>
  code.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()) as CamelCase<
    SettingsProblem['code']
  >;
type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

const errorIdOf = (path: string) => `settings-problem-${path.replace(/[^a-zA-Z0-9]+/g, '-')}`;

/** The problems at a path, and the attributes that tie a control to them. */
function useProblems(problems: readonly SettingsProblem[]) {
  const { t } = useTranslation();
  return useMemo(() => {
    const at = (path: string, inside = false) => problemsAt(problems, path, inside);
    return {
      /** aria-invalid and aria-describedby for the control at `path`. */
      control: (path: string, inside = false) =>
        at(path, inside).length > 0
          ? { 'aria-invalid': true as const, 'aria-describedby': errorIdOf(path) }
          : {},
      /** The problems at `path` in words, under its control. */
      show: (path: string, inside = false): ReactNode => {
        const found = at(path, inside);
        if (found.length === 0) return null;
        return (
          <span id={errorIdOf(path)} className="field-problem">
            {[...new Set(found.map((problem) => t(`settings.problem.${catalogueKeyOf(problem.code)}`)))].join(
              ' ',
            )}
          </span>
        );
      },
    };
  }, [problems, t]);
}

type Update = (patch: Partial<SettingsDraft>) => void;
type ProblemsView = ReturnType<typeof useProblems>;

function BusinessHours({ draft, update, p }: { draft: SettingsDraft; update: Update; p: ProblemsView }) {
  const { t, i18n } = useTranslation();
  const names = useMemo(() => weekdayNames(i18n.language), [i18n.language]);
  const setDay = (day: Weekday, ranges: SettingsDraft['hours'][Weekday]) =>
    update({ hours: { ...draft.hours, [day]: ranges } });
  return (
    <Section className="card settings-card" id="settings-hours-heading" title={t('settings.hours.title')}>
      <div className="settings-body">
        <label className="check">
          <input
            type="checkbox"
            checked={draft.alwaysOpen}
            onChange={(e) =>
              update({
                alwaysOpen: e.target.checked,
                // Switching hours on starts from a usual working week rather than seven closed days.
                ...(!e.target.checked && WEEKDAYS.every((day) => draft.hours[day].length === 0)
                  ? {
                      hours: Object.fromEntries(
                        WEEKDAYS.map((day) => [day, day === 'sat' || day === 'sun' ? [] : [[...NEW_RANGE]]]),
                      ) as SettingsDraft['hours'],
                    }
                  : {}),
              })
            }
          />
          {t('settings.hours.alwaysOpen')}
        </label>
        {!draft.alwaysOpen && (
          <ul className="settings-days">
            {WEEKDAYS.map((day) => (
              <li key={day} className="settings-day" aria-label={names[day]}>
                <span className="settings-day-name">{names[day]}</span>
                <div className="settings-ranges">
                  {draft.hours[day].length === 0 && (
                    <span className="muted">{t('settings.hours.closed')}</span>
                  )}
                  {draft.hours[day].map((range, i) => {
                    const path = `businessHours.${day}[${i}]`;
                    const change = (end: 0 | 1, value: string) =>
                      setDay(
                        day,
                        draft.hours[day].map((r, j) =>
                          j === i ? ((end === 0 ? [value, r[1]] : [r[0], value]) as typeof r) : r,
                        ),
                      );
                    return (
                      <div key={i} className="settings-range">
                        <input
                          className="time-input"
                          inputMode="numeric"
                          placeholder="09:00"
                          aria-label={t('settings.hours.from', { day: names[day], n: i + 1 })}
                          value={range[0]}
                          onChange={(e) => change(0, e.target.value)}
                          {...p.control(path, true)}
                        />
                        <span aria-hidden="true">–</span>
                        <input
                          className="time-input"
                          inputMode="numeric"
                          placeholder="18:00"
                          aria-label={t('settings.hours.until', { day: names[day], n: i + 1 })}
                          value={range[1]}
                          onChange={(e) => change(1, e.target.value)}
                          {...p.control(path, true)}
                        />
                        <button
                          type="button"
                          className="button small"
                          aria-label={t('settings.hours.removeRange', { day: names[day], n: i + 1 })}
                          onClick={() =>
                            setDay(
                              day,
                              draft.hours[day].filter((_, j) => j !== i),
                            )
                          }
                        >
                          {t('settings.remove')}
                        </button>
                        {p.show(path, true)}
                      </div>
                    );
                  })}
                  {p.show(`businessHours.${day}`)}
                </div>
                <button
                  type="button"
                  className="button small"
                  aria-label={t('settings.hours.addRange', { day: names[day] })}
                  disabled={draft.hours[day].length >= SETTINGS_LIMITS.rangesPerDay}
                  onClick={() => setDay(day, [...draft.hours[day], [...NEW_RANGE]])}
                >
                  {t('settings.hours.add')}
                </button>
              </li>
            ))}
          </ul>
        )}
        {p.show(AT.businessHours)}
      </div>
    </Section>
  );
}

function Holidays({ draft, update, p }: { draft: SettingsDraft; update: Update; p: ProblemsView }) {
  const { t } = useTranslation();
  const [date, setDate] = useState('');
  const add = () => {
    if (!date || draft.holidays.includes(date)) return;
    update({ holidays: [...draft.holidays, date].sort() });
    setDate('');
  };
  return (
    <Section
      className="card settings-card"
      id="settings-holidays-heading"
      title={t('settings.holidays.title')}
    >
      <div className="settings-body">
        <p className="muted">{t('settings.holidays.hint')}</p>
        {draft.holidays.length > 0 && (
          <ul className="settings-holidays" aria-labelledby="settings-holidays-heading">
            {draft.holidays.map((holiday, i) => (
              <li key={holiday}>
                <span>{holiday}</span>
                <button
                  type="button"
                  className="button small"
                  aria-label={t('settings.holidays.remove', { date: holiday })}
                  onClick={() => update({ holidays: draft.holidays.filter((h) => h !== holiday) })}
                >
                  {t('settings.remove')}
                </button>
                {p.show(`holidays[${i}]`)}
              </li>
            ))}
          </ul>
        )}
        <div className="settings-inline">
          <label className="field">
            {t('settings.holidays.date')}
            <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
          </label>
          <button type="button" className="button small" disabled={!date} onClick={add}>
            {t('settings.holidays.add')}
          </button>
        </div>
        {p.show(AT.holidays)}
      </div>
    </Section>
  );
}

function PreChatFieldsEditor({
  draft,
  update,
  p,
}: {
  draft: SettingsDraft;
  update: Update;
  p: ProblemsView;
}) {
  const { t } = useTranslation();
  const setField = (i: number, patch: Partial<FieldDraft>) =>
    update({
      preChatFields: draft.preChatFields.map((field, j) => (j === i ? { ...field, ...patch } : field)),
    });
  return (
    <Section className="card settings-card" id="settings-fields-heading" title={t('settings.fields.title')}>
      <div className="settings-body">
        <p className="muted">{t('settings.fields.hint')}</p>
        {draft.preChatFields.length > 0 && (
          <ol className="settings-fields">
            {draft.preChatFields.map((field, i) => {
              const at = `preChatFields[${i}]`;
              const n = i + 1;
              return (
                <li key={i} className="settings-field" aria-label={t('settings.fields.field', { n })}>
                  <label className="field">
                    {t('settings.fields.key')}
                    <input
                      value={field.key}
                      onChange={(e) => setField(i, { key: e.target.value })}
                      {...p.control(`${at}.key`)}
                    />
                  </label>
                  {p.show(`${at}.key`)}
                  <label className="field">
                    {t('settings.fields.label')}
                    <input
                      value={field.label}
                      maxLength={SETTINGS_LIMITS.labelMaxLength}
                      onChange={(e) => setField(i, { label: e.target.value })}
                      {...p.control(`${at}.label`)}
                    />
                  </label>
                  {p.show(`${at}.label`)}
                  <label className="field">
                    {t('settings.fields.type')}
                    <select
                      value={field.type}
                      onChange={(e) => setField(i, { type: e.target.value as PreChatFieldType })}
                    >
                      {PRE_CHAT_FIELD_TYPES.map((type) => (
                        <option key={type} value={type}>
                          {t(`settings.fields.types.${type}`)}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={field.required}
                      onChange={(e) => setField(i, { required: e.target.checked })}
                    />
                    {t('settings.fields.required')}
                  </label>
                  {field.type === 'select' && (
                    <label className="field settings-options">
                      {t('settings.fields.options')}
                      <textarea
                        rows={3}
                        value={field.options}
                        onChange={(e) => setField(i, { options: e.target.value })}
                        {...p.control(`${at}.options`, true)}
                      />
                    </label>
                  )}
                  {field.type === 'select' && p.show(`${at}.options`, true)}
                  <button
                    type="button"
                    className="button small settings-field-remove"
                    aria-label={t('settings.fields.remove', { n })}
                    onClick={() => update({ preChatFields: draft.preChatFields.filter((_, j) => j !== i) })}
                  >
                    {t('settings.remove')}
                  </button>
                  {p.show(at)}
                </li>
              );
            })}
          </ol>
        )}
        <button
          type="button"
          className="button small"
          disabled={draft.preChatFields.length >= SETTINGS_LIMITS.preChatFieldsMax}
          onClick={() =>
            update({
              preChatFields: [
                ...draft.preChatFields,
                { key: '', label: '', type: 'text', options: '', required: false },
              ],
            })
          }
        >
          {t('settings.fields.add')}
        </button>
        {p.show(AT.preChatFields)}
      </div>
    </Section>
  );
}

function Messages({ draft, update, p }: { draft: SettingsDraft; update: Update; p: ProblemsView }) {
  const { t } = useTranslation();
  return (
    <Section
      className="card settings-card"
      id="settings-messages-heading"
      title={t('settings.messages.title')}
    >
      <div className="settings-body">
        <label className="field">
          {t('settings.messages.welcome')}
          <textarea
            rows={2}
            value={draft.welcomeMessage}
            placeholder={t('settings.messages.welcomeNone')}
            onChange={(e) => update({ welcomeMessage: e.target.value })}
            {...p.control(AT.welcomeMessage)}
          />
        </label>
        {p.show(AT.welcomeMessage)}
        <fieldset className="settings-group">
          <legend>{t('settings.messages.queueNotice')}</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.queueNoticeOn}
              onChange={(e) => update({ queueNoticeOn: e.target.checked })}
            />
            {t('settings.messages.queueNoticeOn')}
          </label>
          {draft.queueNoticeOn && (
            <>
              <label className="field settings-number">
                {t('settings.messages.afterSeconds')}
                <input
                  type="number"
                  min={1}
                  max={SETTINGS_LIMITS.queueNoticeMaxSeconds}
                  value={draft.queueNoticeSeconds}
                  onChange={(e) => update({ queueNoticeSeconds: e.target.value })}
                  {...p.control(AT.queueNotice_afterSeconds)}
                />
              </label>
              {p.show(AT.queueNotice_afterSeconds)}
              <label className="field">
                {t('settings.messages.queueNoticeText')}
                <textarea
                  rows={2}
                  value={draft.queueNoticeText}
                  onChange={(e) => update({ queueNoticeText: e.target.value })}
                  {...p.control(AT.queueNotice_text)}
                />
              </label>
              {p.show(AT.queueNotice_text)}
            </>
          )}
        </fieldset>
        <fieldset className="settings-group">
          <legend>{t('settings.messages.idleClose')}</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.idleCloseOn}
              onChange={(e) => update({ idleCloseOn: e.target.checked })}
            />
            {t('settings.messages.idleCloseOn')}
          </label>
          {draft.idleCloseOn && (
            <label className="field settings-number">
              {t('settings.messages.afterMinutes')}
              <input
                type="number"
                min={1}
                max={SETTINGS_LIMITS.idleCloseMaxMinutes}
                value={draft.idleCloseMinutes}
                onChange={(e) => update({ idleCloseMinutes: e.target.value })}
                {...p.control(AT.idleClose_afterMinutes)}
              />
            </label>
          )}
          {draft.idleCloseOn && p.show(AT.idleClose_afterMinutes)}
        </fieldset>
        <label className="field">
          {t('settings.messages.offline')}
          <textarea
            rows={3}
            value={draft.offlineMessage}
            onChange={(e) => update({ offlineMessage: e.target.value })}
            {...p.control(AT.offlineMessage)}
          />
        </label>
        {p.show(AT.offlineMessage)}
      </div>
    </Section>
  );
}

/**
 * Supervisors: section 9's settings (time zone, business hours, holidays, automatic messages, offline message,
 * pre-chat fields, assignment mode). Loaded with GET, saved whole with PUT; validateSettings (the gateway's own rule)
 * names each problem at its field before saving, and a 400's problems are shown the same way.
 */
export function SettingsScreen() {
  const { t } = useTranslation();
  const { workspace } = useConsole();
  const [draft, setDraft] = useState<SettingsDraft | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [refused, setRefused] = useState<SettingsProblem[] | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const zones = useMemo(() => timeZones(), []);

  useEffect(() => {
    workspace.client.api<Settings>('/api/settings').then(
      (settings) => setDraft(draftOf(settings)),
      (error: unknown) => setLoadError(errorText(error)),
    );
  }, [workspace]);

  const checked = useMemo(() => (draft ? validateSettings(settingsOf(draft)) : null), [draft]);
  const problems = refused ?? (checked && !checked.ok ? checked.problems : []);
  const p = useProblems(problems);

  if (!draft)
    return (
      <main className="supervisor settings-screen empty-state" aria-labelledby="settings-title">
        <h1 id="settings-title" className="visually-hidden">
          {t('settings.title')}
        </h1>
        {loadError ? <FormError error={loadError} /> : t('loading')}
      </main>
    );

  const update: Update = (patch) => {
    setDraft({ ...draft, ...patch });
    setRefused(null);
    setSaved(false);
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaveError(null);
    if (!checked?.ok) {
      document.querySelector<HTMLElement>('.settings-screen [aria-invalid="true"]')?.focus();
      return;
    }
    setBusy(true);
    try {
      const settings = await workspace.client.api<Settings>('/api/settings', {
        method: 'PUT',
        body: JSON.stringify(checked.settings),
      });
      setDraft(draftOf(settings));
      setSaved(true);
    } catch (error) {
      const fromGateway = gatewayProblems(error);
      if (fromGateway) setRefused(fromGateway);
      else setSaveError(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="supervisor settings-screen" aria-labelledby="settings-title">
      <form className="settings-form" noValidate onSubmit={(e) => void save(e)}>
        <header className="settings-header">
          <h1 id="settings-title">{t('settings.title')}</h1>
          <p className="muted">{t('settings.intro')}</p>
        </header>
        <Section className="card settings-card" id="settings-general-heading" title={t('settings.general')}>
          <div className="settings-body settings-columns">
            <div className="field">
              <label className="field">
                {t('settings.timezone')}
                <input
                  list="settings-timezones"
                  value={draft.timezone}
                  autoComplete="off"
                  onChange={(e) => update({ timezone: e.target.value })}
                  {...p.control(AT.timezone)}
                />
                <datalist id="settings-timezones">
                  {zones.map((zone) => (
                    <option key={zone} value={zone} />
                  ))}
                </datalist>
              </label>
              {p.show(AT.timezone)}
            </div>
            <fieldset className="settings-group">
              <legend>{t('settings.assignment.title')}</legend>
              {ASSIGNMENT_MODES.map((mode) => (
                <label key={mode} className="check">
                  <input
                    type="radio"
                    name="assignment"
                    value={mode}
                    checked={draft.assignment === mode}
                    onChange={() => update({ assignment: mode })}
                  />
                  <span>
                    {t(`settings.assignment.${mode}`)}
                    <span className="muted settings-hint"> — {t(`settings.assignment.${mode}Hint`)}</span>
                  </span>
                </label>
              ))}
            </fieldset>
          </div>
        </Section>
        <BusinessHours draft={draft} update={update} p={p} />
        <Holidays draft={draft} update={update} p={p} />
        <Messages draft={draft} update={update} p={p} />
        <PreChatFieldsEditor draft={draft} update={update} p={p} />
        <footer className="settings-actions">
          {problems.length > 0 && (
            <p className="form-error" role="alert">
              {t('settings.fixProblems', { count: problems.length })}
            </p>
          )}
          <FormError error={saveError} />
          {saved && (
            <p className="settings-saved" role="status">
              {t('settings.saved')}
            </p>
          )}
          <button type="submit" className="button primary" disabled={busy}>
            {t('settings.save')}
          </button>
        </footer>
      </form>
    </main>
  );
}
