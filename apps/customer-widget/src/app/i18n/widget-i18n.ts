import { useTranslation } from 'react-i18next';
import {
  DEFAULT_LOCALE,
  createFormatters,
  createI18n,
  isLocale,
  type Formatters,
  type Locale,
} from '@switchboard/i18n';
import en from '../../locales/en.json';
import zhCN from '../../locales/zh-CN.json';

export const WIDGET_CATALOGUES = { en, 'zh-CN': zhCN };

/**
 * The widget's i18next instance: its catalogue plus the shared system messages, English behind every key. It is
 * handed to React by an I18nextProvider (not made global), so that tests can render one locale beside another.
 */
export function createWidgetI18n(locale: Locale) {
  return createI18n({ locale, catalogues: WIDGET_CATALOGUES });
}

// One set of Intl formatters per locale for the life of the page (each message row asks for them).
const formatters = new Map<Locale, Formatters>();

export function formattersFor(locale: Locale): Formatters {
  let found = formatters.get(locale);
  if (!found) {
    found = createFormatters(locale);
    formatters.set(locale, found);
  }
  return found;
}

/** Dates, times, sizes and numbers in the reader's locale and timezone. */
export function useFormatters(): Formatters {
  const { i18n } = useTranslation();
  return formattersFor(isLocale(i18n.language) ? i18n.language : DEFAULT_LOCALE);
}
