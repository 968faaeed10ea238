// Issue 15 (PROTOCOL section 9): the welcome message, the queue notice and idle closing, as system messages with
// section 14's codes, driven by deadlines stored on the conversations: the injected Clock moves instead of waiting;
// several gateways sweep the same store and one acts, also after the gateway that started the conversation is gone.
import { getModelToken } from '@nestjs/mongoose';
import {
  CLIENT_EVENTS,
  DEFAULT_SETTINGS,
  SERVER_EVENTS,
  type Conversation,
  type Message,
  type Settings,
  type SyncResult,
} from '@switchboard/protocol';
import { clientMsgId, collectEvents, emitOk, loginAs, nextEvent, waitFor } from '@switchboard/testing';
import type { Model } from 'mongoose';
import { Clock } from '../src/common/clock';
import { ConversationRecord } from '../src/conversations/schemas/conversation.schema';
import { startEmbeddedMongo, type EmbeddedMongo } from '@switchboard/mongo-embedded';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  customerWithConversation,
  newAgent,
  requestJson,
  startTestGateway,
  startWithSupervisor,
  TEST_PASSWORD,
  type Staff,
  type TestGateway,
} from './support/test-gateway';

const E = CLIENT_EVENTS;
const SWEEPS_MS = 1000; // four sweeps at the tests' 250 ms interval

const putSettings = async (gw: TestGateway, token: string, settings: Partial<Settings>) => {
  const res = await requestJson('PUT', `${gw.url}/api/settings`, { ...DEFAULT_SETTINGS, ...settings }, token);
  expect(res.status).toBe(200);
};
const history = async (socket: Staff['socket'], conversationId: string) =>
  (await emitOk<SyncResult>(socket, E.messagesSync, { conversationId, afterSeq: 0 })).messages;
const codes = (messages: Message[]) => messages.filter((m) => m.kind === 'system').map((m) => m.system?.code);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('automatic messages (issue 15)', () => {
  let gw: TestGateway;
  let supervisor: Staff;
  let clock: Clock;

  beforeAll(async () => {
    ({ gw, supervisor } = await startWithSupervisor());
    clock = gw.app.get(Clock);
  });
  afterAll(() => gw.close());
  afterEach(() => clock.reset());

  it('posts the welcome message as the first message of a new conversation (code welcome), before the customer’s text', async () => {
    await putSettings(gw, supervisor.token, { welcomeMessage: 'Welcome! An agent will be with you shortly.' });
    const { customer, conversation } = await customerWithConversation(gw, 'Where is my order?');
    const messages = await history(supervisor.socket, conversation.id);
    expect(messages.map((m) => [m.seq, m.kind, m.system?.code ?? null, m.text])).toEqual([
      [1, 'system', 'welcome', 'Welcome! An agent will be with you shortly.'],
      [2, 'text', null, 'Where is my order?'],
    ]);
    expect(messages[0].system).toEqual({ code: 'welcome', params: { text: 'Welcome! An agent will be with you shortly.' } });
    // the queue shows the customer's question, not the greeting
    expect(conversation.lastMessage).toMatchObject({ seq: 2, senderType: 'customer' });
    // the customer's own history holds it too
    expect(codes(await history(customer.socket, conversation.id))).toEqual(['welcome']);
    await putSettings(gw, supervisor.token, {});
    const plain = await customerWithConversation(gw, 'hi');
    expect(codes(await history(supervisor.socket, plain.conversation.id))).toEqual([]);
  });

  it('posts the queue notice once, afterSeconds after the start, while the conversation still waits', async () => {
    await putSettings(gw, supervisor.token, { queueNotice: { afterSeconds: 60, text: 'Thanks for waiting, we are busy' } });
    const waiting = await customerWithConversation(gw, 'hello?');
    const taken = await customerWithConversation(gw, 'me too');
    const agent = await newAgent(gw, supervisor.token);
    await emitOk(agent.socket, E.conversationGrab, { conversationId: taken.conversation.id });
    const told = collectEvents<Message>(waiting.customer.socket, SERVER_EVENTS.messageNew);
    await pause(SWEEPS_MS);
    expect(told.items).toEqual([]);
    clock.shift(61_000);
    await waitFor(() => told.items.find((m) => m.system?.code === 'queue_notice'), { what: 'the queue notice' });
    await pause(SWEEPS_MS);
    const notices = (await history(supervisor.socket, waiting.conversation.id)).filter((m) => m.system?.code === 'queue_notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ text: 'Thanks for waiting, we are busy', system: { params: { text: 'Thanks for waiting, we are busy' } } });
    // the one grabbed in time gets none; both deadlines are cleared
    expect(codes(await history(supervisor.socket, taken.conversation.id))).toEqual(['agent_joined']);
    const model = gw.app.get<Model<ConversationRecord>>(getModelToken(ConversationRecord.name));
    const stored = await model.find({ _id: { $in: [waiting.conversation.id, taken.conversation.id] } }).lean().exec();
    expect(stored.map((c) => c.queueNoticeAt)).toEqual([null, null]);
    await emitOk(agent.socket, E.conversationClose, { conversationId: taken.conversation.id, force: true });
    agent.socket.close();
  });

  it('closes a serving conversation whose customer has been silent for afterMinutes (code closed_idle), and not before', async () => {
    await putSettings(gw, supervisor.token, { idleClose: { afterMinutes: 30 } });
    const agent = await newAgent(gw, supervisor.token);
    const { customer, conversation } = await customerWithConversation(gw, 'hi');
    await emitOk(agent.socket, E.conversationGrab, { conversationId: conversation.id });
    await emitOk(customer.socket, E.messageSend, { conversationId: conversation.id, clientMsgId: clientMsgId(), text: 'still there?' });
    // the customer's message is what idle closing measures from
    const model = gw.app.get<Model<ConversationRecord>>(getModelToken(ConversationRecord.name));
    const stored = await model.findById(conversation.id).lean().exec();
    expect(stored?.customerActiveAt?.getTime()).toBe(new Date(stored?.lastMessage?.at ?? 0).getTime());
    // the agent writing does not count as the customer's activity
    await emitOk(agent.socket, E.messageSend, { conversationId: conversation.id, clientMsgId: clientMsgId(), text: 'yes' });
    clock.shift(29 * 60_000);
    await pause(SWEEPS_MS);
    expect((await emitOk<Conversation | null>(customer.socket, E.conversationCurrent, {}))?.artificialType).toBe('serving');
    const closed = nextEvent<Conversation>(customer.socket, SERVER_EVENTS.conversationUpdated, (c) => c.artificialType === 'closed', 10_000);
    clock.shift(2 * 60_000);
    expect(await closed).toMatchObject({ id: conversation.id, closedBy: 'system' });
    await pause(SWEEPS_MS);
    expect(codes(await history(supervisor.socket, conversation.id))).toEqual(['agent_joined', 'closed_idle']);
    const agents = await requestJson<{ id: string; serving: number }[]>('GET', `${gw.url}/api/users?role=agent`, undefined, supervisor.token);
    expect(agents.body.find((a) => a.id === agent.id)?.serving).toBe(0);
    await putSettings(gw, supervisor.token, {});
    agent.socket.close();
  });
});

describe('automatic messages with several gateways and a restart (issue 15)', () => {
  // One store for every gateway (no Redis: the sweeps need none, and emits stay on each node).
  let store: EmbeddedMongo;
  let storeDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    storeDir = mkdtempSync(path.join(tmpdir(), 'switchboard-automatic-'));
    store = await startEmbeddedMongo({ port: 0, dbPath: storeDir });
    env = { MONGODB_URI: `${store.uri}/switchboard`, JWT_SECRET: 'a-shared-secret-for-these-gateways-0123456789' };
  });
  afterAll(async () => {
    await store?.close();
    rmSync(storeDir, { recursive: true, force: true });
  });

  it('fires the queue notice and the idle close once, after the gateway that started them is gone', async () => {
    const first = await startTestGateway(env);
    const supervisorLogin = await loginAs(first.url, 'supervisor@example.com', TEST_PASSWORD);
    await putSettings(first, supervisorLogin.token, {
      queueNotice: { afterSeconds: 30, text: 'Still waiting, sorry' },
      idleClose: { afterMinutes: 10 },
    });
    const agent = await newAgent(first, supervisorLogin.token, 10);
    const queued = await customerWithConversation(first, 'waiting');
    const served = await customerWithConversation(first, 'served');
    await emitOk(agent.socket, E.conversationGrab, { conversationId: served.conversation.id });
    await first.close(); // "the restart": nothing of it lives on but the store

    const second = await startTestGateway(env);
    const third = await startTestGateway(env);
    try {
      for (const gw of [second, third]) gw.app.get(Clock).shift(11 * 60_000);
      const supervisor = await loginAs(second.url, 'supervisor@example.com', TEST_PASSWORD);
      const model = second.app.get<Model<ConversationRecord>>(getModelToken(ConversationRecord.name));
      await waitFor(
        async () => {
          const [q, s] = await Promise.all([model.findById(queued.conversation.id).lean().exec(), model.findById(served.conversation.id).lean().exec()]);
          return q?.queueNoticeAt === null && s?.artificialType === 'closed' && (q?.pendingSystem ?? []).length === 0 && (s?.pendingSystem ?? []).length === 0;
        },
        { what: 'both automatic messages', timeoutMs: 15_000 },
      );
      await pause(SWEEPS_MS); // both gateways sweep a few more times: nothing fires twice
      const read = async (id: string) =>
        (await requestJson<{ messages: Message[] }>('GET', `${second.url}/api/conversations/${id}/messages`, undefined, supervisor.token)).body.messages;
      expect(codes(await read(queued.conversation.id))).toEqual(['queue_notice']);
      expect(codes(await read(served.conversation.id))).toEqual(['agent_joined', 'closed_idle']);
      const seqs = (await read(served.conversation.id)).map((m) => m.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    } finally {
      await second.close();
      await third.close();
    }
  });
});
