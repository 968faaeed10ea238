import '@testing-library/jest-dom';
import { initReactI18next } from 'react-i18next';
import { createI18n } from '@switchboard/i18n';
import { WIDGET_CATALOGUES } from './app/i18n/widget-i18n';

// Components rendered without an I18nextProvider speak English; a test wraps them in one for another locale.
createI18n({ locale: 'en', catalogues: WIDGET_CATALOGUES, plugins: [initReactI18next] });
