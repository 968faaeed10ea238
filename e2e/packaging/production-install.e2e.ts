// The image's runtime stage, run without a container engine: its /app laid out in a temp dir from the
// Dockerfile's own COPY instructions (manifests from the context, dist folders from the built worktree), its
// own `npm ci` (plus --prefer-offline), then its CMD with its ENV. This proves that every module the gateway
// loads at run time is declared in a workspace's `dependencies`, and that the image serves the console and
// the widget, answers its HEALTHCHECK, works behind the compose nginx config, writes nothing outside DATA_DIR
// and stops on SIGTERM.
import { connectCustomer, customerToken, freePort, waitFor } from '@switchboard/testing';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, execForm, healthcheck, ofKind, placements, properties, readStages, runCommands } from './dockerfile-model';
import { NginxPrefix, localNginxConfig } from './local-nginx';

const INSTALL_TIMEOUT_MS = 5 * 60_000;
const START_TIMEOUT_MS = 90_000;
/** Build and test tools that must never reach the image, plus the browser apps' own dependencies. */
const NOT_AT_RUN_TIME = ['jest', 'nx', 'typescript', 'vite', 'eslint', '@swc/core', 'prettier', 'playwright-core', 'dockerfile-utils', 'react', 'react-dom', 'recharts'];

const stages = readStages();
const runtime = stages[stages.length - 1];
/** The stage that holds the whole context, built in place (dockerfile.e2e.ts checks that the runtime copies from it). */
const buildStageName = stages.find((s) => s.instructions.some((i) => i.getKeyword() === 'COPY' && i.getArgumentsContent() === '. .'))?.name;

/** The environment npm and the gateway get: this machine's basics, never the test runner's npm_* variables. */
function baseEnv(): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'npm_config_cache', 'npm_config_registry', 'npm_config_userconfig'];
  return Object.fromEntries(keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]]));
}

/** Every file under `dir` with its size and mtime, to show that nothing was written there. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = path.join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else {
        const stat = statSync(path.join(dir, child), { throwIfNoEntry: false });
        files.set(child, stat ? `${stat.size}:${stat.mtimeMs}` : 'dangling');
      }
    }
  };
  walk('');
  return files;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null } | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

describe('the production image layout, installed with npm ci --omit=dev and started', () => {
  let work: string;
  let app: string;
  let dataDir: string;
  let home: string;
  let port: number;
  let url: string;
  let gateway: ChildProcess | null = null;
  let output = '';
  let before: Map<string, string>;
  let installCommand = '';

  beforeAll(async () => {
    for (const dist of ['apps/gateway/dist/main.js', 'apps/agent-console/dist/index.html', 'apps/customer-widget/dist/index.html']) {
      if (!existsSync(path.join(ROOT, dist))) throw new Error(`${dist} is missing: build first (npx nx run-many -t build, or npm test which builds)`);
    }
    expect(buildStageName).toBeTruthy();
    work = mkdtempSync(path.join(tmpdir(), 'switchboard-image-'));
    app = path.join(work, 'app');
    dataDir = path.join(work, 'data'); // not created: the gateway creates it
    home = path.join(work, 'nonexistent');
    mkdirSync(app);

    // Lay out /app as the runtime stage does, in its order: the manifests, npm ci, then the dist folders.
    expect(ofKind(runtime, 'WORKDIR').map((i) => i.getArgumentsContent())).toEqual(['/app']);
    const installIndex = runtime.instructions.findIndex((i) => i.getKeyword() === 'RUN' && runCommands(i).some((c) => c.startsWith('npm ci')));
    expect(installIndex).toBeGreaterThan(0);
    const built = { [buildStageName as string]: '/app' };
    const beforeInstall = placements(stages, { ...runtime, instructions: runtime.instructions.slice(0, installIndex) }, built);
    const all = placements(stages, runtime, built);
    const lay = (list: typeof all) => list.forEach((p) => cpSync(p.source, path.join(app, path.posix.relative('/app', p.image)), { recursive: true }));
    lay(beforeInstall);
    expect(existsSync(path.join(app, 'apps/gateway/package.json'))).toBe(true);
    expect(existsSync(path.join(app, 'apps/gateway/dist'))).toBe(false);

    const install = runCommands(runtime.instructions[installIndex]).find((c) => c.startsWith('npm ci')) as string;
    installCommand = `${install} --prefer-offline`;
    const [npm, ...npmArgs] = installCommand.split(' ');
    const result = spawnSync(npm, npmArgs, { cwd: app, env: baseEnv(), encoding: 'utf8', timeout: INSTALL_TIMEOUT_MS });
    if (result.status !== 0) throw new Error(`${installCommand} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}\n${result.stderr}`);
    lay(all.slice(beforeInstall.length));
    before = snapshot(app);

    // CMD with the stage's ENV; this test's own port, address and data dir, and the secrets an operator gives.
    port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const imageEnv = Object.fromEntries(properties(runtime, 'ENV').map((p) => [p.name, p.value]));
    const [command, ...args] = execForm(ofKind(runtime, 'CMD')[0]);
    expect(command).toBe('node');
    gateway = spawn(process.execPath, args, {
      cwd: app,
      env: {
        ...baseEnv(),
        // The image's user has no home (useradd --home-dir /nonexistent): nothing may need one.
        HOME: home,
        ...imageEnv,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        JWT_SECRET: randomBytes(32).toString('hex'),
        PUBLIC_URL: url,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    gateway.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    gateway.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (gateway.exitCode !== null || gateway.signalCode !== null) throw new Error(`the gateway exited during start-up:\n${output}`);
      if (Date.now() > deadline) throw new Error(`the gateway was not healthy after ${START_TIMEOUT_MS} ms:\n${output}`);
      const status = await fetch(`${url}/api/health`).then((r) => r.status, () => 0);
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  }, INSTALL_TIMEOUT_MS + START_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    if (gateway && gateway.exitCode === null && gateway.signalCode === null) {
      gateway.kill('SIGKILL');
      await waitForExit(gateway, 10_000);
    }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('answers GET /api/health with 200 and a healthy database', async () => {
    const res = await fetch(`${url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', db: 'up' });
  });

  it("passes the image's HEALTHCHECK, which fails against a port nobody listens on", async () => {
    const { command } = healthcheck(ofKind(runtime, 'HEALTHCHECK')[0]);
    const run = (p: number) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, command.slice(1), { cwd: app, env: { ...baseEnv(), PORT: String(p) }, stdio: 'ignore' });
        child.once('exit', (code) => resolve(code));
      });
    expect(await run(port)).toBe(0);
    expect(await run(await freePort())).toBe(1);
  });

  it('serves the built agent console and customer widget, with their assets', async () => {
    const page = async (pathname: string, type: RegExp) => {
      const res = await fetch(`${url}${pathname}`);
      expect({ pathname, status: res.status, type: res.headers.get('content-type') }).toEqual({ pathname, status: 200, type: expect.stringMatching(type) });
      const body = await res.text();
      expect(body).not.toContain('is not built yet');
      return body;
    };
    const consolePage = await page('/agent/', /text\/html/);
    await page('/', /text\/html/);
    await page('/widget/', /text\/html/);
    await page('/widget.js', /javascript/);
    const asset = /(?:src|href)="(\/agent\/assets\/[^"]+\.js)"/.exec(consolePage)?.[1];
    expect(asset).toBeDefined();
    await page(asset as string, /javascript/);
  });

  it('has no development dependency in its node_modules (only the gateway tree)', () => {
    expect(installCommand).toMatch(/--omit=dev/);
    const lock = JSON.parse(readFileSync(path.join(app, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean }> };
    const devOnly = Object.entries(lock.packages)
      .filter(([key, entry]) => key.includes('node_modules/') && entry.dev)
      .map(([key]) => key);
    expect(devOnly.length).toBeGreaterThan(100);
    expect(devOnly.filter((key) => existsSync(path.join(app, key)))).toEqual([]);
    expect(NOT_AT_RUN_TIME.filter((name) => existsSync(path.join(app, 'node_modules', name)))).toEqual([]);
    expect(existsSync(path.join(app, 'node_modules/@nestjs/core'))).toBe(true);
  });

  it('serves through the compose nginx config: health, the console, a WebSocket to /customer, and no /metrics', async () => {
    const nginx = new NginxPrefix();
    const front = `http://127.0.0.1:${await freePort()}`;
    try {
      // Both upstream lines point at this one gateway.
      nginx.start(localNginxConfig({ upstreams: [`127.0.0.1:${port}`, `127.0.0.1:${port}`], listen: front.slice('http://'.length) }));
      await waitFor(() => fetch(`${front}/api/health`).then((r) => r.status === 200, () => false), { timeoutMs: 20_000, what: `nginx at ${front}` }).catch(
        (error: Error) => {
          throw new Error(`${error.message}:\n${nginx.output()}`);
        },
      );
      expect((await fetch(`${front}/agent/`)).status).toBe(200);
      expect((await fetch(`${front}/metrics`)).status).toBe(404);
      const { token } = await customerToken(front, { name: 'Through nginx' });
      const socket = await connectCustomer(front, token);
      expect(socket.connected).toBe(true);
      socket.close();
    } finally {
      await nginx.stop();
    }
  });

  it('writes nothing outside DATA_DIR (which it created 0700), not even a home directory, and stops on SIGTERM within the stop timeout', async () => {
    const proc = gateway as ChildProcess;
    proc.kill('SIGTERM');
    const exit = await waitForExit(proc, 20_000);
    expect(exit).not.toBeNull();
    // Nest closes everything, then re-raises the signal: "terminated by SIGTERM" or a plain 0 are both clean.
    expect(exit?.signal === 'SIGTERM' || exit?.code === 0).toBe(true);
    expect(output).not.toMatch(/"level":"error"|failed to start|unhandled rejection/i);
    expect(await fetch(`${url}/api/health`).then(() => 'answered', () => 'closed')).toBe('closed');
    expect(snapshot(app)).toEqual(before);
    expect(existsSync(home)).toBe(false);
    // Created by the gateway at start, private to its user (docs/security.md, "Files on disk").
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  });
});
