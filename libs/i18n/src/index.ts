export { type Catalogue, type CreateI18nOptions, createI18n } from './create-i18n';
export { catalogueProblems } from './catalogue-check';
export { type Formatters, createFormatters, localTimeZone } from './format';
export { isImeComposing } from './ime';
export {
  DEFAULT_LOCALE,
  LOCALE_NAMES,
  SUPPORTED_LOCALES,
  type Locale,
  browserLanguages,
  isLocale,
  matchLocale,
  negotiateLocale,
} from './locales';
export { SYSTEM_NAMESPACE, translateSystemMessage } from './system-messages';
export { avatarInitial, graphemes, truncateText } from './text';
