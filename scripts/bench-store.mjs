#!/usr/bin/env node
// Embedded store benchmark (fsync on), the store in its own process as with `npm run db`:
//   node scripts/bench-store.mjs [--scale N] [--save] [--before <checkout>] [--skip-throughput]
// Throughput: acknowledged inserts/s through mongoose, sequential and with 32 concurrent writers (and the bare driver),
// findOneAndUpdate by _id with 32 writers. Scale run: N conversations × 20 messages shaped like the gateway's (default
// N = 100,000: two million messages) loaded through the official driver while a second connection (in a worker
// thread) pings every 20 ms; then the store's resident memory (anonymous, and its file-backed map), a history page,
// a day's createdAt range count, the newest 20 closed conversations, 32-writer inserts through mongoose at that size,
// and a kill -9 in the middle of acknowledged writes: time to the first ping after restart, and whether every
// acknowledged write is there. `--before <checkout>` runs the same against the store of another checkout (its
// scripts/db.mjs and built libs/mongo-embedded/dist) for a before/after table; `--save` rewrites the
// "Embedded store" section of docs/benchmarks.md.
import { execSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const mongoose = require('mongoose');
const { MongoClient, ObjectId } = require('mongodb');

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: '100000' },
    save: { type: 'boolean', default: false },
    before: { type: 'string' },
    'skip-throughput': { type: 'boolean', default: false },
    build: { type: 'boolean', default: false },
  },
});
const CONVERSATIONS = Number(args.scale);
const MESSAGES_PER_CONVERSATION = 20;
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 2000);
const CONCURRENT_TOTAL = Number(process.env.BENCH_CONCURRENT ?? 10000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WRITERS = 32;
const DAY = 86_400_000;
const BASE = Date.UTC(2026, 0, 1);
/** Conversations are spread over this many days, so a day holds about 1% of the messages. */
const SPAN_DAYS = 100;

const afterCheckout = root;
if (!existsSync(path.join(root, 'libs/mongo-embedded/dist/index.js')) || args.build) {
  execSync('npx nx run @switchboard/mongo-embedded:build', { cwd: root, stdio: 'inherit' });
}

/** The store of `checkout` in its own process; its pid is the store's (db.mjs runs it in-process). */
async function startStoreProcess(checkout, dbPath) {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(checkout, 'scripts/db.mjs'), '--port', '0', '--dbpath', dbPath], { stdio: ['ignore', 'pipe', 'inherit'] });
  const uri = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('store process did not start')), 600_000);
    let out = '';
    child.stdout.on('data', (b) => {
      out += b;
      const m = /ready: (mongodb:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', () => reject(new Error('store process exited')));
  });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.on('exit', resolve);
      child.kill('SIGTERM');
    });
  const kill = () =>
    new Promise((resolve) => {
      child.on('exit', resolve);
      child.kill('SIGKILL');
    });
  return { uri, pid: child.pid, stop, kill, readyMs: performance.now() - started };
}

/** Resident memory of a process: anonymous (the JS heap and native allocations) and file-backed (mapped files). */
function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
    return { rss: kib('VmRSS'), anon: kib('RssAnon'), file: kib('RssFile') };
  } catch {
    return { rss: 0, anon: 0, file: 0 };
  }
}

function dirBytes(dir) {
  return readdirSync(dir).reduce((n, f) => n + statSync(path.join(dir, f)).size, 0);
}

async function timed(fn) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function pool(total, workers, task) {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < total) await task(next++);
    }),
  );
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Pings every 20 ms on its own connection, in a worker thread so that the loader's work cannot delay it. */
function startPinger(uri) {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const { MongoClient } = require(workerData.driver);
     (async () => {
       // A store that stalls for longer than the driver's timeouts must not end the measurement: a failed ping is
       // retried, and its latency counts from the first attempt until one succeeds.
       const client = await MongoClient.connect(workerData.uri, { maxPoolSize: 1, serverSelectionTimeoutMS: 600000, socketTimeoutMS: 0, heartbeatFrequencyMS: 60000 });
       client.on('error', () => undefined);
       const db = client.db('admin');
       const latencies = [];
       let stop = false;
       parentPort.on('message', () => (stop = true));
       while (!stop) {
         const t = performance.now();
         for (;;) {
           try {
             await db.command({ ping: 1 });
             break;
           } catch {
             await new Promise((r) => setTimeout(r, 5));
           }
         }
         latencies.push(performance.now() - t);
         await new Promise((r) => setTimeout(r, 20));
       }
       await client.close();
       parentPort.postMessage(latencies);
     })();`,
    { eval: true, workerData: { uri, driver: require.resolve('mongodb') } },
  );
  worker.on('error', (err) => console.error(`pinger: ${err.message}`));
  return {
    stop: () =>
      new Promise((resolve) => {
        worker.once('message', resolve);
        worker.postMessage('stop');
      }),
  };
}

function conversationDoc(i) {
  return {
    _id: `conv-${String(i).padStart(8, '0')}`,
    number: i + 1,
    artificialType: i % 3 === 0 ? 'open' : 'closed',
    customerId: `cust-${i % 50_000}`,
    customer: { name: `Customer ${i}`, email: `customer${i}@example.com` },
    agentId: `agent-${i % 40}`,
    participants: [`agent-${i % 40}`],
    lastSeq: MESSAGES_PER_CONVERSATION,
    createdAt: new Date(BASE + Math.floor((i * SPAN_DAYS * DAY) / CONVERSATIONS)),
    closedAt: null,
  };
}

function messageDoc(conv, seq) {
  const createdAt = new Date(conv.createdAt.getTime() + seq * 30_000);
  const customer = seq % 2 === 1;
  return {
    _id: new ObjectId(),
    conversationId: conv._id,
    seq,
    clientMsgId: customer ? `m-${conv._id}-${seq}` : null,
    sender: customer ? { type: 'customer', id: conv.customerId } : { type: 'agent', id: conv.agentId },
    kind: 'text',
    text: `message ${seq} in ${conv._id}: a typical customer-service sentence of some length.`,
    attachment: null,
    createdAt,
  };
}

async function createIndexes(db) {
  // The gateway's own indexes, plus the two the scale queries read (a createdAt range, closed ones by createdAt).
  await db.collection('messages').createIndex({ conversationId: 1, seq: 1 }, { unique: true });
  await db.collection('messages').createIndex(
    { conversationId: 1, 'sender.id': 1, clientMsgId: 1 },
    { unique: true, partialFilterExpression: { clientMsgId: { $type: 'string' } } },
  );
  await db.collection('messages').createIndex({ createdAt: 1 });
  await db.collection('conversations').createIndex({ number: 1 }, { unique: true });
  await db.collection('conversations').createIndex({ customerId: 1, createdAt: -1 });
  await db.collection('conversations').createIndex({ artificialType: 1, createdAt: -1 });
}

/** Median and best of `runs` timings of `fn` in ms, after one warm-up. */
async function queryTimes(runs, fn) {
  await fn(0);
  const times = [];
  for (let i = 1; i <= runs; i++) times.push(await timed(() => fn(i)));
  return { median: median(times), best: Math.min(...times) };
}

async function throughput(checkout) {
  const dbPath = mkdtempSync(path.join(os.tmpdir(), 'sb-bench-store-'));
  const out = {};
  try {
    const server = await startStoreProcess(checkout, dbPath);
    const conn = await mongoose.createConnection(`${server.uri}/bench`, { maxPoolSize: WRITERS }).asPromise();
    const Message = conn.model('Message', new mongoose.Schema({ conversationId: String, body: String, seq: Number }));
    const Conversation = conn.model('Conversation', new mongoose.Schema({ state: String, unread: Number }));
    await Message.init();
    const measure = async (name, operations, run) => {
      const rates = [];
      for (let r = 0; r < ROUNDS; r++) rates.push(operations / ((await timed(run)) / 1000));
      out[name] = { median: median(rates), best: Math.max(...rates) };
    };
    await measure('insert, sequential (mongoose create)', SEQUENTIAL, async () => {
      for (let i = 0; i < SEQUENTIAL; i++) await Message.create({ conversationId: 'c1', body: 'hello there', seq: i });
    });
    await measure(`insert, ${WRITERS} concurrent writers (mongoose create)`, CONCURRENT_TOTAL, () =>
      pool(CONCURRENT_TOTAL, WRITERS, (i) => Message.create({ conversationId: `c${i % 100}`, body: 'hello there', seq: i })),
    );
    const raw = conn.getClient().db('bench').collection('raw_messages');
    await measure(`insert, ${WRITERS} concurrent writers, bare mongodb driver`, CONCURRENT_TOTAL, () =>
      pool(CONCURRENT_TOTAL, WRITERS, (i) => raw.insertOne({ conversationId: `c${i % 100}`, body: 'hello there', seq: i })),
    );
    const convs = await Conversation.insertMany(Array.from({ length: 1000 }, () => ({ state: 'open', unread: 0 })));
    const ids = convs.map((c) => c._id);
    await measure(`findOneAndUpdate by _id, ${WRITERS} concurrent (mongoose)`, CONCURRENT_TOTAL, () =>
      pool(CONCURRENT_TOTAL, WRITERS, (i) =>
        Conversation.findOneAndUpdate({ _id: ids[i % ids.length] }, { $inc: { unread: 1 } }, { returnDocument: 'after' }).lean(),
      ),
    );
    await conn.close();
    await server.stop();
  } finally {
    rmSync(dbPath, { recursive: true, force: true });
  }
  return out;
}

async function scaleRun(checkout, label) {
  const dbPath = mkdtempSync(path.join(os.tmpdir(), 'sb-bench-scale-'));
  const result = { label };
  const log = (line) => console.log(`[${label}] ${line}`);
  try {
    let server = await startStoreProcess(checkout, dbPath);
    let peak = { rss: 0, anon: 0, file: 0 };
    let watched = server.pid;
    const sampler = setInterval(() => {
      const m = memoryOf(watched);
      peak = { rss: Math.max(peak.rss, m.rss), anon: Math.max(peak.anon, m.anon), file: Math.max(peak.file, m.file) };
    }, 200);
    try {
      // The journal engine stalls for longer than the driver's default timeouts (compaction at two million messages).
      const patient = { serverSelectionTimeoutMS: 600_000, connectTimeoutMS: 600_000, heartbeatFrequencyMS: 60_000 };
      let client = await MongoClient.connect(server.uri, { maxPoolSize: 8, ...patient });
      let db = client.db('switchboard');
      await createIndexes(db);
      const pinger = startPinger(server.uri);
      const loadStarted = performance.now();
      // The gateway's batch loader sends at most 256 documents per command: messages go in commands of 240.
      const BATCH = 240;
      const LOADERS = 4;
      let nextConversation = 0;
      const loader = async () => {
        while (nextConversation < CONVERSATIONS) {
          const from = nextConversation;
          const to = Math.min(CONVERSATIONS, from + BATCH / MESSAGES_PER_CONVERSATION);
          nextConversation = to;
          const convs = [];
          const messages = [];
          for (let i = from; i < to; i++) {
            const conv = conversationDoc(i);
            convs.push(conv);
            for (let s = 1; s <= MESSAGES_PER_CONVERSATION; s++) messages.push(messageDoc(conv, s));
          }
          await db.collection('conversations').insertMany(convs, { ordered: false });
          await db.collection('messages').insertMany(messages, { ordered: false });
          if (to % (CONVERSATIONS / 10 || 1) < BATCH / MESSAGES_PER_CONVERSATION) log(`loaded ${to * MESSAGES_PER_CONVERSATION} messages`);
        }
      };
      await Promise.all(Array.from({ length: LOADERS }, loader));
      const loadMs = performance.now() - loadStarted;
      const pings = await pinger.stop();
      const sortedPings = [...pings].sort((a, b) => b - a);
      result.messages = CONVERSATIONS * MESSAGES_PER_CONVERSATION;
      result.loadPerSecond = result.messages / (loadMs / 1000);
      result.worstPings = sortedPings.slice(0, 5);
      result.pingsOver250 = pings.filter((p) => p > 250).length;
      result.pings = pings.length;
      result.afterLoad = memoryOf(server.pid);
      result.dataBytes = dirBytes(dbPath);
      log(`load: ${Math.round(result.loadPerSecond)} messages/s, worst ping ${sortedPings[0]?.toFixed(1)} ms`);

      // Queries on the loaded data (the same connection, median of several runs).
      const messages = db.collection('messages');
      const conversations = db.collection('conversations');
      result.historyPage = await queryTimes(50, (i) =>
        messages
          .find({ conversationId: conversationDoc((i * 7919) % CONVERSATIONS)._id, seq: { $lt: 15 } })
          .sort({ seq: -1 })
          .limit(10)
          .toArray(),
      );
      result.dayCount = await queryTimes(9, (i) => {
        const from = BASE + ((i * 13) % (SPAN_DAYS - 1)) * DAY;
        return messages.countDocuments({ createdAt: { $gte: new Date(from), $lt: new Date(from + DAY) } });
      });
      result.newestClosed = await queryTimes(20, () => conversations.find({ artificialType: 'closed' }).sort({ createdAt: -1 }).limit(20).toArray());
      log(`history page ${result.historyPage.median.toFixed(2)} ms, day count ${result.dayCount.median.toFixed(1)} ms, newest closed ${result.newestClosed.median.toFixed(2)} ms`);

      // 32 acknowledged writers through mongoose, on top of the loaded data.
      const conn = await mongoose.createConnection(`${server.uri}/switchboard`, { maxPoolSize: WRITERS }).asPromise();
      const Message = conn.model('Message', new mongoose.Schema({ conversationId: String, seq: Number, text: String, createdAt: Date }), 'messages');
      const rates = [];
      let extraSeq = MESSAGES_PER_CONVERSATION;
      for (let r = 0; r < ROUNDS; r++) {
        const ms = await timed(() =>
          pool(CONCURRENT_TOTAL, WRITERS, (i) => Message.create({ conversationId: `bench-${i % 1000}`, seq: ++extraSeq, text: 'hello there', createdAt: new Date() })),
        );
        rates.push(CONCURRENT_TOTAL / (ms / 1000));
      }
      result.writers32 = { median: median(rates), best: Math.max(...rates) };
      await conn.close();
      log(`32 writers: ${Math.round(result.writers32.median)} inserts/s`);

      // kill -9 in the middle of acknowledged writes, then restart.
      const acked = [];
      let stopWriting = false;
      const writerClient = await MongoClient.connect(server.uri, { maxPoolSize: 16 });
      const target = writerClient.db('switchboard').collection('acked');
      let n = 0;
      const writers = Array.from({ length: 16 }, async () => {
        while (!stopWriting) {
          const id = n++;
          try {
            await target.insertOne({ _id: id, at: new Date() });
            acked.push(id);
          } catch {
            return;
          }
        }
      });
      await new Promise((r) => setTimeout(r, 1500));
      result.beforeKill = memoryOf(server.pid);
      stopWriting = true;
      await server.kill();
      await Promise.all(writers);
      await writerClient.close(true).catch(() => undefined);
      await client.close(true).catch(() => undefined);
      const restartStarted = performance.now();
      server = await startStoreProcess(checkout, dbPath);
      watched = server.pid;
      client = await MongoClient.connect(server.uri, { maxPoolSize: 2 });
      await client.db('admin').command({ ping: 1 });
      result.restartMs = performance.now() - restartStarted;
      db = client.db('switchboard');
      const present = await db.collection('acked').countDocuments({ _id: { $in: acked } });
      result.acked = acked.length;
      result.ackedPresent = present;
      result.messagesAfterRestart = await db.collection('messages').estimatedDocumentCount();
      result.afterRestart = memoryOf(server.pid);
      log(`restart: first ping after ${Math.round(result.restartMs)} ms, ${present}/${acked.length} acknowledged writes present`);
      await client.close();
      await server.stop();
    } finally {
      clearInterval(sampler);
    }
    result.peak = peak;
  } finally {
    rmSync(dbPath, { recursive: true, force: true });
  }
  return result;
}

const MiB = (b) => `${Math.round(b / 1024 / 1024).toLocaleString('en-US')} MiB`;
const ms = (v, digits = 1) => `${v.toFixed(digits)} ms`;
const rate = (v) => Math.round(v).toLocaleString('en-US');

function scaleRows(r) {
  return [
    ['messages loaded (driver insertMany of 240, 4 loaders)', `${r.messages.toLocaleString('en-US')} at ${rate(r.loadPerSecond)}/s`],
    ['worst pings while loading (every 20 ms, other connection)', `${r.worstPings.map((p) => p.toFixed(0)).join(', ')} ms; ${r.pingsOver250} of ${r.pings} over 250 ms`],
    ['store resident memory, peak: anonymous / file-backed (map pages)', `${MiB(r.peak.anon)} / ${MiB(r.peak.file)}`],
    ['store resident memory after the load: anonymous / file-backed', `${MiB(r.afterLoad.anon)} / ${MiB(r.afterLoad.file)}`],
    ['data directory on disk', MiB(r.dataBytes)],
    ['history page (conversationId, seq < x, newest 10): median / best', `${ms(r.historyPage.median, 2)} / ${ms(r.historyPage.best, 2)}`],
    ["a day's messages by createdAt range (countDocuments): median / best", `${ms(r.dayCount.median)} / ${ms(r.dayCount.best)}`],
    ['newest 20 closed conversations by createdAt: median / best', `${ms(r.newestClosed.median, 2)} / ${ms(r.newestClosed.best, 2)}`],
    [`${WRITERS}-writer acknowledged inserts through mongoose, at that size: median / best`, `${rate(r.writers32.median)}/s / ${rate(r.writers32.best)}/s`],
    ['restart after kill -9 during acknowledged writes: first ping', `${rate(r.restartMs)} ms`],
    ['acknowledged writes present after the restart', `${r.ackedPresent} of ${r.acked}; ${r.messagesAfterRestart.toLocaleString('en-US')} messages`],
    ['store resident memory after the restart: anonymous / file-backed', `${MiB(r.afterRestart.anon)} / ${MiB(r.afterRestart.file)}`],
  ];
}

const loadAtStart = os.loadavg();
const runs = [];
if (args.before) runs.push({ label: 'before', checkout: path.resolve(args.before) });
runs.push({ label: 'after', checkout: afterCheckout });
for (const run of runs) {
  if (!args['skip-throughput']) run.throughput = await throughput(run.checkout);
  run.scale = await scaleRun(run.checkout, run.label);
}
const loadAtEnd = os.loadavg();

const labels = runs.map((r) => r.label);
const lines = [];
if (!args['skip-throughput']) {
  lines.push(`| Throughput (operations/s, median of ${ROUNDS}; best) | ${labels.join(' | ')} |`, `| --- |${labels.map(() => ' ---: |').join('')}`);
  for (const name of Object.keys(runs[0].throughput)) {
    lines.push(`| ${name} | ${runs.map((r) => `${rate(r.throughput[name].median)} (${rate(r.throughput[name].best)})`).join(' | ')} |`);
  }
  lines.push('');
}
const scaleTable = runs.map((r) => scaleRows(r.scale));
lines.push(`| Scale run: ${CONVERSATIONS.toLocaleString('en-US')} conversations × ${MESSAGES_PER_CONVERSATION} | ${labels.join(' | ')} |`, `| --- |${labels.map(() => ' --- |').join('')}`);
scaleTable[0].forEach(([name], i) => lines.push(`| ${name} | ${scaleTable.map((rows) => rows[i][1]).join(' | ')} |`));
const table = lines.join('\n');
console.log(table);

if (args.save) {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const load = (l) => l.map((x) => x.toFixed(1)).join(' / ');
  const section = [
    '<!-- store:start -->',
    '## Embedded store',
    '',
    `Measured by \`node scripts/bench-store.mjs --scale ${CONVERSATIONS}${args.before ? ' --before <checkout of the journal engine>' : ''} --save\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} × ${cpu}, load average (1/5/15 min) ${load(loadAtStart)} at start and ${load(loadAtEnd)} at the end (the machine is shared with other work). The store runs in its own process via scripts/db.mjs with fsync on (an acknowledged write is on disk); the clients run in the bench process, the pinger in a worker thread.${args.before ? ' "before" is the journal/snapshot engine, "after" LMDB.' : ''}`,
    '',
    table,
    '<!-- store:end -->',
  ].join('\n');
  const docFile = path.join(root, 'docs/benchmarks.md');
  let doc = existsSync(docFile) ? readFileSync(docFile, 'utf8') : '# Benchmarks\n';
  const markers = /<!-- store:start -->[\s\S]*?<!-- store:end -->/;
  doc = markers.test(doc) ? doc.replace(markers, section) : `${doc.trimEnd()}\n\n${section}\n`;
  writeFileSync(docFile, doc);
  console.log(`updated ${path.relative(root, docFile)}`);
}
// Driver monitors and the pinger's worker may still hold the event loop: the measurement is over.
process.exit(0);
