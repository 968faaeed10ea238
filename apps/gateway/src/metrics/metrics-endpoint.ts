import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express } from 'express';
import type { MetricsService } from './metrics.service';

export const METRICS_PATH = '/metrics';

/** `Authorization: Bearer <token>` compared in constant time (both sides hashed to one length first). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  if (presented === undefined) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(token));
}

/** The Prometheus text of this gateway's registry. */
export async function writeMetrics(metrics: MetricsService, res: ServerResponse): Promise<void> {
  try {
    const body = await metrics.registry.metrics();
    res.writeHead(200, { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' });
    res.end(body);
  } catch {
    res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('metrics failed\n');
  }
}

/**
 * `/metrics` on the main port only when METRICS_TOKEN is set, and then only to its bearer; without the token
 * nothing is mounted and the path answers 404 like any unknown one. Scrape through METRICS_PORT instead to
 * keep the token out of the picture.
 */
export function mountMetricsEndpoint(app: Express, metrics: MetricsService, token: string | null): void {
  if (token === null) return;
  app.get(METRICS_PATH, (req: IncomingMessage, res: ServerResponse) => {
    if (!bearerMatches(req.headers.authorization, token)) {
      res.writeHead(401, { 'Content-Type': 'application/json; charset=utf-8', 'WWW-Authenticate': 'Bearer realm="metrics"' });
      res.end(JSON.stringify({ statusCode: 401, message: 'Unauthorized' }));
      return;
    }
    void writeMetrics(metrics, res);
  });
}
