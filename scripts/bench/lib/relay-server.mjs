// What the two baseline relays share: arguments, an HTTP server with a Prometheus-style /metrics (the same
// two memory gauges the gateway's prom-client exposes, so the benchmark reads all three the same way), the
// message shape and per-room seq numbers. No auth, no database: just the relay.
import http from 'node:http';
import { parseArgs } from 'node:util';

export function relayOptions() {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '0' }, host: { type: 'string', default: '127.0.0.1' } },
  });
  return { port: Number(values.port), host: values.host };
}

export function createMetricsServer(countConnections) {
  return http.createServer((request, response) => {
    if (request.url === '/metrics') {
      const memory = process.memoryUsage();
      response.setHeader('Content-Type', 'text/plain; version=0.0.4');
      response.end(
        `nodejs_heap_size_used_bytes ${memory.heapUsed}\n` +
          `process_resident_memory_bytes ${memory.rss}\n` +
          `relay_connections ${countConnections()}\n`,
      );
      return;
    }
    if (request.url === '/api/health') {
      response.setHeader('Content-Type', 'application/json');
      response.end('{"status":"ok"}');
      return;
    }
    // socket.io and ws handle their own paths on 'request'/'upgrade'; anything else is not ours.
    if (!request.url?.startsWith('/socket.io')) {
      response.statusCode = 404;
      response.end();
    }
  });
}

/** `<userId>:<room>,<room>` — the baselines trust whatever the client says (they measure the relay). */
export function parseToken(token) {
  const [userId, rooms = ''] = String(token ?? '').split(':');
  return { userId, rooms: rooms.split(',').filter(Boolean) };
}

/** Per-room sequence numbers and the Message shape of PROTOCOL.md. */
export function createMessageFactory() {
  const seqs = new Map();
  let nextId = 0;
  return {
    lastSeq: (room) => seqs.get(room) ?? 0,
    make(room, sender, payload) {
      const seq = (seqs.get(room) ?? 0) + 1;
      seqs.set(room, seq);
      nextId += 1;
      return {
        id: `m${nextId}`,
        conversationId: room,
        seq,
        clientMsgId: payload.clientMsgId ?? null,
        sender,
        kind: 'text',
        text: payload.text ?? null,
        attachment: null,
        createdAt: new Date().toISOString(),
      };
    },
  };
}

export function listen(server, { port, host }, name) {
  server.listen(port, host, () => {
    console.log(`${name} listening on http://${host}:${server.address().port}`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
