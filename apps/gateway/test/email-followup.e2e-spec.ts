// Issue 15 (PROTOCOL section 9): with SMTP_URL set, an agent's replies to a customer who left an email and has no
// socket connected are mailed after EMAIL_FOLLOWUP_DELAY_SECONDS, several in one email, in the customer's language,
// with a link that resumes the conversation. Against a REAL SMTP server on loopback (smtp-server, read back with
// mailparser); the injected Clock moves instead of waiting; the pending email is a deadline in the store, so a
// restart neither loses nor doubles it and of several gateways one sends it.
import { getModelToken } from '@nestjs/mongoose';
import { startEmbeddedMongo, type EmbeddedMongo } from '@switchboard/mongo-embedded';
import {
  CLIENT_EVENTS,
  type Conversation,
  type EmailResumeResponse,
  type Message,
  type SyncResult,
} from '@switchboard/protocol';
import {
  clientMsgId,
  connectCustomer,
  customerToken,
  emitOk,
  loginAs,
  startSmtpInbox,
  waitFor,
  type SmtpInbox,
} from '@switchboard/testing';
import type { ParsedMail } from 'mailparser';
import type { Model } from 'mongoose';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { Clock } from '../src/common/clock';
import { EmailFollowupService } from '../src/email-followup/email-followup.service';
import { EmailFollowupRecord } from '../src/email-followup/schemas/email-followup.schema';
import { rooms } from '../src/realtime/rooms';
import { SocketServerRegistry } from '../src/realtime/socket-server.registry';

import {
  newAgent,
  postJson,
  requestJson,
  startTestGateway,
  staff,
  TEST_PASSWORD,
  type Staff,
  type TestGateway,
} from './support/test-gateway';

const E = CLIENT_EVENTS;
const DELAY_S = 60;
const SWEEPS_MS = 1000; // four sweeps at the tests' 250 ms interval
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let addresses = 0;
const newAddress = (name: string) => `${name}-${Date.now().toString(36)}-${++addresses}@customer.test`;

interface AwayCustomer {
  id: string;
  token: string;
  visitorId: string;
  email: string | null;
  conversation: Conversation;
  socket: Socket;
}

/** A customer who starts a conversation (with an email unless null), says their language, and is still connected. */
async function customerOn(
  gw: TestGateway,
  {
    email,
    locale = 'en',
    offline = false,
  }: { email: string | null; locale?: 'en' | 'zh-CN'; offline?: boolean },
): Promise<AwayCustomer> {
  const auth = await customerToken(gw.url, { name: 'Cora', ...(email && !offline ? { email } : {}) });
  const patched = await requestJson('PATCH', `${gw.url}/api/users/me`, { locale }, auth.token);
  expect(patched.status).toBe(200);
  const socket = gw.track(await connectCustomer(gw.url, auth.token));
  const conversation = await emitOk<Conversation>(
    socket,
    E.conversationStart,
    offline ? { text: 'Please call me back', offline: true, email } : { text: 'Where is my order?' },
  );
  return { id: auth.customer.id, token: auth.token, visitorId: auth.visitorId, email, conversation, socket };
}

/** The customer closes the widget: no socket of theirs is left on this gateway. */
async function goAway(gw: TestGateway, customer: AwayCustomer): Promise<void> {
  customer.socket.close();
  const namespace = gw.app.get(SocketServerRegistry).customer;
  await waitFor(async () => (await namespace!.in(rooms.user(customer.id)).fetchSockets()).length === 0, {
    what: 'the customer to be disconnected',
  });
}

const reply = (agent: Staff, conversationId: string, text: string) =>
  emitOk<Message>(agent.socket, E.messageSend, { conversationId, clientMsgId: clientMsgId(), text });

const linkOf = (mail: ParsedMail) => {
  const match = /(http\S+\/widget\/\S+)/.exec(mail.text ?? '');
  if (!match) throw new Error(`no link in ${mail.text}`);
  return new URL(match[1]);
};
const tokenOf = (mail: ParsedMail) => new URLSearchParams(linkOf(mail).hash.slice(1)).get('resume') ?? '';

describe('email follow-up (issue 15)', () => {
  let inbox: SmtpInbox;
  let gw: TestGateway;
  let clock: Clock;
  let agent: Staff;

  beforeAll(async () => {
    inbox = await startSmtpInbox();
    gw = await startTestGateway({
      SMTP_URL: inbox.url,
      EMAIL_FROM: 'Acme Support <support@acme.test>',
      EMAIL_FOLLOWUP_DELAY_SECONDS: String(DELAY_S),
      PUBLIC_URL: 'https://chat.acme.test',
    });
    clock = gw.app.get(Clock);
    const supervisor = await staff(gw, 'supervisor@example.com');
    agent = await newAgent(gw, supervisor.token, 50);
  });
  afterAll(async () => {
    await gw?.close();
    await inbox?.stop();
  });
  afterEach(() => clock.reset());

  /** Moves past the delay and waits for the email to `address` (or, with `none`, sweeps a while and expects none). */
  async function afterTheDelay(address: string): Promise<ParsedMail> {
    clock.shift((DELAY_S + 1) * 1000);
    const mail = await waitFor(() => inbox.to(address)[0], {
      what: `an email to ${address}`,
      timeoutMs: 10_000,
    });
    await pause(SWEEPS_MS); // more sweeps: still one
    expect(inbox.to(address)).toHaveLength(1);
    return mail;
  }

  it('mails several replies made within the delay in one email, after the delay, without the private note', async () => {
    const customer = await customerOn(gw, { email: newAddress('cora') });
    await emitOk(agent.socket, E.conversationGrab, { conversationId: customer.conversation.id });
    await goAway(gw, customer);
    await reply(agent, customer.conversation.id, 'Your order left our warehouse today.');
    await emitOk(agent.socket, E.noteAdd, {
      conversationId: customer.conversation.id,
      clientMsgId: clientMsgId(),
      text: 'NOTE: customer seems upset',
    });
    await reply(agent, customer.conversation.id, 'Tracking number <b>AB&12</b> — "quoted"');
    // not before the delay is over
    clock.shift((DELAY_S - 5) * 1000);
    await pause(SWEEPS_MS);
    expect(inbox.to(customer.email!)).toEqual([]);
    clock.reset();

    const mail = await afterTheDelay(customer.email!);
    expect(mail.from?.text).toBe('"Acme Support" <support@acme.test>');
    expect(mail.subject).toBe(`2 new replies in your conversation #${customer.conversation.number}`);
    expect(mail.text).toContain('Your order left our warehouse today.');
    expect(mail.text).toContain('Tracking number <b>AB&12</b> — "quoted"');
    expect(mail.text).not.toContain('NOTE');
    expect(mail.html).not.toContain('NOTE');
    expect(mail.html).toContain('Tracking number &lt;b&gt;AB&amp;12&lt;/b&gt; — &quot;quoted&quot;');
    expect(mail.html).not.toContain('<b>AB');
    const link = linkOf(mail);
    expect(`${link.origin}${link.pathname}`).toBe('https://chat.acme.test/widget/');
    expect(link.searchParams.get('locale')).toBe('en');
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');

    // recorded: both replies' ids, so neither is ever mailed again
    const model = gw.app.get<Model<EmailFollowupRecord>>(getModelToken(EmailFollowupRecord.name));
    const record = await model.findById(customer.conversation.id).lean().exec();
    expect(record).toMatchObject({ pendingSeqs: [], dueAt: null, attempts: 0 });
    expect(record?.sentMessageIds).toHaveLength(2);

    // a later reply is a new email of its own
    await reply(agent, customer.conversation.id, 'It arrives tomorrow.');
    clock.shift(2 * (DELAY_S + 1) * 1000);
    await waitFor(() => inbox.to(customer.email!).length === 2, { what: 'the second email' });
    const second = inbox.to(customer.email!)[1];
    expect(second.subject).toBe(`New reply in your conversation #${customer.conversation.number}`);
    expect(second.text).toContain('It arrives tomorrow.');
    expect(second.text).not.toContain('warehouse');
  });

  it('mails nothing to a connected customer, for a note alone, without an email, or once the customer read the reply', async () => {
    const connected = await customerOn(gw, { email: newAddress('online') });
    const noteOnly = await customerOn(gw, { email: newAddress('note') });
    const noEmail = await customerOn(gw, { email: null });
    const cameBack = await customerOn(gw, { email: newAddress('back') });
    for (const c of [connected, noteOnly, noEmail, cameBack])
      await emitOk(agent.socket, E.conversationGrab, { conversationId: c.conversation.id });
    for (const c of [noteOnly, noEmail, cameBack]) await goAway(gw, c);

    await reply(agent, connected.conversation.id, 'You are online, no email for you');
    await emitOk(agent.socket, E.noteAdd, {
      conversationId: noteOnly.conversation.id,
      clientMsgId: clientMsgId(),
      text: 'only a note',
    });
    await reply(agent, noEmail.conversation.id, 'Nowhere to mail this');
    const read = await reply(agent, cameBack.conversation.id, 'You will read this in time');
    // the customer comes back within the delay, reads it, and leaves again
    const socket = gw.track(await connectCustomer(gw.url, cameBack.token));
    await emitOk(socket, E.messageRead, { conversationId: cameBack.conversation.id, seq: read.seq });
    socket.close();
    await goAway(gw, { ...cameBack, socket });

    clock.shift((DELAY_S + 1) * 1000);
    await pause(2 * SWEEPS_MS);
    for (const c of [connected, noteOnly, cameBack]) expect(inbox.to(c.email!)).toEqual([]);
    const model = gw.app.get<Model<EmailFollowupRecord>>(getModelToken(EmailFollowupRecord.name));
    // the connected one and the note were never written down; the read one was dropped without a send
    expect(await model.findById(connected.conversation.id).lean().exec()).toBeNull();
    expect(await model.findById(noteOnly.conversation.id).lean().exec()).toBeNull();
    expect(await model.findById(noEmail.conversation.id).lean().exec()).toBeNull();
    expect(await model.findById(cameBack.conversation.id).lean().exec()).toMatchObject({
      pendingSeqs: [],
      sentMessageIds: [],
      dueAt: null,
    });
  });

  it('writes in Chinese to a zh-CN customer, and mails the agent closing the conversation', async () => {
    const customer = await customerOn(gw, { email: newAddress('wang'), locale: 'zh-CN', offline: true });
    expect(customer.conversation.offline).toBe(true);
    await emitOk(agent.socket, E.conversationGrab, { conversationId: customer.conversation.id });
    await goAway(gw, customer);
    await reply(agent, customer.conversation.id, '您好，我们明天给您回电话。');
    await emitOk(agent.socket, E.conversationClose, {
      conversationId: customer.conversation.id,
      force: true,
    });

    const mail = await afterTheDelay(customer.email!);
    expect(mail.subject).toBe(`您的会话 #${customer.conversation.number} 有 2 条新回复`);
    expect(mail.text).toContain('Cora，您好：');
    expect(mail.text).toContain('您好，我们明天给您回电话。');
    expect(mail.text).toMatch(/已结束会话/);
    expect(mail.text).toContain('继续对话');
    expect(mail.text).not.toContain('Continue the conversation');
    expect(mail.html).toContain('lang="zh-CN"');
    expect(linkOf(mail).searchParams.get('locale')).toBe('zh-CN');
  });

  it('the link resumes that conversation for that customer only; a tampered or expired one is refused', async () => {
    const customer = await customerOn(gw, { email: newAddress('link') });
    await emitOk(agent.socket, E.conversationGrab, { conversationId: customer.conversation.id });
    await goAway(gw, customer);
    await reply(agent, customer.conversation.id, 'Open the link to continue');
    const mail = await afterTheDelay(customer.email!);
    const token = tokenOf(mail);
    expect(token).not.toBe('');

    // opened in another browser (no visitorId): a session of that customer, on that conversation
    const resumed = await postJson<EmailResumeResponse>(`${gw.url}/api/widget/resume`, { token });
    expect(resumed.status).toBe(200);
    expect(resumed.body.customer.id).toBe(customer.id);
    expect(resumed.body.conversation).toMatchObject({
      id: customer.conversation.id,
      artificialType: 'serving',
    });
    expect(resumed.body.visitorId).not.toBe(customer.visitorId);
    const socket = gw.track(await connectCustomer(gw.url, resumed.body.token));
    expect((await emitOk<Conversation | null>(socket, E.conversationCurrent, {}))?.id).toBe(
      customer.conversation.id,
    );
    const history = await emitOk<SyncResult>(socket, E.messagesSync, {
      conversationId: customer.conversation.id,
      afterSeq: 0,
    });
    expect(history.messages.map((m) => m.text)).toContain('Open the link to continue');
    // the same browser again (its visitorId): it keeps it
    const again = await postJson<EmailResumeResponse>(`${gw.url}/api/widget/resume`, {
      token,
      visitorId: resumed.body.visitorId,
    });
    expect(again.body.visitorId).toBe(resumed.body.visitorId);
    // ...and that visitorId is this customer's: POST /api/auth/customer resumes them
    expect((await customerToken(gw.url, { visitorId: resumed.body.visitorId })).customer.id).toBe(
      customer.id,
    );
    socket.close();

    // the link's token is no bearer token
    expect((await requestJson('GET', `${gw.url}/api/users/me`, undefined, token)).status).toBe(401);
    // tampered: one character of the payload or of the signature changed
    const [head, payload, signature] = token.split('.');
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    for (const bad of [
      `${head}.${flip(payload, 5)}.${signature}`,
      `${head}.${payload}.${flip(signature, 3)}`,
      'not-a-token',
    ]) {
      const refused = await postJson(`${gw.url}/api/widget/resume`, { token: bad });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ message: 'this link is not valid', reason: 'link_invalid' });
    }
    expect((await postJson(`${gw.url}/api/widget/resume`, {})).status).toBe(400);
    // expired: the link lives 7 days
    clock.shift(8 * 24 * 3600 * 1000);
    const expired = await postJson(`${gw.url}/api/widget/resume`, { token });
    expect(expired.status).toBe(403);
    expect(expired.body).toMatchObject({ message: 'this link has expired', reason: 'link_expired' });
  });

  it('retries with backoff while the SMTP server is down, and sends once it is back', async () => {
    const customer = await customerOn(gw, { email: newAddress('retry') });
    await emitOk(agent.socket, E.conversationGrab, { conversationId: customer.conversation.id });
    await goAway(gw, customer);
    await inbox.stop();
    try {
      // the chat goes on while the mail server is down
      await reply(agent, customer.conversation.id, 'Sent while the mail server is down');
      clock.shift((DELAY_S + 1) * 1000);
      const model = gw.app.get<Model<EmailFollowupRecord>>(getModelToken(EmailFollowupRecord.name));
      const failed = await waitFor(
        async () => {
          const record = await model.findById(customer.conversation.id).lean().exec();
          return record && record.attempts >= 1 ? record : null;
        },
        { what: 'a failed attempt', timeoutMs: 15_000 },
      );
      expect(failed.lastError).toMatch(/ECONNREFUSED|connect/i);
      expect(failed.pendingSeqs).toHaveLength(1);
      // due again after the first backoff (30 s), not at once
      expect(failed.dueAt!.getTime()).toBeGreaterThan(clock.now().getTime() + 20_000);
      const more = await reply(agent, customer.conversation.id, 'And a second one meanwhile');
      expect(more.seq).toBeGreaterThan(0);
    } finally {
      await inbox.start();
    }
    clock.shift(31_000);
    const mail = await waitFor(() => inbox.to(customer.email!)[0], {
      what: 'the email after the retry',
      timeoutMs: 15_000,
    });
    await pause(SWEEPS_MS);
    expect(inbox.to(customer.email!)).toHaveLength(1);
    expect(mail.text).toContain('Sent while the mail server is down');
    expect(mail.text).toContain('And a second one meanwhile');
  });
});

describe('email follow-up across a restart and several gateways (issue 15)', () => {
  let store: EmbeddedMongo;
  let storeDir: string;
  let inbox: SmtpInbox;
  let env: Record<string, string>;

  beforeAll(async () => {
    storeDir = mkdtempSync(path.join(tmpdir(), 'switchboard-email-'));
    store = await startEmbeddedMongo({ port: 0, dbPath: storeDir });
    inbox = await startSmtpInbox();
    env = {
      MONGODB_URI: `${store.uri}/switchboard`,
      JWT_SECRET: 'a-shared-secret-for-these-gateways-0123456789',
      SMTP_URL: inbox.url,
      EMAIL_FOLLOWUP_DELAY_SECONDS: String(DELAY_S),
    };
  });
  afterAll(async () => {
    await inbox?.stop();
    await store?.close();
    rmSync(storeDir, { recursive: true, force: true });
  });

  it('a restart between the reply and the send sends exactly once, by one of two gateways', async () => {
    const first = await startTestGateway(env);
    const supervisor = await loginAs(first.url, 'supervisor@example.com', TEST_PASSWORD);
    const agent = await newAgent(first, supervisor.token, 10);
    const customers: AwayCustomer[] = [];
    for (let i = 0; i < 4; i++) {
      const customer = await customerOn(first, { email: newAddress(`restart${i}`) });
      await emitOk(agent.socket, E.conversationGrab, { conversationId: customer.conversation.id });
      await goAway(first, customer);
      await reply(agent, customer.conversation.id, `Written before the restart to ${i}`);
      await reply(agent, customer.conversation.id, 'And this one too');
      customers.push(customer);
    }
    await first.close(); // "the restart": only the store remembers the pending emails

    // The two gateways' own sweeps are slowed to an hour, so the sweeps below run at the same moment on both and
    // race for the same due emails: only the conditional claim keeps them from both sending.
    const slow = { sweepIntervalMs: 3_600_000 };
    const second = await startTestGateway(env, slow);
    const third = await startTestGateway(env, slow);
    const sweepBoth = async () =>
      (await Promise.all([second, third].map((gw) => gw.app.get(EmailFollowupService).sendDue()))).reduce(
        (a, b) => a + b,
        0,
      );
    try {
      expect(await sweepBoth()).toBe(0); // not due yet
      for (const gw of [second, third]) gw.app.get(Clock).shift((DELAY_S + 1) * 1000);
      expect(await sweepBoth()).toBe(customers.length);
      expect(await sweepBoth()).toBe(0);
      for (const [i, customer] of customers.entries()) {
        const mails = inbox.to(customer.email!);
        expect(mails).toHaveLength(1);
        expect(mails[0].text).toContain(`Written before the restart to ${i}`);
        expect(mails[0].text).toContain('And this one too');
      }
    } finally {
      await second.close();
      await third.close();
    }
  });
});
