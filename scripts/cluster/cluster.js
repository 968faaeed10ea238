// Starts a Switchboard cluster on one machine: redis-server, the embedded store standalone, N gateways
// sharing one JWT secret, database and Redis, and nginx in front. Used by `npm run cluster`
// (scripts/cluster.mjs) and by the cluster tests (e2e/cluster), so both run exactly the same setup.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ManagedProcess, canConnect, freePort, gatewayNodeFlags, httpGet, waitFor } = require('./processes');

const ROOT = path.resolve(__dirname, '..', '..');
const GATEWAY_MAIN = path.join(ROOT, 'apps', 'gateway', 'dist', 'main.js');
const STORE_SCRIPT = path.join(ROOT, 'scripts', 'db.mjs');
const STORE_DIST = path.join(ROOT, 'libs', 'mongo-embedded', 'dist', 'index.js');
const NGINX_TEMPLATE = path.join(ROOT, 'deploy', 'nginx.conf');

const SYSTEM_BINARIES = [
  { name: 'redis-server', pkg: 'redis-server', candidates: ['/usr/bin/redis-server', '/usr/local/bin/redis-server'] },
  { name: 'nginx', pkg: 'nginx-light', candidates: ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx'] },
];

/** Finds redis-server and nginx, or throws saying which apt-get line installs them. */
function findSystemBinaries() {
  const found = {};
  const missing = [];
  for (const { name, pkg, candidates } of SYSTEM_BINARIES) {
    const binary = candidates.find((candidate) => fs.existsSync(candidate));
    if (binary) found[name] = binary;
    else missing.push(pkg);
  }
  if (missing.length > 0) {
    throw new Error(
      `The cluster needs ${missing.join(' and ')}. Install with:\n` +
        `  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  return found;
}

/** Builds every project when the gateway or the store is not built yet (Nx caches the rest). */
function ensureBuilt({ build, log }) {
  const missing = [GATEWAY_MAIN, STORE_DIST].filter((file) => !fs.existsSync(file));
  if (missing.length === 0 && build !== 'always') return;
  if (!build) throw new Error(`Not built yet (${missing.join(', ')}): run \`npx nx run-many -t build\` first.`);
  log('cluster', 'building (npx nx run-many -t build) ...');
  const result = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'nx'), ['run-many', '-t', 'build', '--outputStyle=static'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
  if (result.status !== 0) throw new Error('build failed');
}

/** Fills deploy/nginx.conf's placeholders. */
function renderNginxConfig({ listen, upstreams, maxBody = '12m' }) {
  const template = fs.readFileSync(NGINX_TEMPLATE, 'utf8');
  const servers = upstreams
    .map((address) => `        server ${address} max_fails=1 fail_timeout=5s;`)
    .join('\n');
  const values = { LISTEN: listen, UPSTREAMS: servers, MAX_BODY: maxBody };
  // Comment lines name the placeholders too: leave those alone.
  return template
    .split('\n')
    .map((line) =>
      line.trimStart().startsWith('#') ? line : line.replace(/\{\{(\w+)\}\}/g, (_, key) => values[key]),
    )
    .join('\n');
}

const isHealthy = (url) => async () => (await httpGet(`${url}/api/health`)).status === 200;

/**
 * Starts everything and resolves once nginx answers /api/health.
 *
 * options: gateways (2), port (nginx port, 0 = free), host ('127.0.0.1'), env (extra gateway env),
 * demoPassword, jwtSecret, dataDir (default: a fresh temp dir, removed by stop()), build (false | true |
 * 'always'), onLine(name, line) for process output.
 */
async function startCluster(options = {}) {
  const host = options.host ?? '127.0.0.1';
  const gatewayCount = options.gateways ?? 2;
  const onLine = options.onLine;
  const log = (name, line) => onLine?.(name, line);
  const binaries = findSystemBinaries();
  ensureBuilt({ build: options.build ?? false, log: (name, line) => (onLine ?? console.log)(name, line) });

  const ownsDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-cluster-'));
  // nginx workers run as an unprivileged user when nginx is started as root: they must reach the prefix.
  fs.chmodSync(dataDir, 0o755);
  const jwtSecret = options.jwtSecret ?? crypto.randomBytes(32).toString('hex');
  const demoPassword = options.demoPassword ?? crypto.randomBytes(9).toString('base64url');
  const started = [];

  const stopAll = async () => {
    // nginx first (no new traffic), then the gateways, then what they depend on.
    for (const proc of [...started].reverse()) await proc.kill('SIGTERM', 10_000);
    if (ownsDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    // Redis: no persistence, loopback only.
    const redisPort = await freePort(host);
    const redisDir = path.join(dataDir, 'redis');
    fs.mkdirSync(redisDir, { recursive: true });
    const redis = new ManagedProcess(
      'redis',
      binaries['redis-server'],
      ['--port', String(redisPort), '--bind', host, '--save', '', '--appendonly', 'no', '--dir', redisDir],
      { onLine },
    );
    const redisUrl = `redis://${host}:${redisPort}`;
    const startRedis = async () => {
      redis.start();
      await redis.waitUntilReady(() => canConnect(redisPort, host), { timeoutMs: 15_000 });
    };
    started.push(redis);
    await startRedis();

    // The embedded store, standalone, shared by every gateway. It has no password here, so it stays on loopback
    // whatever --host says (the gateways run on this machine; scripts/db.mjs refuses other addresses without --auth).
    const storeHost = '127.0.0.1';
    const storePort = await freePort(storeHost);
    const store = new ManagedProcess(
      'store',
      process.execPath,
      [STORE_SCRIPT, '--port', String(storePort), '--host', storeHost, '--dbpath', path.join(dataDir, 'db')],
      { cwd: ROOT, onLine },
    );
    started.push(store);
    store.start();
    await store.waitUntilReady(() => canConnect(storePort, storeHost), { timeoutMs: 30_000 });
    const mongoUri = `mongodb://${storeHost}:${storePort}/switchboard`;

    // nginx's port is chosen now so that every gateway can allow its origin.
    const nginxPort = options.port || (await freePort(host));
    const url = `http://${host}:${nginxPort}`;
    const origins = [url, `http://localhost:${nginxPort}`];

    const gatewayPorts = [];
    for (let i = 0; i < gatewayCount; i++) gatewayPorts.push(await freePort(host));
    const gateways = gatewayPorts.map((port, index) => {
      const gatewayUrl = `http://${host}:${port}`;
      const gatewayDir = path.join(dataDir, `gateway-${index + 1}`);
      fs.mkdirSync(gatewayDir, { recursive: true });
      const env = {
        ...process.env,
        NODE_ENV: process.env.NODE_ENV ?? 'development',
        PORT: String(port),
        HOST: host,
        DATA_DIR: gatewayDir,
        MONGODB_URI: mongoUri,
        REDIS_URL: redisUrl,
        JWT_SECRET: jwtSecret,
        DEMO_PASSWORD: demoPassword,
        ALLOWED_ORIGINS: [...origins, gatewayUrl].join(','),
        // nginx reaches the gateways from this machine: believe its X-Forwarded-For (per-address limits)
        TRUST_PROXY: 'loopback',
        ...options.env,
      };
      const proc = new ManagedProcess(`gateway-${index + 1}`, process.execPath, [...gatewayNodeFlags(), GATEWAY_MAIN], {
        env,
        cwd: ROOT,
        onLine,
      });
      started.push(proc);
      const ready = () => proc.waitUntilReady(isHealthy(gatewayUrl), { timeoutMs: 60_000 });
      return {
        index,
        name: proc.name,
        port,
        url: gatewayUrl,
        get pid() {
          return proc.pid;
        },
        get alive() {
          return proc.alive;
        },
        output: () => proc.output(),
        /** Sends a signal (default SIGKILL) and waits until the process is gone. */
        kill: async (signal = 'SIGKILL') => {
          await proc.kill(signal);
        },
        /** Starts it again on the same port and data dir; resolves when it is healthy. */
        restart: async () => {
          proc.start();
          await ready();
        },
        start: () => proc.start(),
        ready,
      };
    });
    for (const gateway of gateways) gateway.start();
    await Promise.all(gateways.map((gateway) => gateway.ready()));

    // nginx from a private prefix.
    const prefix = path.join(dataDir, 'nginx');
    for (const dir of ['logs', 'temp']) fs.mkdirSync(path.join(prefix, dir), { recursive: true });
    fs.chmodSync(prefix, 0o755);
    const configFile = path.join(prefix, 'nginx.conf');
    fs.writeFileSync(
      configFile,
      renderNginxConfig({ listen: `${host}:${nginxPort}`, upstreams: gateways.map((g) => `${host}:${g.port}`) }),
    );
    const nginx = new ManagedProcess('nginx', binaries.nginx, ['-p', prefix, '-c', configFile, '-g', 'daemon off;'], {
      onLine,
    });
    started.push(nginx);
    nginx.start();
    try {
      await nginx.waitUntilReady(isHealthy(url), { timeoutMs: 15_000, what: `nginx at ${url}` });
    } catch (error) {
      // nginx writes most start-up errors (a port in use, ...) to its error log, not to stderr.
      const errorLog = path.join(prefix, 'logs', 'error.log');
      if (fs.existsSync(errorLog)) error.message += `\n--- ${errorLog} ---\n${fs.readFileSync(errorLog, 'utf8')}`;
      throw error;
    }
    log('cluster', `ready at ${url}`);

    return {
      url,
      dataDir,
      jwtSecret,
      demoPassword,
      mongoUri,
      redisUrl,
      gateways,
      nginx: { pid: nginx.pid, configFile, output: () => nginx.output() },
      store: { uri: mongoUri, pid: store.pid },
      redis: {
        url: redisUrl,
        port: redisPort,
        /** Stops redis-server (SIGTERM; it persists nothing). */
        stop: async () => {
          await redis.kill('SIGTERM');
        },
        /** Starts it again on the same port. */
        start: startRedis,
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}

module.exports = { startCluster, renderNginxConfig, findSystemBinaries, ROOT };
