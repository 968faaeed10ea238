import type { Conversation, CustomerAuthResponse } from '@switchboard/protocol';
import { SwitchboardError, TYPING_EXPIRY_MS, type KeyValueStorage, type Schedule } from '@switchboard/client';
import { FakeClient, aConversation, aMessage, anAgent, messagesFrom } from '@switchboard/client/testing';
import { ChatStore, type ChatGateway } from './chat-store';
import type { HostUser } from '../host/host-user';
import { WidgetStorage, type WidgetSession } from './widget-storage';

const customer = { id: 'customer-1', name: 'Dana Scully', type: null };
const session: WidgetSession = { token: 'token-1', visitorId: 'visitor-1', customer };

function memoryStorage(): KeyValueStorage {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
  };
}

/** Time that only moves when the test says so. */
function manualClock() {
  const timers: Array<{ at: number; run: () => void; live: boolean }> = [];
  let now = 0;
  const schedule: Schedule = (run, ms) => {
    const timer = { at: now + ms, run, live: true };
    timers.push(timer);
    return () => void (timer.live = false);
  };
  const advance = (ms: number) => {
    now += ms;
    timers.filter((t) => t.live && t.at <= now).forEach((t) => ((t.live = false), t.run()));
  };
  return { schedule, advance };
}

/** A gateway of fakes: every client it hands out is kept, in order (a renewed token makes a new one). */
function fakeGateway(prepare: (client: FakeClient) => void = () => undefined) {
  const clients: FakeClient[] = [];
  const authRequests: unknown[] = [];
  const priorTokens: Array<string | undefined> = [];
  let tokens = 0;
  const gateway: ChatGateway = {
    authenticate: async (request, priorToken) => {
      authRequests.push(request);
      priorTokens.push(priorToken);
      tokens += 1;
      return { token: `token-${tokens + 1}`, visitorId: 'visitor-1', customer } as CustomerAuthResponse;
    },
    client: () => {
      const client = new FakeClient();
      prepare(client);
      clients.push(client);
      return client;
    },
  };
  return { gateway, clients, authRequests, priorTokens };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(
  stored?: { session?: WidgetSession; conversation?: Conversation },
  prepare?: (client: FakeClient) => void,
  user?: HostUser,
) {
  const storage = new WidgetStorage(memoryStorage());
  if (stored?.session) storage.saveSession(stored.session);
  if (stored?.conversation) storage.saveConversation(stored.conversation);
  const fake = fakeGateway(prepare);
  const clock = manualClock();
  const store = new ChatStore({
    gateway: fake.gateway,
    storage,
    customerType: null,
    schedule: clock.schedule,
    ...(user ? { user } : {}),
  });
  return { store, storage, clock, ...fake };
}

const serving = (overrides: Partial<Conversation> = {}) =>
  aConversation({ id: 'c1', customer, artificialType: 'serving', agentId: anAgent.id, ...overrides });

describe('ChatStore', () => {
  it('starts the conversation with the first message and sends that message through the outbox', async () => {
    const started = aConversation({ id: 'c1', customer, lastSeq: 0, lastMessage: null });
    const { store, clients, authRequests } = setup(undefined, (client) => {
      client.answers['conversation.start'] = () => started;
      // A first visit has no live conversation: the start is what makes it.
      client.answers['conversation.current'] = () => null;
    });
    store.boot();
    expect(store.getSnapshot()).toMatchObject({ status: 'ready', customer: null, conversation: null });

    store.setProfile({ name: 'Dana' });
    store.send('  Hello  ');
    expect(store.getSnapshot().pending.map((entry) => entry.text)).toEqual(['Hello']);
    await flush();
    expect(authRequests).toEqual([{ name: 'Dana' }]);
    const [client] = clients;
    client.setConnection('connected');
    await flush();
    await flush();
    expect(client.requestsOf('conversation.start')).toEqual([{}]);
    expect(client.sent).toEqual([{ conversationId: 'c1', body: { text: 'Hello' } }]);
    expect(store.getSnapshot().conversation?.id).toBe('c1');
    expect(store.getSnapshot().pending.map((entry) => entry.text)).toEqual(['Hello']);

    // The stored copy replaces the one on its way.
    const [entry] = client.outbox;
    client.emit(
      'message',
      aMessage({
        seq: 1,
        clientMsgId: entry.clientMsgId,
        text: 'Hello',
        sender: { ...customer, type: 'customer' },
      }),
    );
    expect(store.getSnapshot().messages.map((m) => m.text)).toEqual(['Hello']);
    expect(store.getSnapshot().pending).toEqual([]);
  });

  it('resumes a stored session: the live conversation, its newest history, then live messages', async () => {
    const cached = serving({ lastSeq: 3 });
    const { store, clients } = setup({ session, conversation: cached });
    store.boot();
    const [client] = clients;
    expect(store.getSnapshot().conversation?.id).toBe('c1');
    // Nothing is followed from the cache: the fresh lastSeq decides where the catch-up starts.
    expect(client.tracked).toEqual([]);

    client.stored.set('c1', messagesFrom(1, 40));
    client.answers['conversation.current'] = () => serving({ lastSeq: 40 });
    client.setConnection('connected');
    await flush();
    await flush();
    expect(client.tracked[0]).toEqual({ conversationId: 'c1', lastSeq: 40 });
    expect(client.historyCalls).toEqual([{ conversationId: 'c1', limit: 30 }]);
    expect(store.getSnapshot().messages.map((m) => m.seq)).toEqual(
      Array.from({ length: 30 }, (_, i) => 11 + i),
    );
    expect(store.getSnapshot().older).toBe('idle');

    client.emit('message', aMessage({ seq: 41, sender: anAgent, text: 'Hi, Ana here' }));
    expect(store.getSnapshot().messages.at(-1)?.text).toBe('Hi, Ana here');
    expect(store.getSnapshot().agentName).toBe('Ana Lima');

    await store.loadOlder();
    expect(store.getSnapshot().messages[0].seq).toBe(1);
    expect(store.getSnapshot().older).toBe('done');
  });

  it('shows the agent typing by name until the expiry passes', async () => {
    const { store, clients, clock } = setup({ session });
    store.boot();
    const [client] = clients;
    client.stored.set('c1', [aMessage({ seq: 1, sender: anAgent, text: 'Hello' })]);
    client.answers['conversation.current'] = () => serving({ lastSeq: 1 });
    client.setConnection('connected');
    await flush();
    await flush();
    client.emit('typing', { conversationId: 'c1', userId: anAgent.id, userType: 'agent', isTyping: true });
    expect(store.getSnapshot().agentTyping).toEqual({ name: 'Ana Lima' });
    clock.advance(TYPING_EXPIRY_MS);
    expect(store.getSnapshot().agentTyping).toBeNull();
  });

  it('names the assignee from the line that gave them the chat, before they have written anything', async () => {
    const { store, clients } = setup({ session });
    store.boot();
    const [client] = clients;
    const joined = (seq: number, agentName: string) =>
      aMessage({
        seq,
        sender: { id: 'system', type: 'system', name: 'Switchboard' },
        kind: 'system',
        text: `${agentName} joined`,
        system: { code: 'agent_joined', params: { agentName } },
      });
    client.stored.set('c1', [joined(1, 'Bo Chen'), joined(2, '王小明')]);
    client.answers['conversation.current'] = () => serving({ lastSeq: 2 });
    client.setConnection('connected');
    await flush();
    await flush();
    expect(store.getSnapshot().agentName).toBe('王小明');
    client.emit('typing', { conversationId: 'c1', userId: anAgent.id, userType: 'agent', isTyping: true });
    expect(store.getSnapshot().agentTyping).toEqual({ name: '王小明' });
    // Someone else typing (a supervisor, say) is not taken for the assignee.
    client.emit('typing', { conversationId: 'c1', userId: 'agent-9', userType: 'agent', isTyping: true });
    expect(store.getSnapshot().agentTyping).toEqual({ name: null });
  });

  it('says why a file was refused, and lets the customer dismiss it', async () => {
    const { store, clients } = setup({ session });
    store.boot();
    const [client] = clients;
    client.answers['conversation.current'] = () => serving({ lastSeq: 0, lastMessage: null });
    client.setConnection('connected');
    await flush();
    client.upload = async () => {
      throw new SwitchboardError(
        'bad_request',
        'unsupported media type',
        undefined,
        415,
        'type_not_accepted',
      );
    };
    await store.sendFile(new File(['x'], 'virus.exe'));
    const [upload] = store.getSnapshot().uploads;
    expect(upload).toMatchObject({
      name: 'virus.exe',
      status: 'failed',
      error: 'typeNotAccepted',
    });
    expect(client.sent).toEqual([]);
    store.dismissUpload(upload.id);
    expect(store.getSnapshot().uploads).toEqual([]);

    client.upload = async (file, name) => ({
      id: 'a1',
      name,
      mime: 'image/png',
      size: file.size,
      md5: 'x',
      url: '/a1',
    });
    await store.sendFile(new File(['png'], 'photo.png'));
    expect(client.sent).toEqual([{ conversationId: 'c1', body: { kind: 'image', attachmentId: 'a1' } }]);
  });

  it('renews a refused token with the visitorId and follows the same conversation with the new client', async () => {
    const { store, clients, authRequests, priorTokens, storage } = setup({ session });
    store.boot();
    const [first] = clients;
    first.stored.set('c1', messagesFrom(1, 5));
    first.answers['conversation.current'] = () => serving({ lastSeq: 5 });
    first.setConnection('connected');
    await flush();
    await flush();
    first.setConnection('unauthorized');
    await flush();
    expect(authRequests).toEqual([{ visitorId: 'visitor-1' }]);
    // the old token goes along, so a blocked visitor cannot come back as someone new
    expect(priorTokens).toEqual(['token-1']);
    expect(first.closed).toBe(true);
    expect(storage.session()?.token).toBe('token-2');
    const second = clients[1];
    // The new client follows on from the messages already on screen.
    expect(second.tracked.at(-1)).toEqual({ conversationId: 'c1', lastSeq: 5 });
    expect(store.getSnapshot().messages).toHaveLength(5);
  });

  describe('a verified customer (data-user-id and data-user-hash)', () => {
    const verifiedUser = (userId: string): HostUser => ({
      verified: { userId, userHash: `hash-of-${userId}` },
      name: null,
      email: null,
      attributes: {},
    });

    it('signs in at once by userId and userHash, without a visitorId, and shows the chat begun elsewhere', async () => {
      const { store, clients, authRequests, storage } = setup(undefined, (client) => {
        client.answers['conversation.current'] = () => serving({ lastSeq: 2 });
        client.stored.set('c1', messagesFrom(1, 2));
      }, verifiedUser('crm-7'));
      store.boot();
      await flush();
      expect(authRequests).toEqual([{ userId: 'crm-7', userHash: 'hash-of-crm-7' }]);
      expect(storage.session()?.userId).toBe('crm-7');
      clients[0].setConnection('connected');
      await flush();
      await flush();
      expect(store.getSnapshot().conversation?.id).toBe('c1');
    });

    it('drops a stored session of another user (or of an anonymous visitor) instead of showing their chat', async () => {
      const theirs = { session: { ...session, userId: 'crm-1' }, conversation: serving() };
      const { store, clients, authRequests, storage } = setup(theirs, undefined, verifiedUser('crm-2'));
      store.boot();
      await flush();
      expect(store.getSnapshot().conversation).toBeNull();
      expect(authRequests).toEqual([{ userId: 'crm-2', userHash: 'hash-of-crm-2' }]);
      expect(storage.session()?.userId).toBe('crm-2');
      expect(clients).toHaveLength(1);

      // signed out on the host page: the verified customer's session is not resumed by an anonymous page
      const anonymous = setup({ session: { ...session, userId: 'crm-2' } });
      anonymous.store.boot();
      expect(anonymous.storage.session()).toBeNull();
      expect(anonymous.clients).toHaveLength(0);
    });

    it('renews a refused token by userId and userHash, never by the visitorId alone', async () => {
      const { store, clients, authRequests } = setup({ session: { ...session, userId: 'crm-3' } }, undefined, verifiedUser('crm-3'));
      store.boot();
      clients[0].setConnection('unauthorized');
      await flush();
      expect(authRequests).toEqual([{ userId: 'crm-3', userHash: 'hash-of-crm-3' }]);
    });

    it('says so when the gateway refuses the identity', async () => {
      const { store, gateway } = setup(undefined, undefined, verifiedUser('crm-4'));
      gateway.authenticate = () => Promise.reject(new SwitchboardError('unauthorized', 'no', undefined, 401, 'identity_invalid'));
      store.boot();
      await flush();
      expect(store.getSnapshot().notice).toBe('identityInvalid');
    });
  });

  it('tells a blocked visitor so, and does not keep retrying the start', async () => {
    const { store, clients } = setup(undefined, (client) => {
      client.answers['conversation.current'] = () => null;
      client.answers['conversation.start'] = () => {
        throw new SwitchboardError('forbidden', 'blocked', { reason: 'blocked' });
      };
    });
    const timers = jest.spyOn(global, 'setTimeout');
    store.boot();
    store.send('hello?');
    await flush();
    clients[0].setConnection('connected');
    await flush();
    await flush();
    expect(store.getSnapshot().notice).toBe('blocked');
    expect(clients[0].requestsOf('conversation.start')).toHaveLength(1);
    // no retry is scheduled (a refusal of another kind is tried again after a second or more)
    expect(timers.mock.calls.filter(([, ms]) => (ms ?? 0) >= 1000)).toEqual([]);
    timers.mockRestore();
  });

  it('answers a proposal to close by writing, ends the chat, rates it and starts over', async () => {
    const { store, clients } = setup({ session });
    store.boot();
    const [client] = clients;
    client.stored.set('c1', messagesFrom(1, 2));
    client.answers['conversation.current'] = () => serving({ lastSeq: 2, artificialType: 'close_initiated' });
    client.setConnection('connected');
    await flush();
    await flush();
    expect(store.getSnapshot().actions).toEqual(['close_by_customer', 'confirm_close']);
    store.stillNeedHelp('I still need help');
    expect(client.sent).toEqual([{ conversationId: 'c1', body: { text: 'I still need help' } }]);

    client.answers['conversation.close'] = () => {
      throw new SwitchboardError('rate_limited', 'slow down');
    };
    await store.endChat();
    expect(store.getSnapshot()).toMatchObject({
      busy: false,
      notice: 'rateLimited',
    });

    client.answers['conversation.close'] = () => serving({ lastSeq: 3, artificialType: 'closed' });
    await store.endChat();
    expect(store.getSnapshot().conversation?.artificialType).toBe('closed');
    expect(store.getSnapshot().actions).toEqual(['rate']);
    client.answers['conversation.rate'] = (payload) =>
      serving({
        lastSeq: 3,
        artificialType: 'closed',
        rating: { score: payload.score as number, comment: null },
      });
    await store.rate(5, '  ');
    expect(client.requestsOf('conversation.rate')).toEqual([{ conversationId: 'c1', score: 5 }]);
    expect(store.getSnapshot().conversation?.rating?.score).toBe(5);
    expect(store.getSnapshot().actions).toEqual([]);

    store.newChat();
    // What was still on its way for the ended chat can no longer be sent.
    expect(client.discarded).toEqual(['sent-1']);
    expect(store.getSnapshot()).toMatchObject({ conversation: null, messages: [], older: 'idle' });
    expect(client.untracked).toContain('c1');
  });

  it('moves the read marker once per new message, and only while connected', async () => {
    const { store, clients } = setup({ session });
    store.boot();
    const [client] = clients;
    client.stored.set('c1', messagesFrom(1, 3, { sender: anAgent }));
    client.answers['conversation.current'] = () => serving({ lastSeq: 3 });
    client.answers['message.read'] = (payload) => ({
      conversationId: payload.conversationId,
      seq: payload.seq,
      unread: 0,
    });
    client.setConnection('connected');
    await flush();
    await flush();
    store.markRead();
    store.markRead();
    expect(client.requestsOf('message.read')).toEqual([{ conversationId: 'c1', seq: 3 }]);
    client.setConnection('connecting');
    client.emit('message', aMessage({ seq: 4, sender: anAgent }));
    store.markRead();
    expect(client.requestsOf('message.read')).toHaveLength(1);
  });
});

describe('ChatStore opened from a follow-up email’s link (issue 15)', () => {
  const other = { id: 'customer-2', name: 'Fox Mulder', type: null };

  it('replaces the stored session with the link’s customer and shows the link’s conversation', async () => {
    const linked = aConversation({ id: 'c-linked', customer: other, artificialType: 'closed' });
    const { store, storage, gateway, clients } = setup({ session });
    const requests: unknown[] = [];
    gateway.resume = async (request) => {
      requests.push(request);
      return { token: 'token-linked', visitorId: 'visitor-linked', customer: other, conversation: linked };
    };
    await store.bootFromLink('link-token');
    expect(requests).toEqual([{ token: 'link-token', visitorId: 'visitor-1' }]);
    expect(store.getSnapshot()).toMatchObject({ status: 'ready', customer: other, conversation: { id: 'c-linked' }, notice: null });
    expect(storage.session()).toEqual({ token: 'token-linked', visitorId: 'visitor-linked', customer: other });
    expect(clients).toHaveLength(1);
  });

  it('says an expired or tampered link in words and goes on with the session it had', async () => {
    for (const [reason, notice] of [
      ['link_expired', 'resumeLinkExpired'],
      ['link_invalid', 'resumeLinkInvalid'],
    ] as const) {
      const { store, storage, gateway } = setup({ session });
      gateway.resume = async () => {
        throw new SwitchboardError('forbidden', 'refused', undefined, 403, reason);
      };
      await store.bootFromLink('bad');
      expect(store.getSnapshot()).toMatchObject({ status: 'ready', customer, notice });
      expect(storage.session()).toEqual(session);
    }
  });
});
