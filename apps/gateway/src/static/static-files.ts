import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import path from 'node:path';

// Plain HTML: the page is served under the strict CSP, which allows no inline style.
const notBuilt = (what: string) => `<!doctype html><html><head><meta charset="utf-8"><title>Switchboard</title></head>
<body><h1>Switchboard</h1>
<p>The ${what} is not built yet. Run <code>npm run build</code> (or <code>npm start</code>, which builds first) and reload.</p>
</body></html>`;

/** apps/gateway/{src,dist}/static → the workspace root. */
const REPO_ROOT = path.resolve(__dirname, '../../../..');

/**
 * The widget (demo host page `/`, loader `/widget.js`, iframe app `/widget/`) and the agent console under
 * `/agent/` with an SPA fallback. Only GET/HEAD of paths outside /api, /socket.io and /metrics are served.
 */
export function mountStaticFiles(app: Express, root = REPO_ROOT): void {
  const widgetDist = path.join(root, 'apps/customer-widget/dist');
  const consoleDist = path.join(root, 'apps/agent-console/dist');
  const reserved = /^\/(api|socket\.io|metrics)(\/|$)/;
  const options = { index: 'index.html', fallthrough: true, setHeaders: cacheAndSniffHeaders };

  app.use('/agent', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (!existsSync(path.join(consoleDist, 'index.html'))) return void res.type('html').send(notBuilt('agent console'));
    express.static(consoleDist, options)(req, res, () => {
      if (path.extname(req.path)) return next(); // a missing asset stays a 404
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(path.join(consoleDist, 'index.html'));
    });
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || reserved.test(req.path)) return next();
    if (!existsSync(path.join(widgetDist, 'index.html'))) {
      return req.path === '/' ? void res.type('html').send(notBuilt('customer widget')) : next();
    }
    express.static(widgetDist, options)(req, res, next);
  });
}

/**
 * Vite's hashed `assets/` never change, so they are cached for good; pages and the unhashed loader are
 * revalidated on every load, so a deploy never leaves a cached page pointing at assets that are gone.
 */
function cacheAndSniffHeaders(res: Response, filePath: string): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  const hashedAsset = filePath.split(path.sep).includes('assets');
  res.setHeader('Cache-Control', hashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache');
}
