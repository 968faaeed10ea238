// Type-aware lint rules that catch what bites servers, plus Nx module boundaries:
// browser code (scope:client) may not import server code (scope:server). React code also follows the
// rules of hooks (the compiler-era recommended set, exhaustive-deps included) and jsx-a11y's recommended set.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import * as jsoncParser from 'jsonc-eslint-parser';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import noLiteralStrings from './eslint/no-literal-strings.mjs';

// Every component file, and the plain .ts hooks of the two React apps (a React library's go here too).
const reactFiles = ['**/*.tsx', 'apps/customer-widget/**/*.ts', 'apps/agent-console/**/*.ts'];

export default tseslint.config(
  { ignores: ['**/*.d.ts', '**/tsconfig*.json', '**/project.json', '**/dist/**', '**/node_modules/**', '**/data/**', '**/.nx/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:client', onlyDependOnLibsWithTags: ['scope:client', 'scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:server', 'scope:shared'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
          ],
        },
      ],
    },
  },
  { ...reactHooks.configs.flat.recommended, files: reactFiles },
  { ...jsxA11y.flatConfigs.recommended, files: reactFiles },
  ...noLiteralStrings,
  // Every workspace declares what its own (non-test) code imports, and nothing it does not use.
  {
    files: ['apps/*/package.json', 'libs/*/package.json'],
    languageOptions: { parser: jsoncParser },
    plugins: { '@nx': nx },
    rules: {
      '@nx/dependency-checks': [
        'error',
        {
          buildTargets: ['build'],
          checkMissingDependencies: true,
          checkObsoleteDependencies: true,
          checkVersionMismatches: true,
          includeTransitiveDependencies: false,
          // workbox-window: imported by vite-plugin-pwa's `virtual:pwa-register` module, which the checker cannot follow.
          ignoredDependencies: ['workbox-window'],
          ignoredFiles: [
            '{projectRoot}/**/*.spec.ts',
            '{projectRoot}/**/*.spec.tsx',
            '{projectRoot}/test/**',
            '{projectRoot}/src/test/**',
            '{projectRoot}/src/test-utils.tsx',
            '{projectRoot}/src/test-setup.ts',
            // MongoDB's specification runner: a development tool (npm run conformance), not shipped code
            '{projectRoot}/src/conformance/**',
            '{projectRoot}/src/test-support/**',
            '{projectRoot}/jest.config.js',
            '{projectRoot}/vite*.config.mts',
            // build scripts (the client package's bundler), not shipped code
            '{projectRoot}/scripts/**',
          ],
        },
      ],
    },
  },
);
