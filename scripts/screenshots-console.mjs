// Takes docs/images/console-agent.png, console-supervisor.png, console-accounts.png and two of the dialogs
// (console-dialog-transfer.png, console-dialog-disable.png) from a real gateway with a few live conversations. Needs a build first (npx nx run-many -t build). Usage: node scripts/screenshots-console.mjs
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { io } from 'socket.io-client';
import launch from '../e2e/console/chromium-launch.json' with { type: 'json' };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'docs/images');
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
  const context = await browser.newContext({ viewport: { width: 1440, height: 860 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(url + pathname);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Live', { exact: true }).waitFor({ timeout: 15000 });
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
  const maria = await customer(url, 'Maria Lopez', 'pro', [
    'Hi! My order #48213 never arrived.',
    'Tracking says delivered on Monday, but nothing is here.',
  ]);
  const jon = await customer(url, 'Jon Park', 'free', [
    'How do I reset my password? The link in the email has expired.',
  ]);
  const aiko = await customer(url, 'Aiko Tanaka', 'enterprise', [
    'We need 20 more seats before Friday. Can you send a quote?',
  ]);
  sockets.push(maria.socket, jon.socket, aiko.socket);

  for (const name of ['Maria Lopez', 'Jon Park', 'Aiko Tanaka']) {
    await ana
      .getByRole('listitem', { name: `Inquiry from ${name}` })
      .getByRole('button', { name: 'Grab' })
      .click();
    await ana.getByRole('list', { name: 'My conversations' }).getByText(name).waitFor();
  }
  // Maria's thread: a real exchange with a read receipt and a link.
  await ana.getByRole('list', { name: 'My conversations' }).getByText('Maria Lopez').click();
  const box = ana.getByRole('textbox', { name: 'Message' });
  await box.fill('Hi Maria, sorry about that! Let me look at the courier record for #48213.');
  await box.press('Enter');
  await maria.say('Thank you 🙏');
  await box.fill('The parcel was left at the pickup point. Details: https://example.com/track/48213');
  await box.press('Enter');
  await sleep(500);
  const lastSeq = (await call(maria.socket, 'conversation.current', {})).lastSeq;
  await call(maria.socket, 'message.read', { conversationId: maria.conversation.id, seq: lastSeq });
  await call(maria.socket, 'typing', { conversationId: maria.conversation.id, isTyping: true });
  // Unread elsewhere.
  await jon.say('I tried twice already.');
  await aiko.say('Also: can we pay by invoice?');
  await aiko.say('Our PO number is 7781.');

  // The queue: a fresh inquiry and one Bo sent back with a note; an offer from Bo to Ana.
  const lee = await customer(url, 'Lee Chen', 'trial', ['Can I switch from monthly to yearly billing?']);
  const sofia = await customer(url, 'Sofia Rossi', 'pro', ['The export to CSV times out for large reports.']);
  const omar = await customer(url, 'Omar Haddad', 'enterprise', [
    'SSO login fails with "invalid audience" since this morning.',
  ]);
  sockets.push(lee.socket, sofia.socket, omar.socket);
  await call(boSocket, 'conversation.grab', { conversationId: sofia.conversation.id });
  await call(boSocket, 'conversation.transfer', {
    conversationId: sofia.conversation.id,
    note: 'Needs an engineer: export bug',
  });
  await call(boSocket, 'conversation.grab', { conversationId: omar.conversation.id });
  await call(boSocket, 'conversation.transfer', {
    conversationId: omar.conversation.id,
    toAgentId: anaId,
    note: 'SSO is your area',
  });
  await ana.getByRole('listitem', { name: 'Transfer offer: Omar Haddad' }).waitFor();
  await ana.getByRole('listitem', { name: 'Inquiry from Lee Chen' }).waitFor();
  await sleep(1500);
  mkdirSync(outDir, { recursive: true });
  await ana.screenshot({ path: path.join(outDir, 'console-agent.png') });
  // A dialog over the agent screen: the native <dialog> in the top layer, the page dimmed behind it.
  await ana.getByRole('button', { name: 'Transfer', exact: true }).click();
  const transfer = ana.getByRole('dialog', { name: 'Transfer conversation' });
  await transfer.getByRole('radio', { name: /Bo/ }).waitFor();
  await transfer.getByRole('textbox', { name: 'Note' }).fill('Customer asked for a refund');
  await ana.screenshot({ path: path.join(outDir, 'console-dialog-transfer.png') });
  await ana.keyboard.press('Escape');
  await transfer.waitFor({ state: 'detached' });

  const sup = await signIn(browser, url, 'supervisor@example.com', '/agent/supervisor');
  await sup.getByRole('heading', { name: 'Live conversations' }).waitFor();
  // Let the wait chart collect a few samples (one every 5 s).
  await sleep(16000);
  await sup.getByRole('row', { name: /with Maria Lopez/ }).click();
  await sup.getByText('Thank you 🙏').waitFor();
  await sleep(500);
  await sup.screenshot({ path: path.join(outDir, 'console-supervisor.png') });

  await sup.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Accounts' }).click();
  await sup.getByRole('button', { name: 'Edit Ana' }).waitFor();
  await sup.screenshot({ path: path.join(outDir, 'console-accounts.png') });
  // A confirmation stacked on the edit dialog.
  await sup.getByRole('button', { name: 'Edit Ana' }).click();
  await sup.getByRole('dialog', { name: 'Edit Ana' }).getByRole('button', { name: 'Disable account…' }).click();
  await sup.getByRole('dialog', { name: 'Disable Ana?' }).waitFor();
  await sup.screenshot({ path: path.join(outDir, 'console-dialog-disable.png') });
  console.log(`screenshots written to ${outDir}`);
} finally {
  sockets.forEach((s) => s.close());
  await browser.close();
  await gateway.stop();
}
