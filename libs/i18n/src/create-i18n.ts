import { type Module, type Resource, type i18n as I18n, createInstance } from 'i18next';
import { DEFAULT_LOCALE, type Locale, SUPPORTED_LOCALES } from './locales';
import { SYSTEM_CATALOGUES } from '@switchboard/protocol';
import { SYSTEM_NAMESPACE } from './system-messages';

export type Catalogue = { [key: string]: string | Catalogue };

export interface CreateI18nOptions {
  locale: Locale;
  /** The app's own catalogue per locale (its `translation` namespace); system messages are added here. */
  catalogues: Record<Locale, Catalogue>;
  /** i18next plugins such as react-i18next's `initReactI18next`. */
  plugins?: Module[];
}

/** An i18next instance, initialised synchronously (the catalogues are bundled), falling back to English. */
export function createI18n({ locale, catalogues, plugins = [] }: CreateI18nOptions): I18n {
  const resources: Resource = {};
  for (const lng of SUPPORTED_LOCALES) {
    resources[lng] = { translation: catalogues[lng], [SYSTEM_NAMESPACE]: SYSTEM_CATALOGUES[lng] };
  }
  const instance = createInstance();
  for (const plugin of plugins) instance.use(plugin);
  void instance.init({
    lng: locale,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...SUPPORTED_LOCALES],
    resources,
    ns: ['translation', SYSTEM_NAMESPACE],
    defaultNS: 'translation',
    initAsync: false,
    returnNull: false,
    // React escapes what it renders; escaping here too would show "&amp;" to the reader.
    interpolation: { escapeValue: false },
  });
  return instance;
}
