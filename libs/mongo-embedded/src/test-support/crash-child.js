// Child process for the crash test: runs the built store on a dbPath and prints its port.
const { startEmbeddedMongo } = require('../../dist/index.js');

startEmbeddedMongo({ port: 0, dbPath: process.argv[2] }).then(
  (store) => process.stdout.write(`PORT ${store.port}\n`),
  (err) => {
    process.stderr.write(String(err && err.stack) + '\n');
    process.exit(1);
  },
);
