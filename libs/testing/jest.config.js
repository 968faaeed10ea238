module.exports = { ...require('../../jest.preset'), displayName: 'testing', testEnvironment: 'node', rootDir: __dirname };
