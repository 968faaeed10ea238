// Unit specs beside the code and integration specs under test/ (they start real gateways).
module.exports = {
  ...require('../../jest.preset'),
  displayName: 'gateway',
  testEnvironment: 'node',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/jest.setup.ts'],
};
