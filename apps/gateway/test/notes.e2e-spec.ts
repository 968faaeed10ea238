// PROTOCOL section 8, private notes and mentions: note.add and notes.list on /agent and GET /api/conversations/:id/notes
// on the real gateway with real sockets, each refusal, idempotency, who receives note.new and mention, and the read
// grant a mention gives. That no note reaches a customer is notes-never-leak.e2e-spec.ts.
import { CLIENT_EVENTS, SERVER_EVENTS, type Conversation, type Note, type NoteList } from '@switchboard/protocol';
import { clientMsgId, connectAgent, typedAgent, waitFor, type TypedSocket } from '@switchboard/testing';
import type { Socket } from 'socket.io-client';
import type { AgentClientEvents } from '@switchboard/protocol';
import { Types } from 'mongoose';
import {
  customerWithConversation,
  getJson,
  newAgent,
  startWithSupervisor,
  type Staff,
  type TestGateway,
} from './support/test-gateway';

const E = CLIENT_EVENTS;
const S = SERVER_EVENTS;

/**
 * typedAgent whose requests wait out `rate_limited` (10 events a second per user, bursts of 20), as a client would:
 * this file sends many events as the same few agents. Nothing was processed when refused.
 */
function paced(socket: Socket): TypedSocket<AgentClientEvents> {
  const typed = typedAgent(socket);
  const ack: TypedSocket<AgentClientEvents>['ack'] = async (event, payload, timeoutMs) => {
    for (let attempt = 0; ; attempt++) {
      const answer = await typed.ack(event, payload, timeoutMs);
      if (answer.ok || answer.error.code !== 'rate_limited' || attempt >= 40) return answer;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  return {
    ...typed,
    ack,
    ok: async (event, payload, timeoutMs) => {
      const answer = await ack(event, payload, timeoutMs);
      if (!answer.ok) throw new Error(`${event} → ${answer.error.code}: ${answer.error.message}`);
      return answer.data;
    },
  };
}

describe('private notes and mentions', () => {
  let gw: TestGateway;
  let supervisor: Staff;
  let ana: Staff;
  let bob: Staff;
  let cy: Staff;
  let anaT: TypedSocket<AgentClientEvents>;

  beforeAll(async () => {
    ({ gw, supervisor } = await startWithSupervisor());
    [ana, bob, cy] = [await newAgent(gw, supervisor.token, 50), await newAgent(gw, supervisor.token, 50), await newAgent(gw, supervisor.token, 50)];
    anaT = paced(ana.socket);
  });

  afterAll(() => gw.close());

  /** A conversation Ana serves. */
  async function servedByAna() {
    const { customer, conversation } = await customerWithConversation(gw, 'hello');
    await anaT.ok(E.conversationGrab, { conversationId: conversation.id });
    return { customer, conversationId: conversation.id };
  }

  const addNote = (socket: TypedSocket<AgentClientEvents>, conversationId: string, text: string, extra: { mentions?: string[]; clientMsgId?: string } = {}) =>
    socket.ack(E.noteAdd, { conversationId, clientMsgId: extra.clientMsgId ?? clientMsgId(), text, ...(extra.mentions ? { mentions: extra.mentions } : {}) });

  const restNotes = (conversationId: string, token: string) => getJson<NoteList>(`${gw.url}/api/conversations/${conversationId}/notes`, token);

  it('note.add by the assignee answers the stored Note and sends note.new to the assignee\'s tabs and a watching supervisor, not to other agents', async () => {
    const { conversationId } = await servedByAna();
    const anaTab = paced(gw.track(await connectAgent(gw.url, ana.token)));
    const watcher = paced(gw.track(await connectAgent(gw.url, supervisor.token)));
    await watcher.ok(E.conversationWatch, { conversationId });
    const onTab = anaTab.next(S.noteNew, (n) => n.conversationId === conversationId);
    const onWatcher = watcher.next(S.noteNew, (n) => n.conversationId === conversationId);
    const onBob = paced(bob.socket).collect(S.noteNew);

    const answer = await addNote(anaT, conversationId, '  refund approved by finance  ');
    expect(answer.ok).toBe(true);
    const note = (answer as { ok: true; data: Note }).data;
    expect(note).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      conversationId,
      author: { id: ana.id, name: ana.login.user.name },
      text: 'refund approved by finance',
      mentions: [],
      createdAt: expect.any(String),
    });
    expect(Object.keys(note).sort()).toEqual(['author', 'conversationId', 'createdAt', 'id', 'mentions', 'text']);
    expect(await onTab).toEqual(note);
    expect(await onWatcher).toEqual(note);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(onBob.items).toHaveLength(0);
  });

  it('is idempotent by clientMsgId: a retry answers the stored note, stores nothing new and announces nothing again', async () => {
    const { conversationId } = await servedByAna();
    const key = clientMsgId();
    const announced = anaT.collect(S.noteNew);
    const first = await addNote(anaT, conversationId, 'first try', { clientMsgId: key });
    const again = await addNote(anaT, conversationId, 'first try', { clientMsgId: key });
    expect(first.ok && again.ok).toBe(true);
    expect(again).toEqual(first);
    const { notes } = await anaT.ok(E.notesList, { conversationId });
    expect(notes).toHaveLength(1);
    await waitFor(() => announced.items.some((n) => n.conversationId === conversationId), { what: 'note.new' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(announced.items.filter((n) => n.conversationId === conversationId)).toHaveLength(1);
    // The same key in another conversation is another note.
    const other = await servedByAna();
    const elsewhere = await addNote(anaT, other.conversationId, 'first try', { clientMsgId: key });
    expect(elsewhere.ok && first.ok && elsewhere.data.id !== first.data.id).toBe(true);
  });

  it('refuses malformed payloads with bad_request naming the field, before anything is stored', async () => {
    const { conversationId } = await servedByAna();
    const cases: Array<[unknown, string]> = [
      [{ conversationId, clientMsgId: clientMsgId(), text: '   ' }, 'text'],
      [{ conversationId, clientMsgId: clientMsgId(), text: 'x'.repeat(4001) }, 'text'],
      [{ conversationId, clientMsgId: clientMsgId() }, 'text'],
      [{ conversationId, clientMsgId: 'short', text: 'hi' }, 'clientMsgId'],
      [{ conversationId: { $ne: null }, clientMsgId: clientMsgId(), text: 'hi' }, 'conversationId'],
      [{ conversationId, clientMsgId: clientMsgId(), text: 'hi', mentions: 'bob' }, 'mentions'],
      [{ conversationId, clientMsgId: clientMsgId(), text: 'hi', mentions: ['not-an-id'] }, 'mentions'],
      [{ conversationId, clientMsgId: clientMsgId(), text: 'hi', mentions: Array.from({ length: 21 }, () => new Types.ObjectId().toHexString()) }, 'mentions'],
      [{ conversationId, clientMsgId: clientMsgId(), text: 'hi', seq: 3 }, 'seq'],
    ];
    for (const [payload, field] of cases) {
      const answer = await anaT.ack(E.noteAdd, payload as never);
      expect(answer).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      const details = (answer as { ok: false; error: { details: Array<{ field: string }> } }).error.details;
      expect(details.map((d) => d.field)).toContain(field);
    }
    // Valid ids that are not staff: nobody, and a customer.
    const { customer } = await customerWithConversation(gw);
    for (const mention of [new Types.ObjectId().toHexString(), customer.id]) {
      const answer = await addNote(anaT, conversationId, 'hi', { mentions: [mention] });
      expect(answer).toMatchObject({ ok: false, error: { code: 'bad_request', details: [{ field: 'mentions' }] } });
    }
    expect((await anaT.ok(E.notesList, { conversationId })).notes).toEqual([]);
    expect(await anaT.ack(E.notesList, { conversationId, extra: 1 } as never)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('only the assignee, the transfer target and supervisors may add; others are forbidden (not_assignee), an unknown conversation is not_found', async () => {
    const { conversationId } = await servedByAna();
    expect(await addNote(paced(bob.socket), conversationId, 'not mine')).toMatchObject({
      ok: false,
      error: { code: 'forbidden', details: { reason: 'not_assignee' } },
    });
    expect(await addNote(anaT, new Types.ObjectId().toHexString(), 'nowhere')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // A supervisor who is not watching may add one; the assignee hears of it.
    const toAna = anaT.next(S.noteNew, (n) => n.text === 'from the supervisor');
    expect(await addNote(paced(supervisor.socket), conversationId, 'from the supervisor')).toMatchObject({ ok: true });
    await toAna;
    // While a transfer is offered, its target may add one, and both hear of the other's.
    await anaT.ok(E.conversationTransfer, { conversationId, toAgentId: cy.id });
    const cyT = paced(cy.socket);
    const toCy = cyT.next(S.noteNew, (n) => n.text === 'context for Cy');
    await expect(addNote(anaT, conversationId, 'context for Cy')).resolves.toMatchObject({ ok: true });
    await toCy;
    const toAnaFromCy = anaT.next(S.noteNew, (n) => n.text === 'looking at it');
    await expect(addNote(cyT, conversationId, 'looking at it')).resolves.toMatchObject({ ok: true });
    await toAnaFromCy;
    const texts = (await cyT.ok(E.notesList, { conversationId })).notes.map((n) => n.text);
    expect(texts).toEqual(['from the supervisor', 'context for Cy', 'looking at it']);
    // Once the offer is declined, Cy is no longer concerned.
    await cyT.ok(E.conversationTransferDecline, { conversationId });
    expect(await addNote(cyT, conversationId, 'too late')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('notes.list and GET /api/conversations/:id/notes answer the notes oldest first to who may read the conversation, and refuse everyone else', async () => {
    const { customer, conversationId } = await servedByAna();
    for (const text of ['one', 'two', 'three']) expect(await addNote(anaT, conversationId, text)).toMatchObject({ ok: true });
    const listed = await anaT.ok(E.notesList, { conversationId });
    expect(listed.notes.map((n) => n.text)).toEqual(['one', 'two', 'three']);
    expect(await restNotes(conversationId, ana.token)).toEqual({ status: 200, body: listed });
    expect(await restNotes(conversationId, supervisor.token)).toEqual({ status: 200, body: listed });
    expect((await paced(supervisor.socket).ok(E.notesList, { conversationId })).notes).toEqual(listed.notes);
    // Another agent, the customer, no token, a malformed and an unknown id.
    expect(await paced(bob.socket).ack(E.notesList, { conversationId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await restNotes(conversationId, bob.token)).status).toBe(403);
    const asCustomer = await restNotes(conversationId, customer.token);
    expect(asCustomer.status).toBe(403);
    expect(JSON.stringify(asCustomer.body)).not.toContain('one');
    expect((await getJson(`${gw.url}/api/conversations/${conversationId}/notes`)).status).toBe(401);
    expect((await restNotes('nope', ana.token)).status).toBe(400);
    expect((await restNotes(new Types.ObjectId().toHexString(), ana.token)).status).toBe(404);
    expect(await anaT.ack(E.notesList, { conversationId: new Types.ObjectId().toHexString() })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // A past assignee keeps reading them, as with messages.
    await anaT.ok(E.conversationTransfer, { conversationId });
    await paced(bob.socket).ok(E.conversationGrab, { conversationId });
    expect((await restNotes(conversationId, ana.token)).status).toBe(200);
    expect((await restNotes(conversationId, bob.token)).body.notes).toHaveLength(3);
  });

  it('a mention reaches every socket of each mentioned agent (deduplicated, never the author) and lets them read the conversation from then on', async () => {
    const { conversationId } = await servedByAna();
    await anaT.ok(E.messageSend, { conversationId, clientMsgId: clientMsgId(), text: 'a reply' });
    const bobTab = paced(gw.track(await connectAgent(gw.url, bob.token)));
    const bobT = paced(bob.socket);
    // Before: Bob may not see the conversation, its messages or its notes.
    expect((await getJson(`${gw.url}/api/conversations/${conversationId}`, bob.token)).status).toBe(403);
    expect((await getJson(`${gw.url}/api/conversations/${conversationId}/messages`, bob.token)).status).toBe(403);
    expect((await restNotes(conversationId, bob.token)).status).toBe(403);

    const onBob = bobT.next(S.mention, (m) => m.conversationId === conversationId);
    const onBobTab = bobTab.next(S.mention, (m) => m.conversationId === conversationId);
    const toSelf = anaT.collect(S.mention);
    const answer = await addNote(anaT, conversationId, '@Bob can you check the invoice?', { mentions: [bob.id, bob.id, ana.id, supervisor.id] });
    expect(answer.ok).toBe(true);
    const note = (answer as { ok: true; data: Note }).data;
    expect(note.mentions).toEqual([bob.id, ana.id, supervisor.id]);
    expect(await onBob).toEqual({ conversationId, note });
    expect(await onBobTab).toEqual({ conversationId, note });
    await paced(supervisor.socket).next(S.mention, (m) => m.note.id === note.id);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(toSelf.items.filter((m) => m.note.id === note.id)).toHaveLength(0);

    // After: the grant is stored on the conversation, so REST and sockets agree, on any later request.
    const seen = await getJson<Conversation>(`${gw.url}/api/conversations/${conversationId}`, bob.token);
    expect(seen.status).toBe(200);
    expect(seen.body).not.toHaveProperty('mentionedAgentIds');
    const history = await getJson<{ messages: Array<{ text: string }> }>(`${gw.url}/api/conversations/${conversationId}/messages`, bob.token);
    expect(history.body.messages.map((m) => m.text)).toContain('a reply');
    expect((await bobT.ok(E.messagesSync, { conversationId, afterSeq: 0 })).messages.length).toBeGreaterThan(0);
    expect((await bobT.ok(E.notesList, { conversationId })).notes.map((n) => n.id)).toEqual([note.id]);
    // Reading is all it gives: Bob may not write, nor add notes.
    expect(await bobT.ack(E.messageSend, { conversationId, clientMsgId: clientMsgId(), text: 'hi' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await addNote(bobT, conversationId, 'me too')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Cy was not mentioned.
    expect((await restNotes(conversationId, cy.token)).status).toBe(403);
  });

  it('a note leaves the conversation alone: no seq, preview or unread change, no unread or message event', async () => {
    const { customer, conversationId } = await servedByAna();
    const before = (await getJson<Conversation>(`${gw.url}/api/conversations/${conversationId}`, ana.token)).body;
    const unreadEvents = anaT.collect(S.unread);
    const messageEvents = anaT.collect(S.messageNew);
    const onCustomerUnread = paced(customer.socket).collect(S.unread);
    expect(await addNote(anaT, conversationId, 'quiet note', { mentions: [bob.id] })).toMatchObject({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = (await getJson<Conversation>(`${gw.url}/api/conversations/${conversationId}`, ana.token)).body;
    expect({ lastSeq: after.lastSeq, lastMessage: after.lastMessage, unread: after.unread, reads: after.reads }).toEqual({
      lastSeq: before.lastSeq,
      lastMessage: before.lastMessage,
      unread: before.unread,
      reads: before.reads,
    });
    expect(unreadEvents.items.filter((u) => u.conversationId === conversationId)).toEqual([]);
    expect(messageEvents.items.filter((m) => m.conversationId === conversationId)).toEqual([]);
    expect(onCustomerUnread.items).toEqual([]);
  });
});
