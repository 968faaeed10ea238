// The two UIs show no literal text: every string a person sees or hears (JSX text, and the attributes a screen
// reader or a tooltip reads, and the labels handed to the apps' own components) comes from the app's catalogues
// in src/locales. Technical attributes (className, href, role, …) are not read by a person and are left alone.
import i18next from 'eslint-plugin-i18next';

const apps = ['apps/customer-widget', 'apps/agent-console'];

export default [
  {
    files: apps.map((app) => `${app}/src/**/*.tsx`),
    ignores: [
      ...apps.map((app) => `${app}/src/**/*.spec.tsx`),
      'apps/customer-widget/src/test/**',
      'apps/agent-console/src/test-utils.tsx',
    ],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': [
        'error',
        { mode: 'jsx-only', 'jsx-attributes': { include: ['aria-label', 'title', 'placeholder', 'alt', 'label'] } },
      ],
    },
  },
];
