// Issue 16, API tokens and the REST API (PROTOCOL section 11): tokens made, listed and revoked by a supervisor; every
// new route with a token (and with a signed-in user's JWT); transcripts and exports; an erasure that leaves no
// trace of the customer's text, name or e-mail in any collection of the store (read with the driver).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getConnectionToken } from '@nestjs/mongoose';
import {
  CLIENT_EVENTS,
  type ApiTokenListResponse,
  type Conversation,
  type ConversationPage,
  type CreateApiTokenResponse,
  type CustomerErasure,
  type CustomerExport,
  type Message,
  type TranscriptJson,
} from '@switchboard/protocol';
import {
  clientMsgId,
  connectCustomer,
  customerToken,
  typedAgent,
  typedCustomer,
  waitFor,
} from '@switchboard/testing';
import type { Connection, mongo } from 'mongoose';
import {
  getJson,
  newAgent,
  postJson,
  requestJson,
  startWithSupervisor,
  type Staff,
  type TestGateway,
} from './support/test-gateway';
import { uploadFile } from './support/uploads';

describe('API tokens and the REST API (issue 16)', () => {
  let gw: TestGateway;
  let supervisor: Staff;
  let agent: Staff;

  beforeAll(async () => {
    // A webhook receiver on loopback (the erasure must reach the bodies its deliveries keep).
    ({ gw, supervisor } = await startWithSupervisor({
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_RETRY_BASE_MS: '50',
    }));
    agent = await newAgent(gw, supervisor.token, 50);
  });
  afterAll(() => gw.close());

  const api = <T>(method: string, path: string, token: string, body?: unknown) =>
    requestJson<T>(method, `${gw.url}/api${path}`, body, token);

  async function makeToken(
    role: 'agent' | 'supervisor',
    name = `${role} bot`,
  ): Promise<CreateApiTokenResponse> {
    const made = await api<CreateApiTokenResponse>('POST', '/tokens', supervisor.token, { name, role });
    expect(made.status).toBe(201);
    return made.body;
  }

  /** A customer (named `name`, with `email`) who starts a conversation and writes `text` in it. */
  async function customerSays(text: string, name = 'Cora', email?: string) {
    const auth = await customerToken(gw.url, { name, ...(email ? { email } : {}) });
    const socket = typedCustomer(gw.track(await connectCustomer(gw.url, auth.token)));
    const conversation = await socket.ok(CLIENT_EVENTS.conversationStart, {});
    await socket.ok(CLIENT_EVENTS.messageSend, {
      conversationId: conversation.id,
      clientMsgId: clientMsgId(),
      text,
    });
    return { auth, socket, conversation };
  }

  describe('tokens', () => {
    it('are made by a supervisor, shown once, listed without the token, stored only as a hash', async () => {
      const made = await makeToken('agent', 'Order bot');
      expect(made.token).toMatch(/^sbt_[A-Za-z0-9_-]{43}$/);
      const listed = await api<ApiTokenListResponse>('GET', '/tokens', supervisor.token);
      const entry = listed.body.tokens.find((t) => t.id === made.id);
      expect(entry).toMatchObject({ name: 'Order bot', role: 'agent', createdBy: { id: supervisor.id } });
      expect(JSON.stringify(listed.body)).not.toContain(made.token);
      const db = gw.app.get<Connection>(getConnectionToken()).db as mongo.Db;
      const stored = await db.collection('api_tokens').find({}).toArray();
      expect(JSON.stringify(stored)).not.toContain(made.token.slice(4));
    });

    it('are refused to agents, to customers, to a token itself, and for bad input', async () => {
      expect((await api('POST', '/tokens', agent.token, { name: 'x', role: 'agent' })).status).toBe(403);
      expect((await api('GET', '/tokens', agent.token)).status).toBe(403);
      const customer = await customerToken(gw.url, {});
      expect((await api('GET', '/tokens', customer.token)).status).toBe(403);
      const boss = await makeToken('supervisor');
      expect((await api('POST', '/tokens', boss.token, { name: 'child', role: 'supervisor' })).status).toBe(
        403,
      );
      for (const body of [
        { name: '', role: 'agent' },
        { name: 'x', role: 'customer' },
        { name: 'x' },
        { name: 'x'.repeat(81), role: 'agent' },
        { name: 'x', role: 'agent', extra: 1 },
      ]) {
        expect((await api('POST', '/tokens', supervisor.token, body)).status).toBe(400);
      }
      expect((await api('DELETE', '/tokens/0123456789abcdef01234567', supervisor.token)).status).toBe(404);
    });

    it('stop working at once when revoked: the next request is 401', async () => {
      const made = await makeToken('supervisor', 'Short-lived');
      expect((await api('GET', '/conversations', made.token)).status).toBe(200);
      expect((await api('DELETE', `/tokens/${made.id}`, supervisor.token)).status).toBe(204);
      for (const [method, path] of [
        ['GET', '/conversations'],
        ['GET', '/users'],
        ['POST', '/conversations/0123456789abcdef01234567/close'],
      ] as const) {
        expect((await api(method, path, made.token)).status).toBe(401);
      }
      const listed = await api<ApiTokenListResponse>('GET', '/tokens', supervisor.token);
      expect(listed.body.tokens.map((t) => t.id)).not.toContain(made.id);
      // an unknown token of the right shape, and a mangled one, are refused alike
      expect((await api('GET', '/conversations', `sbt_${'A'.repeat(43)}`)).status).toBe(401);
      expect((await api('GET', '/conversations', `${made.token}x`)).status).toBe(401);
    });
  });

  describe('conversations with a token', () => {
    it('pages newest first with an opaque cursor, with filters, showing an agent token only what it may see', async () => {
      const supervisorToken = (await makeToken('supervisor', 'Reporter')).token;
      const started: Conversation[] = [];
      for (let i = 0; i < 5; i++)
        started.push((await customerSays(`page test ${i}`, `Pager ${i}`)).conversation);
      const seen: string[] = [];
      let before: string | null = null;
      do {
        const query: string = `/conversations?state=open&limit=2${before ? `&before=${before}` : ''}`;
        const page: { status: number; body: ConversationPage } = await api<ConversationPage>(
          'GET',
          query,
          supervisorToken,
        );
        expect(page.status).toBe(200);
        expect(page.body.conversations.length).toBeLessThanOrEqual(2);
        expect(page.body.conversations.every((c) => c.artificialType === 'open')).toBe(true);
        seen.push(...page.body.conversations.map((c) => c.id));
        before = page.body.next;
      } while (before);
      const mine = started.map((c) => c.id).reverse();
      // newest first, each once
      expect(seen.filter((id) => mine.includes(id))).toEqual(mine);
      expect(new Set(seen).size).toBe(seen.length);

      // filters: customerId, label (none carries it), teamId validated
      const one = await api<ConversationPage>(
        'GET',
        `/conversations?customerId=${started[2].customer.id}`,
        supervisorToken,
      );
      expect(one.body.conversations.map((c) => c.id)).toEqual([started[2].id]);
      expect(
        (await api<ConversationPage>('GET', '/conversations?label=vip', supervisorToken)).body.conversations,
      ).toEqual([]);
      expect(
        (await api('GET', '/conversations?teamId=0123456789abcdef01234567', supervisorToken)).status,
      ).toBe(200);
      for (const bad of [
        'state=nope',
        'limit=0',
        'limit=101',
        'teamId=x',
        'customerId=1',
        'before=%21%21',
        'before=bm90LWEtY3Vyc29y',
        'colour=red',
      ]) {
        expect({ bad, status: (await api('GET', `/conversations?${bad}`, supervisorToken)).status }).toEqual({
          bad,
          status: 400,
        });
      }

      // an agent token: the queue (open) and its own, never another agent's
      const bot = await makeToken('agent', 'Queue bot');
      const other = await customerSays('served by someone else');
      await typedAgent(agent.socket).ok(CLIENT_EVENTS.conversationGrab, {
        conversationId: other.conversation.id,
      });
      const botPage = await api<ConversationPage>('GET', '/conversations?limit=100', bot.token);
      expect(botPage.body.conversations.map((c) => c.id)).not.toContain(other.conversation.id);
      expect(
        botPage.body.conversations.every(
          (c) => c.artificialType === 'open' || c.artificialType === 'transferring',
        ),
      ).toBe(true);
      // a customer's JWT: only their own
      const customerPage = await api<ConversationPage>('GET', '/conversations', other.auth.token);
      expect(customerPage.body.conversations.map((c) => c.id)).toEqual([other.conversation.id]);
    });

    it('sends as the token’s user under message.send’s rules, idempotently, and the customer receives it live', async () => {
      // a bot answers what it is assigned (by a supervisor, or automatic assignment), as any agent
      const bot = await makeToken('agent', 'Answer bot');
      const botUser = (await api<ApiTokenListResponse>('GET', '/tokens', supervisor.token)).body.tokens.find(
        (t) => t.id === bot.id,
      )!.userId;
      const { socket, conversation } = await customerSays('Is the shop open on Sunday?');
      await typedAgent(supervisor.socket).ok(CLIENT_EVENTS.conversationAssign, {
        conversationId: conversation.id,
        agentId: botUser,
      });
      const live = socket.next('message.new', (m) => m.sender.type === 'agent');
      const id = clientMsgId();
      const sent = await api<Message>('POST', `/conversations/${conversation.id}/messages`, bot.token, {
        clientMsgId: id,
        text: 'Yes, 10:00 to 16:00.',
      });
      expect(sent.status).toBe(200);
      expect(sent.body).toMatchObject({
        text: 'Yes, 10:00 to 16:00.',
        sender: { type: 'agent', name: 'Answer bot' },
      });
      expect((await live).id).toBe(sent.body.id);
      const again = await api<Message>('POST', `/conversations/${conversation.id}/messages`, bot.token, {
        clientMsgId: id,
        text: 'Yes, 10:00 to 16:00.',
      });
      expect(again.body.id).toBe(sent.body.id);
      // another agent token may not write in a conversation it does not serve (as message.send)
      const agentBot = await makeToken('agent');
      const refused = await api<{ reason?: string }>(
        'POST',
        `/conversations/${conversation.id}/messages`,
        agentBot.token,
        { clientMsgId: clientMsgId(), text: 'hi' },
      );
      expect(refused.status).toBe(403);
      for (const body of [
        { clientMsgId: 'short', text: 'x' },
        { clientMsgId: clientMsgId(), text: '   ' },
        { clientMsgId: clientMsgId() },
      ]) {
        expect(
          (await api('POST', `/conversations/${conversation.id}/messages`, bot.token, body)).status,
        ).toBe(400);
      }
      expect(
        (
          await api('POST', '/conversations/0123456789abcdef01234567/messages', bot.token, {
            clientMsgId: clientMsgId(),
            text: 'x',
          })
        ).status,
      ).toBe(404);
      // the bot has no socket, yet stays the assignee (the absence sweep runs every 250 ms here)
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(
        (await api<Conversation>('GET', `/conversations/${conversation.id}`, bot.token)).body,
      ).toMatchObject({ artificialType: 'serving', agentId: botUser });
      // revoking the token hands the conversation back to the queue
      expect((await api('DELETE', `/tokens/${bot.id}`, supervisor.token)).status).toBe(204);
      await waitFor(
        async () =>
          (await api<Conversation>('GET', `/conversations/${conversation.id}`, supervisor.token)).body
            .artificialType === 'transferring',
        {
          timeoutMs: 10_000,
          what: 'the revoked bot’s conversation back in the queue',
        },
      );
    });

    it('closes as the assignee or a supervisor, and refuses others', async () => {
      const bot = await makeToken('supervisor', 'Closer');
      const queued = await customerSays('close me while queued');
      const closed = await api<Conversation>(
        'POST',
        `/conversations/${queued.conversation.id}/close`,
        bot.token,
      );
      expect(closed.status).toBe(200);
      expect(closed.body).toMatchObject({ artificialType: 'closed', closedBy: 'agent' });
      expect(
        (await api<{ reason: string }>('POST', `/conversations/${queued.conversation.id}/close`, bot.token))
          .body.reason,
      ).toBe('wrong_state');

      const served = await customerSays('close me as my agent');
      await typedAgent(agent.socket).ok(CLIENT_EVENTS.conversationGrab, {
        conversationId: served.conversation.id,
      });
      const agentBot = await makeToken('agent');
      expect(
        (
          await api<{ reason: string }>(
            'POST',
            `/conversations/${served.conversation.id}/close`,
            agentBot.token,
          )
        ).body.reason,
      ).toBe('not_assignee');
      expect(
        (await api('POST', `/conversations/${served.conversation.id}/close`, served.auth.token)).status,
      ).toBe(403);
      // a signed-in agent's JWT works too
      expect(
        (await api<Conversation>('POST', `/conversations/${served.conversation.id}/close`, agent.token)).body
          .artificialType,
      ).toBe('closed');
    });

    it('gives the whole transcript as JSON and text: notes for staff, marked; never to the customer', async () => {
      const bot = await makeToken('supervisor', 'Archivist');
      const { auth, socket, conversation } = await customerSays('My order 7781 is late', 'Tess Ortega');
      await typedAgent(agent.socket).ok(CLIENT_EVENTS.conversationGrab, { conversationId: conversation.id });
      await typedAgent(agent.socket).ok(CLIENT_EVENTS.messageSend, {
        conversationId: conversation.id,
        clientMsgId: clientMsgId(),
        text: 'Checking with the warehouse.',
      });
      await typedAgent(agent.socket).ok(CLIENT_EVENTS.noteAdd, {
        conversationId: conversation.id,
        clientMsgId: clientMsgId(),
        text: 'Courier lost it, refund',
      });
      await socket.ok(CLIENT_EVENTS.messageSend, {
        conversationId: conversation.id,
        clientMsgId: clientMsgId(),
        text: 'Thanks!',
      });

      // Without notes=true a transcript leaves the notes out, even for staff (it is often handed to the customer).
      const plain = await api<TranscriptJson>('GET', `/conversations/${conversation.id}/transcript`, bot.token);
      expect(plain.body).not.toHaveProperty('notes');
      expect(JSON.stringify(plain.body)).not.toContain('Courier lost it');
      const json = await api<TranscriptJson>(
        'GET',
        `/conversations/${conversation.id}/transcript?format=json&notes=true`,
        bot.token,
      );
      expect(json.status).toBe(200);
      expect(json.body.conversation.id).toBe(conversation.id);
      expect(json.body.messages.filter((m) => m.sender.type !== 'system').map((m) => m.text)).toEqual([
        'My order 7781 is late',
        'Checking with the warehouse.',
        'Thanks!',
      ]);
      expect(json.body.notes?.map((n) => n.text)).toEqual(['Courier lost it, refund']);

      const text = await fetch(`${gw.url}/api/conversations/${conversation.id}/transcript?format=text&notes=true`, {
        headers: { authorization: `Bearer ${bot.token}` },
      });
      expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
      const body = await text.text();
      expect(body).toContain(`Conversation #${conversation.number} with Tess Ortega`);
      expect(body).toMatch(/Tess Ortega: My order 7781 is late\n.*\n?.*Checking with the warehouse\./);
      expect(body).toContain('[private note] ');
      expect(body).toContain('Courier lost it, refund');

      // the customer's own transcript: no notes at all
      const theirs = await api<TranscriptJson>(
        'GET',
        `/conversations/${conversation.id}/transcript?notes=true`,
        auth.token,
      );
      expect(theirs.status).toBe(200);
      expect(theirs.body).not.toHaveProperty('notes');
      expect(JSON.stringify(theirs.body)).not.toContain('Courier lost it');
      const theirText = await (
        await fetch(`${gw.url}/api/conversations/${conversation.id}/transcript?format=text`, {
          headers: { authorization: `Bearer ${auth.token}` },
        })
      ).text();
      expect(theirText).not.toContain('Courier lost it');
      // an agent token that never served it may not read it; a bad format is a 400
      expect(
        (await api('GET', `/conversations/${conversation.id}/transcript`, (await makeToken('agent')).token))
          .status,
      ).toBe(403);
      expect(
        (await api('GET', `/conversations/${conversation.id}/transcript?format=pdf`, bot.token)).status,
      ).toBe(400);
    });
  });

  describe('a customer’s data', () => {
    it('exports everything stored about them, then erases it without a trace in any collection', async () => {
      const bot = await makeToken('supervisor', 'Privacy bot');
      const NAME = 'Quillon Marchetti';
      const EMAIL = 'quillon.marchetti@example.net';
      const SECRET_TEXT = 'my passport number is ZX9914472';
      const FILE_TEXT = 'invoice-for-quillon-77120';
      const receiver: Server = createServer((req, res) => req.resume().on('end', () => res.end('ok')));
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      const hook = await api<{ webhook: { id: string } }>('POST', '/webhooks', supervisor.token, {
        url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
        events: ['conversation.created', 'message.created'],
        secret: 'a-secret-of-sixteen-or-more',
      });
      expect(hook.status).toBe(201);
      const { auth, socket, conversation } = await customerSays(SECRET_TEXT, NAME, EMAIL);
      await typedAgent(agent.socket).ok(CLIENT_EVENTS.conversationGrab, { conversationId: conversation.id });
      await typedAgent(agent.socket).ok(CLIENT_EVENTS.messageSend, {
        conversationId: conversation.id,
        clientMsgId: clientMsgId(),
        text: `Thanks ${NAME}, noted.`,
      });
      await typedAgent(agent.socket).ok(CLIENT_EVENTS.noteAdd, {
        conversationId: conversation.id,
        clientMsgId: clientMsgId(),
        text: `${NAME} seems upset`,
      });
      const upload = await uploadFile(
        gw.url,
        auth.token,
        Buffer.from(FILE_TEXT),
        'quillon-invoice.txt',
        'text/plain',
      );
      expect(upload.status).toBe(201);
      await socket.ok(CLIENT_EVENTS.messageSend, {
        conversationId: conversation.id,
        clientMsgId: clientMsgId(),
        kind: 'file',
        attachmentId: upload.attachment.id,
      });

      // agents may not export or erase
      expect((await api('GET', `/customers/${auth.customer.id}/export`, agent.token)).status).toBe(403);
      expect(
        (await api('DELETE', `/customers/${auth.customer.id}`, (await makeToken('agent')).token)).status,
      ).toBe(403);

      const withoutNotes = await api<CustomerExport>('GET', `/customers/${auth.customer.id}/export`, bot.token);
      expect(withoutNotes.body.conversations[0]).not.toHaveProperty('notes');
      const exported = await api<CustomerExport>('GET', `/customers/${auth.customer.id}/export?notes=true`, bot.token);
      expect(exported.status).toBe(200);
      expect(exported.body.customer).toMatchObject({
        id: auth.customer.id,
        name: NAME,
        email: EMAIL,
        userId: null,
        block: null,
      });
      expect(exported.body.conversations).toHaveLength(1);
      const [only] = exported.body.conversations;
      expect(only.messages.map((m) => m.text)).toEqual(
        expect.arrayContaining([SECRET_TEXT, `Thanks ${NAME}, noted.`]),
      );
      expect(only.messages.some((m) => m.attachment?.id === upload.attachment.id)).toBe(true);
      expect(only.notes?.map((n) => n.text)).toEqual([`${NAME} seems upset`]);
      expect(exported.body.uploads.map((u) => u.name)).toEqual(['quillon-invoice.txt']);

      const db = gw.app.get<Connection>(getConnectionToken()).db as mongo.Db;
      const traces = async () => {
        const found: string[] = [];
        for (const { name } of await db.listCollections().toArray()) {
          for (const doc of await db.collection(name).find({}).toArray()) {
            // binary fields (GridFS chunks) as their bytes, not as the base64 their toJSON gives
            const flat = JSON.stringify(
              doc,
              function (this: Record<string, unknown>, key: string, value: unknown) {
                const raw = this[key] as { _bsontype?: string; buffer?: Uint8Array } | undefined;
                return raw && typeof raw === 'object' && raw._bsontype === 'Binary' && raw.buffer
                  ? Buffer.from(raw.buffer).toString('latin1')
                  : value;
              },
            );
            for (const needle of [NAME, EMAIL, SECRET_TEXT, FILE_TEXT, 'ZX9914472', 'Quillon', 'quillon'])
              if (flat.includes(needle)) found.push(`${name}: ${needle}`);
          }
        }
        return [...new Set(found)];
      };
      // the scan finds them before the erasure (it can fail), the webhook deliveries' bodies included
      await waitFor(
        async () => ((await traces()).includes(`webhook_deliveries: ${SECRET_TEXT}`) ? true : null),
        {
          timeoutMs: 20_000,
          intervalMs: 200,
          what: 'the message delivered to the webhook',
        },
      );
      expect(await traces()).toEqual(
        expect.arrayContaining([`users: ${NAME}`, `messages: ${SECRET_TEXT}`, `notes: ${NAME}`]),
      );
      expect((await traces()).some((t) => t.startsWith('fs.chunks') || t.includes(FILE_TEXT))).toBe(true);

      const erased = await api<CustomerErasure>('DELETE', `/customers/${auth.customer.id}`, bot.token);
      expect(erased.status).toBe(200);
      expect(erased.body).toMatchObject({ customerId: auth.customer.id, conversations: 1, attachments: 1 });
      expect(await traces()).toEqual([]);

      // the conversation stays as an anonymous statistic; the customer's token no longer works; the file is gone
      const kept = await api<Conversation>('GET', `/conversations/${conversation.id}`, supervisor.token);
      expect(kept.body).toMatchObject({
        id: conversation.id,
        number: conversation.number,
        artificialType: 'closed',
        customer: { name: 'Erased customer', email: null },
      });
      expect((await getJson(`${gw.url}/api/conversations/${conversation.id}`, auth.token)).status).toBe(401);
      expect(
        (await getJson(`${gw.url}/api/attachments/${upload.attachment.id}`, supervisor.token)).status,
      ).toBe(404);
      // erasing again is harmless; an unknown id is a 404
      expect((await api('DELETE', `/customers/${auth.customer.id}`, bot.token)).status).toBe(200);
      expect((await api('DELETE', '/customers/0123456789abcdef01234567', bot.token)).status).toBe(404);
      await api('DELETE', `/webhooks/${hook.body.webhook.id}`, supervisor.token);
      await new Promise((resolve) => receiver.close(resolve));
    });
  });

  it('makes no route answer a customer token where staff are meant (close, export)', async () => {
    const { auth, conversation } = await customerSays('just checking');
    expect(
      (await postJson(`${gw.url}/api/conversations/${conversation.id}/close`, {}, auth.token)).status,
    ).toBe(403);
    expect((await getJson(`${gw.url}/api/customers/${auth.customer.id}/export`, auth.token)).status).toBe(
      403,
    );
  });
});
