// Takes docs/images/console-agent.png, console-supervisor.png, console-accounts.png and two of the dialogs
// (console-dialog-transfer.png, console-dialog-disable.png) from a real gateway with a few live conversations. Needs a build first (npx nx run-many -t build). Usage: node scripts/screenshots-console.mjs
// With `--locale zh-CN`: the same scenes from a Chinese browser with Chinese customers, as console-*-zh-CN.png;
// every control is found by its name in that locale's catalogue.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { io } from 'socket.io-client';
import launch from '../e2e/console/chromium-launch.json' with { type: 'json' };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'docs/images');
const locale = process.argv.includes('--locale') ? process.argv[process.argv.indexOf('--locale') + 1] : 'en';
const catalogue = JSON.parse(readFileSync(path.join(root, `apps/agent-console/src/locales/${locale}.json`), 'utf8'));
/** A control's name in this locale, from the console's own catalogue. */
const tr = (key, values = {}) =>
  key
    .split('.')
    .reduce((node, part) => node[part], catalogue)
    .replace(/\{\{(\w+)\}\}/g, (_, name) => String(values[name]));
const shot = (name) => path.join(outDir, locale === 'en' ? `${name}.png` : `${name}-${locale}.png`);

/** Who writes in and what they say, in each language. */
const SCENARIOS = {
  en: {
    maria: ['Maria Lopez', 'pro', ['Hi! My order #48213 never arrived.', 'Tracking says delivered on Monday, but nothing is here.']],
    jon: ['Jon Park', 'free', ['How do I reset my password? The link in the email has expired.']],
    aiko: ['Aiko Tanaka', 'enterprise', ['We need 20 more seats before Friday. Can you send a quote?']],
    replies: ['Hi Maria, sorry about that! Let me look at the courier record for #48213.', 'The parcel was left at the pickup point. Details: https://example.com/track/48213'],
    thanks: 'Thank you 🙏',
    more: [['jon', 'I tried twice already.'], ['aiko', 'Also: can we pay by invoice?'], ['aiko', 'Our PO number is 7781.']],
    lee: ['Lee Chen', 'trial', ['Can I switch from monthly to yearly billing?']],
    sofia: ['Sofia Rossi', 'pro', ['The export to CSV times out for large reports.']],
    omar: ['Omar Haddad', 'enterprise', ['SSO login fails with "invalid audience" since this morning.']],
    backNote: 'Needs an engineer: export bug',
    offerNote: 'SSO is your area',
    transferNote: 'Customer asked for a refund',
  },
  'zh-CN': {
    maria: ['王小明', 'VIP', ['你好！我的订单 #48213 一直没有收到。', '物流显示周一已经签收，但是家门口和小区的快递柜我都找过了，都没有看到包裹，麻烦帮我查一下到底是谁签收的，谢谢！']],
    jon: ['李娜', '免费版', ['怎么重置密码？邮件里的链接已经过期了。']],
    aiko: ['张伟', '企业版', ['我们周五之前需要再加 20 个席位，能发一份报价吗？']],
    replies: ['王先生您好，非常抱歉！我马上帮您查一下 #48213 的快递记录。', '包裹放在了小区门口的驿站，详情：https://example.com/track/48213'],
    thanks: '好的，谢谢 🙏',
    more: [['jon', '我已经试了两次了。'], ['aiko', '另外，可以开发票吗？'], ['aiko', '我们的采购单号是 7781。']],
    lee: ['陈静', '试用', ['可以从月付改成年付吗？']],
    sofia: ['刘洋', '专业版', ['导出大报表为 CSV 时总是超时。']],
    omar: ['赵敏', '企业版', ['今天早上开始单点登录一直报“invalid audience”错误。']],
    backNote: '需要工程师处理：导出问题',
    offerNote: '单点登录是你负责的',
    transferNote: '顾客要求退款',
  },
};
const scene = SCENARIOS[locale];
const password = 'demo-password-for-screenshots';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let seq = 0;
const msgId = () => `shot-${Date.now().toString(36)}-${++seq}-${Math.random().toString(36).slice(2, 8)}`;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startGateway() {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'switchboard-shots-'));
  const proc = spawn(process.execPath, [path.join(root, 'apps/gateway/dist/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO_PASSWORD: password,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if ((await fetch(`${url}/api/health`).catch(() => null))?.status === 200) {
      return {
        url,
        stop: () =>
          new Promise((r) => (proc.once('exit', r), proc.kill('SIGTERM'))).then(() =>
            rmSync(dataDir, { recursive: true, force: true }),
          ),
      };
    }
    await sleep(100);
  }
  proc.kill('SIGKILL');
  throw new Error('gateway did not start');
}

async function post(url, body, token) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url} → ${res.status}`);
  return res.json();
}

function connect(url, namespace, token) {
  const socket = io(url + namespace, { auth: { token }, transports: ['websocket'], forceNew: true });
  return new Promise((resolve, reject) =>
    socket.once('connect', () => resolve(socket)).once('connect_error', reject),
  );
}

async function call(socket, event, payload) {
  const answer = await socket.timeout(5000).emitWithAck(event, payload);
  if (!answer.ok) throw new Error(`${event}: ${answer.error.code} ${answer.error.message}`);
  return answer.data;
}

async function customer(url, name, type, lines) {
  const { token } = await post(`${url}/api/auth/customer`, { name, type });
  const socket = await connect(url, '/customer', token);
  const conversation = await call(socket, 'conversation.start', { text: lines[0] });
  for (const text of lines.slice(1))
    await call(socket, 'message.send', { conversationId: conversation.id, clientMsgId: msgId(), text });
  return {
    socket,
    conversation,
    say: (text) =>
      call(socket, 'message.send', { conversationId: conversation.id, clientMsgId: msgId(), text }),
  };
}

async function signIn(browser, url, email, pathname) {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 860 },
    deviceScaleFactor: 1,
    locale: locale === 'en' ? 'en-US' : locale,
  });
  const page = await context.newPage();
  await page.goto(url + pathname);
  await page.getByLabel(tr('signIn.email')).fill(email);
  await page.getByLabel(tr('signIn.password')).fill(password);
  await page.getByRole('button', { name: tr('signIn.submit') }).click();
  await page.getByText(tr('topBar.connection.connected'), { exact: true }).waitFor({ timeout: 15000 });
  return page;
}

const gateway = await startGateway();
const browser = await chromium.launch({
  ...launch,
  executablePath: process.env.CHROMIUM_PATH ?? launch.executablePath,
});
const sockets = [];
try {
  const { url } = gateway;
  const bo = await post(`${url}/api/auth/login`, { email: 'agent2@example.com', password });
  const boSocket = await connect(url, '/agent', bo.token);
  sockets.push(boSocket);

  const anaId = (await post(`${url}/api/auth/login`, { email: 'agent1@example.com', password })).user.id;
  const ana = await signIn(browser, url, 'agent1@example.com', '/agent/');
  const maria = await customer(url, ...scene.maria);
  const jon = await customer(url, ...scene.jon);
  const aiko = await customer(url, ...scene.aiko);
  sockets.push(maria.socket, jon.socket, aiko.socket);

  const myList = ana.getByRole('list', { name: tr('mine.title') });
  for (const [name] of [scene.maria, scene.jon, scene.aiko]) {
    await ana
      .getByRole('listitem', { name: tr('queue.inquiryFrom', { name }) })
      .getByRole('button', { name: tr('queue.grab') })
      .click();
    await myList.getByText(name, { exact: true }).waitFor();
  }
  // Maria's thread: a real exchange with a read receipt and a link.
  await myList.getByText(scene.maria[0], { exact: true }).click();
  const box = ana.getByRole('textbox', { name: tr('composer.message') });
  await box.fill(scene.replies[0]);
  await box.press('Enter');
  await maria.say(scene.thanks);
  await box.fill(scene.replies[1]);
  await box.press('Enter');
  await sleep(500);
  const lastSeq = (await call(maria.socket, 'conversation.current', {})).lastSeq;
  await call(maria.socket, 'message.read', { conversationId: maria.conversation.id, seq: lastSeq });
  await call(maria.socket, 'typing', { conversationId: maria.conversation.id, isTyping: true });
  // Unread elsewhere.
  const talkers = { jon, aiko };
  for (const [who, text] of scene.more) await talkers[who].say(text);

  // The queue: a fresh inquiry and one Bo sent back with a note; an offer from Bo to Ana.
  const lee = await customer(url, ...scene.lee);
  const sofia = await customer(url, ...scene.sofia);
  const omar = await customer(url, ...scene.omar);
  sockets.push(lee.socket, sofia.socket, omar.socket);
  await call(boSocket, 'conversation.grab', { conversationId: sofia.conversation.id });
  await call(boSocket, 'conversation.transfer', {
    conversationId: sofia.conversation.id,
    note: scene.backNote,
  });
  await call(boSocket, 'conversation.grab', { conversationId: omar.conversation.id });
  await call(boSocket, 'conversation.transfer', {
    conversationId: omar.conversation.id,
    toAgentId: anaId,
    note: scene.offerNote,
  });
  await ana.getByRole('listitem', { name: tr('offers.label', { name: scene.omar[0] }) }).waitFor();
  await ana.getByRole('listitem', { name: tr('queue.inquiryFrom', { name: scene.lee[0] }) }).waitFor();
  await sleep(1500);
  mkdirSync(outDir, { recursive: true });
  await ana.screenshot({ path: shot('console-agent') });
  // A dialog over the agent screen: the native <dialog> in the top layer, the page dimmed behind it.
  await ana.getByRole('button', { name: tr('conversation.transfer'), exact: true }).click();
  const transfer = ana.getByRole('dialog', { name: tr('transfer.title') });
  await transfer.getByRole('radio', { name: /Bo/ }).waitFor();
  await transfer.getByRole('textbox', { name: tr('transfer.note') }).fill(scene.transferNote);
  await ana.screenshot({ path: shot('console-dialog-transfer') });
  await ana.keyboard.press('Escape');
  await transfer.waitFor({ state: 'detached' });

  const sup = await signIn(browser, url, 'supervisor@example.com', '/agent/supervisor');
  await sup.getByRole('heading', { name: tr('live.title') }).waitFor();
  // Let the wait chart collect a few samples (one every 5 s).
  await sleep(16000);
  await sup.getByRole('row', { name: tr('live.row', { number: maria.conversation.number, name: scene.maria[0] }) }).click();
  await sup.getByText(scene.thanks).waitFor();
  await sleep(500);
  await sup.screenshot({ path: shot('console-supervisor') });

  await sup
    .getByRole('navigation', { name: tr('topBar.views') })
    .getByRole('button', { name: tr('topBar.view.accounts') })
    .click();
  const edit = tr('accounts.editLabel', { name: 'Ana' });
  await sup.getByRole('button', { name: edit }).waitFor();
  await sup.screenshot({ path: shot('console-accounts') });
  // A confirmation stacked on the edit dialog.
  await sup.getByRole('button', { name: edit }).click();
  await sup
    .getByRole('dialog', { name: tr('accountDialog.title', { name: 'Ana' }) })
    .getByRole('button', { name: tr('accountDialog.disable') })
    .click();
  await sup.getByRole('dialog', { name: tr('accountDialog.confirmTitle', { name: 'Ana' }) }).waitFor();
  await sup.screenshot({ path: shot('console-dialog-disable') });
  console.log(`screenshots written to ${outDir}`);
} finally {
  sockets.forEach((s) => s.close());
  await browser.close();
  await gateway.stop();
}
