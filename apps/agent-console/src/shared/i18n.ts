import {
  browserLanguages,
  createFormatters,
  createI18n,
  DEFAULT_LOCALE,
  isLocale,
  negotiateLocale,
  type Formatters,
  type Locale,
} from '@switchboard/i18n';
import { useMemo } from 'react';
import { initReactI18next, useTranslation } from 'react-i18next';
import en from '../locales/en.json';
import zhCN from '../locales/zh-CN.json';

/** The console's own strings per locale; the system messages come with @switchboard/i18n. */
export const CATALOGUES = { en, 'zh-CN': zhCN };

/** The language last chosen or applied on this device, so the sign-in page opens in it too. */
const LOCALE_KEY = 'switchboard.console.locale';

function savedLocale(): Locale | null {
  try {
    const saved = localStorage.getItem(LOCALE_KEY);
    return isLocale(saved) ? saved : null;
  } catch {
    return null;
  }
}

/** What this device reads before anyone signs in: its saved choice, else the browser's languages. */
export function deviceLocale(): Locale {
  return savedLocale() ?? negotiateLocale(browserLanguages());
}

/** The console's one i18next instance; react-i18next re-renders every `useTranslation` when it changes language. */
export const i18n = createI18n({ locale: deviceLocale(), catalogues: CATALOGUES, plugins: [initReactI18next] });

// <html lang> follows the language, so screen readers, fonts and line breaking treat the page as Chinese or English.
const followLanguage = (language: string) => {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
};
followLanguage(i18n.language);
i18n.on('languageChanged', followLanguage);

export function currentLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : DEFAULT_LOCALE;
}

/** Shows the console in `locale` at once (no reload) and remembers it on this device. */
export function applyLocale(locale: Locale): void {
  try {
    localStorage.setItem(LOCALE_KEY, locale);
  } catch {
    // Storage disabled: the choice holds until the tab closes.
  }
  if (i18n.language !== locale) void i18n.changeLanguage(locale);
}

/** Dates, durations, sizes and numbers in the console's language and the browser's timezone. */
export function useFormatters(): Formatters {
  const { i18n: instance } = useTranslation();
  const locale = isLocale(instance.language) ? instance.language : DEFAULT_LOCALE;
  return useMemo(() => createFormatters(locale), [locale]);
}
