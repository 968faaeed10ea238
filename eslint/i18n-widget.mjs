// The customer widget shows no literal text: every string in its JSX (text and attributes a person reads or
// hears: aria-label, title, placeholder, alt, and the labels handed to its own components) comes from the
// catalogues in apps/customer-widget/src/locales. Technical attributes are left alone.
import i18next from 'eslint-plugin-i18next';

export default [
  {
    files: ['apps/customer-widget/src/**/*.tsx'],
    ignores: ['apps/customer-widget/src/**/*.spec.tsx', 'apps/customer-widget/src/test/**'],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'jsx-only',
          'jsx-attributes': {
            include: ['aria-label', 'title', 'placeholder', 'alt'],
            exclude: [
              'className',
              'style',
              'type',
              'key',
              'id',
              'role',
              'rel',
              'target',
              'href',
              'autoComplete',
              'viewBox',
              'd',
              'fill',
              'stroke',
              'strokeWidth',
              'strokeLinecap',
              'strokeLinejoin',
              'aria-hidden',
              'aria-live',
              'aria-describedby',
              'i18nKey',
            ],
          },
        },
      ],
    },
  },
];
