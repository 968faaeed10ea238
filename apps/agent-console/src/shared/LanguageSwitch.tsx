import type { ApiCall } from '@switchboard/client';
import { isLocale, LOCALE_NAMES, SUPPORTED_LOCALES } from '@switchboard/i18n';
import { useTranslation } from 'react-i18next';
import { chooseLocale } from '../auth/session';
import { GlobeIcon } from './icons';
import { currentLocale } from './i18n';

/**
 * The language menu (top bar and sign-in page): each language in its own name, whatever the console shows now, so
 * a reader who cannot read the current one still finds theirs. Signed in, `api` saves the choice to the account.
 */
export function LanguageSwitch({ api }: { api?: ApiCall }) {
  const { t } = useTranslation();
  return (
    <span className="language-switch">
      <GlobeIcon />
      <select
        aria-label={t('language.label')}
        title={t('language.label')}
        value={currentLocale()}
        onChange={(event) => {
          const locale = event.target.value;
          if (isLocale(locale)) void chooseLocale(locale, api);
        }}
      >
        {SUPPORTED_LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {LOCALE_NAMES[locale]}
          </option>
        ))}
      </select>
    </span>
  );
}
