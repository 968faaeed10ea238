import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findRepoRoot } from './repo-root';
import { listensOn } from './listening-sockets';
import { freePort, gatewayNodeFlags } from './wait';

export interface GatewayProcessOptions {
  /** Extra environment (e.g. `TRANSFER_TIMEOUT_S: '1'`); PORT, HOST, DATA_DIR and DEMO_PASSWORD are set for you. */
  env?: Record<string, string>;
  /** Reuse this data directory (it is then not removed on stop). Default: a fresh temp dir, removed on stop. */
  dataDir?: string;
  /** How long to wait for `GET /api/health` → 200. Default 30 s. */
  startTimeoutMs?: number;
}

export interface GatewayProcess {
  url: string;
  port: number;
  dataDir: string;
  demoPassword: string;
  /** Everything the process printed so far (stdout and stderr), for error messages. */
  output(): string;
  /** The running process's id (e.g. to read /proc/<pid>/status), or null when it is not running. */
  pid(): number | null;
  /** SIGTERM, wait for exit (SIGKILL after 10 s), remove the temp data dir. */
  stop(): Promise<void>;
  /** Send a signal (default SIGKILL) and wait for exit; the data dir is kept for `restart()`. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Stop (if running) and start again on the same port and data dir. */
  restart(): Promise<void>;
}

export const DEFAULT_DEMO_PASSWORD = 'demo-password-for-tests';

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Spawns `node apps/gateway/dist/main.js` on a free port with its own data dir and waits until it is healthy. */
export async function startGatewayProcess(options: GatewayProcessOptions = {}): Promise<GatewayProcess> {
  const root = findRepoRoot();
  const mainJs = path.join(root, 'apps/gateway/dist/main.js');
  if (!existsSync(mainJs)) {
    throw new Error(`${mainJs} is missing: build first (npx nx run-many -t build, or npm test which builds)`);
  }
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'switchboard-gw-'));
  let port = await freePort();
  let url = `http://127.0.0.1:${port}`;
  const demoPassword = options.env?.DEMO_PASSWORD ?? DEFAULT_DEMO_PASSWORD;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    // every test client comes from 127.0.0.1; the tests of the per-address limits set their own
    CUSTOMER_AUTH_LIMIT: '1000000',
    CONVERSATION_START_LIMIT: '1000000',
    ...options.env,
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DEMO_PASSWORD: demoPassword,
  };
  let log = '';
  let child: ChildProcess | null = null;

  const spawnOnce = async (): Promise<void> => {
    const proc = spawn(process.execPath, [...gatewayNodeFlags(root), mainJs], { cwd: root, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    const append = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.length > 200_000) log = log.slice(-100_000);
    };
    proc.stdout?.on('data', append);
    proc.stderr?.on('data', append);
    const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
    while (Date.now() < deadline) {
      if (proc.exitCode !== null || proc.signalCode !== null) {
        throw new Error(`gateway exited during start-up (code ${proc.exitCode}, signal ${proc.signalCode}):\n${log}`);
      }
      try {
        const res = await fetch(`${url}/api/health`);
        // Another test's gateway may have been handed the same free port: only our own child's answer counts.
        if (res.status === 200 && proc.pid !== undefined && listensOn(proc.pid, port)) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    proc.kill('SIGKILL');
    throw new Error(`gateway did not become healthy at ${url} in time:\n${log}`);
  };

  const terminate = async (signal: NodeJS.Signals): Promise<void> => {
    const proc = child;
    if (!proc) return;
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill(signal);
      if (!(await waitForExit(proc, 10_000))) {
        proc.kill('SIGKILL');
        await waitForExit(proc, 5_000);
      }
    }
    child = null;
  };

  // A free port is free only when asked: another test may take it before our gateway binds it. Then a new one.
  for (let attempt = 1; ; attempt++) {
    try {
      await spawnOnce();
      break;
    } catch (error) {
      if (attempt === 3 || !log.includes('EADDRINUSE')) throw error;
      log = '';
      port = await freePort();
      url = `http://127.0.0.1:${port}`;
    }
  }
  return {
    url,
    port,
    dataDir,
    demoPassword,
    output: () => log,
    pid: () => (child as ChildProcess | null)?.pid ?? null,
    stop: async () => {
      await terminate('SIGTERM');
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
    kill: (signal: NodeJS.Signals = 'SIGKILL') => terminate(signal),
    restart: async () => {
      await terminate('SIGTERM');
      await spawnOnce();
    },
  };
}
