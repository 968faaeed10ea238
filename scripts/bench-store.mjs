#!/usr/bin/env node
// Embedded store benchmark (fsync on): acknowledged inserts/s through mongoose, sequential and with 32
// concurrent writers, findOneAndUpdate by _id per second, and journal replay speed at start-up.
// Prints a table and rewrites the "Embedded store" section of docs/benchmarks.md.
import { execSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'libs/mongo-embedded/dist/index.js');
if (!existsSync(dist) || process.argv.includes('--build')) {
  execSync('npx nx run @switchboard/mongo-embedded:build', { cwd: root, stdio: 'inherit' });
}
const require = createRequire(import.meta.url);
const { startEmbeddedMongo } = require(dist);
const mongoose = require('mongoose');

const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 2000);
const CONCURRENT_TOTAL = Number(process.env.BENCH_CONCURRENT ?? 20000);
const WRITERS = 32;
const REPLAY_DOCS = Number(process.env.BENCH_REPLAY ?? 100000);

/** The store runs in its own process (as with `npm run db`), so client and server do not share a core. */
async function startStoreProcess(dbPath) {
  const child = spawn(process.execPath, [path.join(root, 'scripts/db.mjs'), '--port', '0', '--dbpath', dbPath], { stdio: ['ignore', 'pipe', 'inherit'] });
  const uri = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('store process did not start')), 30_000);
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
  const stop = () => new Promise((resolve) => {
    child.on('exit', resolve);
    child.kill('SIGTERM');
  });
  return { uri, stop };
}

async function timed(fn) {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function pool(total, workers, task) {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < total) await task(next++);
    }),
  );
}

const loadAtStart = os.loadavg()[0];
const dbPath = mkdtempSync(path.join(os.tmpdir(), 'sb-bench-store-'));
const rows = [];
/** The machine is shared: each throughput figure is measured ROUNDS times; the table gives median and best. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
async function measure(name, operations, run) {
  const rates = [];
  for (let r = 0; r < ROUNDS; r++) rates.push(operations / (await timed(run)));
  rates.sort((a, b) => a - b);
  rows.push([name, operations, rates[Math.floor(rates.length / 2)], rates[rates.length - 1]]);
}

try {
  const server = await startStoreProcess(dbPath);
  const conn = await mongoose.createConnection(`${server.uri}/bench`, { maxPoolSize: WRITERS }).asPromise();
  const Message = conn.model('Message', new mongoose.Schema({ conversationId: String, body: String, seq: Number }));
  const Conversation = conn.model('Conversation', new mongoose.Schema({ state: String, unread: Number }));
  await Message.init();
  let documents = 0;

  await measure('insert, sequential (mongoose create)', SEQUENTIAL, async () => {
    for (let i = 0; i < SEQUENTIAL; i++) await Message.create({ conversationId: 'c1', body: 'hello there', seq: i });
    documents += SEQUENTIAL;
  });
  await measure(`insert, ${WRITERS} concurrent writers (mongoose create)`, CONCURRENT_TOTAL, async () => {
    await pool(CONCURRENT_TOTAL, WRITERS, (i) => Message.create({ conversationId: `c${i % 100}`, body: 'hello there', seq: i }));
    documents += CONCURRENT_TOTAL;
  });
  // The same load through the bare driver shows how much of the cost is mongoose's own.
  const raw = conn.getClient().db('bench').collection('raw_messages');
  await measure(`insert, ${WRITERS} concurrent writers, bare mongodb driver`, CONCURRENT_TOTAL, async () => {
    await pool(CONCURRENT_TOTAL, WRITERS, (i) => raw.insertOne({ conversationId: `c${i % 100}`, body: 'hello there', seq: i }));
    documents += CONCURRENT_TOTAL;
  });
  const convs = await Conversation.insertMany(Array.from({ length: 1000 }, () => ({ state: 'open', unread: 0 })));
  documents += convs.length;
  const ids = convs.map((c) => c._id);
  await measure(`findOneAndUpdate by _id, ${WRITERS} concurrent (mongoose)`, CONCURRENT_TOTAL, () =>
    pool(CONCURRENT_TOTAL, WRITERS, (i) =>
      Conversation.findOneAndUpdate({ _id: ids[i % ids.length] }, { $inc: { unread: 1 } }, { returnDocument: 'after' }).lean(),
    ),
  );

  // Bulk-load documents for the replay measurement (insertMany batches share fsyncs).
  const Filler = conn.model('Filler', new mongoose.Schema({ n: Number, text: String }));
  for (let done = 0; done < REPLAY_DOCS; done += 5000) {
    await Filler.insertMany(Array.from({ length: 5000 }, (_, i) => ({ n: done + i, text: 'lorem ipsum dolor sit amet' })), { lean: true });
  }
  documents += REPLAY_DOCS;
  await conn.close();
  await server.stop();
  let store;
  let replayLine = '';
  const replaySeconds = await timed(async () => {
    store = await startEmbeddedMongo({
      port: 0,
      dbPath,
      fsync: true,
      compactAfterBytes: Number.MAX_SAFE_INTEGER,
      log: (line) => (replayLine ||= line.startsWith('replayed') ? line : ''),
    });
  });
  await store.close();
  const records = Number(/replayed (\d+) records/.exec(replayLine)?.[1] ?? 0);
  rows.push(['start-up journal replay, documents loaded (one run)', documents, documents / replaySeconds, documents / replaySeconds]);
  rows.push(['start-up journal replay, journal records incl. updates (one run)', records, records / replaySeconds, records / replaySeconds]);
} finally {
  rmSync(dbPath, { recursive: true, force: true });
}

const fmt = (rate) => Math.round(rate).toLocaleString('en-US');
const table = [
  '| Measurement | Operations per run | Per second (median) | Per second (best) |',
  '| --- | ---: | ---: | ---: |',
  ...rows.map(([name, n, median, best]) => `| ${name} | ${n} | ${fmt(median)} | ${fmt(best)} |`),
].join('\n');
console.log(table);

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const section = [
  '<!-- store:start -->',
  '## Embedded store',
  '',
  `Measured by \`node scripts/bench-store.mjs\` (${ROUNDS} runs per throughput figure; store in its own process via scripts/db.mjs, mongoose client in the bench process) on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} × ${cpu}, load average ${loadAtStart.toFixed(1)} at start (the machine is shared), fsync on (every acknowledged write is on disk; concurrent writes share one fdatasync).`,
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
