module.exports = { ...require('../../jest.preset'), displayName: 'protocol', testEnvironment: 'node', rootDir: __dirname };
