module.exports = { ...require('../../jest.preset'), displayName: 'client', testEnvironment: 'node', rootDir: __dirname };
