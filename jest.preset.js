// Shared jest settings: SWC transforms TypeScript (no type-checking here; `npm run typecheck` does that).
const path = require('node:path');

const root = __dirname;

module.exports = {
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true, decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper: {
    '^@switchboard/protocol$': path.join(root, 'libs/protocol/src/index.ts'),
    '^@switchboard/protocol/dto$': path.join(root, 'libs/protocol/src/dto/index.ts'),
    '^@switchboard/mongo-embedded$': path.join(root, 'libs/mongo-embedded/src/index.ts'),
    '^@switchboard/client$': path.join(root, 'libs/client/src/index.ts'),
    '^@switchboard/client/testing$': path.join(root, 'libs/client/src/testing/index.ts'),
    '^@switchboard/i18n$': path.join(root, 'libs/i18n/src/index.ts'),
    '^@switchboard/testing$': path.join(root, 'libs/testing/src/index.ts'),
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'jsx', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
