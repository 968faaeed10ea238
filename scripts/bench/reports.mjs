#!/usr/bin/env node
// Reports benchmark (PROTOCOL section 12, docs/reports.md):
//   node scripts/bench/reports.mjs [--scale N] [--days D] [--runs R] [--save]        (npm run bench:reports)
// Loads N conversations (default 100,000) spread over D days (default 92) into a temporary embedded store, each with
// the moments the gateway records (first assignment, first customer message, first response, closing, rating) and the
// gateway's own indexes, plus 50 agents. Then it times the gateway's own ReportsService (apps/gateway/dist, through
// mongoose to the store in its own process): the 90-day summary (target: under 1 s), the same for one agent, and the
// 90-day CSV export streamed to nowhere. `--save` rewrites the "Reports" section of docs/benchmarks.md.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { insertAll, PATIENT, replaceSection, startEmbedded } from './lib/embedded-store.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: '100000' },
    days: { type: 'string', default: '92' },
    runs: { type: 'string', default: '10' },
    save: { type: 'boolean', default: false },
  },
});
const CONVERSATIONS = Number(args.scale);
const DAYS = Number(args.days);
const RUNS = Number(args.runs);
const AGENTS = 50;
const BATCH = 5000;
const BASE = Date.UTC(2026, 0, 1);
const DAY_MS = 86_400_000;

// The summary runs inside the gateway, and by default the store too (in-process): both processes of this benchmark
// take the gateway's Node flags (apps/gateway/package.json, switchboard.nodeFlags), as `npm start` gives them.
const { gatewayNodeFlags } = require(path.join(root, 'scripts/cluster/processes.js'));
const nodeFlags = gatewayNodeFlags(root);
if (nodeFlags.some((flag) => !process.execArgv.includes(flag))) {
  const again = spawnSync(
    process.execPath,
    [...process.execArgv, ...nodeFlags, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  process.exit(again.status ?? 1);
}

const dist = (p) => path.join(root, p);
if (!existsSync(dist('apps/gateway/dist/reports/reports.service.js'))) {
  execSync('npx nx build gateway', { cwd: root, stdio: 'inherit' });
}
const mongoose = require('mongoose');
const { ReportsService } = require(dist('apps/gateway/dist/reports/reports.service.js'));
const { ConversationsRepository } = require(
  dist('apps/gateway/dist/conversations/conversations.repository.js'),
);
const { UsersRepository } = require(dist('apps/gateway/dist/users/users.repository.js'));
const { ConversationRecord, ConversationSchema, CounterRecord, CounterSchema } = require(
  dist('apps/gateway/dist/conversations/schemas/conversation.schema.js'),
);
const { User, UserSchema } = require(dist('apps/gateway/dist/users/schemas/user.schema.js'));
const { TeamsRepository } = require(dist('apps/gateway/dist/teams/teams.repository.js'));
const { TeamEntry, TeamSchema } = require(dist('apps/gateway/dist/teams/schemas/team.schema.js'));

let seed = 17;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const between = (low, high) => low + Math.floor(random() * (high - low));
const agentIds = Array.from({ length: AGENTS }, (_, i) => (0xa0000000 + i).toString(16).padStart(24, '0'));
const hexId = (ms, i) =>
  Math.floor(ms / 1000)
    .toString(16)
    .padStart(8, '0') + i.toString(16).padStart(16, '0');

/** A conversation as the gateway leaves it: 10% never answered, 5% offline, 60% of the closed ones rated. */
function conversationAt(i) {
  const created = BASE + Math.floor((i * DAYS * DAY_MS) / CONVERSATIONS);
  const createdAt = new Date(created);
  const c = {
    _id: hexId(created, i),
    number: i + 1,
    artificialType: 'closed',
    customerId: `c${String(i).padStart(23, '0')}`,
    customer: { id: `c${i}`, name: i % 3 === 0 ? '王伟' : `Customer ${i}`, type: null },
    agentId: null,
    participants: [],
    transfer: null,
    lastSeq: 6,
    lastMessage: null,
    reads: { customer: 0, agents: {} },
    unread: { customer: 0, agent: 0 },
    createdAt,
    queuedAt: createdAt,
    assignedAt: null,
    closedAt: null,
    closedBy: 'customer',
    rating: null,
    deadlineAt: null,
    closeProposalSeq: null,
    pendingSystem: [],
    waitSeconds: null,
    labels: [],
    offline: random() < 0.05,
    firstCustomerMessageAt: createdAt,
  };
  if (random() < 0.9) {
    const agent = agentIds[between(0, AGENTS)];
    const assigned = created + between(1, 600) * 1000;
    Object.assign(c, {
      agentId: agent,
      participants: [agent],
      assignedAt: new Date(assigned),
      waitSeconds: (assigned - created) / 1000,
      firstAssignedAt: new Date(assigned),
      firstAgentId: agent,
      lastAgentId: agent,
      firstResponseAt: new Date(assigned + between(5, 900) * 1000),
      firstResponderId: agent,
      closedBy: 'agent',
    });
  }
  if (random() < 0.97) {
    c.closedAt = new Date(created + between(300, 4 * 3600) * 1000);
    if (random() < 0.6) c.rating = { score: between(1, 6), comment: null };
  } else c.artificialType = c.agentId ? 'serving' : 'open';
  return c;
}

async function load(conn) {
  const Conversation = conn.model(ConversationRecord.name, ConversationSchema);
  const Counter = conn.model(CounterRecord.name, CounterSchema);
  const Users = conn.model(User.name, UserSchema);
  await Promise.all([Conversation.init(), Counter.init(), Users.init()]);
  const started = performance.now();
  await insertAll(
    Users.collection,
    agentIds.map((id, i) => ({
      _id: new mongoose.Types.ObjectId(id),
      role: 'agent',
      name: `Agent ${i + 1}`,
      email: `agent${i + 1}@example.com`,
      passwordHash: 'x',
      status: 'online',
      maxConcurrent: 5,
      createdAt: new Date(BASE),
    })),
  );
  for (let from = 0; from < CONVERSATIONS; from += BATCH) {
    const batch = [];
    for (let i = from; i < Math.min(CONVERSATIONS, from + BATCH); i++) batch.push(conversationAt(i));
    await insertAll(Conversation.collection, batch);
  }
  return { Conversation, Counter, Users, loadMs: performance.now() - started };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function timed(runs, task) {
  const first = await task();
  const times = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    await task();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { first, p50: percentile(times, 50), max: times[times.length - 1] };
}

async function measure(uri) {
  console.log(`loading ${CONVERSATIONS.toLocaleString('en-US')} conversations over ${DAYS} days`);
  const conn = await mongoose.createConnection(uri, { maxPoolSize: 8, ...PATIENT }).asPromise();
  const { Conversation, Counter, Users, loadMs } = await load(conn);
  const settings = { get: async () => ({ timezone: 'Asia/Shanghai' }) };
  const service = new ReportsService(
    new ConversationsRepository(Conversation, Counter),
    new UsersRepository(Users),
    settings,
    new TeamsRepository(conn.model(TeamEntry.name, TeamSchema)),
  );
  const to = new Date(BASE + 90 * DAY_MS - DAY_MS).toISOString().slice(0, 10);
  const range = { from: '2026-01-01', to };
  const rows = [];
  const summary = await timed(RUNS, () => service.summary(range));
  rows.push({
    what: `summary, 90 days (${range.from} to ${to})`,
    counted: summary.first.conversations,
    ...summary,
  });
  const oneAgent = await timed(RUNS, () => service.summary({ ...range, agentId: agentIds[7] }));
  rows.push({ what: 'summary, 90 days, one agent', counted: oneAgent.first.conversations, ...oneAgent });
  const csv = await timed(Math.min(RUNS, 3), async () => {
    let bytes = 0;
    let lines = 0;
    for await (const chunk of service.csv(range)) {
      bytes += Buffer.byteLength(chunk);
      lines += chunk.split('\r\n').length - 1;
    }
    return { bytes, lines };
  });
  rows.push({
    what: `CSV export, 90 days (${(csv.first.bytes / 1e6).toFixed(1)} MB)`,
    counted: csv.first.lines - 1,
    ...csv,
  });
  for (const row of rows)
    console.log(
      `${row.what}: ${row.counted.toLocaleString('en-US')} conversations, p50 ${row.p50.toFixed(0)} ms, max ${row.max.toFixed(0)} ms`,
    );
  await conn.close();
  return { loadMs, rows };
}

const loadAtStart = os.loadavg();
const dbPath = mkdtempSync(path.join(os.tmpdir(), 'sb-bench-reports-'));
let result;
try {
  const store = await startEmbedded(dbPath, 'reports-bench', nodeFlags);
  try {
    result = await measure(store.uri);
  } finally {
    await store.stop();
  }
} finally {
  rmSync(dbPath, { recursive: true, force: true });
}
const loadAtEnd = os.loadavg();

const table = [
  '| measured | conversations | p50 | max |',
  '| --- | ---: | ---: | ---: |',
  ...result.rows.map(
    (r) =>
      `| ${r.what} | ${r.counted.toLocaleString('en-US')} | ${r.p50.toFixed(0)} ms | ${r.max.toFixed(0)} ms |`,
  ),
].join('\n');
console.log(`\n${table}`);

if (args.save) {
  const loadAvg = (l) => l.map((x) => x.toFixed(1)).join(' / ');
  const section = [
    '## Reports',
    '',
    `Measured by \`node scripts/bench/reports.mjs --scale ${CONVERSATIONS} --save\` (\`npm run bench:reports\`) on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, load average (1/5/15 min) ${loadAvg(loadAtStart)} at start and ${loadAvg(loadAtEnd)} at the end (the machine is shared). ${CONVERSATIONS.toLocaleString('en-US')} conversations over ${DAYS} days (loaded in ${(result.loadMs / 1000).toFixed(0)} s with the gateway's indexes), ${AGENTS} agents, time zone Asia/Shanghai; each timing is the gateway's own \`ReportsService\` (the createdAt index range, the stored moments through a cursor, medians and p90, byAgent with names, byDay) through mongoose to the embedded store in its own process, both with the gateway's Node flags (\`${nodeFlags.join(' ')}\`), ${RUNS} runs after a first one. Target: the 90-day summary under 1 s.`,
    '',
    table,
  ].join('\n');
  const docFile = path.join(root, 'docs/benchmarks.md');
  writeFileSync(docFile, replaceSection(readFileSync(docFile, 'utf8'), 'reports', section));
  console.log(`updated ${path.relative(root, docFile)}`);
}
process.exit(0);
