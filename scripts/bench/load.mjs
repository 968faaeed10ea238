// `npm run bench [-- --quick]`: the load benchmark. Runs the Switchboard gateway and two bare relays (ws,
// socket.io: no auth, no database) with the same clients, payload and rates, the server pinned to one core
// and this generator to another; measures delivered messages/s, end-to-end latency, CPU per thousand
// messages, memory per idle connection and (gateway) how fast thousands of sockets come back after a
// restart. Writes its section of docs/benchmarks.md. Loopback only; every loop is bounded.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import hdr from 'hdr-histogram-js';
import processes from '../cluster/processes.js';
import { DRIVERS, connectAll, idleClients } from './lib/drivers.mjs';
import { writeReport } from './lib/report.mjs';
import { ROOT, TARGETS, pinCommand, startServer } from './lib/servers.mjs';

const { processRunDelaySeconds, sleep, waitFor } = processes;

const { values: argv } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    targets: { type: 'string', default: 'gateway,socketio,ws' },
    conversations: { type: 'string' },
    share: { type: 'string' },
    rates: { type: 'string' },
    'step-seconds': { type: 'string' },
    'warmup-seconds': { type: 'string' },
    timeline: { type: 'boolean', default: false },
    idle: { type: 'string' },
    reconnect: { type: 'string' },
    'server-core': { type: 'string', default: '0' },
    'client-core': { type: 'string', default: '1' },
    write: { type: 'boolean' },
    'no-write': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    'report-from': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (argv.help) {
  console.log(`usage: npm run bench -- [--quick] [--targets gateway,socketio,ws] [--conversations K] [--share S]
  [--rates 250,500,...] [--step-seconds N] [--warmup-seconds N] [--timeline] [--idle N] [--reconnect N] [--server-core 0] [--client-core 1]
  [--timeline]             (per second of each step: messages received, how many took over 100 ms, the slowest)
  [--write | --no-write]   (full runs write docs/benchmarks.md by default, --quick runs do not)
  [--cpu-prof DIR]         (servers run with node --cpu-prof; open the .cpuprofile files in Chrome DevTools)
  [--report-from FILE]     (rewrite docs/benchmarks.md from a saved run, e.g. scripts/bench/results/latest.json)`);
  process.exit(0);
}

if (argv['report-from']) {
  const run = JSON.parse(fs.readFileSync(argv['report-from'], 'utf8'));
  writeReport(run, path.join(ROOT, 'docs', 'benchmarks.md'));
  console.log(`[bench] docs/benchmarks.md rewritten from ${argv['report-from']}`);
  process.exit(0);
}

// Pin this generator to its own core by re-running it under taskset (once).
const clientCore = Number(argv['client-core']);
if (!process.env.SWITCHBOARD_BENCH_CHILD) {
  const { command, args, pinned } = pinCommand(clientCore, process.execPath, [
    '--max-old-space-size=4096',
    ...process.argv.slice(1),
  ]);
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, SWITCHBOARD_BENCH_CHILD: pinned ? 'pinned' : 'unpinned' },
  });
  process.exit(result.status ?? 1);
}

const QUICK = argv.quick;
const settings = {
  targets: argv.targets.split(',').filter((t) => TARGETS[t]),
  conversations: Number(argv.conversations ?? (QUICK ? 20 : 500)),
  // Conversations per agent. The gateway's per-socket limit (10 events/s) caps what one socket may send:
  // an agent sends share × rate / (2 × conversations) messages/s, a customer rate / (2 × conversations);
  // with 500 conversations and 2 per agent, steps up to 4,500/s keep every socket at 9/s at most. The
  // higher steps are there to find the relays' limits (they have no per-socket limit).
  share: Number(argv.share ?? 2),
  rates: (argv.rates ?? (QUICK ? '90,180' : '250,500,1000,1500,2000,2500,3000,4000,5000,7000')).split(',').map(Number),
  stepSeconds: Number(argv['step-seconds'] ?? (QUICK ? 2 : 8)),
  warmupSeconds: Number(argv['warmup-seconds'] ?? (QUICK ? 1 : 3)),
  timeline: argv.timeline,
  idle: Number(argv.idle ?? (QUICK ? 200 : 10_000)),
  reconnect: Number(argv.reconnect ?? (QUICK ? 200 : 5_000)),
  serverCore: Number(argv['server-core']),
  clientCore,
  generatorPinned: process.env.SWITCHBOARD_BENCH_CHILD === 'pinned',
  payloadBytes: 120,
  demoPassword: 'bench-password-1',
  // Pauses around the memory readings: long enough in a full run for the heap to settle.
  settleMs: QUICK ? 500 : 5000,
  memoryReads: QUICK ? 1 : 3,
};
const write = !argv['no-write'] && (argv.write ?? !QUICK);
// Above this total rate an agent socket would send more than the gateway's per-socket limit allows.
const gatewayRateCeiling = (9 * 2 * settings.conversations) / settings.share; // 9/s: headroom under 10
if (Math.max(...settings.rates) > gatewayRateCeiling) {
  console.log(
    `[bench] note: steps above ${gatewayRateCeiling} msg/s exceed the gateway's per-socket limit (10/s); ` +
      'the gateway stops there (or earlier), the relays go on',
  );
}
const log = (line) => console.log(`[bench] ${line}`);

const newHistogram = () =>
  hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });
const summary = (histogram) => ({
  count: histogram.totalCount,
  p50: histogram.getValueAtPercentile(50) / 1000,
  p99: histogram.getValueAtPercentile(99) / 1000,
  max: histogram.maxValue / 1000,
});

/** Message text: step, send time (this process's clock, microsecond precision) and padding to a fixed size. */
function benchText(step, side) {
  const head = `b|${step}|${performance.now().toFixed(3)}|${side}|`;
  return head.padEnd(settings.payloadBytes, 'x');
}

/**
 * Feeds `pairs` at increasing total rates. Each conversation has two senders (customer, agent) taking turns
 * round-robin; a receiver records latency for what the other side sent. A step stops the ramp when it
 * cannot keep up (delivered < 80% of offered, or p99 over 2 s).
 */
async function throughput(server, pairs, clients) {
  const slots = pairs.flatMap((pair) => [
    { client: pair.customer, conversationId: pair.conversationId, side: 'customer' },
    { client: pair.agent, conversationId: pair.conversationId, side: 'agent' },
  ]);
  let current = null;
  let outstanding = 0;
  for (const client of clients) {
    client.onMessage((message) => {
      if (message.sender?.type === client.side || !message.text?.startsWith('b|')) return;
      outstanding -= 1;
      if (!current) return;
      const [, , sentAt, side] = message.text.split('|');
      const micros = Math.max(1, Math.round((performance.now() - Number(sentAt)) * 1000));
      current.all.recordValue(micros);
      if (settings.timeline) {
        const second = Math.floor((performance.now() - current.startedAt) / 1000);
        const slot = (current.timeline[second] ??= { count: 0, slow: 0, max: 0 });
        slot.count += 1;
        if (micros > 100_000) slot.slow += 1;
        slot.max = Math.max(slot.max, micros / 1000);
      }
      (side === 'customer' ? current.toAgent : current.toCustomer).recordValue(micros);
      current.delivered += 1;
    });
  }

  /** Sends at `rate` for `seconds`, round-robin over the slots; gives up a send while too many are in flight. */
  async function offer(rate, seconds, stepIndex) {
    let sent = 0;
    let skipped = 0;
    const maxOutstanding = Math.max(2000, rate * 5);
    const startedAt = performance.now();
    while (performance.now() - startedAt < seconds * 1000) {
      const due = Math.floor((rate * (performance.now() - startedAt)) / 1000);
      for (; sent + skipped < due; ) {
        if (outstanding >= maxOutstanding) {
          skipped += 1;
          continue;
        }
        const slot = slots[(sent + skipped) % slots.length];
        slot.client.send(slot.conversationId, benchText(stepIndex, slot.side));
        sent += 1;
        outstanding += 1;
      }
      await sleep(5);
    }
    return { sent, skipped, elapsed: (performance.now() - startedAt) / 1000 };
  }

  // Warm-up, not recorded: the JIT compiles the hot paths and what setting up left behind (logins, grabs) settles.
  if (settings.warmupSeconds > 0 && settings.rates.length) {
    await offer(Math.min(settings.rates[0], gatewayRateCeiling), settings.warmupSeconds, -1);
    await waitFor(() => outstanding <= 0, { timeoutMs: 20_000, intervalMs: 50, what: 'warm-up messages' }).catch(() => undefined);
  }

  const steps = [];
  for (const [stepIndex, rate] of settings.rates.entries()) {
    if (server.target === 'gateway' && rate > gatewayRateCeiling) break;
    const step = {
      all: newHistogram(),
      toAgent: newHistogram(),
      toCustomer: newHistogram(),
      delivered: 0,
      startedAt: performance.now(),
      timeline: [],
    };
    const cpu0 = server.cpuSeconds();
    const gen0 = process.cpuUsage();
    const wait0 = { server: server.runDelaySeconds(), generator: processRunDelaySeconds(process.pid) };
    current = step;
    const { sent, skipped, elapsed } = await offer(rate, settings.stepSeconds, stepIndex);
    current = null;
    const serverCpu = server.cpuSeconds() - cpu0;
    const serverWait = server.runDelaySeconds() - wait0.server;
    const generatorWait = processRunDelaySeconds(process.pid) - wait0.generator;
    const gen = process.cpuUsage(gen0);
    const generatorCpu = (gen.user + gen.system) / 1e6;
    const result = {
      offered: rate,
      delivered: step.delivered / elapsed,
      sentPerSecond: sent / elapsed,
      skipped,
      ...summary(step.all),
      toAgent: summary(step.toAgent),
      toCustomer: summary(step.toCustomer),
      serverCpuPerK: step.delivered ? (serverCpu / step.delivered) * 1000 : null,
      serverCpuShare: serverCpu / elapsed,
      generatorCpuPerK: step.delivered ? (generatorCpu / step.delivered) * 1000 : null,
      generatorCpuShare: generatorCpu / elapsed,
      // Time spent runnable but waiting for a core: other work on the machine, not the target's own cost.
      serverWaitShare: serverWait / elapsed,
      generatorWaitShare: generatorWait / elapsed,
    };
    steps.push(result);
    if (settings.timeline) {
      // Per second of the step: messages received, how many took over 100 ms, the slowest (where a tail comes from).
      const seconds = step.timeline.map((t, i) => `${i}s ${t?.count ?? 0}/${t?.slow ?? 0}/${(t?.max ?? 0).toFixed(0)}ms`);
      log(`${server.target} ${rate}/s timeline (received/over 100 ms/max): ${seconds.join(' ')}`);
    }
    log(
      `${server.target} ${rate}/s offered: ${result.delivered.toFixed(0)}/s delivered, p50 ${result.p50.toFixed(1)} ms, ` +
        `p99 ${result.p99.toFixed(1)} ms, max ${result.max.toFixed(0)} ms, server CPU ${(result.serverCpuShare * 100).toFixed(0)}%, ` +
        `generator CPU ${(result.generatorCpuShare * 100).toFixed(0)}%, waited for a core: server ` +
        `${(result.serverWaitShare * 100).toFixed(0)}%, generator ${(result.generatorWaitShare * 100).toFixed(0)}%`,
    );
    // Let what is still in flight arrive before the next step (bounded).
    await waitFor(() => outstanding <= 0, { timeoutMs: 20_000, intervalMs: 50, what: 'in-flight messages' }).catch(
      () => log(`${server.target}: ${outstanding} messages still in flight after the step`),
    );
    if (result.delivered < 0.8 * rate || result.p99 > 2000 || outstanding > 0) {
      result.saturated = true;
      break;
    }
  }
  return steps;
}

/** Heap and RSS per idle widget socket: memory after connecting `count` sockets minus memory before. */
async function idleMemory(server, clients) {
  await sleep(settings.settleMs);
  const before = await server.memory(settings.memoryReads);
  const startedAt = performance.now();
  await connectAll(clients, { limit: 100, timeoutMs: 300_000 });
  const connectSeconds = (performance.now() - startedAt) / 1000;
  await sleep(settings.settleMs);
  const after = await server.memory(settings.memoryReads);
  const result = {
    sockets: clients.length,
    connectSeconds,
    heapPerSocket: (after.heap - before.heap) / clients.length,
    rssPerSocket: (after.rss - before.rss) / clients.length,
    before,
    after,
  };
  log(
    `${server.target} ${clients.length} idle sockets: heap ${(result.heapPerSocket / 1024).toFixed(1)} KB/socket, ` +
      `RSS ${(result.rssPerSocket / 1024).toFixed(1)} KB/socket (connected in ${connectSeconds.toFixed(1)} s)`,
  );
  return result;
}

/** Restarts the server under `clients` and times how long until every one of them is connected again. */
async function reconnectStorm(server, clients) {
  const { stoppedAt, readyAt } = await server.restart('SIGTERM');
  let allBackAt = null;
  try {
    await waitFor(() => clients.every((client) => client.isConnected()), {
      timeoutMs: 120_000,
      intervalMs: 50,
      what: 'every socket to reconnect',
    });
    allBackAt = performance.now();
  } catch {
    // reported as not all back
  }
  const back = clients.filter((client) => client.isConnected()).length;
  const result = {
    sockets: clients.length,
    back,
    restartSeconds: (readyAt - stoppedAt) / 1000,
    afterReadySeconds: allBackAt ? (allBackAt - readyAt) / 1000 : null,
    totalSeconds: allBackAt ? (allBackAt - stoppedAt) / 1000 : null,
  };
  log(
    `${server.target} restart: ${back}/${clients.length} back, ${result.afterReadySeconds?.toFixed(1) ?? '-'} s after it was ` +
      `up again (${result.totalSeconds?.toFixed(1) ?? '-'} s after it stopped)`,
  );
  return result;
}

async function benchTarget(target) {
  const results = { target, label: TARGETS[target].label };
  const driver = DRIVERS[target];
  const profileDir = argv['cpu-prof'] ? path.resolve(argv['cpu-prof'], target) : null;
  const opts = {
    core: settings.serverCore,
    demoPassword: settings.demoPassword,
    nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  };

  let server = await startServer(target, opts);
  let setup;
  try {
    setup = await driver.setup({
      url: server.url,
      conversations: settings.conversations,
      share: settings.share,
      demoPassword: settings.demoPassword,
    });
    results.grab = setup.grab;
    results.steps = await throughput(server, setup.pairs, setup.clients);
  } finally {
    for (const client of setup?.clients ?? []) client.close();
    await server.stop();
  }

  // A fresh server for memory, so the throughput phase's garbage and data do not count.
  server = await startServer(target, { ...opts, inspect: true });
  let idle = [];
  try {
    idle = await idleClients(target, server.url, settings.idle);
    results.idle = await idleMemory(server, idle);
    if (target === 'gateway' && settings.reconnect > 0) {
      for (const client of idle.slice(settings.reconnect)) client.close();
      results.reconnect = await reconnectStorm(server, idle.slice(0, settings.reconnect));
    }
  } finally {
    for (const client of idle) client.close();
    await server.stop();
  }
  return results;
}

const machine = {
  // os.cpus(), not availableParallelism(): this process is pinned to one core.
  nproc: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  node: process.version,
  memoryGb: Math.round(os.totalmem() / 2 ** 30),
  loadAverage: os.loadavg()[0],
};
log(
  `machine: ${machine.nproc} cores (${machine.cpu}), Node ${machine.node}; server on core ${settings.serverCore}, ` +
    `generator ${settings.generatorPinned ? `on core ${settings.clientCore}` : 'unpinned'}`,
);
const startedAt = Date.now();
const results = [];
for (const target of settings.targets) {
  log(`--- ${TARGETS[target].label} ---`);
  results.push(await benchTarget(target));
}
machine.loadAverageEnd = os.loadavg()[0];
const run = {
  date: new Date().toISOString(),
  command: `npm run bench${QUICK ? ' -- --quick' : ''}`,
  seconds: (Date.now() - startedAt) / 1000,
  machine,
  settings,
  results,
};
// The raw numbers: next to the generator when they go into the docs, in the temp dir otherwise.
const resultsFile = write
  ? path.join(ROOT, 'scripts', 'bench', 'results', 'latest.json')
  : path.join(os.tmpdir(), `switchboard-bench-${QUICK ? 'quick' : 'full'}-${Date.now()}.json`);
fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
fs.writeFileSync(resultsFile, `${JSON.stringify(run, null, 2)}\n`);
if (write) writeReport(run, path.join(ROOT, 'docs', 'benchmarks.md'));
log(`done in ${run.seconds.toFixed(0)} s; results in ${resultsFile}${write ? '; docs/benchmarks.md updated' : ''}`);
process.exit(0);
