// The three servers under test, each started pinned to the server core: the gateway (embedded store
// in-process, as `npm start` runs it) and the two bare relays. Same interface for all three.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import processes from '../../cluster/processes.js';

const { ManagedProcess, freePort, httpGet, processCpuSeconds, processRunDelaySeconds, sleep } = processes;

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..');

export const TARGETS = {
  gateway: {
    label: 'Switchboard gateway',
    script: path.join(ROOT, 'apps', 'gateway', 'dist', 'main.js'),
    nodeFlags: processes.gatewayNodeFlags(ROOT),
    args: () => [],
    // the gateway serves /metrics only on METRICS_PORT (or to a METRICS_TOKEN bearer), not on its main port
    metricsPort: true,
  },
  socketio: {
    label: 'bare socket.io relay',
    script: path.join(ROOT, 'scripts', 'bench', 'baseline-socketio.mjs'),
    args: (port) => ['--port', String(port)],
  },
  ws: {
    label: 'bare ws relay',
    script: path.join(ROOT, 'scripts', 'bench', 'baseline-ws.mjs'),
    args: (port) => ['--port', String(port)],
  },
};

/** `taskset -c <core>` when util-linux is there and the machine has that core; otherwise unpinned. */
export function pinCommand(core, command, args) {
  const taskset = ['/usr/bin/taskset', '/bin/taskset'].find((file) => fs.existsSync(file));
  if (!taskset || core === null || core >= os.cpus().length) return { command, args, pinned: false };
  return { command: taskset, args: ['-c', String(core), command, ...args], pinned: true };
}

/** Asks a process started with --inspect for a full garbage collection (Chrome DevTools protocol). */
async function collectGarbage(inspectPort) {
  const { body } = await httpGet(`http://127.0.0.1:${inspectPort}/json/list`);
  const [target] = JSON.parse(body);
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  try {
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('collectGarbage timed out')), 30_000);
      socket.on('message', (data) => {
        if (JSON.parse(String(data)).id === 1) {
          clearTimeout(timer);
          resolve();
        }
      });
      socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }));
    });
  } finally {
    socket.close();
  }
}

function parseMetric(text, name) {
  const line = text.split('\n').find((row) => row.startsWith(`${name} `) || row.startsWith(`${name}{`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : NaN;
}

/**
 * Starts one target on `core`; resolves `{ url, pid, cpuSeconds(), memory(), restart(signal), stop() }`.
 * The gateway gets a fresh DATA_DIR, a known JWT secret and demo password, and quiet logs.
 */
export async function startServer(target, { core, demoPassword, env = {}, nodeArgs = [], inspect = false }) {
  const spec = TARGETS[target];
  if (!fs.existsSync(spec.script)) throw new Error(`${spec.script} is missing: run \`npx nx run-many -t build\``);
  const port = await freePort();
  // With the inspector on, memory readings start with a full GC, so garbage does not count as memory in use.
  const inspectPort = inspect ? await freePort() : null;
  if (inspectPort) nodeArgs = [...nodeArgs, `--inspect=127.0.0.1:${inspectPort}`];
  const url = `http://127.0.0.1:${port}`;
  const metricsPort = spec.metricsPort ? await freePort() : null;
  const metricsUrl = metricsPort ? `http://127.0.0.1:${metricsPort}` : url;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `switchboard-bench-${target}-`));
  const { command, args, pinned } = pinCommand(core, process.execPath, [...(spec.nodeFlags ?? []), ...nodeArgs, spec.script, ...spec.args(port)]);
  const proc = new ManagedProcess(target, command, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      JWT_SECRET: crypto.randomBytes(32).toString('hex'),
      DEMO_PASSWORD: demoPassword,
      SEED_DEMO: 'true',
      LOG_LEVEL: 'warn',
      // every simulated customer comes from 127.0.0.1: lift the per-address limits meant for the public
      CUSTOMER_AUTH_LIMIT: '1000000',
      CONVERSATION_START_LIMIT: '1000000',
      ...(metricsPort ? { METRICS_PORT: String(metricsPort) } : {}),
      ...env,
    },
  });
  const ready = () =>
    proc.waitUntilReady(async () => (await httpGet(`${url}/api/health`)).status === 200, { timeoutMs: 60_000 });
  proc.start();
  await ready();
  return {
    target,
    url,
    pinned,
    get pid() {
      return proc.pid;
    },
    cpuSeconds: () => processCpuSeconds(proc.pid),
    runDelaySeconds: () => processRunDelaySeconds(proc.pid),
    /** Heap used and RSS from /metrics (after a full GC when inspecting); the lowest of a few reads. */
    async memory(reads = 3) {
      let heap = Infinity;
      let rss = Infinity;
      for (let i = 0; i < reads; i++) {
        if (inspectPort) await collectGarbage(inspectPort);
        const { body } = await httpGet(`${metricsUrl}/metrics`);
        heap = Math.min(heap, parseMetric(body, 'nodejs_heap_size_used_bytes'));
        rss = Math.min(rss, parseMetric(body, 'process_resident_memory_bytes'));
        if (i < reads - 1) await sleep(1000);
      }
      return { heap, rss };
    },
    /** Stops the process with `signal`, starts it again on the same port and data dir. */
    async restart(signal = 'SIGTERM') {
      await proc.kill(signal);
      const stoppedAt = performance.now();
      proc.start();
      await ready();
      return { stoppedAt, readyAt: performance.now() };
    },
    async stop() {
      await proc.kill('SIGTERM');
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
