// Writes the `.env` that compose.yaml reads: fresh secrets (JWT_SECRET and the MongoDB and Redis passwords)
// and the public address, in a file only its owner may read. Never overwrites an existing file, so the
// secrets of a running deployment are not replaced by accident.
//   node scripts/compose-env.mjs [--public-url https://chat.example.com] [--http-port 8080] [--file .env]
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function usage(message) {
  console.error(`${message}\nusage: node scripts/compose-env.mjs [--public-url URL] [--http-port PORT] [--file PATH]`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      'public-url': { type: 'string' },
      'http-port': { type: 'string', default: '8080' },
      file: { type: 'string', default: path.join(root, '.env') },
    },
  }));
} catch (error) {
  usage(error.message);
}

const httpPort = values['http-port'];
if (!/^\d+$/.test(httpPort) || Number(httpPort) < 1 || Number(httpPort) > 65535) usage(`--http-port must be a port number (got "${httpPort}")`);
const publicUrl = values['public-url'] ?? `http://localhost:${httpPort}`;
try {
  const parsed = new URL(publicUrl);
  if (!['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== publicUrl.replace(/\/$/, '')) throw new Error();
} catch {
  usage(`--public-url must be an origin such as https://chat.example.com (got "${publicUrl}")`);
}

// Hex: safe inside the MONGODB_URI and REDIS_URL that compose.yaml builds from them.
const secret = () => randomBytes(32).toString('hex');
const lines = [
  '# Written by scripts/compose-env.mjs for compose.yaml. Keep it out of version control and backups of data.',
  `PUBLIC_URL=${publicUrl.replace(/\/$/, '')}`,
  `HTTP_PORT=${httpPort}`,
  '# Widget embedders, comma-separated origins (https://www.example.com); empty: only PUBLIC_URL.',
  'ALLOWED_ORIGINS=',
  `JWT_SECRET=${secret()}`,
  `MONGO_ROOT_PASSWORD=${secret()}`,
  `MONGO_PASSWORD=${secret()}`,
  `REDIS_PASSWORD=${secret()}`,
  '',
];

try {
  // `wx`: fail if the file exists; 0600 whatever the umask.
  writeFileSync(values.file, lines.join('\n'), { flag: 'wx', mode: 0o600 });
} catch (error) {
  if (error.code === 'EEXIST') {
    console.error(`${values.file} exists already; not replacing its secrets (remove it first to start over).`);
    process.exit(1);
  }
  throw error;
}
console.log(`wrote ${values.file}; now: docker compose up -d --build`);
