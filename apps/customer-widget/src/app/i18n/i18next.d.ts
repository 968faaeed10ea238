// Type-checked keys: `t('composer.sendd')` is a compile error, not an English fallback at run time.
import 'i18next';
import type en from '../../locales/en.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
