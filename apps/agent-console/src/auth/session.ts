import { apiRequest, login, type ApiCall } from '@switchboard/client';
import { isLocale, type Locale } from '@switchboard/i18n';
import { SESSION_REVOKED_REASONS, type LoginResponse, type PublicUser, type SessionRevokedReason } from '@switchboard/protocol';
import { errorText } from '../shared/console-client';
import { applyLocale, i18n } from '../shared/i18n';
import { createStore } from '../shared/store';
import { showToast } from '../shared/toasts';

export type Session = LoginResponse;

/** Why the sign-in page is shown again: the words of `session.revoked` (an expired token says `expired`). */
export type SessionNotice = SessionRevokedReason;

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
    if (!session.token || !session.user || isExpired(session.token)) return null;
    // A reload keeps the account's language (stored with the session whenever it changes).
    if (isLocale(session.user.locale)) applyLocale(session.user.locale);
    return session;
  } catch {
    return null;
  }
}

export const sessionStore = createStore<{ session: Session | null; notice: SessionNotice | null }>({
  session: loadSession(),
  notice: null,
});

/** A language picked on the sign-in page, to be saved to the account that signs in next. */
let chosenSignedOut: Locale | null = null;

function saveLocale(api: ApiCall, locale: Locale): Promise<PublicUser> {
  return api<PublicUser>('/api/users/me', { method: 'PATCH', body: JSON.stringify({ locale }) });
}

function reportUnsaved(error: unknown): void {
  showToast(i18n.t('toast.localeNotSaved', { reason: errorText(error) }), 'error');
}

/**
 * Signs in. The language: one picked on the sign-in page wins and is saved to the account; else the account's
 * saved one applies; an account that never chose keeps following the browser.
 */
export async function signIn(baseUrl: string, email: string, password: string): Promise<void> {
  const answer = await login(baseUrl, email, password);
  const chosen = chosenSignedOut;
  chosenSignedOut = null;
  const locale = chosen ?? (isLocale(answer.user.locale) ? answer.user.locale : null);
  if (chosen && chosen !== answer.user.locale) {
    const api: ApiCall = (path, init) => apiRequest(baseUrl, path, { ...init, token: answer.token });
    saveLocale(api, chosen).catch(reportUnsaved);
  }
  if (locale) applyLocale(locale);
  const session = locale ? { ...answer, user: { ...answer.user, locale } } : answer;
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  sessionStore.set({ session, notice: null });
}

/**
 * The language switch: the console changes at once and this device remembers it. Signed in (`api` given), it is
 * saved to the account too, for every device it signs in on; signed out, at the next sign-in.
 */
export async function chooseLocale(locale: Locale, api?: ApiCall): Promise<void> {
  applyLocale(locale);
  const session = sessionStore.get().session;
  if (!session || !api) {
    chosenSignedOut = locale;
    return;
  }
  // Only the stored copy (for a reload): a new session object in the store would reconnect the console.
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ ...session, user: { ...session.user, locale } }));
  await saveLocale(api, locale).catch(reportUnsaved);
}

/** Ends the session; `notice` explains why on the sign-in page (e.g. an expired token). */
export function signOut(notice: SessionNotice | null = null): void {
  sessionStorage.removeItem(STORAGE_KEY);
  sessionStore.set({ session: null, notice });
}

/** The notice for a `session.revoked` reason, `expired` for one this console does not know yet. */
export function noticeFor(reason: string): SessionNotice {
  return (SESSION_REVOKED_REASONS as readonly string[]).includes(reason) ? (reason as SessionNotice) : 'expired';
}

/** Signs out once: only while `token` is still the session (several causes may arrive together). */
export function endSession(token: string, notice: SessionNotice): void {
  if (sessionStore.get().session?.token === token) signOut(notice);
}
