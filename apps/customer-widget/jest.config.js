module.exports = {
  ...require('../../jest.preset'),
  displayName: 'customer-widget',
  testEnvironment: 'jsdom',
  rootDir: __dirname,
  setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
  moduleNameMapper: {
    ...require('../../jest.preset').moduleNameMapper,
    '\\.css$': '<rootDir>/src/test-style-stub.ts',
  },
};
