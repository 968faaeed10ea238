// Baseline: a bare socket.io relay speaking just enough of the Switchboard protocol for the client SDK
// (namespaces /customer and /agent, message.send with its ack, message.new to the room, messages.sync).
// No auth, no validation, no database: what the gateway's throughput and memory are compared against.
import { Server } from 'socket.io';
import { CLIENT_EVENTS, LIMITS, NAMESPACES, SERVER_EVENTS } from '@switchboard/protocol';
import { createMessageFactory, createMetricsServer, listen, parseToken, relayOptions } from './lib/relay-server.mjs';

const options = relayOptions();
const httpServer = createMetricsServer(() => io.engine.clientsCount);
const io = new Server(httpServer, { maxHttpBufferSize: LIMITS.maxFrameBytes });
const messages = createMessageFactory();
const namespaces = Object.entries(NAMESPACES).map(([type, name]) => ({ type, nsp: io.of(name) }));

for (const { type, nsp } of namespaces) {
  nsp.on('connection', (socket) => {
    const { userId, rooms } = parseToken(socket.handshake.auth?.token);
    for (const room of rooms) void socket.join(room);
    const sender = { id: userId, type, name: userId };
    socket.on(CLIENT_EVENTS.messageSend, (payload, ack) => {
      const message = messages.make(payload.conversationId, sender, payload);
      ack?.({ ok: true, data: message });
      for (const target of namespaces) target.nsp.to(payload.conversationId).emit(SERVER_EVENTS.messageNew, message);
    });
    socket.on(CLIENT_EVENTS.messagesSync, (payload, ack) => {
      ack?.({ ok: true, data: { messages: [], lastSeq: messages.lastSeq(payload.conversationId) } });
    });
  });
}

listen(httpServer, options, 'baseline socket.io relay');
