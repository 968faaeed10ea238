import { FormError, Section } from '../shared/Section';
import { useState, type FormEvent } from 'react';
import { LIMITS, type StaffRole } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { errorCode, errorText } from '../shared/console-client';
import { useConsole } from '../shared/console-context';
import { ImeSafeForm } from '../shared/ImeSafeForm';
import { showToast } from '../shared/toasts';

const EMPTY = {
  email: '',
  name: '',
  role: 'agent' as StaffRole,
  password: '',
  maxConcurrent: String(LIMITS.maxConcurrentDefault),
};

/** Adds an agent or supervisor account (POST /api/users). */
export function CreateAccountForm({ onCreated }: { onCreated?: () => void }) {
  const { t } = useTranslation();
  const { supervisor } = useConsole();
  const [form, setForm] = useState(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (field: keyof typeof EMPTY) => (e: { target: { value: string } }) =>
    setForm({ ...form, [field]: e.target.value });

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!supervisor) return;
    setBusy(true);
    setError(null);
    try {
      await supervisor.createAccount({
        ...form,
        email: form.email.trim(),
        name: form.name.trim(),
        maxConcurrent: Number(form.maxConcurrent),
      });
      showToast(t('createAccount.created', { name: form.name.trim() }));
      setForm(EMPTY);
      onCreated?.();
    } catch (err) {
      setError(errorCode(err) === 'conflict' ? t('createAccount.emailTaken') : errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section className="card" id="new-account-heading" title={t('createAccount.title')}>
      <ImeSafeForm className="account-form" onSubmit={(e) => void submit(e)}>
        <label className="field">
          {t('createAccount.email')}
          <input
            type="email"
            required
            maxLength={LIMITS.emailMaxLength}
            value={form.email}
            onChange={set('email')}
          />
        </label>
        <label className="field">
          {t('createAccount.name')}
          <input required maxLength={LIMITS.nameMaxLength} value={form.name} onChange={set('name')} />
        </label>
        <label className="field">
          {t('createAccount.role')}
          <select value={form.role} onChange={set('role')}>
            <option value="agent">{t('role.agent')}</option>
            <option value="supervisor">{t('role.supervisor')}</option>
          </select>
        </label>
        <label className="field">
          {t('createAccount.password')}
          <input
            type="password"
            required
            autoComplete="new-password"
            minLength={LIMITS.passwordMinLength}
            maxLength={LIMITS.passwordMaxLength}
            value={form.password}
            onChange={set('password')}
          />
        </label>
        <label className="field">
          {t('createAccount.maxConcurrent')}
          <input
            type="number"
            min={1}
            max={LIMITS.maxConcurrentMax}
            required
            value={form.maxConcurrent}
            onChange={set('maxConcurrent')}
          />
        </label>
        <FormError error={error} />
        <button type="submit" className="button primary" disabled={busy}>
          {t('createAccount.submit')}
        </button>
      </ImeSafeForm>
    </Section>
  );
}
