// Issue 10, attack 4 across nodes: an account changed on one gateway ends its sockets on the other (through the
// Redis adapter, not the periodic re-check, which is switched off here) and its token is refused there too.
import { SERVER_EVENTS, type SessionRevokedEvent } from '@switchboard/protocol';
import { connectAgent, loginAs, waitFor } from '@switchboard/testing';
import type { Socket } from 'socket.io-client';
import { startSharedBackends, type SharedBackends } from './support/shared-backends';
import { getJson, newAgent, requestJson, startTestGateway, TEST_PASSWORD, type TestGateway } from './support/test-gateway';

function revokedThenClosed(socket: Socket): Promise<{ event: SessionRevokedEvent | null; reason: string }> {
  let event: SessionRevokedEvent | null = null;
  socket.on(SERVER_EVENTS.sessionRevoked, (payload: SessionRevokedEvent) => (event = payload));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the socket on the other node is still connected')), 8000);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve({ event, reason });
    });
  });
}

describe('revocation across gateways', () => {
  let backends: SharedBackends;
  let a: TestGateway;
  let b: TestGateway;

  beforeAll(async () => {
    backends = await startSharedBackends();
    const noRecheck = { sessionRecheckMs: 600_000 };
    a = await startTestGateway(backends.env, noRecheck);
    b = await startTestGateway(backends.env, noRecheck);
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await backends?.stop();
  });

  it('disabling an agent on node A disconnects their sockets on node B within seconds', async () => {
    const supervisor = await loginAs(a.url, 'supervisor@example.com', TEST_PASSWORD);
    const agent = await newAgent(a, supervisor.token);
    const onB = b.track(await connectAgent(b.url, agent.token));
    const bystander = await newAgent(a, supervisor.token);
    const bystanderOnB = b.track(await connectAgent(b.url, bystander.token));
    expect((await getJson(`${b.url}/api/users?role=agent`, agent.token)).status).toBe(200);

    const endings = [revokedThenClosed(agent.socket), revokedThenClosed(onB)];
    const patched = await requestJson(`PATCH`, `${a.url}/api/users/${agent.id}`, { disabled: true }, supervisor.token);
    expect(patched.status).toBe(200);
    for (const ended of await Promise.all(endings)) {
      expect(ended).toEqual({ event: { reason: 'disabled' }, reason: 'io server disconnect' });
    }
    // node B's REST and handshakes refuse the token once its short cache entry (principalCacheMs) lapses
    await waitFor(async () => (await getJson(`${b.url}/api/users?role=agent`, agent.token)).status === 401, {
      timeoutMs: b.config.principalCacheMs + 3000,
      intervalMs: 200,
      what: 'node B to refuse the token',
    });
    await expect(connectAgent(b.url, agent.token)).rejects.toThrow('unauthorized');
    expect(bystanderOnB.connected).toBe(true);
  });

  it('a password changed on node B ends the sessions held on node A', async () => {
    const supervisor = await loginAs(b.url, 'supervisor@example.com', TEST_PASSWORD);
    const agent = await newAgent(a, supervisor.token);
    const ended = revokedThenClosed(agent.socket);
    const patched = await requestJson(`PATCH`, `${b.url}/api/users/${agent.id}`, { password: 'another-password-3' }, supervisor.token);
    expect(patched.status).toBe(200);
    expect(await ended).toEqual({ event: { reason: 'password_changed' }, reason: 'io server disconnect' });
    const fresh = await loginAs(a.url, agent.login.user.email, 'another-password-3');
    a.track(await connectAgent(a.url, fresh.token));
  });
});
