// Clients for the three targets behind one small interface, so every phase of the benchmark runs the same
// code against each: { id, side, send(conversationId, text), onMessage(fn), isConnected(), close() }.
// The gateway and the socket.io relay are driven by the real client SDK; the ws relay by a minimal client
// speaking the same messages as JSON frames.
import crypto from 'node:crypto';
import WebSocket from 'ws';
import { SwitchboardClient, apiRequest, customerAuth, login } from '@switchboard/client';
import { CLIENT_EVENTS, LIMITS, SERVER_EVENTS } from '@switchboard/protocol';
import processes from '../../cluster/processes.js';

const { sleep, waitFor } = processes;

/** Runs `task(i)` for i in [0, count) with at most `limit` at a time. */
export async function pool(count, limit, task) {
  const results = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return results;
}

function sdkClient(url, namespace, token, id) {
  const client = new SwitchboardClient({
    url,
    namespace,
    token,
    ackTimeoutMs: 30_000,
    // One socket.io Manager (one TCP connection) per client, as in separate browsers.
    socketOptions: { forceNew: true, transports: ['websocket'] },
  });
  return {
    id,
    side: namespace,
    sdk: client,
    send: (conversationId, text) => void client.send(conversationId, { text }),
    onMessage: (handler) => client.on('message', handler),
    isConnected: () => client.connection === 'connected',
    connect: () => client.connect(),
    close: () => client.close(),
  };
}

/** The ws relay's client: acks by frame id, message.new pushes, same Message objects. */
function wsClient(url, side, token, id) {
  const handlers = new Set();
  let socket = null;
  let nextId = 0;
  return {
    id,
    side,
    send(conversationId, text) {
      nextId += 1;
      const payload = { conversationId, clientMsgId: crypto.randomUUID(), kind: 'text', text };
      socket?.send(JSON.stringify({ id: nextId, event: CLIENT_EVENTS.messageSend, payload }));
    },
    onMessage: (handler) => handlers.add(handler),
    isConnected: () => socket?.readyState === WebSocket.OPEN,
    connect() {
      const wsUrl = `${url.replace(/^http/, 'ws')}/ws?type=${side}&token=${encodeURIComponent(token)}`;
      socket = new WebSocket(wsUrl, { perMessageDeflate: false });
      socket.on('message', (data) => {
        const frame = JSON.parse(String(data));
        if (frame.event === SERVER_EVENTS.messageNew) for (const handler of handlers) handler(frame.data);
      });
      socket.on('error', () => undefined);
    },
    close: () => socket?.close(),
  };
}

/** Connects clients, at most `limit` handshakes at a time; resolves when every one is connected. */
export async function connectAll(clients, { limit = 50, timeoutMs = 120_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  await pool(clients.length, limit, async (index) => {
    clients[index].connect();
    await waitFor(() => clients[index].isConnected(), {
      timeoutMs: Math.max(1000, deadline - Date.now()),
      intervalMs: 20,
      what: `client ${clients[index].id} to connect`,
    });
  });
}

const roomOf = (index) => `conv-${index}`;

/** Relays: the pairing is fixed up front (conversation i ↔ agent floor(i / share)) and sent as the token. */
function relaySetup(make) {
  return async ({ url, conversations, share }) => {
    const agentCount = Math.ceil(conversations / share);
    const customers = Array.from({ length: conversations }, (_, i) =>
      make(url, 'customer', `c${i}:${roomOf(i)}`, `c${i}`),
    );
    const agents = Array.from({ length: agentCount }, (_, a) => {
      const rooms = [];
      for (let i = a * share; i < Math.min(conversations, (a + 1) * share); i++) rooms.push(roomOf(i));
      return make(url, 'agent', `a${a}:${rooms.join(',')}`, `a${a}`);
    });
    await connectAll([...customers, ...agents]);
    for (let i = 0; i < conversations; i++) {
      customers[i].sdk?.track(roomOf(i), 0);
      agents[Math.floor(i / share)].sdk?.track(roomOf(i), 0);
    }
    const pairs = customers.map((customer, i) => ({
      conversationId: roomOf(i),
      customer,
      agent: agents[Math.floor(i / share)],
    }));
    return { pairs, clients: [...customers, ...agents], grab: null };
  };
}

async function withRetry(task, attempts = 20) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      if (attempt >= attempts || !['rate_limited', 'timeout', 'network', 'internal'].includes(error.code)) throw error;
      await sleep(200 * attempt);
    }
  }
}

/**
 * The gateway: agents created by the supervisor (POST /api/users, maxConcurrent = share), customers made
 * with POST /api/auth/customer, every customer starts a conversation, agents race to grab them.
 */
async function gatewaySetup({ url, conversations, share, demoPassword }) {
  const agentCount = Math.ceil(conversations / share);
  const runId = crypto.randomBytes(3).toString('hex');
  const supervisor = await login(url, 'supervisor@example.com', demoPassword);
  const password = crypto.randomBytes(12).toString('base64url');
  const agentTokens = await pool(agentCount, 4, async (a) => {
    const email = `bench-${runId}-${a}@example.com`;
    await apiRequest(url, '/api/users', {
      method: 'POST',
      token: supervisor.token,
      body: JSON.stringify({ email, name: `Bench agent ${a}`, role: 'agent', password, maxConcurrent: share }),
    });
    return (await login(url, email, password)).token;
  });
  const customerTokens = await pool(conversations, 16, async (i) =>
    (await customerAuth(url, { name: `Bench customer ${i}` })).token,
  );
  const agents = agentTokens.map((token, a) => sdkClient(url, 'agent', token, `a${a}`));
  const customers = customerTokens.map((token, i) => sdkClient(url, 'customer', token, `c${i}`));
  await connectAll([...agents, ...customers]);
  await pool(agents.length, 16, (a) =>
    withRetry(() => agents[a].sdk.request(CLIENT_EVENTS.agentStatus, { status: 'online' })),
  );
  const conversationOf = new Map();
  await pool(customers.length, 16, async (i) => {
    const conversation = await withRetry(() => customers[i].sdk.request(CLIENT_EVENTS.conversationStart, {}));
    customers[i].sdk.track(conversation.id, conversation.lastSeq);
    conversationOf.set(conversation.id, customers[i]);
  });

  // Every agent grabs from the shared queue until it serves `share`: races are real, conflicts counted.
  const grab = { attempts: 0, conflicts: 0, won: 0, ms: 0 };
  const pairs = [];
  const startedAt = performance.now();
  const deadline = Date.now() + 120_000;
  await Promise.all(
    agents.map(async (agent) => {
      let mine = 0;
      for (let round = 0; mine < share && round < 50 && Date.now() < deadline; round++) {
        // The head of the queue, a page as large as queue.list gives (agents race for the same rows).
        const { conversations: queue } = await withRetry(() =>
          agent.sdk.request(CLIENT_EVENTS.queueList, { limit: LIMITS.queuePageMax }),
        );
        if (queue.length === 0) break;
        const order = queue.map((c) => c.id).sort(() => Math.random() - 0.5);
        for (const conversationId of order) {
          if (mine >= share) break;
          grab.attempts += 1;
          try {
            const conversation = await withRetry(() =>
              agent.sdk.request(CLIENT_EVENTS.conversationGrab, { conversationId }),
            );
            grab.won += 1;
            mine += 1;
            agent.sdk.track(conversation.id, conversation.lastSeq);
            pairs.push({ conversationId, customer: conversationOf.get(conversationId), agent });
          } catch (error) {
            if (error.code !== 'conflict') throw error;
            grab.conflicts += 1;
          }
        }
      }
    }),
  );
  grab.ms = performance.now() - startedAt;
  if (pairs.length < conversations) {
    throw new Error(`only ${pairs.length} of ${conversations} conversations were grabbed`);
  }
  return { pairs, clients: [...customers, ...agents], grab };
}

export const DRIVERS = {
  gateway: { setup: gatewaySetup, client: sdkClient },
  socketio: { setup: relaySetup(sdkClient), client: sdkClient },
  ws: { setup: relaySetup(wsClient), client: wsClient },
};

/** Idle widget sockets: customers that connect and say nothing. */
export async function idleClients(target, url, count) {
  const driver = DRIVERS[target];
  let tokens;
  if (target === 'gateway') {
    tokens = await pool(count, 16, async (i) => (await customerAuth(url, { name: `Idle ${i}` })).token);
  } else {
    tokens = Array.from({ length: count }, (_, i) => `idle${i}:`);
  }
  return tokens.map((token, i) => driver.client(url, 'customer', token, `idle${i}`));
}
