// Deadlines stored on the documents: transfer and close timeouts, and the agent grace period.
import { CLIENT_EVENTS, SERVER_EVENTS, type Conversation, type Message, type SyncResult } from '@switchboard/protocol';
import { connectAgent, emitOk, nextEvent, waitFor } from '@switchboard/testing';
import { customerWithConversation, getJson, newAgent, startWithSupervisor, type Staff, type TestGateway } from './support/test-gateway';

const E = CLIENT_EVENTS;

describe('timeouts (1 s in this test)', () => {
  let gw: TestGateway;
  let supervisor: Staff;

  beforeAll(async () => {
    ({ gw, supervisor } = await startWithSupervisor({ TRANSFER_TIMEOUT_S: '1', CLOSE_TIMEOUT_S: '1', AGENT_GRACE_S: '1' }));
  });

  afterAll(() => gw.close());

  const texts = async (conversationId: string) =>
    (await emitOk<SyncResult>(supervisor.socket, E.messagesSync, { conversationId, afterSeq: 0 })).messages.map((m: Message) => m.text);

  it('an unanswered transfer offer falls back to serving with the same agent', async () => {
    const ana = await newAgent(gw, supervisor.token);
    const bo = await newAgent(gw, supervisor.token);
    const { conversation } = await customerWithConversation(gw);
    await emitOk(ana.socket, E.conversationGrab, { conversationId: conversation.id });
    const offered = await emitOk<Conversation>(ana.socket, E.conversationTransfer, { conversationId: conversation.id, toAgentId: bo.id });
    expect(new Date(offered.transfer?.expiresAt ?? 0).getTime() - new Date(offered.transfer?.initiatedAt ?? 0).getTime()).toBe(1000);
    const back = await nextEvent<Conversation>(ana.socket, SERVER_EVENTS.conversationUpdated, (c) => c.id === conversation.id && c.artificialType === 'serving', 10_000);
    expect(back).toMatchObject({ agentId: ana.id, transfer: null });
    expect((await texts(conversation.id)).some((t) => t?.includes('expired'))).toBe(true);
  });

  it('an unconfirmed close proposal closes the conversation', async () => {
    const ana = await newAgent(gw, supervisor.token);
    const { customer, conversation } = await customerWithConversation(gw);
    await emitOk(ana.socket, E.conversationGrab, { conversationId: conversation.id });
    await emitOk(ana.socket, E.conversationClose, { conversationId: conversation.id });
    const closed = await nextEvent<Conversation>(customer.socket, SERVER_EVENTS.conversationUpdated, (c) => c.artificialType === 'closed', 10_000);
    expect(closed.closedBy).toBe('system');
    const list = await getJson<Array<{ id: string; serving: number }>>(`${gw.url}/api/users?role=agent`, supervisor.token);
    expect(list.body.find((u) => u.id === ana.id)?.serving).toBe(0);
  });

  it('an agent gone past the grace period loses their serving conversations to the queue; a reconnect in time keeps them', async () => {
    const gone = await newAgent(gw, supervisor.token);
    const stays = await newAgent(gw, supervisor.token);
    const lost = await customerWithConversation(gw);
    const kept = await customerWithConversation(gw);
    await emitOk(gone.socket, E.conversationGrab, { conversationId: lost.conversation.id });
    await emitOk(stays.socket, E.conversationGrab, { conversationId: kept.conversation.id });
    const requeued = nextEvent<Conversation>(lost.customer.socket, SERVER_EVENTS.conversationUpdated, (c) => c.artificialType === 'transferring', 10_000);
    gone.socket.close();
    // a quick reconnect (a page reload) is inside the grace period
    stays.socket.close();
    const again = gw.track(await connectAgent(gw.url, stays.token));
    expect(await requeued).toMatchObject({ agentId: null, transfer: { mode: 'queue', fromAgentId: gone.id } });
    expect((await texts(lost.conversation.id)).some((t) => t?.includes('went offline'))).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    const mine = await emitOk<{ conversations: Conversation[] }>(again, E.conversationsMine, {});
    expect(mine.conversations.map((c) => c.id)).toEqual([kept.conversation.id]);
    await waitFor(async () => {
      const list = await getJson<Array<{ id: string; serving: number }>>(`${gw.url}/api/users?role=agent`, supervisor.token);
      return list.body.find((u) => u.id === gone.id)?.serving === 0;
    });
  });
});
