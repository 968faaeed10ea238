const preset = require('../../jest.preset');

module.exports = {
  ...preset,
  displayName: 'agent-console',
  testEnvironment: 'jsdom',
  rootDir: __dirname,
  setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
  moduleNameMapper: { ...preset.moduleNameMapper, '\\.css$': '<rootDir>/src/shared/style-stub.js' },
};
