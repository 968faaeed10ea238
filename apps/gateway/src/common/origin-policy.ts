import type { AppConfig } from '../config/app-config';

const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;

/**
 * The origin allow-list shared by HTTP CORS and socket.io. Requests without an Origin (non-browser clients)
 * pass; so does the gateway's own origin (the Host it was asked for) always, because the widget iframe and
 * the console are served from it; any other browser origin passes when listed in ALLOWED_ORIGINS, or, while
 * the list is unset and outside production, when it is http://localhost:* / 127.0.0.1:*.
 */
export function createOriginPolicy(config: Pick<AppConfig, 'allowedOrigins' | 'nodeEnv'>) {
  const listed = config.allowedOrigins?.map((o) => o.toLowerCase().replace(/\/$/, '')) ?? null;
  return (origin: string | undefined, host: string | undefined): boolean => {
    if (!origin) return true;
    const normalized = origin.toLowerCase();
    if (listed && (listed.includes('*') || listed.includes(normalized))) return true;
    try {
      if (host && new URL(normalized).host === host.toLowerCase()) return true;
    } catch {
      return false;
    }
    return !listed && config.nodeEnv !== 'production' && LOCAL_ORIGIN.test(normalized);
  };
}

export type OriginPolicy = ReturnType<typeof createOriginPolicy>;
