// Baseline: a bare `ws` relay. The same messages as the socket.io relay, as JSON text frames:
//   client → server  { id, event: 'message.send', payload }      server → client  { id, ack }
//   server → client  { event: 'message.new', data: Message }
// The token (`<userId>:<room>,...`) comes in the query string. No auth, no database.
import { WebSocketServer } from 'ws';
import { CLIENT_EVENTS, LIMITS, SERVER_EVENTS } from '@switchboard/protocol';
import { createMessageFactory, createMetricsServer, listen, parseToken, relayOptions } from './lib/relay-server.mjs';

const options = relayOptions();
const httpServer = createMetricsServer(() => wss.clients.size);
const wss = new WebSocketServer({ server: httpServer, path: '/ws', maxPayload: LIMITS.maxFrameBytes });
const messages = createMessageFactory();
const rooms = new Map();

wss.on('connection', (socket, request) => {
  const url = new URL(request.url ?? '/', 'http://relay');
  const { userId, rooms: joined } = parseToken(url.searchParams.get('token'));
  const type = url.searchParams.get('type') ?? 'customer';
  const sender = { id: userId, type, name: userId };
  for (const room of joined) {
    if (!rooms.has(room)) rooms.set(room, new Set());
    rooms.get(room).add(socket);
  }
  socket.on('close', () => {
    for (const room of joined) rooms.get(room)?.delete(socket);
  });
  socket.on('message', (data) => {
    let frame;
    try {
      frame = JSON.parse(String(data));
    } catch {
      return;
    }
    if (frame.event !== CLIENT_EVENTS.messageSend) return;
    const message = messages.make(frame.payload.conversationId, sender, frame.payload);
    socket.send(JSON.stringify({ id: frame.id, ack: { ok: true, data: message } }));
    const push = JSON.stringify({ event: SERVER_EVENTS.messageNew, data: message });
    for (const member of rooms.get(frame.payload.conversationId) ?? []) member.send(push);
  });
});

listen(httpServer, options, 'baseline ws relay');
