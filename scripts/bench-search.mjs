#!/usr/bin/env node
// Search benchmark (PROTOCOL section 8, "Search"):
//   node scripts/bench-search.mjs [--scale N] [--per-conversation M] [--runs R] [--save]        (MONGODB_URL=mongodb://.../db: also MongoDB)
//        [--data DIR]            keep the embedded store's data in DIR and, on a later run with the same scale, reuse it
//        [--store-cpu-prof DIR]  write a CPU profile of the store's process into DIR (for finding where a query spends)
//        [--only agent|supervisor] [--agents A]  (default 50: the agent measured reads N / A conversations)
// Loads N conversations × 20 messages (default N = 100,000: two million messages) of mixed Chinese and English
// customer-service text into a temporary embedded store (scripts/db.mjs in its own process, --no-fsync: only reads are
// measured), through the driver in big unordered insertMany batches, each message with the search keys the gateway
// stores (libs/protocol searchKeys) and the gateway's own indexes (its mongoose schemas). Then it times the gateway's
// own SearchService (apps/gateway/dist, on a mongoose connection to that store) for a supervisor and for an agent,
// over Chinese bigrams, English prefixes, two words, rare and common terms: p50/p95/p99 of R runs each.
// `--save` rewrites the "Search" section of docs/benchmarks.md.
import { execSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '200' },
    'per-conversation': { type: 'string', default: '20' },
    save: { type: 'boolean', default: false },
    data: { type: 'string' },
    'store-cpu-prof': { type: 'string' },
    only: { type: 'string' },
    agents: { type: 'string', default: '50' },
  },
});
if (args.save && args.only) throw new Error('--save writes the whole table: not with --only');
const CONVERSATIONS = Number(args.scale);
const RUNS = Number(args.runs);
const PER_CONVERSATION = Number(args['per-conversation']);
const AGENTS = Number(args.agents);
/** Messages per insertMany: the store still commits them in its own batches; big commands mean few round trips. */
const BATCH = 4000;
const LOADERS = 3;
const SPAN_MS = 100 * 86_400_000;
const BASE = Date.UTC(2026, 0, 1);

const dist = (p) => path.join(root, p);
if (!existsSync(dist('apps/gateway/dist/search/search.service.js')) || !existsSync(dist('libs/mongo-embedded/dist/index.js'))) {
  execSync('npx nx run-many -t build -p @switchboard/gateway @switchboard/mongo-embedded', { cwd: root, stdio: 'inherit' });
}
const mongoose = require('mongoose');
const { searchKeys } = require(dist('libs/protocol/dist/index.js'));
const { SearchService } = require(dist('apps/gateway/dist/search/search.service.js'));
const { MessagesRepository } = require(dist('apps/gateway/dist/message-store/messages.repository.js'));
const { ConversationsRepository } = require(dist('apps/gateway/dist/conversations/conversations.repository.js'));
const { MessageRecord, MessageSchema } = require(dist('apps/gateway/dist/message-store/schemas/message.schema.js'));
const { ConversationRecord, ConversationSchema, CounterRecord, CounterSchema } = require(dist('apps/gateway/dist/conversations/schemas/conversation.schema.js'));

// --- text: a seeded generator of realistic customer-service lines in Chinese, English and both -----------------------
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (xs) => xs[Math.floor(random() * xs.length)];
const ZH = {
  open: ['你好', '您好', '在吗', '麻烦问一下', '请问', '客服你好'],
  item: ['蓝牙耳机', '运动鞋', '手机壳', '充电器', '咖啡机', '羽绒服', '机械键盘', '保温杯', '儿童座椅', '扫地机器人'],
  issue: ['还没有收到', '物流一直没有更新', '收到的时候包装破了', '颜色发错了', '尺码不合适', '用了两天就坏了', '和描述的不一样', '少发了一件'],
  ask: ['我想申请退款', '可以换货吗', '什么时候能发货', '能帮我查一下订单吗', '运费谁来承担', '可以开发票吗', '怎么修改收货地址', '能不能加急处理'],
  agent: ['好的，我帮您查一下', '非常抱歉给您带来不便', '已经为您登记退款申请', '请提供一下订单号', '预计三个工作日内到账', '我们会尽快为您补发', '还有其他可以帮您的吗'],
  close: ['谢谢', '辛苦了', '好的', '麻烦尽快', '谢谢你的帮助'],
};
const EN = {
  open: ['Hi', 'Hello', 'Good morning', 'Hey there', 'Excuse me'],
  item: ['running shoes', 'wireless headphones', 'phone case', 'coffee machine', 'winter jacket', 'mechanical keyboard', 'travel mug', 'car seat', 'robot vacuum', 'charger'],
  issue: ['has not arrived yet', 'arrived damaged', 'is the wrong colour', 'does not fit', 'stopped working after two days', 'is not as described', 'was missing from the parcel'],
  ask: ['I would like a refund', 'can I exchange it', 'when will it ship', 'could you check my order', 'who pays for the return shipping', 'can I get an invoice', 'how do I change the delivery address', 'please expedite it'],
  agent: ['Sure, let me check that for you', 'I am sorry for the trouble', 'I have filed the refund request', 'Could you share the order number', 'The money should be back within three business days', 'We will send a replacement', 'Is there anything else I can help with'],
  close: ['thanks', 'thank you so much', 'great', 'please hurry', 'cheers'],
};
const SURNAMES = ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Smith', 'Garcia', 'Müller', 'Tanaka', 'Kim', 'Silva', 'Novak'];
const GIVEN = ['Wei', 'Fang', 'Na', 'Lei', 'Anna', 'James', 'Maria', 'Lucas', 'Yuki', 'Minjun', 'Sofia', 'Omar'];
const ZH_NAMES = ['王伟', '李娜', '张敏', '刘洋', '陈静', '杨磊', '赵丽', '黄强'];
/** About 1 message in 20,000 holds each rare term: ~100 at full scale. */
const RARE = { en: 'defibrillator', zh: '发票抬头' };

function line(lang, customer, seq) {
  const L = lang === 'zh' ? ZH : EN;
  const sep = lang === 'zh' ? '，' : ', ';
  let text;
  if (!customer) text = `${pick(L.agent)}${lang === 'zh' ? '。' : '. '}${pick(L.agent)}`;
  else if (seq === 1) text = `${pick(L.open)}${sep}${lang === 'zh' ? '我买的' : 'my '}${pick(L.item)}${lang === 'zh' ? '' : ' '}${pick(L.issue)}${sep}${pick(L.ask)}`;
  else text = `${pick(L.ask)}${sep}${pick(L.close)}`;
  if (random() < 0.1) text += lang === 'zh' ? ` 订单号 A${Math.floor(random() * 1e6)}，iPhone 15 也有问题` : ` order A${Math.floor(random() * 1e6)} 订单 还没到`;
  if (random() < 1 / 20_000) text += lang === 'zh' ? ` ${RARE.zh}写错了` : ` the ${RARE.en} manual`;
  return text;
}

/** ObjectId-shaped, time-ordered hex ids (as the gateway's conversation ids are). */
const hexId = (ms, i) => Math.floor(ms / 1000).toString(16).padStart(8, '0') + i.toString(16).padStart(16, '0');
const agentId = (i) => `a${String(i).padStart(23, '0')}`;

function conversationAt(i) {
  const createdAt = new Date(BASE + Math.floor((i * SPAN_MS) / CONVERSATIONS));
  const zh = random() < 0.5;
  const name = zh ? pick(ZH_NAMES) : `${pick(GIVEN)} ${pick(SURNAMES)}`;
  const email = `${zh ? 'user' : name.split(' ')[0].toLowerCase()}${i}@example.com`;
  const agent = agentId(i % AGENTS);
  const id = hexId(createdAt.getTime(), i);
  const conversation = {
    _id: id, number: i + 1, artificialType: 'closed', customerId: `c${String(i).padStart(23, '0')}`,
    customer: { id: `c${i}`, name, type: null }, agentId: agent, participants: [agent], mentionedAgentIds: [],
    transfer: null, lastSeq: PER_CONVERSATION, lastMessage: null, reads: { customer: 0, agents: {} },
    unread: { customer: 0, agent: 0 }, createdAt, queuedAt: createdAt, assignedAt: createdAt, closedAt: createdAt,
    closedBy: 'agent', rating: null, deadlineAt: null, closeProposalSeq: null, pendingSystem: [], waitSeconds: 5,
    labels: [], searchKeys: searchKeys(name, email),
  };
  const messages = [];
  for (let seq = 1; seq <= PER_CONVERSATION; seq++) {
    const customer = seq % 2 === 1;
    const lang = random() < 0.1 ? (zh ? 'en' : 'zh') : zh ? 'zh' : 'en';
    const text = line(lang, customer, seq);
    messages.push({
      _id: new mongoose.Types.ObjectId(), conversationId: id, seq, clientMsgId: `m-${id}-${seq}`,
      sender: customer ? { id: conversation.customerId, type: 'customer', name } : { id: agent, type: 'agent', name: 'Agent' },
      kind: 'text', text, attachment: null, createdAt: new Date(createdAt.getTime() + seq * 30_000), searchKeys: searchKeys(text),
    });
  }
  return { conversation, messages };
}

// --- the stores -------------------------------------------------------------------------------------------------------
function startEmbedded(dbPath) {
  const profile = args['store-cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(args['store-cpu-prof'])] : [];
  const child = spawn(process.execPath, [...profile, dist('scripts/db.mjs'), '--port', '0', '--dbpath', dbPath, '--no-fsync'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const ready = /ready: (mongodb:\/\/\S+)/.exec(out);
      if (ready) resolve({ uri: `${ready[1]}/search-bench`, stop: () => new Promise((done) => (child.once('exit', done), child.kill('SIGTERM'))) });
    });
    child.once('exit', (code) => reject(new Error(`store exited (${code})`)));
  });
}

/**
 * An unordered insertMany, sent again after a network error (this machine may pause the processes for minutes);
 * documents a first attempt already stored come back as duplicates, which is fine.
 */
async function insertAll(collection, docs) {
  for (let attempt = 1; ; attempt++) {
    try {
      await collection.insertMany(docs, { ordered: false });
      return;
    } catch (error) {
      const onlyDuplicates = error?.writeErrors?.length > 0 && [error.writeErrors].flat().every((e) => e.code === 11000);
      if (onlyDuplicates) return;
      if (attempt >= 20) throw error;
      console.log(`  insert failed (${error?.message ?? error}); again`);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

/** Driver timeouts for a machine whose processes may be paused: nothing gives up for ten minutes. */
const PATIENT = { serverSelectionTimeoutMS: 600_000, connectTimeoutMS: 600_000, socketTimeoutMS: 0, heartbeatFrequencyMS: 60_000 };

async function load(conn) {
  const Message = conn.model(MessageRecord.name, MessageSchema);
  const Conversation = conn.model(ConversationRecord.name, ConversationSchema);
  const Counter = conn.model(CounterRecord.name, CounterSchema);
  await Promise.all([Message.init(), Conversation.init(), Counter.init()]);
  const started = performance.now();
  let next = 0;
  let loaded = 0;
  const perBatch = BATCH / PER_CONVERSATION;
  const loader = async () => {
    while (next < CONVERSATIONS) {
      const from = next;
      next = Math.min(CONVERSATIONS, from + perBatch);
      const conversations = [];
      const messages = [];
      for (let i = from; i < next; i++) {
        const made = conversationAt(i);
        conversations.push(made.conversation);
        messages.push(...made.messages);
      }
      await insertAll(Conversation.collection, conversations);
      await insertAll(Message.collection, messages);
      loaded += messages.length;
      if (Math.floor(loaded / 200_000) !== Math.floor((loaded - messages.length) / 200_000))
        console.log(`  loaded ${loaded.toLocaleString('en-US')} messages in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
  };
  await Promise.all(Array.from({ length: LOADERS }, loader));
  return { Message, Conversation, Counter, loadMs: performance.now() - started };
}

const QUERIES = [
  ['Chinese bigram, common', '退款'],
  ['Chinese run, rare', RARE.zh],
  ['English prefix, common', 'refu'],
  ['English word, rare', RARE.en],
  ['two words', 'refund shoes'],
  ['Chinese and English', '订单 iphone'],
  ['customer name', 'garcia'],
];

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** A `--data` directory already holding this data set: its load is not repeated. */
const loadedMark = () => args.data && path.join(args.data, `.loaded-${CONVERSATIONS}x${PER_CONVERSATION}-${AGENTS}`);

async function measure(label, uri) {
  const conn = await mongoose.createConnection(uri, { maxPoolSize: 8, ...PATIENT }).asPromise();
  let models;
  if (label !== 'MongoDB' && loadedMark() && existsSync(loadedMark())) {
    console.log(`[${label}] reusing ${(CONVERSATIONS * PER_CONVERSATION).toLocaleString('en-US')} messages in ${args.data}`);
    const { loadMs } = JSON.parse(readFileSync(loadedMark(), 'utf8'));
    models = { Message: conn.model(MessageRecord.name, MessageSchema), Conversation: conn.model(ConversationRecord.name, ConversationSchema), Counter: conn.model(CounterRecord.name, CounterSchema), loadMs };
  } else {
    console.log(`[${label}] loading ${(CONVERSATIONS * PER_CONVERSATION).toLocaleString('en-US')} messages`);
    models = await load(conn);
    if (label !== 'MongoDB' && loadedMark()) writeFileSync(loadedMark(), JSON.stringify({ loadMs: models.loadMs }));
  }
  const { Message, Conversation, Counter, loadMs } = models;
  const service = new SearchService(new MessagesRepository(Message), new ConversationsRepository(Conversation, Counter));
  const callers = [
    ['supervisor', { id: 's'.padEnd(24, '0'), role: 'supervisor' }],
    ['agent', { id: agentId(7), role: 'agent' }],
  ];
  const rows = [];
  for (const [scope, who] of callers.filter(([scope]) => !args.only || scope === args.only)) {
    for (const [what, q] of QUERIES) {
      const first = await service.search(who, q, 20);
      const times = [];
      for (let r = 0; r < RUNS; r++) {
        const t = performance.now();
        await service.search(who, q, 20);
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const row = { scope, what, q, results: first.results.length, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99) };
      console.log(`[${label}] ${scope.padEnd(10)} ${what.padEnd(24)} ${q.padEnd(14)} ${String(row.results).padStart(2)} results  p50 ${row.p50.toFixed(1)} ms  p95 ${row.p95.toFixed(1)} ms  p99 ${row.p99.toFixed(1)} ms`);
      rows.push(row);
    }
  }
  // The embedded store's directory is removed whole afterwards; dropping two million documents first only takes time.
  if (label === 'MongoDB') await conn.dropDatabase();
  await conn.close();
  return { label, loadMs, rows };
}

const loadAtStart = os.loadavg();
const results = [];
if (args.data) mkdirSync(args.data, { recursive: true });
const dbPath = args.data ? path.resolve(args.data) : mkdtempSync(path.join(os.tmpdir(), 'sb-bench-search-'));
try {
  const store = await startEmbedded(dbPath);
  try {
    results.push(await measure('embedded store', store.uri));
  } finally {
    await store.stop();
  }
} finally {
  if (!args.data) rmSync(dbPath, { recursive: true, force: true });
}
if (process.env.MONGODB_URL) results.push(await measure('MongoDB', process.env.MONGODB_URL));
const loadAtEnd = os.loadavg();

const ms = (x) => `${x.toFixed(1)} ms`;
const messages = CONVERSATIONS * PER_CONVERSATION;
const lines = [];
for (const r of results) {
  lines.push(
    `${r.label}: ${messages.toLocaleString('en-US')} messages loaded in ${(r.loadMs / 1000).toFixed(0)} s (${Math.round(messages / (r.loadMs / 1000)).toLocaleString('en-US')}/s, keys and all indexes), then ${RUNS} runs of each query (limit 20):`,
    '',
    '| caller | query | q | results | p50 | p95 | p99 |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: |',
    ...r.rows.map((row) => `| ${row.scope} | ${row.what} | \`${row.q}\` | ${row.results} | ${ms(row.p50)} | ${ms(row.p95)} | ${ms(row.p99)} |`),
    '',
  );
}
const table = lines.join('\n').trimEnd();
console.log(`\n${table}`);

if (args.save) {
  const load = (l) => l.map((x) => x.toFixed(1)).join(' / ');
  const section = [
    '<!-- search:start -->',
    '## Search',
    '',
    `Measured by \`node scripts/bench-search.mjs --scale ${CONVERSATIONS} --save\` (\`npm run bench:search\`) on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, load average (1/5/15 min) ${load(loadAtStart)} at start and ${load(loadAtEnd)} at the end (the machine is shared with other work). ${CONVERSATIONS.toLocaleString('en-US')} conversations × ${PER_CONVERSATION} messages of mixed Chinese and English text over 100 days, ${AGENTS} agents (the agent reads ${Math.round(CONVERSATIONS / AGENTS).toLocaleString('en-US')} conversations); each timing is the gateway's own \`SearchService.search\` (keys, index walk, verification, snippets, loading the conversations) through mongoose to the store in its own process.`,
    '',
    table,
    '<!-- search:end -->',
  ].join('\n');
  const docFile = path.join(root, 'docs/benchmarks.md');
  let doc = readFileSync(docFile, 'utf8');
  const markers = /<!-- search:start -->[\s\S]*?<!-- search:end -->/;
  doc = markers.test(doc) ? doc.replace(markers, section) : `${doc.trimEnd()}\n\n${section}\n`;
  writeFileSync(docFile, doc);
  console.log(`updated ${path.relative(root, docFile)}`);
}
process.exit(0);
