import { createHmac } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { WEBHOOK_HEADERS, type WebhookEvent } from '@switchboard/protocol';
import { checkTargetHost, guardedLookup, hostOf, parseTargetUrl } from './webhook-targets';

export interface SendRequest {
  url: string;
  secret: string;
  event: WebhookEvent;
  deliveryId: string;
  body: string;
  timeoutMs: number;
  allowPrivate: boolean;
  userAgent: string;
}

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  responseTimeMs: number;
}

/** `sha256=<hex HMAC-SHA256 of the raw body with the secret>` (PROTOCOL section 11). */
export function signatureOf(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** How many bytes of an answer are read before the connection is dropped: the body is not used. */
const ANSWER_MAX_BYTES = 64 * 1024;

/**
 * One attempt: a POST with the signed body, refused before connecting when the address is private (unless
 * allowed), bounded by `timeoutMs` from start to the end of the answer. Never throws; a 2xx is success.
 * node:http rather than fetch: its `lookup` option lets the address check run on the address connected to.
 */
export function sendWebhook(req: SendRequest): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, 'responseTimeMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, responseTimeMs: elapsed() });
    };
    const fail = (error: string) => finish({ ok: false, statusCode: null, error });
    const timer = setTimeout(() => {
      fail(`timed out after ${req.timeoutMs} ms`);
      outgoing?.destroy();
    }, req.timeoutMs);
    let outgoing: ReturnType<typeof httpRequest> | null = null;
    void (async () => {
      const url = parseTargetUrl(req.url);
      // An address literal never goes through `lookup`: check it here.
      if (isIP(hostOf(url))) await checkTargetHost(hostOf(url), req.allowPrivate);
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      outgoing = send(url, {
        method: 'POST',
        lookup: guardedLookup(req.allowPrivate) as never,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(req.body),
          'user-agent': req.userAgent,
          [WEBHOOK_HEADERS.event]: req.event,
          [WEBHOOK_HEADERS.delivery]: req.deliveryId,
          [WEBHOOK_HEADERS.signature]: signatureOf(req.body, req.secret),
        },
      });
      outgoing.on('response', (answer: IncomingMessage) => {
        const status = answer.statusCode ?? 0;
        let read = 0;
        answer.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > ANSWER_MAX_BYTES) answer.destroy();
        });
        const done = () =>
          finish({
            ok: status >= 200 && status < 300,
            statusCode: status,
            error: status >= 200 && status < 300 ? null : `HTTP ${status}`,
          });
        answer.on('end', done);
        answer.on('close', done);
        answer.on('error', done);
      });
      outgoing.on('error', (error) => fail(error.message));
      outgoing.end(req.body);
    })().catch((error: Error) => fail(error.message));
  });
}
