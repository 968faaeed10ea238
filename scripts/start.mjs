// `npm start`: build what is not built yet (Nx caches, so a second start is quick), then run the gateway,
// which serves the API, socket.io, the widget and the agent console on one port. Signals are forwarded.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import processes from './cluster/processes.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const gatewayMain = path.join(root, 'apps/gateway/dist/main.js');

/** Newest modification time below `dir`, ignoring build output and dependencies. */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'dist', '.nx'].includes(entry.name) || entry.name.endsWith('.tsbuildinfo')) continue;
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

/** True when every project has a dist/ newer than its sources (then even Nx's cache check can be skipped). */
function everythingBuilt() {
  for (const group of ['libs', 'apps']) {
    const groupDir = path.join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const name of readdirSync(groupDir)) {
      const project = path.join(groupDir, name);
      if (!existsSync(path.join(project, 'package.json'))) continue;
      const dist = path.join(project, 'dist');
      if (!existsSync(dist) || newest(dist) < newest(project)) return false;
    }
  }
  return existsSync(gatewayMain);
}

if (process.env.SKIP_BUILD !== 'true' && !everythingBuilt()) {
  console.log('[start] building (npx nx run-many -t build) ...');
  const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
  if (build.status !== 0) {
    console.error('[start] the build failed; see above.');
    process.exit(build.status ?? 1);
  }
}

const gateway = spawn(process.execPath, [...processes.gatewayNodeFlags(root), gatewayMain], { cwd: root, stdio: 'inherit', env: process.env });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => gateway.kill(signal));
}
gateway.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
