// The agent console shows no literal text: every string a person sees or hears (JSX text, and the attributes a
// screen reader or a tooltip reads) comes from the catalogues in apps/agent-console/src/locales.
import i18next from 'eslint-plugin-i18next';

export default [
  {
    files: ['apps/agent-console/src/**/*.tsx'],
    ignores: ['apps/agent-console/src/**/*.spec.tsx', 'apps/agent-console/src/test-utils.tsx'],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'jsx-only',
          'jsx-attributes': { include: ['aria-label', 'title', 'placeholder', 'alt'] },
        },
      ],
    },
  },
];
