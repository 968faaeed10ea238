// A transition and its system message survive a crash together: the gateway process kills itself (SIGKILL, via the
// test-only SWITCHBOARD_TEST_CRASH_AFTER_TRANSITIONS hook) right after a transition's compare-and-set, before its
// system message is appended. The compare-and-set wrote the message down as pending; the restarted gateway appends
// it at start-up, once. Ten crashes over two conversations, each through five rows of the transition table.
import { CLIENT_EVENTS, type SystemCode } from '@switchboard/protocol';
import {
  connectAgent,
  connectCustomer,
  customerToken,
  emitAck,
  loginAs,
  startGatewayProcess,
  typedCustomer,
  waitFor,
  type GatewayProcess,
} from '@switchboard/testing';
import type { Socket } from 'socket.io-client';

const E = CLIENT_EVENTS;

describe('system messages across a crash between the transition and its message', () => {
  let gateway: GatewayProcess;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    gateway = await startGatewayProcess({ env: { SWITCHBOARD_TEST_CRASH_AFTER_TRANSITIONS: '1' } });
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await gateway?.stop();
  });

  const healthy = () =>
    fetch(`${gateway.url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );

  /** Sends `event` (the gateway dies after its compare-and-set, so no answer comes) and starts the gateway again. */
  async function crashOn(socket: Socket, event: string, payload: object): Promise<void> {
    const gone = new Promise<null>((resolve) => socket.once('disconnect', () => resolve(null)));
    const answer = await Promise.race([emitAck(socket, event, payload, 10_000).catch(() => null), gone]);
    expect(answer).toBeNull();
    await waitFor(async () => !(await healthy()), { timeoutMs: 10_000, what: 'the gateway to die' });
    await gateway.restart();
  }

  // Ten restarts of a real gateway process.
  jest.setTimeout(300_000);

  it('appends every system line exactly once after the restart', async () => {
    const agentLogin = await loginAs(gateway.url, 'agent1@example.com', gateway.demoPassword);
    const rounds: Array<{ event: string; as: 'agent' | 'customer'; code: SystemCode; payload?: object }> = [
      { event: E.conversationGrab, as: 'agent', code: 'agent_joined' },
      {
        event: E.conversationTransfer,
        as: 'agent',
        code: 'returned_to_queue',
        payload: { note: 'crash test' },
      },
      { event: E.conversationGrab, as: 'agent', code: 'agent_joined' },
      { event: E.conversationClose, as: 'agent', code: 'close_proposed' },
      { event: E.conversationCloseConfirm, as: 'customer', code: 'closed_by_customer' },
    ];
    for (const name of ['Ivo', 'Jun']) {
      const visitor = await customerToken(gateway.url, { name });
      const connect = async () => {
        const agent = await connectAgent(gateway.url, agentLogin.token);
        const customer = await connectCustomer(
          gateway.url,
          (await customerToken(gateway.url, { visitorId: visitor.visitorId })).token,
        );
        sockets.push(agent, customer);
        return { agent, customer };
      };
      let clients = await connect();
      const conversation = await typedCustomer(clients.customer).ok('conversation.start', { text: 'hello' });
      for (const round of rounds) {
        await crashOn(clients[round.as], round.event, { conversationId: conversation.id, ...round.payload });
        clients = await connect();
      }
      const sync = await typedCustomer(clients.customer).ok('messages.sync', {
        conversationId: conversation.id,
        afterSeq: 0,
      });
      const system = sync.messages.filter((m) => m.kind === 'system');
      expect(system.map((m) => m.system?.code)).toEqual(rounds.map((r) => r.code));
      expect(system.every((m) => m.clientMsgId === null && m.text)).toBe(true);
      expect(sync.messages.map((m) => m.seq)).toEqual(sync.messages.map((_, i) => i + 1));
    }
  });
});
