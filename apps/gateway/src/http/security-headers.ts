import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import type { AppConfig } from '../config/app-config';

export type ResponseKind = 'console' | 'api' | 'docs' | 'widget' | 'loader' | 'demo';

type HeaderConfig = Pick<AppConfig, 'allowedOrigins' | 'nodeEnv' | 'publicUrl' | 'apiDocs'>;
type Directives = Record<string, string[]>;

/** What a path serves, which decides its headers (docs/security.md has the table). */
export function responseKind(path: string, apiDocs: boolean): ResponseKind {
  // Express matches routes case-insensitively, so does this.
  const lower = path.toLowerCase();
  if (lower === '/widget.js') return 'loader';
  if (lower === '/' || lower === '/index.html') return 'demo';
  if (/^\/widget(\/|$)/.test(lower)) return 'widget';
  if (/^\/agent(\/|$)/.test(lower)) return 'console';
  if (apiDocs && /^\/api\/docs(-json)?(\/|$)/.test(lower)) return 'docs';
  return 'api'; // the API, and anything else (404s get the strictest policy)
}

/**
 * Who may frame the widget's iframe page: its own origin and the ALLOWED_ORIGINS (the sites embedding it);
 * with the list unset, localhost sites outside production and no other site in production. CSP host sources
 * cannot name [::1], so a page there cannot frame the widget.
 */
export function widgetFrameAncestors(config: Pick<AppConfig, 'allowedOrigins' | 'nodeEnv'>): string[] {
  if (config.allowedOrigins?.includes('*')) return ['*'];
  if (config.allowedOrigins) return ["'self'", ...config.allowedOrigins.map((o) => o.toLowerCase().replace(/\/$/, ''))];
  return config.nodeEnv === 'production' ? ["'self'"] : ["'self'", 'http://localhost:*', 'http://127.0.0.1:*'];
}

/**
 * The console's, the API's and the widget's policy: nothing from elsewhere, no inline script or style (React's
 * style props go through CSSOM, which style-src does not restrict), images also from blob: (attachments are
 * fetched with the token and shown as blobs) and data:. connect-src 'self' covers ws(s) to the same host. The
 * console's service worker (/agent/sw.js) and web app manifest are same-origin files: worker-src and manifest-src
 * say so outright rather than through default-src.
 */
function strictDirectives(frameAncestors: string[], https: boolean): Directives {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'blob:', 'data:'],
    'connect-src': ["'self'"],
    'font-src': ["'self'"],
    'worker-src': ["'self'"],
    'manifest-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': frameAncestors,
    // over plain http (development) upgrading would break every request
    ...(https ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

function policies(config: HeaderConfig): Record<ResponseKind, HelmetOptions> {
  const https = config.publicUrl?.startsWith('https:') ?? false;
  const strict = strictDirectives(["'none'"], https);
  // HSTS only where the public origin is https; no includeSubDomains: the gateway does not own its siblings.
  const hsts = https ? { maxAge: 31_536_000, includeSubDomains: false } : false;
  const base = (directives: Directives, framing: 'deny' | false, referrer: 'no-referrer' | 'strict-origin-when-cross-origin',
    resource: 'same-origin' | 'cross-origin'): HelmetOptions => ({
    contentSecurityPolicy: { useDefaults: false, directives },
    xFrameOptions: framing ? { action: framing } : false,
    referrerPolicy: { policy: referrer },
    crossOriginResourcePolicy: { policy: resource },
    strictTransportSecurity: hsts,
  });
  return {
    console: base(strict, 'deny', 'no-referrer', 'same-origin'),
    api: base(strict, 'deny', 'no-referrer', 'same-origin'),
    // Swagger UI's page has inline <style> blocks and data: icons.
    docs: base({ ...strict, 'style-src': ["'self'", "'unsafe-inline'"] }, 'deny', 'no-referrer', 'same-origin'),
    // The iframe page is framed by the sites that embed the widget (so no X-Frame-Options, which cannot list
    // them) and may be embedded by a cross-origin-isolated site (CORP cross-origin).
    widget: base(strictDirectives(widgetFrameAncestors(config), https), false, 'strict-origin-when-cross-origin', 'cross-origin'),
    // The loader is a script included by any host page; helmet's default same-origin CORP would block it.
    loader: base({ 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] }, 'deny', 'strict-origin-when-cross-origin', 'cross-origin'),
    // The demo host page frames the widget from this origin; its button is wired by a script file.
    demo: base(
      { ...strict, 'img-src': ["'self'", 'data:'], 'frame-src': ["'self'"] },
      'deny',
      'strict-origin-when-cross-origin',
      'same-origin',
    ),
  };
}

/**
 * helmet on every response, with the policy of its kind. It runs first, so a controller that sets its own
 * Content-Security-Policy later (attachments: `sandbox`) replaces this one rather than being overwritten.
 */
export function securityHeaders(config: HeaderConfig): RequestHandler {
  const handlers = Object.fromEntries(
    Object.entries(policies(config)).map(([kind, options]) => [kind, helmet(options)]),
  ) as Record<ResponseKind, ReturnType<typeof helmet>>;
  return (req: Request, res: Response, next: NextFunction) => {
    handlers[responseKind(req.path, config.apiDocs)](req, res, next);
  };
}
