module.exports = { ...require('../../jest.preset'), displayName: 'mongo-embedded', testEnvironment: 'node', rootDir: __dirname };
