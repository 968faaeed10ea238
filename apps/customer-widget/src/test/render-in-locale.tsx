import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import type { Locale } from '@switchboard/i18n';
import { createWidgetI18n } from '../app/i18n/widget-i18n';

/** Renders `ui` as the widget does for a reader of `locale` (main.tsx's provider, a fresh instance). */
export function renderInLocale(locale: Locale, ui: ReactElement) {
  const i18n = createWidgetI18n(locale);
  return render(<I18nextProvider i18n={i18n}>{ui}</I18nextProvider>);
}
