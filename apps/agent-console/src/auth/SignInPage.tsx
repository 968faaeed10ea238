import { FormError } from '../shared/Section';
import { useState, type FormEvent } from 'react';
import { errorCode, errorText } from '../shared/console-client';
import { useStore } from '../shared/store';
import { sessionStore, signIn } from './session';
import './sign-in.css';

export function SignInPage({ baseUrl }: { baseUrl: string }) {
  const notice = useStore(sessionStore, (s) => s.notice);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(baseUrl, email.trim(), password);
    } catch (err) {
      setError(
        errorCode(err) === 'unauthorized'
          ? 'Wrong email or password.'
          : `Could not sign in: ${errorText(err)}`,
      );
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <form className="sign-in-card" onSubmit={(e) => void submit(e)}>
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Switchboard
        </div>
        <h1>Sign in to the agent console</h1>
        {notice && <p className="sign-in-notice">{notice}</p>}
        <label>
          Email
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
          Password
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <FormError error={error} />
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
