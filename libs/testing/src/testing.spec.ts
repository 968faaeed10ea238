import { CLIENT_EVENTS } from '@switchboard/protocol';
import { connectAgent, connectCustomer, customerToken, emitOk, loginAs, nextEvent, startGatewayProcess, type GatewayProcess } from './index';

describe('libs/testing against a real gateway process', () => {
  let gateway: GatewayProcess;

  beforeAll(async () => {
    gateway = await startGatewayProcess();
  }, 60_000);

  afterAll(async () => {
    await gateway?.stop();
  });

  it('logs in, connects both namespaces and round-trips an acknowledged event', async () => {
    const { token } = await loginAs(gateway.url, 'agent1@example.com', gateway.demoPassword);
    const customer = await customerToken(gateway.url, { name: 'Tess' });
    const agent = await connectAgent(gateway.url, token);
    const widget = await connectCustomer(gateway.url, customer.token);
    try {
      const added = nextEvent<{ added?: Array<{ id: string }> }>(agent, 'queue.updated', (u) => Boolean(u.added));
      const started = await emitOk<{ id: string }>(widget, CLIENT_EVENTS.conversationStart, {});
      expect((await added).added?.[0]?.id).toBe(started.id);
      const queue = await emitOk<{ conversations: Array<{ id: string }> }>(agent, CLIENT_EVENTS.queueList, {});
      expect(queue.conversations.map((c) => c.id)).toContain(started.id);
    } finally {
      agent.close();
      widget.close();
    }
  });

  it('restarts on the same port and data dir', async () => {
    await gateway.restart();
    const { user } = await loginAs(gateway.url, 'agent2@example.com', gateway.demoPassword);
    expect(user.role).toBe('agent');
  }, 60_000);
});
