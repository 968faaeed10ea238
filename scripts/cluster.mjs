// `npm run cluster [-- --gateways 2 --port 8080]`: redis-server, the embedded store, N gateways and nginx
// in front, on this machine, until Ctrl-C. See docs/deployment.md.
import { parseArgs } from 'node:util';
import cluster from './cluster/cluster.js';

const { values } = parseArgs({
  options: {
    gateways: { type: 'string', default: '2' },
    port: { type: 'string', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`usage: npm run cluster -- [--gateways N] [--port P] [--host H] [--quiet]
  --gateways  gateway processes behind nginx (default 2)
  --port      nginx's port (default 8080; 0 picks a free one)
  --host      address everything binds to (default 127.0.0.1)
  --quiet     do not print the processes' output
Environment passed to every gateway as usual (DEMO_PASSWORD, TRANSFER_TIMEOUT_S, ...).`);
  process.exit(0);
}

const gateways = Number(values.gateways);
const port = Number(values.port);
if (!Number.isInteger(gateways) || gateways < 1 || gateways > 16) {
  console.error('--gateways must be a whole number from 1 to 16');
  process.exit(2);
}
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('--port must be a TCP port (0 for any free one)');
  process.exit(2);
}

const onLine = values.quiet ? undefined : (name, line) => console.log(`[${name}] ${line}`);
let running;
let stopping = false;

async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`\n[cluster] ${signal}: stopping nginx, gateways, store and redis ...`);
  await running?.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

try {
  running = await cluster.startCluster({
    gateways,
    port,
    host: values.host,
    build: true,
    demoPassword: process.env.DEMO_PASSWORD,
    jwtSecret: process.env.JWT_SECRET,
    onLine,
  });
} catch (error) {
  console.error(`[cluster] ${error.message}`);
  process.exit(1);
}

const { url } = running;
console.log(`
Switchboard cluster: ${running.gateways.length} gateways behind nginx, Redis adapter, one shared store
  widget demo   ${url}/
  agent console ${url}/agent/
  API docs      ${url}/api/docs
  accounts      supervisor@example.com, agent1@example.com .. agent3@example.com
  password      ${running.demoPassword}
  gateways      ${running.gateways.map((gateway) => gateway.url).join('  ')}
  redis         ${running.redisUrl}    store ${running.mongoUri}
  data          ${running.dataDir} (removed on exit)
Ctrl-C stops everything.`);
