// A hard kill (SIGKILL) of the gateway process after acknowledged sends: every acknowledged message is there
// after a restart on the same DATA_DIR, deadlines still fire, and a client catches up with no gap or duplicate.
import { CLIENT_EVENTS, type Conversation, type Message, type SyncResult } from '@switchboard/protocol';
import {
  clientMsgId,
  connectAgent,
  connectCustomer,
  customerToken,
  emitAck,
  emitOk,
  loginAs,
  startGatewayProcess,
  waitFor,
  type GatewayProcess,
} from '@switchboard/testing';
import type { Socket } from 'socket.io-client';

const E = CLIENT_EVENTS;

describe('durability across SIGKILL', () => {
  let gateway: GatewayProcess;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    gateway = await startGatewayProcess();
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await gateway?.stop();
  });

  it('keeps every acknowledged message and keeps seq gapless', async () => {
    const agentLogin = await loginAs(gateway.url, 'agent1@example.com', gateway.demoPassword);
    const visitor = await customerToken(gateway.url, { name: 'Kim' });
    const agent = await connectAgent(gateway.url, agentLogin.token);
    const customer = await connectCustomer(gateway.url, visitor.token);
    sockets.push(agent, customer);
    const conversation = await emitOk<Conversation>(customer, E.conversationStart, { text: 'before the crash' });
    await emitOk(agent, E.conversationGrab, { conversationId: conversation.id });

    // Sends in flight while the process dies: keep the acknowledged ones.
    const acknowledged: Message[] = [];
    const keys = Array.from({ length: 40 }, () => clientMsgId());
    let killed = false;
    const sender = (async () => {
      for (const [i, key] of keys.entries()) {
        if (killed) break;
        const ack = await emitAck<Message>(i % 2 ? agent : customer, E.messageSend, {
          conversationId: conversation.id,
          clientMsgId: key,
          text: `m${i}`,
        }, 2000).catch(() => null);
        if (ack?.ok) acknowledged.push(ack.data);
        await new Promise((r) => setTimeout(r, 60)); // within the rate limit
      }
    })();
    await waitFor(() => acknowledged.length >= 15, { timeoutMs: 15_000, what: '15 acknowledged sends' });
    await gateway.kill('SIGKILL');
    killed = true;
    await sender;

    await gateway.restart();
    const agent2 = await connectAgent(gateway.url, agentLogin.token); // tokens survive: the secret is in DATA_DIR
    const customer2 = await connectCustomer(gateway.url, (await customerToken(gateway.url, { visitorId: visitor.visitorId })).token);
    sockets.push(agent2, customer2);
    const sync = await emitOk<SyncResult>(agent2, E.messagesSync, { conversationId: conversation.id, afterSeq: 0, limit: 200 });
    const seqs = sync.messages.map((m) => m.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    const stored = new Map(sync.messages.map((m) => [m.id, m]));
    for (const message of acknowledged) expect(stored.get(message.id)).toMatchObject({ seq: message.seq, text: message.text });
    expect(sync.lastSeq).toBe(seqs.length);

    // a retried send of an acknowledged clientMsgId returns the stored message, nothing new
    const first = acknowledged[0];
    const retried = await emitOk<Message>(first.sender.type === 'agent' ? agent2 : customer2, E.messageSend, {
      conversationId: conversation.id,
      clientMsgId: first.clientMsgId,
      text: first.text,
    });
    expect(retried.id).toBe(first.id);
    const next = await emitOk<Message>(customer2, E.messageSend, { conversationId: conversation.id, clientMsgId: clientMsgId(), text: 'after' });
    expect(next.seq).toBe(sync.lastSeq + 1);
    const current = await emitOk<Conversation | null>(customer2, E.conversationCurrent, {});
    expect(current).toMatchObject({ id: conversation.id, lastSeq: next.seq, agentId: agentLogin.user.id });
  });
});
