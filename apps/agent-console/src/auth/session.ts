import { login } from '@switchboard/client';
import type { LoginResponse, SessionRevokedReason } from '@switchboard/protocol';
import { createStore } from '../shared/store';

export type Session = LoginResponse;

/**
 * The staff token lives in sessionStorage, not localStorage: it survives a reload but not the tab, and it is
 * not shared with other tabs of the origin, so a script running in another tab of the same origin (the
 * widget, the demo page: they are served from this origin unless the console has its own, docs/security.md)
 * cannot read it. The price: each new tab signs in again.
 */
const STORAGE_KEY = 'switchboard.console.session';

/** Seconds-since-epoch expiry from the JWT payload; null when it cannot be read. */
export function tokenExpiry(token: string): number | null {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const { exp } = JSON.parse(atob(payload)) as { exp?: unknown };
    return typeof exp === 'number' ? exp : null;
  } catch {
    return null;
  }
}

function isExpired(token: string, now = Date.now()): boolean {
  const exp = tokenExpiry(token);
  return exp !== null && exp * 1000 <= now;
}

function loadSession(): Session | null {
  try {
    localStorage.removeItem(STORAGE_KEY); // left by versions that kept it there
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    return session.token && session.user && !isExpired(session.token) ? session : null;
  } catch {
    return null;
  }
}

export const sessionStore = createStore<{ session: Session | null; notice: string | null }>({
  session: loadSession(),
  notice: null,
});

export async function signIn(baseUrl: string, email: string, password: string): Promise<void> {
  const session = await login(baseUrl, email, password);
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  sessionStore.set({ session, notice: null });
}

/** Ends the session; `notice` explains why on the sign-in page (e.g. an expired token). */
export function signOut(notice: string | null = null): void {
  sessionStorage.removeItem(STORAGE_KEY);
  sessionStore.set({ session: null, notice });
}

export const EXPIRED_NOTICE = 'Your session has expired. Please sign in again.';

/** What the sign-in page says after the gateway ended the session (`session.revoked`). */
export const REVOKED_NOTICES: Record<SessionRevokedReason, string> = {
  disabled: 'Your account has been disabled. Ask a supervisor if you think this is a mistake.',
  deleted: 'Your account has been removed.',
  password_changed: 'Your password was changed. Please sign in with the new one.',
  expired: EXPIRED_NOTICE,
  revoked: 'You have been signed out. Please sign in again.',
};

/** Signs out once: only while `token` is still the session (several causes may arrive together). */
export function endSession(token: string, notice: string): void {
  if (sessionStore.get().session?.token === token) signOut(notice);
}
