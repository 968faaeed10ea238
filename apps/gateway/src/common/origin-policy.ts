import type { AppConfig } from '../config/app-config';

const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;

/**
 * The origin allow-list shared by HTTP CORS and socket.io. Requests without an Origin (non-browser clients)
 * pass; a browser origin passes when listed in ALLOWED_ORIGINS, or (by default) when it is the gateway's own
 * origin (the Host it was asked for) or, outside production, any http://localhost:* / 127.0.0.1:* origin.
 */
export function createOriginPolicy(config: Pick<AppConfig, 'allowedOrigins' | 'nodeEnv'>) {
  const listed = config.allowedOrigins?.map((o) => o.toLowerCase().replace(/\/$/, '')) ?? null;
  return (origin: string | undefined, host: string | undefined): boolean => {
    if (!origin) return true;
    const normalized = origin.toLowerCase();
    if (listed) return listed.includes('*') || listed.includes(normalized);
    try {
      if (host && new URL(normalized).host === host.toLowerCase()) return true;
    } catch {
      return false;
    }
    return config.nodeEnv !== 'production' && LOCAL_ORIGIN.test(normalized);
  };
}

export type OriginPolicy = ReturnType<typeof createOriginPolicy>;
