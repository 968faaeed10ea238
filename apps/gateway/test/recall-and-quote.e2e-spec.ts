// PROTOCOL section 8, recalling a message and quoting one: message.recall on both namespaces against the real
// gateway, its refusals (the window by the injected Clock, never a sleep), message.updated to both sides, what history,
// sync, REST, previews and downloads show after it, supervisors' includeRecalled, and message.send's replyToSeq.
import { CLIENT_EVENTS, SERVER_EVENTS, type Conversation, type Message, type SyncResult } from '@switchboard/protocol';
import { clientMsgId, emitAck, emitOkPaced, nextEvent, waitFor } from '@switchboard/testing';
import { Types } from 'mongoose';
import { Clock } from '../src/common/clock';
import {
  customerWithConversation,
  getJson,
  newAgent,
  startWithSupervisor,
  type Customer,
  type Staff,
  type TestGateway,
} from './support/test-gateway';
import { downloadFile, uploadFile } from './support/uploads';

const E = CLIENT_EVENTS;
const S = SERVER_EVENTS;
const WINDOW_S = 120;
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe('recalling a message, and quoting one', () => {
  let gw: TestGateway;
  let supervisor: Staff;
  let clock: Clock;

  beforeAll(async () => {
    ({ gw, supervisor } = await startWithSupervisor({ RECALL_WINDOW_S: String(WINDOW_S) }));
    clock = gw.app.get(Clock);
  });
  afterEach(() => clock.reset());
  afterAll(() => gw.close());

  /** A conversation a fresh agent serves, with the customer's first message (seq 1) and the agent_joined one after. */
  async function served(): Promise<{ customer: Customer; agent: Staff; conversationId: string }> {
    const agent = await newAgent(gw, supervisor.token);
    const { customer, conversation } = await customerWithConversation(gw, 'my order never came');
    await emitOkPaced(agent.socket, E.conversationGrab, { conversationId: conversation.id });
    return { customer, agent, conversationId: conversation.id };
  }

  const send = (socket: Customer['socket'], conversationId: string, text: string, extra: Record<string, unknown> = {}) =>
    emitOkPaced<Message>(socket, E.messageSend, { conversationId, clientMsgId: clientMsgId(), text, ...extra });
  const recall = (socket: Customer['socket'], conversationId: string, seq: unknown) =>
    emitAck<Message>(socket, E.messageRecall, { conversationId, seq });
  const history = (conversationId: string, token: string, query = '') =>
    getJson<{ messages: Message[] }>(`${gw.url}/api/conversations/${conversationId}/messages${query}`, token);
  const sync = (socket: Customer['socket'], conversationId: string) =>
    emitOkPaced<SyncResult>(socket, E.messagesSync, { conversationId, afterSeq: 0 });

  it('the customer recalls their own message: both sides and a watching supervisor get message.updated with text null', async () => {
    const { customer, agent, conversationId } = await served();
    await emitOkPaced(supervisor.socket, E.conversationWatch, { conversationId });
    const sent = await send(customer.socket, conversationId, 'my card number is 4111 1111 1111 1111');
    expect(sent).toMatchObject({ recalledAt: null, replyTo: null });
    expect(Date.parse(sent.recallableUntil ?? '') - Date.parse(sent.createdAt)).toBe(WINDOW_S * 1000);
    const isIt = (m: Message) => m.id === sent.id;
    const toAgent = nextEvent<Message>(agent.socket, S.messageUpdated, isIt);
    const toCustomer = nextEvent<Message>(customer.socket, S.messageUpdated, isIt);
    const toSupervisor = nextEvent<Message>(supervisor.socket, S.messageUpdated, isIt);

    const answer = await recall(customer.socket, conversationId, sent.seq);
    expect(answer.ok).toBe(true);
    const recalled = (answer as { ok: true; data: Message }).data;
    expect(recalled).toMatchObject({ id: sent.id, seq: sent.seq, text: null, attachment: null, sender: sent.sender, recallableUntil: null });
    expect(new Date(recalled.recalledAt ?? 0).getTime()).toBeGreaterThanOrEqual(new Date(sent.createdAt).getTime());
    expect(recalled).not.toHaveProperty('recalled');
    for (const pushed of [await toAgent, await toCustomer, await toSupervisor]) expect(pushed).toEqual(recalled);

    // Every reader, every way: sync (both sides), REST history (both sides, and a supervisor without includeRecalled).
    for (const page of [await sync(customer.socket, conversationId), await sync(agent.socket, conversationId)]) {
      expect(page.messages.find(isIt)).toEqual(recalled);
    }
    for (const token of [customer.token, agent.token, supervisor.token]) {
      const { status, body } = await history(conversationId, token);
      expect(status).toBe(200);
      expect(body.messages.find(isIt)).toEqual(recalled);
      expect(JSON.stringify(body)).not.toContain('4111');
    }
  });

  it('an agent recalls their own message; the customer gets message.updated', async () => {
    const { customer, agent, conversationId } = await served();
    const sent = await send(agent.socket, conversationId, 'sorry, wrong customer');
    const toCustomer = nextEvent<Message>(customer.socket, S.messageUpdated, (m) => m.id === sent.id);
    const answer = await recall(agent.socket, conversationId, sent.seq);
    expect(answer).toMatchObject({ ok: true, data: { id: sent.id, text: null, recalledAt: expect.any(String) } });
    expect(await toCustomer).toMatchObject({ id: sent.id, text: null });
  });

  it('refuses past the window (the clock moved, not waited for) with conflict recall_window_passed, and changes nothing', async () => {
    const { customer, agent, conversationId } = await served();
    const sent = await send(customer.socket, conversationId, 'too late to take back');
    clock.shift((WINDOW_S + 1) * 1000);
    const late = await recall(customer.socket, conversationId, sent.seq);
    expect(late).toMatchObject({ ok: false, error: { code: 'conflict', details: { reason: 'recall_window_passed' } } });
    const page = await sync(agent.socket, conversationId);
    expect(page.messages.find((m) => m.id === sent.id)).toMatchObject({ text: 'too late to take back', recalledAt: null });
    // Just inside the window it still works.
    clock.reset();
    const fresh = await send(customer.socket, conversationId, 'take this back');
    clock.shift((WINDOW_S - 2) * 1000);
    expect((await recall(customer.socket, conversationId, fresh.seq)).ok).toBe(true);
  });

  it("refuses someone else's message and system messages (forbidden not_sender), an unknown seq (not_found), other people's conversations (forbidden)", async () => {
    const { customer, agent, conversationId } = await served();
    const fromCustomer = await send(customer.socket, conversationId, 'mine, not yours');
    expect(await recall(agent.socket, conversationId, fromCustomer.seq)).toMatchObject({
      ok: false,
      error: { code: 'forbidden', details: { reason: 'not_sender' } },
    });
    const { messages } = await sync(agent.socket, conversationId);
    const joined = messages.find((m) => m.kind === 'system');
    expect(joined).toMatchObject({ recallableUntil: null });
    for (const socket of [agent.socket, customer.socket]) {
      expect(await recall(socket, conversationId, joined?.seq)).toMatchObject({
        ok: false,
        error: { code: 'forbidden', details: { reason: 'not_sender' } },
      });
    }
    expect(await recall(customer.socket, conversationId, 999)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await recall(customer.socket, new Types.ObjectId().toHexString(), 1)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const stranger = await customerWithConversation(gw);
    expect(await recall(stranger.customer.socket, conversationId, fromCustomer.seq)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const otherAgent = await newAgent(gw, supervisor.token);
    expect(await recall(otherAgent.socket, conversationId, fromCustomer.seq)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await sync(agent.socket, conversationId)).messages.find((m) => m.id === fromCustomer.id)?.recalledAt).toBeNull();
  });

  it('refuses malformed payloads with bad_request naming the field', async () => {
    const { customer, conversationId } = await served();
    const cases: Array<[unknown, string]> = [
      [{ conversationId, seq: 0 }, 'seq'],
      [{ conversationId, seq: '1' }, 'seq'],
      [{ conversationId, seq: 1.5 }, 'seq'],
      [{ conversationId }, 'seq'],
      [{ conversationId, seq: { $gt: 0 } }, 'seq'],
      [{ conversationId: { $ne: null }, seq: 1 }, 'conversationId'],
      [{ conversationId, seq: 1, text: 'x' }, 'text'],
    ];
    for (const [payload, field] of cases) {
      const answer = await emitAck(customer.socket, E.messageRecall, payload);
      expect(answer).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      expect(JSON.stringify((answer as { ok: false; error: { details: unknown } }).error.details)).toContain(field);
    }
    expect(await emitAck(customer.socket, E.messageRecall, 'seq 1')).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect((await sync(customer.socket, conversationId)).messages.every((m) => m.recalledAt === null)).toBe(true);
  });

  it('recalling twice answers the recalled message again and announces nothing new; a closed conversation allows it in the window', async () => {
    const { customer, agent, conversationId } = await served();
    const sent = await send(customer.socket, conversationId, 'oops');
    const first = await recall(customer.socket, conversationId, sent.seq);
    await nextEvent(agent.socket, S.messageUpdated, (m: Message) => m.id === sent.id);
    const again = nextEvent(agent.socket, S.messageUpdated, (m: Message) => m.id === sent.id, 400).then(
      () => 'announced',
      () => 'quiet',
    );
    expect(await recall(customer.socket, conversationId, sent.seq)).toEqual(first);
    expect(await again).toBe('quiet');

    const last = await send(customer.socket, conversationId, 'bye, and one more thing');
    await emitOkPaced<Conversation>(customer.socket, E.conversationClose, { conversationId });
    const toAgent = nextEvent<Message>(agent.socket, S.messageUpdated, (m) => m.id === last.id);
    expect(await recall(customer.socket, conversationId, last.seq)).toMatchObject({ ok: true, data: { text: null } });
    expect(await toAgent).toMatchObject({ text: null });
  });

  it('supervisors read the original with includeRecalled=true (and recalled: true); agents and customers get the recalled message whatever they ask', async () => {
    const { customer, agent, conversationId } = await served();
    const kept = await send(customer.socket, conversationId, 'still here');
    const gone = await send(customer.socket, conversationId, 'said too much');
    await recall(customer.socket, conversationId, gone.seq);
    const original = await history(conversationId, supervisor.token, '?includeRecalled=true');
    expect(original.status).toBe(200);
    expect(original.body.messages.find((m) => m.id === gone.id)).toMatchObject({ text: 'said too much', recalled: true, recalledAt: expect.any(String) });
    expect(original.body.messages.find((m) => m.id === kept.id)).toMatchObject({ text: 'still here', recalled: false });
    for (const token of [agent.token, customer.token]) {
      const page = await history(conversationId, token, '?includeRecalled=true');
      expect(page.status).toBe(200);
      expect(page.body.messages.find((m) => m.id === gone.id)).toMatchObject({ text: null });
      expect(page.body.messages.find((m) => m.id === gone.id)).not.toHaveProperty('recalled');
    }
    expect((await history(conversationId, supervisor.token, '?includeRecalled=false')).body.messages.find((m) => m.id === gone.id)?.text).toBeNull();
    expect((await history(conversationId, supervisor.token, '?includeRecalled=yes')).status).toBe(400);
  });

  it("a recalled image is no longer downloadable by the customer (its uploader) or the agent; a supervisor still can", async () => {
    const { customer, agent, conversationId } = await served();
    const upload = await uploadFile(gw.url, customer.token, PNG, 'receipt.png', 'image/png');
    expect(upload.status).toBe(201);
    const sent = await emitOkPaced<Message>(customer.socket, E.messageSend, {
      conversationId,
      clientMsgId: clientMsgId(),
      kind: 'image',
      attachmentId: upload.attachment.id,
    });
    expect((await downloadFile(gw.url, upload.attachment.url, agent.token)).res.status).toBe(200);
    const answer = await recall(customer.socket, conversationId, sent.seq);
    expect(answer).toMatchObject({ ok: true, data: { kind: 'image', text: null, attachment: null } });
    for (const token of [customer.token, agent.token]) {
      expect((await downloadFile(gw.url, upload.attachment.url, token)).res.status).toBe(403);
      const link = await fetch(`${gw.url}/api/attachments/${upload.attachment.id}/link`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      expect(link.status).toBe(403);
    }
    const bySupervisor = await downloadFile(gw.url, upload.attachment.url, supervisor.token);
    expect(bySupervisor.res.status).toBe(200);
    expect(bySupervisor.bytes.equals(PNG)).toBe(true);
    const original = await history(conversationId, supervisor.token, '?includeRecalled=true');
    expect(original.body.messages.find((m) => m.id === sent.id)?.attachment?.id).toBe(upload.attachment.id);
  });

  it('previews say the message was recalled: conversation.updated, conversations.mine, the queue', async () => {
    const { customer, agent, conversationId } = await served();
    const sent = await send(customer.socket, conversationId, 'my password is hunter2');
    const updated = nextEvent<Conversation>(agent.socket, S.conversationUpdated, (c) => c.id === conversationId && c.lastMessage?.recalled === true);
    await recall(customer.socket, conversationId, sent.seq);
    const conversation = await updated;
    expect(conversation.lastMessage).toMatchObject({ seq: sent.seq, preview: '[message recalled]', recalled: true, senderType: 'customer' });
    const mine = await emitOkPaced<{ conversations: Conversation[] }>(agent.socket, E.conversationsMine, {});
    const row = mine.conversations.find((c) => c.id === conversationId);
    expect(row?.lastMessage).toMatchObject({ recalled: true });
    expect(JSON.stringify(mine)).not.toContain('hunter2');
    // Unread counts still hold it: its placeholder is there to read.
    expect(row?.unread.agent).toBeGreaterThanOrEqual(1);

    // A waiting conversation's queue row.
    const waiting = await customerWithConversation(gw, 'call me on 555 0100');
    const onQueue = await emitOkPaced<{ conversations: Conversation[] }>(agent.socket, E.queueList, {});
    expect(onQueue.conversations.find((c) => c.id === waiting.conversation.id)?.lastMessage?.preview).toContain('555');
    await recall(waiting.customer.socket, waiting.conversation.id, 1);
    await waitFor(async () => {
      const queue = await emitOkPaced<{ conversations: Conversation[] }>(agent.socket, E.queueList, {});
      return queue.conversations.find((c) => c.id === waiting.conversation.id)?.lastMessage?.recalled === true;
    }, { what: 'the queue row shows the recall' });
    // An earlier message's recall leaves a later preview alone.
    const later = await send(customer.socket, conversationId, 'anyway, where is it?');
    const earlier = await send(customer.socket, conversationId, 'one more');
    void later;
    await send(agent.socket, conversationId, 'looking into it');
    await recall(customer.socket, conversationId, earlier.seq);
    const after = await emitOkPaced<{ conversations: Conversation[] }>(agent.socket, E.conversationsMine, {});
    expect(after.conversations.find((c) => c.id === conversationId)?.lastMessage).toMatchObject({ preview: 'looking into it' });
  });

  it('message.send with replyToSeq stores replyTo { seq, preview, senderName, recalled }; a retry answers the same message', async () => {
    const { customer, agent, conversationId } = await served();
    const question = await send(customer.socket, conversationId, 'Where is order 1234? It was due Monday.');
    const key = clientMsgId();
    const payload = { conversationId, clientMsgId: key, text: 'It ships tomorrow.', replyToSeq: question.seq };
    const toCustomer = nextEvent<Message>(customer.socket, S.messageNew, (m) => m.clientMsgId === key);
    const reply = await emitOkPaced<Message>(agent.socket, E.messageSend, payload);
    expect(reply.replyTo).toEqual({ seq: question.seq, preview: 'Where is order 1234? It was due Monday.', senderName: question.sender.name, recalled: false });
    expect(await toCustomer).toEqual(reply);
    expect(await emitOkPaced<Message>(agent.socket, E.messageSend, payload)).toEqual(reply);
    const { messages } = await sync(customer.socket, conversationId);
    expect(messages.filter((m) => m.clientMsgId === key)).toHaveLength(1);
    // The customer quotes the agent: a quote's preview is bounded like lastMessage's.
    const long = await send(agent.socket, conversationId, 'x'.repeat(1000));
    const quoting = await send(customer.socket, conversationId, 'what?', { replyToSeq: long.seq });
    expect(quoting.replyTo?.preview.length).toBeLessThanOrEqual(140);
  });

  it('a quote of a message that is then recalled shows as recalled everywhere, and the retry of it still answers the same message', async () => {
    const { customer, agent, conversationId } = await served();
    const quoted = await send(customer.socket, conversationId, 'my address is 1 Secret Lane');
    const key = clientMsgId();
    const payload = { conversationId, clientMsgId: key, text: 'noted', replyToSeq: quoted.seq };
    const reply = await emitOkPaced<Message>(agent.socket, E.messageSend, payload);
    await recall(customer.socket, conversationId, quoted.seq);
    const seen = [
      (await sync(customer.socket, conversationId)).messages,
      (await history(conversationId, agent.token)).body.messages,
      (await history(conversationId, supervisor.token, '?includeRecalled=true')).body.messages,
    ];
    for (const messages of seen) {
      expect(messages.find((m) => m.id === reply.id)?.replyTo).toEqual({ seq: quoted.seq, preview: '', senderName: quoted.sender.name, recalled: true });
    }
    const retried = await emitOkPaced<Message>(agent.socket, E.messageSend, payload);
    expect(retried).toMatchObject({ id: reply.id, replyTo: { recalled: true, preview: '' } });
    // Quoting it afterwards is allowed and says recalled from the start.
    const late = await send(agent.socket, conversationId, 'about that', { replyToSeq: quoted.seq });
    expect(late.replyTo).toMatchObject({ recalled: true, preview: '' });
  });

  it('refuses a replyToSeq the sender may not quote with bad_request, storing nothing', async () => {
    const { customer, agent, conversationId } = await served();
    const { messages } = await sync(agent.socket, conversationId);
    const system = messages.find((m) => m.kind === 'system');
    const elsewhere = await customerWithConversation(gw, 'another conversation, seq 1');
    void elsewhere;
    const bad: Array<[unknown, string]> = [
      [999, 'replyToSeq'],
      [system?.seq, 'replyToSeq'],
      [0, 'replyToSeq'],
      ['1', 'replyToSeq'],
      [1.5, 'replyToSeq'],
      [{ $gt: 0 }, 'replyToSeq'],
    ];
    for (const [replyToSeq, field] of bad) {
      for (const socket of [customer.socket, agent.socket]) {
        const answer = await emitAck<Message>(socket, E.messageSend, { conversationId, clientMsgId: clientMsgId(), text: 'hi', replyToSeq });
        expect(answer).toMatchObject({ ok: false, error: { code: 'bad_request' } });
        expect(JSON.stringify((answer as { ok: false; error: { details: unknown } }).error.details)).toContain(field);
      }
    }
    expect((await sync(agent.socket, conversationId)).messages).toHaveLength(messages.length);
  });
});
