module.exports = { ...require('../../jest.preset'), displayName: 'i18n', testEnvironment: 'node', rootDir: __dirname };
