import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  /** The raw body, as signed. */
  raw: string;
  body: { id: string; event: string; createdAt: string; data: Record<string, unknown> };
  /** What the receiver answered (set when it answered). */
  answered?: number;
}

/** What to answer a delivery: a status, or a promise of one (to hold the request open). */
export type Answer = (delivery: ReceivedDelivery, index: number) => number | Promise<number>;

export interface WebhookReceiver {
  url: string;
  /** Every request received, in arrival order. */
  received: ReceivedDelivery[];
  /** The deliveries answered 2xx. */
  accepted(): ReceivedDelivery[];
  /** Requests received and not answered yet. */
  holding(): number;
  answer: Answer;
  close(): Promise<void>;
}

/** A real HTTP receiver on 127.0.0.1 (a free port), recording every request and answering as `answer` says. */
export async function startWebhookReceiver(answer: Answer = () => 200): Promise<WebhookReceiver> {
  let open = 0;
  const receiver: WebhookReceiver = {
    url: '',
    received: [],
    accepted: () =>
      receiver.received.filter((d) => d.answered !== undefined && d.answered >= 200 && d.answered < 300),
    holding: () => open,
    answer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const reply = (res: ServerResponse, status: number) => {
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(status < 300 ? 'ok' : 'no');
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const delivery: ReceivedDelivery = {
        headers: req.headers,
        raw,
        body: JSON.parse(raw) as ReceivedDelivery['body'],
      };
      const index = receiver.received.push(delivery) - 1;
      open++;
      void Promise.resolve(receiver.answer(delivery, index)).then((status) => {
        open--;
        delivery.answered = status;
        reply(res, status);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return receiver;
}
