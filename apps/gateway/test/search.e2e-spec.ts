// PROTOCOL section 8, "Search": GET /api/search on the real gateway and embedded store. Every refusal, who finds
// what (an agent only what they may read, never a note, a system message or a recalled message), CJK substring,
// word prefix, case and accents, the customer's name and email, limit and order; that the query is served by the
// { searchKeys, conversationId, seq } index (the store's explain); and the backfill of messages stored before search.
import { getConnectionToken } from '@nestjs/mongoose';
import { CLIENT_EVENTS, searchKeys, type Conversation, type SearchResponse } from '@switchboard/protocol';
import {
  clientMsgId,
  connectCustomer,
  customerToken,
  emitOk,
  typedAgent,
  type TypedSocket,
} from '@switchboard/testing';
import type { AgentClientEvents } from '@switchboard/protocol';
import type { Connection, mongo } from 'mongoose';
import { searchFilter } from '../src/message-store/messages.repository';
import { SearchKeysBackfill } from '../src/search/search-keys-backfill.service';
import { getJson, newAgent, startWithSupervisor, type Staff, type TestGateway } from './support/test-gateway';

const E = CLIENT_EVENTS;
/** Words no other test writes, so each case sees only its own conversations. */
const unique = (word: string) => `${word}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

describe('GET /api/search', () => {
  let gw: TestGateway;
  let supervisor: Staff;
  let ana: Staff;
  let bob: Staff;
  let anaT: TypedSocket<AgentClientEvents>;
  let db: mongo.Db;

  beforeAll(async () => {
    ({ gw, supervisor } = await startWithSupervisor());
    ana = await newAgent(gw, supervisor.token, 50);
    bob = await newAgent(gw, supervisor.token, 50);
    anaT = typedAgent(ana.socket);
    db = gw.app.get<Connection>(getConnectionToken()).db as mongo.Db;
  });

  afterAll(() => gw.close());

  const search = (q: string, token: string, limit?: number) =>
    getJson<SearchResponse>(
      `${gw.url}/api/search?q=${encodeURIComponent(q)}${limit === undefined ? '' : `&limit=${limit}`}`,
      token,
    );
  const found = async (q: string, token: string) => {
    const answer = await search(q, token);
    expect(answer.status).toBe(200);
    return answer.body.results;
  };
  const ids = async (q: string, token: string) => (await found(q, token)).map((r) => r.conversation.id);

  /** A customer's conversation with these messages from the customer, optionally grabbed by an agent who answers. */
  async function conversation(
    texts: string[],
    opts: { name?: string; email?: string; agent?: Staff; reply?: string } = {},
  ) {
    const auth = await customerToken(gw.url, {
      name: opts.name ?? 'Cora',
      ...(opts.email ? { email: opts.email } : {}),
    });
    const socket = gw.track(await connectCustomer(gw.url, auth.token));
    const c = await emitOk<Conversation>(socket, E.conversationStart, {});
    for (const text of texts)
      await emitOk(socket, E.messageSend, { conversationId: c.id, clientMsgId: clientMsgId(), text });
    if (opts.agent) {
      const agent = typedAgent(opts.agent.socket);
      await agent.ok(E.conversationGrab, { conversationId: c.id });
      if (opts.reply)
        await agent.ok(E.messageSend, { conversationId: c.id, clientMsgId: clientMsgId(), text: opts.reply });
    }
    return { id: c.id, customerToken: auth.token, socket };
  }

  it('refuses without a token (401) and customers (403)', async () => {
    expect((await getJson(`${gw.url}/api/search?q=hello`)).status).toBe(401);
    const c = await conversation(['hello there']);
    expect((await search('hello', c.customerToken)).status).toBe(403);
  });

  it.each([
    ['q missing', ''],
    ['q empty', '?q='],
    ['q blank', '?q=%20%20%20'],
    ['q over 200 characters', `?q=${'a'.repeat(201)}`],
    ['q given twice', '?q=a&q=b'],
    ['limit 0', '?q=hello&limit=0'],
    ['limit 51', '?q=hello&limit=51'],
    ['limit not a number', '?q=hello&limit=abc'],
    ['limit not an integer', '?q=hello&limit=1.5'],
    ['an unknown parameter', '?q=hello&sort=asc'],
    ['an operator where q belongs', '?q[$ne]=x'],
  ])('400 bad_request for %s', async (_what, query) => {
    for (const token of [supervisor.token, ana.token]) {
      const answer = await getJson<{ statusCode: number; message: string[] }>(
        `${gw.url}/api/search${query}`,
        token,
      );
      expect(answer.status).toBe(400);
      expect(answer.body.statusCode).toBe(400);
    }
  });

  it('a q of 200 characters, and one with nothing searchable (emoji, punctuation), are fine', async () => {
    expect(await found('b'.repeat(200), supervisor.token)).toEqual([]);
    expect(await found('🎉 ?!', supervisor.token)).toEqual([]);
  });

  it('Chinese by substring: "退款" finds "我想申请退款，谢谢", with a snippet of that message', async () => {
    const tag = unique('zh');
    // Several terms must all be in one message: the tag makes these queries see only this conversation.
    const c = await conversation(['你好', `我想申请退款，谢谢 ${tag}`], { agent: ana });
    const results = (await found('退款', supervisor.token)).filter((r) => r.conversation.id === c.id);
    expect(results).toHaveLength(1);
    expect(results[0].matches).toEqual([{ seq: 2, snippet: `我想申请退款，谢谢 ${tag}` }]);
    expect(results[0].conversation).toMatchObject({ id: c.id, agentId: ana.id, customer: { name: 'Cora' } });
    // a longer run, one character, and a run that is not in the text
    expect(await ids(`申请退款 ${tag}`, supervisor.token)).toEqual([c.id]);
    expect(await ids(`款 ${tag}`, supervisor.token)).toEqual([c.id]);
    expect(await ids(`退货 ${tag}`, supervisor.token)).toEqual([]);
    // its bigrams are all there, but not next to each other: not found
    const other = unique('zh');
    await conversation([`退款申请，请退 ${other}`], { agent: ana });
    expect(await ids(`申请退款 ${other}`, supervisor.token)).toEqual([]);
    expect(await ids(`请退 ${other}`, supervisor.token)).toHaveLength(1);
    // a term in another message of the conversation does not count
    expect(await ids(`你好 ${tag}`, supervisor.token)).toEqual([]);
  });

  it('other text by word prefix, case- and accent-insensitive; several words must all match', async () => {
    const tag = unique('en');
    const c = await conversation([`My ${tag} order needs a Refund`, 'Merci pour le café'], { agent: ana });
    expect(await ids(`refu ${tag}`, ana.token)).toEqual([c.id]);
    expect(await ids(`REFUND ${tag.toUpperCase()}`, ana.token)).toEqual([c.id]);
    expect(await ids(`fund ${tag}`, ana.token)).toEqual([]);
    expect(await ids(`${tag} order refund`, ana.token)).toEqual([c.id]);
    expect(await ids(`${tag} order cancel`, ana.token)).toEqual([]);
    const cafe = await found(`CAFE merci`, ana.token);
    expect(cafe.find((r) => r.conversation.id === c.id)?.matches).toEqual([
      { seq: 2, snippet: 'Merci pour le café' },
    ]);
  });

  it("the customer's name and email find their conversations (matches empty when no message matched)", async () => {
    const surname = unique('Lima');
    const c = await conversation(['hello'], {
      name: `Ana ${surname}`,
      email: `${surname}@Example.com`,
      agent: ana,
    });
    expect(await found(surname.toLowerCase(), supervisor.token)).toEqual([
      expect.objectContaining({ matches: [] }),
    ]);
    expect(await ids(`${surname}@example.com`, supervisor.token)).toEqual([c.id]);
    expect(await ids(`ana ${surname}`, ana.token)).toEqual([c.id]);
    expect(await ids(surname, bob.token)).toEqual([]);
  });

  it('an agent finds only what they may read; supervisors everything; a mention grants it', async () => {
    const tag = unique('scope');
    const anas = await conversation([`${tag} mine`], { agent: ana });
    const bobs = await conversation([`${tag} bobs`], { agent: bob });
    const queued = await conversation([`${tag} waiting`]);
    expect(await ids(tag, ana.token)).toEqual([anas.id]);
    expect(await ids(tag, bob.token)).toEqual([bobs.id]);
    expect(await ids(tag, supervisor.token)).toEqual([queued.id, bobs.id, anas.id]);
    // Bob mentions Ana in a note on his conversation: from then on she may read it, and find it.
    await typedAgent(bob.socket).ok(E.noteAdd, {
      conversationId: bobs.id,
      clientMsgId: clientMsgId(),
      text: 'look',
      mentions: [ana.id],
    });
    expect(await ids(tag, ana.token)).toEqual([bobs.id, anas.id]);
    // A past assignee still may: Ana transfers hers to the queue, it is no longer hers but she served it.
    await anaT.ok(E.conversationTransfer, { conversationId: anas.id, note: 'back' });
    expect(await ids(tag, ana.token)).toEqual([bobs.id, anas.id]);
  });

  it('never finds notes or system messages', async () => {
    const tag = unique('note');
    const c = await conversation(['plain question'], { agent: ana });
    await anaT.ok(E.noteAdd, { conversationId: c.id, clientMsgId: clientMsgId(), text: `${tag} private` });
    expect(await found(tag, supervisor.token)).toEqual([]);
    expect(await found(tag, ana.token)).toEqual([]);
    // "<agent> joined" is a system message of the grab
    expect(
      (await found(`${ana.login.user.name} joined`, supervisor.token)).filter(
        (r) => r.conversation.id === c.id,
      ),
    ).toEqual([]);
  });

  it('a recalled message is never found', async () => {
    const tag = unique('recall');
    const c = await conversation([`${tag} oops`, `${tag} kept`], { agent: ana });
    expect((await found(tag, ana.token))[0].matches.map((m) => m.seq)).toEqual([1, 2]);
    await db
      .collection('messages')
      .updateOne({ conversationId: c.id, seq: 1 }, { $set: { recalledAt: new Date() } });
    expect((await found(tag, ana.token))[0].matches.map((m) => m.seq)).toEqual([2]);
    await db
      .collection('messages')
      .updateOne({ conversationId: c.id, seq: 2 }, { $set: { recalledAt: new Date() } });
    expect(await found(tag, ana.token)).toEqual([]);
  });

  it('newest conversation first, at most limit conversations, at most 3 matches each (earliest first)', async () => {
    const tag = unique('order');
    const made: string[] = [];
    for (let i = 0; i < 4; i++)
      made.push(
        (await conversation([`${tag} one`, `${tag} two`, `${tag} three`, `${tag} four`], { agent: ana })).id,
      );
    const all = await found(tag, ana.token);
    expect(all.map((r) => r.conversation.id)).toEqual([...made].reverse());
    for (const r of all) expect(r.matches.map((m) => m.seq)).toEqual([1, 2, 3]);
    const two = await search(tag, ana.token, 2);
    expect(two.body.results.map((r) => r.conversation.id)).toEqual([made[3], made[2]]);
    expect((await search(tag, ana.token, 1)).body.results.map((r) => r.conversation.id)).toEqual([made[3]]);
  });

  it("the message query walks the { searchKeys, conversationId, seq } index (the store's explain)", async () => {
    const coll = db.collection('messages');
    const plan = (await coll
      .find(searchFilter('refund', ['refund', 'order']))
      .sort({ conversationId: -1, seq: 1 })
      .explain()) as { queryPlanner: { winningPlan: unknown } };
    const text = JSON.stringify(plan.queryPlanner.winningPlan);
    expect(text).toContain('IXSCAN');
    expect(text).toContain('searchKeys_1_conversationId_-1_seq_1');
    expect(text).not.toContain('COLLSCAN');
    expect(text).not.toContain('"SORT"');
    const scoped = JSON.stringify(
      (
        (await coll
          .find(searchFilter('退款', ['退款'], [ana.id]))
          .sort({ conversationId: -1, seq: 1 })
          .explain()) as { queryPlanner: { winningPlan: unknown } }
      ).queryPlanner.winningPlan,
    );
    expect(scoped).toContain('searchKeys_1_conversationId_-1_seq_1');
    const byCustomer = JSON.stringify(
      (
        (await db.collection('conversations').find({ searchKeys: 'lima' }).sort({ _id: -1 }).explain()) as {
          queryPlanner: { winningPlan: unknown };
        }
      ).queryPlanner.winningPlan,
    );
    expect(byCustomer).toContain('searchKeys_1__id_-1');
  });

  it("an agent finds their newest matches when hundreds of newer ones are in others' conversations", async () => {
    // The agent's search first walks every match of the key and keeps the readable ones; past a budget it searches the
    // agent's own conversations chunk by chunk. Here the walk meets 400 unreadable messages and customers first.
    const tag = unique('crowd');
    const mine = await conversation([`${tag} first of mine`], { agent: ana });
    const named = await conversation(['hello'], { name: `Crowd ${tag}`, agent: ana });
    const newest = await conversation([`a later ${tag}`, `and ${tag} again`], { agent: ana });
    const others = Array.from({ length: 400 }, (_, i) => `f${i.toString(16).padStart(23, '0')}`);
    await db.collection('messages').insertMany(
      others.map((conversationId) => ({
        conversationId,
        seq: 1,
        sender: { id: 'someone', type: 'customer', name: 'Someone' },
        kind: 'text',
        text: `${tag} elsewhere`,
        attachment: null,
        recalledAt: null,
        createdAt: new Date(),
        searchKeys: searchKeys(`${tag} elsewhere`),
      })),
    );
    await db
      .collection('conversations')
      .insertMany(
        others.map(
          (_id, i) => ({ _id, number: 1_000_000 + i, searchKeys: searchKeys(`Crowd ${tag}`) }) as never,
        ),
      );
    try {
      const results = await found(tag, ana.token);
      expect(results.map((r) => r.conversation.id)).toEqual([newest.id, named.id, mine.id]);
      expect(results[0].matches.map((m) => m.seq)).toEqual([1, 2]);
      expect(results[1].matches).toEqual([]);
      expect((await search(tag, ana.token, 2)).body.results.map((r) => r.conversation.id)).toEqual([
        newest.id,
        named.id,
      ]);
      expect(await ids(tag, bob.token)).toEqual([]);
    } finally {
      await db.collection('messages').deleteMany({ conversationId: { $in: others } });
      await db.collection('conversations').deleteMany({ _id: { $in: others } } as never);
    }
  });

  it('the backfill gives keys to messages and conversations stored without them, once, and search finds them', async () => {
    const tag = unique('legacy');
    const c = await conversation([`${tag} from before`], { name: `Old ${tag}`, agent: ana });
    await db.collection('messages').updateMany({ conversationId: c.id }, { $unset: { searchKeys: '' } });
    await db.collection('conversations').updateOne({ _id: c.id } as never, { $unset: { searchKeys: '' } });
    expect(await found(tag, ana.token)).toEqual([]);
    const backfill = gw.app.get(SearchKeysBackfill);
    // done at start-up: a second run is a no-op until the job is reset
    await backfill.run();
    expect(await found(tag, ana.token)).toEqual([]);
    await db.collection('counters').deleteOne({ _id: 'job.search-keys' } as never);
    await backfill.run();
    const results = await found(tag, ana.token);
    expect(results.map((r) => r.conversation.id)).toEqual([c.id]);
    expect(results[0].matches).toEqual([{ seq: 1, snippet: `${tag} from before` }]);
    const system = await db.collection('messages').findOne({ conversationId: c.id, 'sender.type': 'system' });
    expect(system?.searchKeys).toEqual([]);
    expect((await db.collection('conversations').findOne({ _id: c.id } as never))?.searchKeys).toEqual(
      expect.arrayContaining(['old', tag.toLowerCase()]),
    );
  });
});
