// Browser tests (playwright-core + Debian Chromium) against a gateway process the tests start themselves.
module.exports = {
  ...require('../jest.preset'),
  displayName: 'e2e',
  testEnvironment: 'node',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.e2e.ts'],
  testTimeout: 120000,
  setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
};
