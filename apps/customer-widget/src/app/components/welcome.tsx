import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '@switchboard/protocol';
import type { Profile } from '../chat/chat-store';

export interface WelcomeProps {
  title: string;
  /** Shows the optional name and e-mail fields of the pre-chat form. */
  askProfile: boolean;
  profile: Profile;
  onProfileChange: (profile: Profile) => void;
  /** The e-mail field shows that it needs another look. */
  emailError?: boolean;
  /** More of the first screen: section 9's pre-chat fields. */
  children?: ReactNode;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The optional e-mail is either empty or plausible. */
export function emailLooksValid(email: string | undefined): boolean {
  const value = email?.trim() ?? '';
  return value === '' || EMAIL.test(value);
}

/** The start of a new chat: a greeting and, if the host page asked for it, who the customer is. */
export function Welcome({ title, askProfile, profile, onProfileChange, emailError, children }: WelcomeProps) {
  const { t } = useTranslation();
  return (
    <section className="sbw-welcome" aria-label={t('welcome.region')}>
      <p className="sbw-welcome-hello">
        {t('welcome.hello')} <span aria-hidden="true">👋</span>
      </p>
      <p className="sbw-welcome-text">{t('welcome.text', { title })}</p>
      {askProfile && (
        <fieldset className="sbw-prechat">
          <legend>{t('welcome.prechatLegend')}</legend>
          <label>
            <span>{t('welcome.name')}</span>
            <input
              type="text"
              autoComplete="name"
              maxLength={LIMITS.nameMaxLength}
              value={profile.name ?? ''}
              onChange={(event) => onProfileChange({ ...profile, name: event.target.value })}
            />
          </label>
          <label>
            <span>{t('welcome.email')}</span>
            <input
              type="email"
              autoComplete="email"
              maxLength={LIMITS.emailMaxLength}
              value={profile.email ?? ''}
              aria-invalid={emailError ? true : undefined}
              aria-describedby={emailError ? 'sbw-email-error' : undefined}
              onChange={(event) => onProfileChange({ ...profile, email: event.target.value })}
            />
          </label>
          {emailError && (
            <span id="sbw-email-error" className="sbw-field-error" role="alert">
              {t('welcome.emailInvalid')}
            </span>
          )}
        </fieldset>
      )}
      {children}
    </section>
  );
}
