// Small process helpers shared by the cluster orchestration, the cluster tests and the benchmark.
// CommonJS on purpose: jest (CommonJS) requires it, and the .mjs scripts import it.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const net = require('node:net');
const http = require('node:http');

/**
 * Node flags the gateway runs with (apps/gateway/package.json, "switchboard.nodeFlags"): a larger young
 * generation, so objects that live through a few batched store round trips die young instead of filling the
 * old generation and bringing on a full collection every few seconds under load (docs/benchmarks.md).
 */
function gatewayNodeFlags(root = path.resolve(__dirname, '..', '..')) {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'apps', 'gateway', 'package.json'), 'utf8'));
  return manifest.switchboard?.nodeFlags ?? [];
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A free TCP port on host (the OS picks it; we release it right away). */
function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls `check` (async, truthy = done) every `intervalMs` until it holds or `timeoutMs` passes. */
async function waitFor(check, { timeoutMs = 30_000, intervalMs = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await sleep(intervalMs);
  }
  const reason = lastError ? `: ${lastError.message}` : '';
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${reason}`);
}

/** GET over loopback; resolves `{ status, headers, body }` (body as text). */
function httpGet(url, { timeoutMs = 5000, localAddress } = {}) {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { timeout: timeoutMs, localAddress, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body }));
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url} timed out`)));
    request.on('error', reject);
  });
}

/** Resolves when something accepts TCP connections on host:port. */
function canConnect(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const running = new Set();
let exitHookInstalled = false;

/** Last resort when the parent dies without stopping its children (a crashed test run). */
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

/**
 * A child process we can kill, wait for and restart with the same command. Its output is kept (the last
 * `keepLines` lines) for error messages, and passed to `onLine` when given.
 */
class ManagedProcess {
  constructor(name, command, args, { env, cwd, onLine, keepLines = 200 } = {}) {
    this.name = name;
    this.command = command;
    this.args = args;
    this.env = env;
    this.cwd = cwd;
    this.onLine = onLine;
    this.keepLines = keepLines;
    this.lines = [];
    this.child = null;
    this.exited = null;
  }

  get pid() {
    return this.child?.pid;
  }

  get alive() {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  start() {
    if (this.alive) throw new Error(`${this.name} is already running`);
    installExitHook();
    const child = spawn(this.command, this.args, {
      env: this.env,
      cwd: this.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    running.add(child);
    const collect = (stream) => {
      let partial = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop();
        for (const line of parts) this.record(line);
      });
    };
    collect(child.stdout);
    collect(child.stderr);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        running.delete(child);
        resolve({ code, signal });
      });
      child.once('error', (error) => {
        running.delete(child);
        this.record(`spawn failed: ${error.message}`);
        resolve({ code: -1, signal: null });
      });
    });
    return this;
  }

  record(line) {
    this.lines.push(line);
    if (this.lines.length > this.keepLines) this.lines.shift();
    this.onLine?.(this.name, line);
  }

  output() {
    return this.lines.join('\n');
  }

  /** Sends a signal and waits for the exit; SIGKILL after `graceMs` if it is still there. */
  async kill(signal = 'SIGTERM', graceMs = 10_000) {
    if (!this.alive) return this.exited;
    this.child.kill(signal);
    let timer;
    const late = new Promise((resolve) => {
      timer = setTimeout(() => resolve('late'), graceMs);
    });
    const outcome = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (outcome === 'late' && this.alive) this.child.kill('SIGKILL');
    return this.exited;
  }

  /** Rejects with the process output if it exits before `ready()` turns truthy. */
  async waitUntilReady(ready, { timeoutMs = 60_000, what } = {}) {
    const exitedEarly = this.exited.then(({ code, signal }) => {
      throw new Error(
        `${this.name} exited (code ${code}, signal ${signal}) before it was ready:\n${this.output()}`,
      );
    });
    try {
      await Promise.race([waitFor(ready, { timeoutMs, what: what ?? `${this.name} to be ready` }), exitedEarly]);
    } catch (error) {
      if (!String(error.message).includes(this.name)) error.message += `\n--- ${this.name} output ---\n${this.output()}`;
      throw error;
    } finally {
      exitedEarly.catch(() => undefined);
    }
  }
}

/** Reads utime+stime of a process in seconds from /proc/<pid>/stat (Linux). */
function processCpuSeconds(pid) {
  const stat = require('node:fs').readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100; // USER_HZ on Linux
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/**
 * Seconds the main thread of a process has spent runnable but waiting for a CPU (/proc/<pid>/schedstat):
 * how much a busy machine delayed it, as opposed to its own work.
 */
function processRunDelaySeconds(pid) {
  const fields = require('node:fs').readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(' ');
  return Number(fields[1]) / 1e9;
}

module.exports = {
  gatewayNodeFlags,
  sleep,
  freePort,
  waitFor,
  httpGet,
  canConnect,
  ManagedProcess,
  processCpuSeconds,
  processRunDelaySeconds,
};
