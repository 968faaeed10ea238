// Malformed input of every shape at every event: each answers bad_request, nothing crashes, other clients
// keep working. Plus the per-user rate limit and the 64 KiB frame limit.
import { CLIENT_EVENTS, LIMITS, type Ack, type Conversation, type Message } from '@switchboard/protocol';
import { clientMsgId, connectAgent, connectCustomer, customerToken as visitorToken, emitAck, emitOk, nextEvent, waitFor } from '@switchboard/testing';
import WebSocket from 'ws';
import { customerWithConversation, getJson, newAgent, startWithSupervisor, type Staff, type TestGateway } from './support/test-gateway';

const E = CLIENT_EVENTS;
const ID = '0123456789abcdef01234567';

type FieldKind = 'id' | 'optionalId' | 'seq' | 'optionalLimit' | 'bool' | 'optionalBool' | 'text' | 'optionalText' | 'clientMsgId' | 'kind' | 'status' | 'score' | 'note' | 'cursor';

/** Every client event with a valid payload and the kind of each field. */
const EVENTS: Array<{ ns: 'customer' | 'agent'; event: string; fields: Record<string, FieldKind> }> = [
  { ns: 'customer', event: E.conversationStart, fields: { text: 'optionalText' } },
  { ns: 'customer', event: E.conversationCurrent, fields: {} },
  { ns: 'customer', event: E.conversationClose, fields: { conversationId: 'id' } },
  { ns: 'customer', event: E.conversationCloseConfirm, fields: { conversationId: 'id' } },
  { ns: 'customer', event: E.conversationRate, fields: { conversationId: 'id', score: 'score', comment: 'optionalText' } },
  { ns: 'customer', event: E.messageSend, fields: { conversationId: 'id', clientMsgId: 'clientMsgId', kind: 'kind', text: 'text' } },
  { ns: 'customer', event: E.messageRead, fields: { conversationId: 'id', seq: 'seq' } },
  { ns: 'customer', event: E.messagesSync, fields: { conversationId: 'id', afterSeq: 'seq', limit: 'optionalLimit' } },
  { ns: 'customer', event: E.typing, fields: { conversationId: 'id', isTyping: 'bool' } },
  { ns: 'agent', event: E.conversationGrab, fields: { conversationId: 'id' } },
  { ns: 'agent', event: E.conversationTransfer, fields: { conversationId: 'id', toAgentId: 'optionalId', note: 'note' } },
  { ns: 'agent', event: E.conversationTransferAccept, fields: { conversationId: 'id' } },
  { ns: 'agent', event: E.conversationTransferDecline, fields: { conversationId: 'id' } },
  { ns: 'agent', event: E.conversationTransferCancel, fields: { conversationId: 'id' } },
  { ns: 'agent', event: E.conversationClose, fields: { conversationId: 'id', force: 'optionalBool' } },
  { ns: 'agent', event: E.conversationAssign, fields: { conversationId: 'id', agentId: 'id' } },
  { ns: 'agent', event: E.conversationsMine, fields: {} },
  { ns: 'agent', event: E.conversationWatch, fields: { conversationId: 'id' } },
  { ns: 'agent', event: E.conversationUnwatch, fields: { conversationId: 'id' } },
  { ns: 'agent', event: E.queueList, fields: { limit: 'optionalLimit', after: 'cursor' } },
  { ns: 'agent', event: E.agentStatus, fields: { status: 'status' } },
  { ns: 'agent', event: E.supervisorOverview, fields: {} },
  { ns: 'agent', event: E.messageSend, fields: { conversationId: 'id', clientMsgId: 'clientMsgId', kind: 'kind', text: 'text' } },
  { ns: 'agent', event: E.messageRead, fields: { conversationId: 'id', seq: 'seq' } },
  { ns: 'agent', event: E.messagesSync, fields: { conversationId: 'id', afterSeq: 'seq', limit: 'optionalLimit' } },
  { ns: 'agent', event: E.typing, fields: { conversationId: 'id', isTyping: 'bool' } },
];

const VALID: Record<FieldKind, unknown> = {
  id: ID,
  optionalId: ID,
  seq: 1,
  optionalLimit: 10,
  bool: true,
  optionalBool: false,
  text: 'hello',
  optionalText: 'hello',
  clientMsgId: 'abcdefgh-123',
  kind: 'text',
  status: 'online',
  score: 4,
  note: 'a note',
  cursor: `1.1700000000000.${ID}`,
};

const operators = [{ $ne: null }, { $gt: '' }, { $where: 'sleep(1000)' }, { $regex: '.*' }, { $in: [ID] }];
const huge = 'x'.repeat(50_000);

/** Values each kind of field must refuse (null counts as absent for an optional field, as class-validator has it). */
const INVALID: Record<FieldKind, unknown[]> = {
  id: [...operators, 123, true, [], [ID], 'not-an-id', '', huge, null, { id: ID }],
  optionalId: [...operators, 123, [], 'zz', huge],
  seq: ['1', -1, 1.5, { $gt: 0 }, true, null, [], huge],
  optionalLimit: ['10', 0, 201, 2.5, { $gt: 0 }],
  bool: ['true', 1, 0, {}, [], null],
  optionalBool: ['yes', 1, {}],
  text: ['', '   ', 123, {}, [], 'x'.repeat(LIMITS.textMaxLength + 1), ...operators, null],
  optionalText: ['', 42, {}, [], 'x'.repeat(LIMITS.textMaxLength + 1), { $ne: 1 }],
  clientMsgId: ['short', 'has space!!', 123, {}, 'x'.repeat(65), { $ne: null }, null],
  kind: ['video', 'system', 1, {}, null],
  status: ['sleeping', 'offline', 1, {}, null],
  score: [0, 6, '5', 2.5, {}, null],
  note: [5, {}, 'x'.repeat(LIMITS.noteMaxLength + 1)],
  cursor: ['', 'next', 7, { $gt: '' }, `2.1.${ID}`, `1.-5.${ID}`, `1.1.${ID}.x`, `1.1.${ID.toUpperCase()}`, huge],
};

const NON_OBJECTS: unknown[] = [null, 0, 42, -1.5, true, false, 'a string', '', huge, [], [1, 2, 3], [{ conversationId: ID }]];

/** A small deterministic PRNG so a failure can be reproduced. */
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function generate(random: () => number, fields: Record<string, FieldKind>): unknown {
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
  const valid = Object.fromEntries(Object.entries(fields).map(([name, kind]) => [name, VALID[kind]]));
  const names = Object.keys(fields);
  const mutation = Math.floor(random() * (names.length ? 5 : 3));
  switch (mutation) {
    case 0:
      return pick(NON_OBJECTS);
    case 1:
      return { ...valid, [pick(['extra', 'role', 'agentId2', '$where', 'sender', 'seq2', 'x'.repeat(300)])]: pick([1, 'x', {}, null, [], huge]) };
    case 2:
      return pick([
        () => JSON.parse(`{"__proto__": {"polluted": true}, "conversationId": "${ID}"}`) as unknown,
        () => ({ ...valid, constructor: { prototype: { polluted: true } } }),
        () => ({ ...valid, prototype: { polluted: true } }),
        () => JSON.parse(`{"__proto__": {"isAdmin": true}}`) as unknown,
      ])();
    default: {
      const name = pick(names);
      return { ...valid, [name]: pick(INVALID[fields[name]]) };
    }
  }
}

describe('fuzz and limits', () => {
  let gw: TestGateway;
  let supervisor: Staff;
  let customerToken: string;

  beforeAll(async () => {
    ({ gw, supervisor } = await startWithSupervisor());
    const { customer } = await customerWithConversation(gw);
    customerToken = customer.token;
  });

  afterAll(() => gw.close());

  async function bystanders() {
    const agent = await newAgent(gw, supervisor.token);
    const { customer, conversation } = await customerWithConversation(gw);
    await emitOk(agent.socket, E.conversationGrab, { conversationId: conversation.id });
    const disconnects: string[] = [];
    agent.socket.on('disconnect', (reason) => disconnects.push(`agent: ${reason}`));
    customer.socket.on('disconnect', (reason) => disconnects.push(`customer: ${reason}`));
    const stillWorks = async () => {
      const seen = nextEvent<Message>(agent.socket, 'message.new', (m) => m.text === 'still here');
      await emitOk(customer.socket, E.messageSend, { conversationId: conversation.id, clientMsgId: clientMsgId(), text: 'still here' });
      await seen;
      expect(disconnects).toEqual([]);
    };
    return { stillWorks };
  }

  it('answers bad_request to ≥ 1,000 generated malformed payloads across every event, and stays up', async () => {
    const { stillWorks } = await bystanders();
    const random = prng(20261125);
    const perEvent = 40;
    const cases = EVENTS.flatMap(({ ns, event, fields }) =>
      Array.from({ length: perEvent }, () => ({ ns, event, payload: generate(random, fields) })),
    );
    expect(cases.length).toBeGreaterThanOrEqual(1000);
    // The rate limit is per user (10/s, bursts of 20): six users per namespace, each sending its share one after
    // another and waiting out a rate_limited answer (nothing was processed then) before sending it again.
    const users = 6;
    const sockets = {
      customer: await Promise.all(
        Array.from({ length: users }, async () => gw.track(await connectCustomer(gw.url, (await visitorToken(gw.url)).token))),
      ),
      agent: [
        gw.track(await connectAgent(gw.url, supervisor.token)),
        ...(await Promise.all(Array.from({ length: users - 1 }, () => newAgent(gw, supervisor.token)))).map((a) => a.socket),
      ],
    };
    const failures: string[] = [];
    const lanes = (['customer', 'agent'] as const).flatMap((ns) => {
      const mine = cases.filter((c) => c.ns === ns);
      return sockets[ns].map((socket, lane) => async () => {
        for (const { event, payload } of mine.filter((_, i) => i % users === lane)) {
          let ack: Ack<unknown> = await emitAck(socket, event, payload, 30_000);
          for (let attempt = 0; !ack.ok && ack.error.code === 'rate_limited' && attempt < 100; attempt++) {
            await new Promise((resolve) => setTimeout(resolve, 100));
            ack = await emitAck(socket, event, payload, 30_000);
          }
          if (ack.ok || ack.error.code !== 'bad_request') {
            failures.push(`${ns} ${event} ${JSON.stringify(payload)?.slice(0, 200)} → ${JSON.stringify(ack).slice(0, 200)}`);
          }
        }
      });
    });
    await Promise.all(lanes.map((lane) => lane()));
    for (const socket of [...sockets.customer, ...sockets.agent]) socket.close();
    expect(failures).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await getJson(`${gw.url}/api/health`)).status).toBe(200);
    await stillWorks();
  });

  it('answers validation details naming each bad field', async () => {
    const agent = (await newAgent(gw, supervisor.token)).socket; // a full rate-limit bucket of its own
    const ack = await emitAck(agent, E.messageSend, { conversationId: { $ne: null }, clientMsgId: 1, text: '', extra: true });
    expect(ack.ok).toBe(false);
    if (ack.ok) return;
    expect(ack.error.code).toBe('bad_request');
    const fields = (ack.error.details as Array<{ field: string; errors: string[] }>).map((d) => d.field).sort();
    expect(fields).toEqual(['clientMsgId', 'conversationId', 'extra', 'text']);
    // an event without a callback is processed and nothing breaks
    agent.emit(E.queueList, {});
    agent.emit(E.messageSend, 'not an object');
    expect(await emitOk<{ conversations: Conversation[] }>(agent, E.queueList, {})).toHaveProperty('conversations');
    // no payload at all reads as {}
    expect(await agent.timeout(5000).emitWithAck(E.queueList)).toMatchObject({ ok: true });
    expect(await agent.timeout(5000).emitWithAck(E.conversationGrab)).toMatchObject({
      ok: false,
      error: { code: 'bad_request', details: [{ field: 'conversationId' }] },
    });
    // unknown events and several arguments
    expect(await emitAck(agent, 'no.such.event', {})).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const two = await agent.timeout(5000).emitWithAck(E.queueList, {}, {});
    expect(two).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('rate-limits one user across their sockets (burst 20, then 10/s) without touching others', async () => {
    const flooder = await newAgent(gw, supervisor.token);
    const secondTab = gw.track(await connectAgent(gw.url, flooder.token));
    const other = gw.track(await connectAgent(gw.url, supervisor.token));
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => emitAck(i % 2 ? secondTab : flooder.socket, E.queueList, {})),
    );
    const limited = answers.filter((a) => !a.ok && a.error.code === 'rate_limited').length;
    expect(answers.filter((a) => a.ok).length).toBeGreaterThanOrEqual(LIMITS.rateLimitBurst);
    expect(limited).toBeGreaterThan(0);
    expect(await emitAck(other, E.queueList, {})).toMatchObject({ ok: true });
    await waitFor(async () => (await emitAck(secondTab, E.queueList, {})).ok, { timeoutMs: 5000, intervalMs: 300, what: 'the bucket to refill' });
  });

  it('a frame over 64 KiB closes only that socket; garbage frames close only their connection', async () => {
    const { stillWorks } = await bystanders();
    const victim = await connectCustomer(gw.url, customerToken);
    const closed = new Promise<string>((resolve) => victim.on('disconnect', (reason) => resolve(reason)));
    victim.emit(E.messageSend, { conversationId: ID, clientMsgId: clientMsgId(), text: 'x'.repeat(LIMITS.maxFrameBytes + 10) });
    expect(await closed).toBe('transport close');
    victim.close();

    for (const garbage of ['garbage', '42/agent,["x"', '0/agent,{"token":{"$ne":null}}', '4'.repeat(10_000), '2probe', '451-["x",{"_placeholder":true,"num":99}]']) {
      const ws = new WebSocket(`${gw.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
      await new Promise<void>((resolve) => {
        ws.on('open', () => ws.send(garbage));
        ws.on('message', () => ws.send(garbage));
        ws.on('close', () => resolve());
        ws.on('error', () => resolve());
        setTimeout(() => {
          ws.terminate();
          resolve();
        }, 1500);
      });
    }
    expect((await getJson(`${gw.url}/api/health`)).status).toBe(200);
    await stillWorks();
  });
});
