// PROTOCOL section 8: "the customer never receives a note, in no event, history, sync or count". Two customers (the
// conversation's own, with two tabs, and another one) record EVERY event they get (socket.onAny) while notes are
// added in every way there is (assignee, transfer target, supervisor watching, mentions); then every read a customer
// can make is searched for the notes' text and ids. The same goes for the routes that export or search
// conversations, once they exist: whatever they answer must not hold a note either.
import { CLIENT_EVENTS, SERVER_EVENTS, type Conversation, type Note } from '@switchboard/protocol';
import {
  clientMsgId,
  connectCustomer,
  emitAck,
  typedAgent,
  typedCustomer,
  waitFor,
} from '@switchboard/testing';
import type { Socket } from 'socket.io-client';
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

/** Every event a socket receives, as JSON, so a note's text or id would be found anywhere in any payload. */
function recordEverything(socket: Socket): { events: string[]; names: string[] } {
  const record = { events: [] as string[], names: [] as string[] };
  socket.onAny((event: string, ...args: unknown[]) => {
    record.names.push(event);
    record.events.push(JSON.stringify([event, ...args]));
  });
  return record;
}

describe('a note never reaches a customer', () => {
  let gw: TestGateway;
  let supervisor: Staff;
  let ana: Staff;
  let bob: Staff;

  beforeAll(async () => {
    ({ gw, supervisor } = await startWithSupervisor());
    ana = await newAgent(gw, supervisor.token, 50);
    bob = await newAgent(gw, supervisor.token, 50);
  });

  afterAll(() => gw.close());

  it('not in any event on any customer socket, messages.sync, REST history, the conversation, its preview or unread counts, search or exports', async () => {
    const { customer, conversation } = await customerWithConversation(gw, 'I need help with my order');
    const conversationId = conversation.id;
    const secondTab = gw.track(await connectCustomer(gw.url, customer.token));
    const bystander = await customerWithConversation(gw, 'another question');
    const heard = [
      recordEverything(customer.socket),
      recordEverything(secondTab),
      recordEverything(bystander.customer.socket),
    ];

    const anaT = typedAgent(ana.socket);
    const supervisorT = typedAgent(supervisor.socket);
    await anaT.ok(E.conversationGrab, { conversationId });
    await anaT.ok(E.messageSend, { conversationId, clientMsgId: clientMsgId(), text: 'Hello, I am Ana' });
    await supervisorT.ok(E.conversationWatch, { conversationId });
    const customerT = typedCustomer(customer.socket);
    const before = await customerT.ok(E.conversationCurrent, {});

    // Notes from the assignee (with mentions), a watching supervisor, and the target of a transfer.
    const secret = (n: number) => `SECRET-NOTE-${n}-${Date.now().toString(36)}`;
    const notes: Note[] = [];
    notes.push(
      await anaT.ok(E.noteAdd, {
        conversationId,
        clientMsgId: clientMsgId(),
        text: secret(1),
        mentions: [bob.id, supervisor.id],
      }),
    );
    notes.push(
      await supervisorT.ok(E.noteAdd, {
        conversationId,
        clientMsgId: clientMsgId(),
        text: secret(2),
        mentions: [ana.id],
      }),
    );
    await anaT.ok(E.conversationTransfer, { conversationId, toAgentId: bob.id, note: 'billing question' });
    notes.push(
      await typedAgent(bob.socket).ok(E.noteAdd, {
        conversationId,
        clientMsgId: clientMsgId(),
        text: secret(3),
      }),
    );
    await typedAgent(bob.socket).ok(E.conversationTransferAccept, { conversationId });
    // The customer keeps talking, and the conversation keeps producing events, after the notes.
    const customerMessage = await customerT.ok(E.messageSend, {
      conversationId,
      clientMsgId: clientMsgId(),
      text: 'still there?',
    });
    await typedAgent(bob.socket).ok(E.messageSend, {
      conversationId,
      clientMsgId: clientMsgId(),
      text: 'Yes, Bob here',
    });
    await waitFor(() => heard[0].events.some((e) => e.includes('Yes, Bob here')), {
      what: "the agent's reply on the customer socket",
    });
    await waitFor(() => heard[1].events.some((e) => e.includes('Yes, Bob here')), {
      what: 'the reply on the second tab',
    });

    // What the customer can read, every way there is.
    const sync = await customerT.ok(E.messagesSync, { conversationId, afterSeq: 0 });
    const history = await getJson(
      `${gw.url}/api/conversations/${conversationId}/messages?limit=200`,
      customer.token,
    );
    const got = await getJson<Conversation>(`${gw.url}/api/conversations/${conversationId}`, customer.token);
    const current = await customerT.ok(E.conversationCurrent, {});
    const notesRoute = await getJson(`${gw.url}/api/conversations/${conversationId}/notes`, customer.token);
    const notesEvent = await emitAck(customer.socket, 'notes.list', { conversationId });
    const addEvent = await emitAck(customer.socket, 'note.add', {
      conversationId,
      clientMsgId: clientMsgId(),
      text: 'hi',
    });
    // Routes that search or export conversations (PROTOCOL sections 8 and 11): as the customer, and as staff for the
    // ones a customer's data leaves the system through. Not found today is fine; any answer must not hold a note.
    const routes = [
      [`/api/search?q=${encodeURIComponent('SECRET-NOTE')}`, customer.token],
      [`/api/search?q=${encodeURIComponent('SECRET-NOTE')}`, supervisor.token],
      [`/api/conversations/${conversationId}/transcript?format=json`, customer.token],
      [`/api/conversations/${conversationId}/transcript?format=text`, supervisor.token],
      [`/api/conversations/${conversationId}/transcript?format=json`, supervisor.token],
      [`/api/customers/${customer.id}/export`, supervisor.token],
      [`/api/conversations?customerId=${customer.id}`, supervisor.token],
    ] as const;
    // Answers as they come: JSON, or a text transcript.
    const searches = await Promise.all(
      routes.map(async ([path, token]) => {
        const res = await fetch(`${gw.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
        const text = await res.text();
        return {
          status: res.status,
          body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
        };
      }),
    );

    // The messages, and only they: the system messages of the grab and the transfer between them.
    const texts = sync.messages.map((m) => m.text);
    expect(texts.filter((_, i) => sync.messages[i].kind !== 'system')).toEqual([
      'I need help with my order',
      'Hello, I am Ana',
      'still there?',
      'Yes, Bob here',
    ]);
    expect(sync.messages.map((m) => m.seq)).toEqual(sync.messages.map((_, i) => i + 1));
    expect(history.status).toBe(200);
    expect(got.status).toBe(200);
    expect(notesRoute.status).toBe(403);
    expect(notesEvent).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(addEvent).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    for (const answer of searches) expect([200, 401, 403, 404]).toContain(answer.status);
    // Search is for staff only; staff searching a note's words find nothing.
    expect(searches[0].status).toBe(403);
    expect(searches[1]).toEqual({ status: 200, body: { results: [] } });
    for (const [token, text] of [
      [ana.token, notes[0].text],
      [bob.token, notes[2].text],
      [supervisor.token, notes[1].text],
    ]) {
      expect(await getJson(`${gw.url}/api/search?q=${encodeURIComponent(text)}`, token)).toEqual({
        status: 200,
        body: { results: [] },
      });
    }

    const everything = [
      ...heard.flatMap((h) => h.events),
      JSON.stringify(sync),
      JSON.stringify(history.body),
      JSON.stringify(got.body),
      JSON.stringify(current),
      JSON.stringify(notesRoute.body),
      JSON.stringify(notesEvent),
      JSON.stringify(addEvent),
      // A refusal or a 404 echoes the query in its message; only what a route answers with counts.
      ...searches.filter((answer) => answer.status < 400).map((answer) => JSON.stringify(answer.body)),
    ];
    for (const note of notes) {
      for (const text of everything) {
        expect(text).not.toContain(note.text);
        expect(text).not.toContain(note.id);
      }
    }
    expect(everything.join('\n')).not.toContain('SECRET-NOTE');
    for (const h of heard) {
      expect(h.names).not.toContain(S.noteNew);
      expect(h.names).not.toContain(S.mention);
    }
    // The bystander heard nothing of this conversation at all.
    expect(heard[2].events.filter((e) => e.includes(conversationId))).toEqual([]);

    // Counts and previews: the notes moved nothing; only the messages did (two from agents, one from the customer).
    const after = got.body;
    expect(after.lastMessage).toMatchObject({ preview: 'Yes, Bob here', senderType: 'agent' });
    expect(after.lastSeq).toBe(sync.lastSeq);
    expect(after.lastSeq).toBe(customerMessage.seq + 1);
    expect(current).toMatchObject({ id: conversationId, lastSeq: after.lastSeq, unread: after.unread });
    expect(before).not.toBeNull();
    // The customer has read nothing: their unread is the agents' messages (Ana's, Bob's), never a note.
    const fromOthers = sync.messages.filter((m) => m.sender.type === 'agent' && m.seq > after.reads.customer);
    expect(fromOthers).toHaveLength(2);
    expect(after.unread.customer).toBe(fromOthers.length);
    // The assignee's unread counts the customer's message after their marker, never a note.
    const bobView = await getJson<Conversation>(`${gw.url}/api/conversations/${conversationId}`, bob.token);
    const bobMarker = bobView.body.reads.agents[bob.id] ?? 0;
    expect(bobView.body.unread.agent).toBe(
      sync.messages.filter((m) => m.sender.type === 'customer' && m.seq > bobMarker).length,
    );
  });
});
