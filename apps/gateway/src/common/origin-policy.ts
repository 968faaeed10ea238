import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { IncomingHttpHeaders } from 'node:http';
import type { AppConfig } from '../config/app-config';

export type OriginConfig = Pick<AppConfig, 'allowedOrigins' | 'nodeEnv' | 'publicUrl' | 'port'>;

const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

const normalize = (origin: string) => origin.trim().toLowerCase().replace(/\/$/, '');

/**
 * The origins the gateway itself is served from: PUBLIC_URL, or, when it is unset outside production,
 * http://localhost:PORT, http://127.0.0.1:PORT and http://[::1]:PORT. Never derived from a request's Host
 * header, which a DNS-rebinding page controls. `port` is the port actually bound (PORT may be 0 in tests).
 */
export function ownOrigins(config: OriginConfig, port: number = config.port): string[] {
  if (config.publicUrl) return [normalize(config.publicUrl)];
  if (config.nodeEnv === 'production') return [];
  return LOOPBACK_NAMES.map((name) => `http://${name}:${port}`);
}

export interface OriginPolicy {
  /** May a page of this origin call the API and open sockets (CORS, socket.io)? */
  allowsOrigin(origin: string): boolean;
  /**
   * May this HTTP request or socket.io handshake go on? A browser request from a foreign origin may not; nor
   * may a browser request without Origin (a same-origin GET, socket.io's polling handshake) whose Host is not
   * one of ours: that is a DNS-rebinding page talking to us under its own name. Requests from non-browsers
   * (no Origin, no Sec-Fetch-Site) pass: health checks, scrapers, CLI tools.
   */
  allowsRequest(headers: IncomingHttpHeaders): boolean;
}

/**
 * The allow-list shared by HTTP CORS, the `/api` origin check and socket.io: the gateway's own origins
 * (`ownOrigins`), the ALLOWED_ORIGINS entries (`*` for any), and, while ALLOWED_ORIGINS is unset outside
 * production, any http(s)://localhost / 127.0.0.1 / [::1] origin (a dev server on another port).
 * `boundPort` reads the listening port at call time, for a gateway started on port 0.
 */
export function createOriginPolicy(config: OriginConfig, boundPort: () => number = () => config.port): OriginPolicy {
  const listed = config.allowedOrigins?.map(normalize) ?? null;
  const anyOrigin = listed?.includes('*') ?? false;
  const localDev = !listed && config.nodeEnv !== 'production';
  const hostOf = (origin: string): string | null => {
    try {
      return new URL(origin).host;
    } catch {
      return null;
    }
  };
  const listedHosts = (listed ?? []).map(hostOf).filter((host): host is string => host !== null);

  const allowsOrigin = (origin: string): boolean => {
    const normalized = normalize(origin);
    if (anyOrigin || listed?.includes(normalized)) return true;
    if (ownOrigins(config, boundPort()).includes(normalized)) return true;
    return localDev && LOCAL_ORIGIN.test(normalized);
  };

  const ownHost = (host: string): boolean => {
    if (config.publicUrl && hostOf(config.publicUrl) === host) return true;
    if (listedHosts.includes(host)) return true;
    return !config.publicUrl && config.nodeEnv !== 'production' && LOOPBACK_HOST.test(host);
  };

  return {
    allowsOrigin,
    allowsRequest(headers) {
      const origin = headers.origin;
      if (origin !== undefined) return allowsOrigin(origin);
      if (anyOrigin || headers['sec-fetch-site'] === undefined) return true;
      return ownHost((headers.host ?? '').toLowerCase());
    },
  };
}

/** `/api` answers 403 to refused requests (before their bodies are read); allowed origins get CORS headers. */
export function applyOriginPolicy(app: INestApplication, policy: OriginPolicy): void {
  app.use('/api', (req: Request, res: Response, next: NextFunction) => {
    if (!policy.allowsRequest(req.headers)) {
      res.status(403).json({ statusCode: 403, message: 'origin not allowed', error: 'Forbidden' });
      return;
    }
    next();
  });
  app.enableCors({
    origin: (origin: string | undefined, cb: (error: Error | null, allow: boolean) => void) =>
      cb(null, origin ? policy.allowsOrigin(origin) : true),
    maxAge: 600,
  });
}
