// One jest run over every project, so `npm test` prints one summary.
const fs = require('node:fs');
const path = require('node:path');

const projectDirs = ['libs', 'apps'].flatMap((group) =>
  fs.existsSync(path.join(__dirname, group))
    ? fs.readdirSync(path.join(__dirname, group)).map((name) => path.join(group, name))
    : [],
);
projectDirs.push('e2e');

module.exports = {
  projects: projectDirs
    .filter((dir) => fs.existsSync(path.join(__dirname, dir, 'jest.config.js')))
    .map((dir) => `<rootDir>/${dir}/jest.config.js`),
};
