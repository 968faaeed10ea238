// Clients for the cluster tests: SDK clients and raw sockets that go through nginx but land on a chosen
// gateway. nginx's ip_hash hashes the first three octets of the client address, and all of 127.0.0.0/8 is
// loopback, so a client bound to 127.0.N.1 is sticky to whichever node that address hashes to.
import { io, type Socket } from 'socket.io-client';
import { SwitchboardClient, apiRequest, customerAuth, login, type ClientEventMap } from '@switchboard/client';
import { CLIENT_EVENTS, NAMESPACES, type Ack, type Conversation } from '@switchboard/protocol';
import type { Cluster } from '../../scripts/cluster/cluster';
import { httpGet, waitFor } from '../../scripts/cluster/processes';

export type Namespace = keyof typeof NAMESPACES;

/** Loopback source addresses per gateway index, found by asking nginx which node answers each one. */
export class Placement {
  private readonly turn = new Map<number, number>();

  private constructor(private readonly addresses: string[][]) {}

  static async probe(cluster: Cluster, candidates = 40): Promise<Placement> {
    const byIndex: string[][] = cluster.gateways.map(() => []);
    for (let n = 1; n <= candidates; n++) {
      const address = `127.0.${n}.1`;
      const { headers } = await httpGet(`${cluster.url}/api/health`, { localAddress: address });
      const upstream = String(headers['x-switchboard-upstream'] ?? '');
      const index = cluster.gateways.findIndex((gateway) => upstream === `127.0.0.1:${gateway.port}`);
      if (index >= 0) byIndex[index].push(address);
    }
    if (byIndex.some((list) => list.length === 0)) {
      throw new Error(`ip_hash sent no probe address to some gateway: ${JSON.stringify(byIndex)}`);
    }
    return new Placement(byIndex);
  }

  /** Waits until nginx sends each gateway's addresses to it again (after a node was down and came back). */
  async settle(cluster: Cluster): Promise<void> {
    for (const [index, list] of this.addresses.entries()) {
      const expected = `127.0.0.1:${cluster.gateways[index].port}`;
      await waitFor(
        async () => {
          const { headers } = await httpGet(`${cluster.url}/api/health`, { localAddress: list[0] });
          return headers['x-switchboard-upstream'] === expected;
        },
        { timeoutMs: 20_000, intervalMs: 250, what: `nginx to route ${list[0]} to gateway ${index + 1} again` },
      );
    }
  }

  /** The next source address (round-robin) that nginx sends to gateway `index`. */
  on(index: number): string {
    const list = this.addresses[index];
    const turn = this.turn.get(index) ?? 0;
    this.turn.set(index, turn + 1);
    return list[turn % list.length];
  }
}

const opened: Array<{ close(): void }> = [];

/** Closes every client the helpers opened (afterAll). */
export function closeAllClients(): void {
  for (const client of opened.splice(0)) client.close();
}

/** An SDK client over WebSocket from `localAddress`, connected. */
export async function sdkClient(
  url: string,
  namespace: Namespace,
  token: string,
  localAddress: string,
): Promise<SwitchboardClient> {
  const client = new SwitchboardClient({
    url,
    namespace,
    token,
    ackTimeoutMs: 5000,
    // `localAddress` is handed to the `ws` transport; socket.io-client's types do not list it.
    socketOptions: { forceNew: true, transports: ['websocket'], reconnectionDelayMax: 1000, localAddress } as never,
  });
  opened.push(client);
  client.connect();
  await waitFor(() => client.connection === 'connected', {
    timeoutMs: 15_000,
    what: `${namespace} client from ${localAddress} to connect`,
  });
  return client;
}

/** A raw socket.io socket (no SDK dedupe), from `localAddress`, connected. */
export async function rawSocket(url: string, namespace: Namespace, token: string, localAddress: string): Promise<Socket> {
  const socket = io(`${url}${NAMESPACES[namespace]}`, {
    auth: { token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    localAddress,
  } as never);
  opened.push(socket);
  await waitFor(() => socket.connected, { timeoutMs: 15_000, what: `raw ${namespace} socket to connect` });
  return socket;
}

export async function emitAck<T>(socket: Socket, event: string, payload: unknown, timeoutMs = 5000): Promise<Ack<T>> {
  return (await socket.timeout(timeoutMs).emitWithAck(event, payload)) as Ack<T>;
}

/** Everything `event` brings on `socket` from now on. */
export function record<T>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (value: T) => seen.push(value));
  return seen;
}

/** Everything `event` brings on an SDK client from now on. */
export function recordSdk<E extends keyof ClientEventMap>(client: SwitchboardClient, event: E): ClientEventMap[E][] {
  const seen: ClientEventMap[E][] = [];
  client.on(event, (value) => seen.push(value));
  return seen;
}

/** Creates agent accounts as the demo supervisor; resolves their tokens and ids. */
export async function createAgents(
  cluster: Cluster,
  count: number,
  { prefix, maxConcurrent = 10 }: { prefix: string; maxConcurrent?: number },
): Promise<Array<{ id: string; token: string; email: string }>> {
  const supervisor = await login(cluster.url, 'supervisor@example.com', cluster.demoPassword);
  const password = 'cluster-agent-password';
  const agents = [];
  for (let i = 0; i < count; i++) {
    const email = `${prefix}-${i}@example.com`;
    await apiRequest(cluster.url, '/api/users', {
      method: 'POST',
      token: supervisor.token,
      body: JSON.stringify({ email, name: `${prefix} ${i}`, role: 'agent', password, maxConcurrent }),
    });
    const { token, user } = await login(cluster.url, email, password);
    agents.push({ id: user.id, token, email });
  }
  return agents;
}

/** A new customer with a started conversation, as an SDK client tracking it. */
export async function customerWithConversation(
  cluster: Cluster,
  localAddress: string,
  name: string,
): Promise<{ client: SwitchboardClient; conversation: Conversation; token: string }> {
  const { token } = await customerAuth(cluster.url, { name });
  const client = await sdkClient(cluster.url, 'customer', token, localAddress);
  const conversation = await client.request(CLIENT_EVENTS.conversationStart, {});
  client.track(conversation.id, conversation.lastSeq);
  return { client, conversation, token };
}
