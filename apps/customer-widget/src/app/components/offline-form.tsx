import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_OFFLINE_MESSAGE, LIMITS, isEmailAddress } from '@switchboard/protocol';
import type { OfflineMessage, StartProblem } from '../chat/chat-store';
import { invalidProps } from './field-problems';

export interface OfflineFormProps {
  /** The configured offline message; the default one is shown in the reader's language. */
  offlineMessage: string;
  busy: boolean;
  /** Sends the message; resolves with the fields the gateway refused, or null when it was sent. */
  onSubmit: (message: OfflineMessage) => Promise<StartProblem[] | null>;
}

type Field = 'name' | 'email' | 'text';
type Errors = Partial<Record<Field, string>>;

/** Section 9's "Leave a message" form, shown while nobody is available: name, email (required) and message. */
export function OfflineForm({ offlineMessage, busy, onSubmit }: OfflineFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [values, setValues] = useState<Record<Field, string>>({ name: '', email: '', text: '' });
  const [errors, setErrors] = useState<Errors>({});
  const intro = offlineMessage === DEFAULT_OFFLINE_MESSAGE ? t('offline.defaultMessage') : offlineMessage;

  const check = (): Errors => {
    const email = values.email.trim();
    const found: Errors = {};
    if (!email) found.email = t('offline.emailRequired');
    else if (!isEmailAddress(email)) found.email = t('offline.emailInvalid');
    if (!values.text.trim()) found.text = t('offline.messageRequired');
    return found;
  };
  const showErrors = (found: Errors) => {
    setErrors(found);
    const first = (['name', 'email', 'text'] as const).find((field) => found[field]);
    if (first) document.getElementById(`${id}-${first}`)?.focus();
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = check();
    if (Object.keys(found).length > 0) return showErrors(found);
    setErrors({});
    const refused = await onSubmit({
      text: values.text.trim(),
      email: values.email.trim(),
      name: values.name.trim(),
    });
    if (!refused) return;
    const byGateway: Errors = {};
    for (const problem of refused) {
      if (problem.field === 'email') byGateway.email = t('offline.emailInvalid');
      if (problem.field === 'text') byGateway.text = t('offline.messageRequired');
    }
    showErrors(byGateway);
  }

  const field = (name: Field) => ({
    id: `${id}-${name}`,
    value: values[name],
    onChange: (event: { target: { value: string } }) => {
      setValues((current) => ({ ...current, [name]: event.target.value }));
      if (errors[name]) setErrors((current) => ({ ...current, [name]: undefined }));
    },
    ...invalidProps(`${id}-${name}-error`, errors[name] ?? null),
  });
  const error = (name: Field) =>
    errors[name] && (
      <span id={`${id}-${name}-error`} className="sbw-field-error">
        {errors[name]}
      </span>
    );

  return (
    <section className="sbw-welcome sbw-offline" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="sbw-welcome-hello">
        {t('offline.title')}
      </h2>
      <p className="sbw-welcome-text">{intro}</p>
      <form className="sbw-prechat" noValidate onSubmit={(event) => void submit(event)}>
        <div className="sbw-field">
          <label htmlFor={`${id}-name`}>{t('offline.name')}</label>
          <input {...field('name')} type="text" autoComplete="name" maxLength={LIMITS.nameMaxLength} />
        </div>
        <div className="sbw-field">
          <label htmlFor={`${id}-email`}>{t('offline.email')}</label>
          <input
            {...field('email')}
            type="email"
            autoComplete="email"
            required
            maxLength={LIMITS.emailMaxLength}
          />
          {error('email')}
        </div>
        <div className="sbw-field">
          <label htmlFor={`${id}-text`}>{t('offline.message')}</label>
          <textarea {...field('text')} rows={4} required maxLength={LIMITS.textMaxLength} />
          {error('text')}
        </div>
        <button type="submit" className="sbw-button" disabled={busy}>
          {t('offline.send')}
        </button>
      </form>
    </section>
  );
}
