import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import type { GatewayLogger } from './logger';

export const REQUEST_ID_HEADER = 'x-request-id';

// What a proxy (nginx's $request_id) or a client may pass on; anything else is replaced.
const WELL_FORMED_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const MAX_PATH = 256;

/** The incoming X-Request-Id when well-formed, else a new UUID; echoed in the response either way. */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  const id = typeof incoming === 'string' && WELL_FORMED_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/** The path without its query string (where signed-URL signatures and the like travel), bounded in length. */
export function loggedPath(url: string | undefined): string {
  const path = (url ?? '').split('?')[0].split('#')[0];
  return path.length > MAX_PATH ? `${path.slice(0, MAX_PATH)}…` : path;
}

function requestFields(req: IncomingMessage, res: ServerResponse, durationMs: number) {
  const request = req as Request & AuthenticatedRequest;
  return {
    method: req.method,
    path: loggedPath(request.originalUrl ?? req.url),
    status: res.statusCode,
    durationMs,
    userId: request.principal?.id,
    remoteAddress: request.ip,
  };
}

/**
 * One line per HTTP request when its response is done: `reqId` (also on every line logged while handling it,
 * through nestjs-pino's request context), method, path, status, durationMs, the user when authenticated, the
 * client address. No headers, query strings or bodies are logged. 5xx at error, the rest at info.
 */
export function requestLogging(logger: GatewayLogger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: requestId,
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'reqId', responseTime: 'durationMs' },
    // Only the bindings pino-http builds regardless of use; keep them small and free of headers.
    serializers: { req: (req: { method?: string }) => ({ method: req.method }) },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: () => 'http request',
    customErrorMessage: () => 'http request',
    customSuccessObject: (req, res, value: { durationMs: number }) => requestFields(req, res, value.durationMs),
    customErrorObject: (req, res, error: Error, value: { durationMs: number }) => ({
      ...requestFields(req, res, value.durationMs),
      error: error.message,
    }),
  }) as unknown as RequestHandler;
}
