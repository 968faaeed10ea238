import { useTranslation } from 'react-i18next';
import { SETTINGS_LIMITS, type PreChatField, type WidgetConfig } from '@switchboard/protocol';
import type { StartProblem } from '../chat/chat-store';
import { invalidProps, problemAt, problemText } from './field-problems';

export interface PreChatAnswers {
  values: Record<string, string>;
  /** '' while no team is chosen. */
  teamId: string;
}

export interface PreChatFieldsProps {
  fields: readonly PreChatField[];
  teams: WidgetConfig['teams'];
  answers: PreChatAnswers;
  onChange: (answers: PreChatAnswers) => void;
  /** The widget's own check (validatePreChatValues) or the gateway's refusal, at `fields.<key>` / `teamId`. */
  problems: readonly StartProblem[];
}

export const fieldInputId = (key: string) => `sbw-field-${key}`;
const errorId = (key: string) => `sbw-field-${key}-error`;

/** Section 9's pre-chat fields (and the team choice when there are teams), in the widget's first screen. */
export function PreChatFields({ fields, teams, answers, onChange, problems }: PreChatFieldsProps) {
  const { t } = useTranslation();
  const set = (key: string, value: string) =>
    onChange({ ...answers, values: { ...answers.values, [key]: value } });
  const teamId = fieldInputId('team');
  const teamErrorId = errorId('team');
  const teamProblem = problemAt(problems, 'teamId');
  const teamError = teamProblem ? problemText(t, teamProblem, t('prechat.team')) : null;
  return (
    <fieldset className="sbw-prechat sbw-prechat-fields">
      <legend>{t('prechat.legend')}</legend>
      {teams.length > 0 && (
        <div className="sbw-field">
          <label htmlFor={teamId}>{t('prechat.team')}</label>
          <select
            id={teamId}
            value={answers.teamId}
            onChange={(event) => onChange({ ...answers, teamId: event.target.value })}
            {...invalidProps(teamErrorId, teamError)}
          >
            <option value="">{t('prechat.anyTeam')}</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
          {teamError && (
            <span id={teamErrorId} className="sbw-field-error">
              {teamError}
            </span>
          )}
        </div>
      )}
      {fields.map((field) => {
        const problem = problemAt(problems, `fields.${field.key}`);
        const error = problem ? problemText(t, problem, field.label) : null;
        const common = {
          id: fieldInputId(field.key),
          value: answers.values[field.key] ?? '',
          required: field.required,
          ...invalidProps(errorId(field.key), error),
        };
        return (
          <div className="sbw-field" key={field.key}>
            <label htmlFor={common.id}>
              {field.label}
              {!field.required && <span className="sbw-optional"> ({t('prechat.optional')})</span>}
            </label>
            {field.type === 'select' ? (
              <select {...common} onChange={(event) => set(field.key, event.target.value)}>
                <option value="">{t('prechat.choose')}</option>
                {(field.options ?? []).map((option) => (
                  <option key={option} value={option}>
                    {option}
                  </option>
                ))}
              </select>
            ) : (
              <input
                {...common}
                type={field.type === 'email' ? 'email' : 'text'}
                autoComplete={field.type === 'email' ? 'email' : 'off'}
                maxLength={SETTINGS_LIMITS.valueMaxLength}
                onChange={(event) => set(field.key, event.target.value)}
              />
            )}
            {error && (
              <span id={errorId(field.key)} className="sbw-field-error">
                {error}
              </span>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
