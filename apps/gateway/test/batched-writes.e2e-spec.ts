// The per-message store operations are batched across conversations (common/batch-loader.ts). Against the real
// embedded store over TCP: calls made in one round of I/O share one command, and every call still gets its own
// outcome (a duplicate key, a lost conditional update, a missing document) without touching the others'.
import { startEmbeddedMongo, type EmbeddedMongo } from '@switchboard/mongo-embedded';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import { ConversationsRepository } from '../src/conversations/conversations.repository';
import {
  ConversationRecord,
  ConversationSchema,
  CounterRecord,
  CounterSchema,
} from '../src/conversations/schemas/conversation.schema';
import { MessagesRepository } from '../src/message-store/messages.repository';
import { MessageRecord, MessageSchema } from '../src/message-store/schemas/message.schema';
import { User, UserSchema } from '../src/users/schemas/user.schema';
import { WebhookEntry, WebhookSchema } from '../src/webhook-store/schemas/webhook.schema';
import { WebhooksRepository } from '../src/webhook-store/webhooks.repository';
import { UsersRepository } from '../src/users/users.repository';

describe('batched store operations', () => {
  let dataDir: string;
  let store: EmbeddedMongo;
  let connection: Connection;
  let conversations: ConversationsRepository;
  let messages: MessagesRepository;
  let users: UsersRepository;
  /** Store commands sent by the driver, by name, since the last reset. */
  const commands = new Map<string, number>();

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-batch-'));
    store = await startEmbeddedMongo({ port: 0, dbPath: dataDir });
    connection = await mongoose
      .createConnection(`${store.uri}/batching`, { monitorCommands: true })
      .asPromise();
    connection.getClient().on('commandStarted', (event) => {
      commands.set(event.commandName, (commands.get(event.commandName) ?? 0) + 1);
    });
    const conversationModel = connection.model(ConversationRecord.name, ConversationSchema);
    const messageModel = connection.model(MessageRecord.name, MessageSchema);
    await Promise.all([conversationModel.init(), messageModel.init()]);
    conversations = new ConversationsRepository(
      conversationModel,
      connection.model(CounterRecord.name, CounterSchema),
    );
    messages = new MessagesRepository(
      messageModel,
      new WebhooksRepository(connection.model(WebhookEntry.name, WebhookSchema)),
    );
    const userModel = connection.model(User.name, UserSchema);
    await userModel.init();
    users = new UsersRepository(userModel);
  });

  afterAll(async () => {
    await connection?.close();
    await store?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  let nextNumber = 1;
  async function createConversations(
    count: number,
    agentId: string | null = null,
  ): Promise<ConversationRecord[]> {
    const created: ConversationRecord[] = [];
    for (let i = 0; i < count; i++) {
      const number = nextNumber++;
      created.push(
        await conversations.create({
          _id: `c${number}`,
          number,
          artificialType: agentId ? 'serving' : 'open',
          customerId: `customer${number}`,
          customer: { id: `customer${number}`, name: `Customer ${number}`, type: null },
          agentId,
          createdAt: new Date(),
        }),
      );
    }
    commands.clear();
    return created;
  }

  const preview = (seq: number) => ({
    seq,
    preview: `message ${seq}`,
    senderType: 'customer' as const,
    at: new Date().toISOString(),
  });

  it('reads many conversations with one find, each caller getting its own document', async () => {
    const created = await createConversations(20);
    const ids = [...created.map((c) => c._id), created[0]._id, 'no-such-conversation'];
    const found = await Promise.all(ids.map((id) => conversations.findById(id)));

    expect(commands.get('find')).toBe(1);
    expect(found.slice(0, 20).map((c) => c?._id)).toEqual(created.map((c) => c._id));
    expect(found[20]).toEqual(found[0]);
    expect(found[20]).not.toBe(found[0]); // a caller may change its copy without touching another's
    expect(found[21]).toBeNull();
  });

  it('inserts the messages of many conversations with one command; a taken seq fails alone', async () => {
    const created = await createConversations(30);
    const draft = (conversationId: string, seq: number, clientMsgId: string) => ({
      conversationId,
      seq,
      clientMsgId,
      sender: { id: 'customer', type: 'customer' as const, name: 'Customer' },
      kind: 'text' as const,
      text: `seq ${seq}`,
      attachment: null,
      createdAt: new Date(),
    });
    await messages.insert(draft(created[0]._id, 1, 'first'));
    commands.clear();

    const outcomes = await Promise.allSettled([
      ...created.map((c) => messages.insert(draft(c._id, c._id === created[0]._id ? 2 : 1, 'batch'))),
      messages.insert(draft(created[1]._id, 2, 'taken-seq-in-batch')),
      messages.insert(draft(created[2]._id, 1, 'seq-1-taken-by-the-batch')),
    ]);

    expect(commands.get('insert')).toBe(1);
    expect(outcomes.slice(0, 30).every((o) => o.status === 'fulfilled')).toBe(true);
    expect(outcomes[30].status).toBe('fulfilled');
    expect(outcomes[31]).toMatchObject({ status: 'rejected', reason: { code: 11000 } });
    const stored = await Promise.all(created.map((c) => messages.range(c._id, 0, 10)));
    expect(stored.map((list) => list.map((m) => m.seq))).toEqual(
      created.map((c, i) => (i === 0 ? [1, 2] : i === 1 ? [1, 2] : [1])),
    );
    expect(stored[2][0].clientMsgId).toBe('batch');
  });

  it('records messages on many conversations with one update, each exactly once', async () => {
    const created = await createConversations(12, 'agent-a');
    const outcomes = await Promise.all([
      ...created
        .slice(0, 10)
        .map((c) => conversations.recordMessage(c._id, 1, { lastMessage: preview(1), unreadField: 'agent' })),
      conversations.recordMessage(created[10]._id, 5, { lastMessage: preview(5), unreadField: 'agent' }), // lastSeq is 0, not 4
      conversations.recordMessage('no-such-conversation', 1, {
        lastMessage: preview(1),
        unreadField: 'agent',
      }),
    ]);

    expect(commands.get('update')).toBe(1);
    for (const recorded of outcomes.slice(0, 10))
      expect(recorded).toMatchObject({ lastSeq: 1, unread: { agent: 1 } });
    expect(outcomes[10]).toBeNull();
    expect(outcomes[11]).toBeNull();
    const untouched = await conversations.findById(created[10]._id);
    expect(untouched).toMatchObject({ lastSeq: 0, unread: { agent: 0 } });

    // Repeating a recording matches nothing: the counter moves once per seq.
    const repeated = await Promise.all(
      created
        .slice(0, 2)
        .map((c) => conversations.recordMessage(c._id, 1, { lastMessage: preview(1), unreadField: 'agent' })),
    );
    for (const c of repeated) expect(c).toMatchObject({ lastSeq: 1, unread: { agent: 1 } });
    expect((await conversations.findById(created[0]._id))?.unread.agent).toBe(1);
  });

  it('trusts a batch of recordings made on conversations still as read, and re-reads when one changed state', async () => {
    const created = await createConversations(6, 'agent-d');
    const read = await Promise.all(created.map((c) => conversations.findById(c._id)));
    commands.clear();

    const recorded = await Promise.all(
      read.map((c) =>
        conversations.recordMessage(c!._id, 1, { lastMessage: preview(1), unreadField: 'agent' }, c!),
      ),
    );

    expect(commands.get('update')).toBe(1);
    expect(commands.get('find')).toBeUndefined(); // the post-update state is the read plus the update
    for (const [i, c] of recorded.entries()) {
      // A customer's message also moves the idle-closing clock (section 9), and is the customer's first (reports).
      expect(c).toEqual({
        ...read[i],
        lastSeq: 1,
        lastMessage: expect.objectContaining({ seq: 1 }),
        unread: { customer: 0, agent: 1 },
        customerActiveAt: expect.any(Date),
        firstCustomerMessageAt: c?.customerActiveAt,
      });
      expect(await conversations.findById(created[i]._id)).toEqual(c);
    }

    // One of them moves on (say, a close proposal) after it was read: its recording is refused, the rest stand.
    const before = await Promise.all(created.map((c) => conversations.findById(c._id)));
    await conversations.applyTransition(
      created[2]._id,
      { artificialType: 'serving', agentId: created[2].agentId, now: new Date() },
      { artificialType: 'close_initiated' },
      null,
    );
    commands.clear();
    const outcomes = await Promise.all(
      before.map((c) =>
        conversations.recordMessage(c!._id, 2, { lastMessage: preview(2), unreadField: 'agent' }, c!),
      ),
    );

    expect(commands.get('find')).toBe(1); // not all matched: read back to see which
    expect(outcomes[2]).toBeNull();
    expect(outcomes.filter((c) => c?.lastSeq === 2)).toHaveLength(5);
    const retried = await conversations.recordMessage(
      created[2]._id,
      2,
      { lastMessage: preview(2), unreadField: 'agent' },
      (await conversations.findById(created[2]._id))!,
    );
    expect(retried).toMatchObject({ artificialType: 'close_initiated', lastSeq: 2, unread: { agent: 2 } });
  });

  it("answers several agents' unread counts with one find", async () => {
    const mine = await createConversations(3, 'agent-b');
    const theirs = await createConversations(2, 'agent-c');
    await Promise.all(
      [...mine, theirs[0]].map((c) =>
        conversations.recordMessage(c._id, 1, { lastMessage: preview(1), unreadField: 'agent' }),
      ),
    );
    commands.clear();

    const [b, c, nobody] = await Promise.all(
      ['agent-b', 'agent-c', 'agent-z'].map((id) => conversations.agentUnreadCounts(id)),
    );

    expect(commands.get('find')).toBe(1);
    expect(b).toEqual(new Map(mine.map((m) => [m._id, 1])));
    expect(c).toEqual(
      new Map([
        [theirs[0]._id, 1],
        [theirs[1]._id, 0],
      ]),
    );
    expect(nobody.size).toBe(0);
  });

  it('reads the users of many handshakes with one find; a repeated id gets a copy with its ObjectId', async () => {
    const created = await Promise.all(
      ['Ana', 'Ben', 'Chloé'].map((name, i) =>
        users.createCustomer({ name, contactEmail: null, type: null, visitorIdHash: `visitor-${i}` }),
      ),
    );
    commands.clear();
    const ids = [
      ...created.map((u) => u._id.toHexString()),
      created[0]._id.toHexString(),
      'not-an-id',
      '0123456789abcdef01234567',
    ];

    const found = await Promise.all(ids.map((id) => users.findById(id)));

    expect(commands.get('find')).toBe(1);
    expect(found.slice(0, 3).map((u) => u?.name)).toEqual(['Ana', 'Ben', 'Chloé']);
    expect(found[3]).not.toBe(found[0]);
    expect(found[3]?._id.toHexString()).toBe(created[0]._id.toHexString());
    expect(found[4]).toBeNull();
    expect(found[5]).toBeNull();
  });
});
