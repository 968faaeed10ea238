import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorCode, errorText } from '../shared/console-client';
import { ImeSafeForm } from '../shared/ImeSafeForm';
import { LanguageSwitch } from '../shared/LanguageSwitch';
import { FormError } from '../shared/Section';
import { useStore } from '../shared/store';
import { sessionStore, signIn } from './session';
import './sign-in.css';

export function SignInPage({ baseUrl }: { baseUrl: string }) {
  const { t } = useTranslation();
  const notice = useStore(sessionStore, (s) => s.notice);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // The error itself, not its sentence: switching the language re-words it.
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(baseUrl, email.trim(), password);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const message =
    error === null
      ? null
      : errorCode(error) === 'unauthorized'
        ? t('signIn.wrongCredentials')
        : t('signIn.failed', { reason: errorText(error) });

  return (
    <main className="sign-in">
      <div className="sign-in-language">
        <LanguageSwitch />
      </div>
      <ImeSafeForm className="sign-in-card" onSubmit={(e) => void submit(e)}>
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          {t('brand')}
        </div>
        <h1>{t('signIn.title')}</h1>
        {notice && <p className="sign-in-notice">{t(`signIn.notice.${notice}`)}</p>}
        <label>
          {t('signIn.email')}
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            // eslint-disable-next-line jsx-a11y/no-autofocus -- the page is this one form, and its first field is where everyone starts
            autoFocus
          />
        </label>
        <label>
          {t('signIn.password')}
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <FormError error={message} />
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? t('signIn.submitting') : t('signIn.submit')}
        </button>
      </ImeSafeForm>
    </main>
  );
}
