import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { io, type Socket } from 'socket.io-client';
import { customerToken, freePort, startGatewayProcess } from '@switchboard/testing';
import { MetricsListener } from '../src/metrics/metrics-listener.service';
import { startTestGateway, type TestGateway } from './support/test-gateway';

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** node:http rather than fetch: the rebinding tests need to choose the Host header. */
function raw(url: string, route: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<RawResponse> {
  const target = new URL(route, url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(target, { method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The CSP as a map of directive → sources. */
function csp(headers: IncomingHttpHeaders): Record<string, string[]> {
  const value = headers['content-security-policy'];
  expect(typeof value).toBe('string');
  return Object.fromEntries(
    String(value)
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name, sources]),
  );
}

const STRICT = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'blob:', 'data:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
};

function expectCommon(res: RawResponse) {
  expect(res.headers['x-powered-by']).toBeUndefined();
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
}

/** The console's and the API's headers: strict CSP, never framed, no referrer. */
function expectStrictUnframeable(res: RawResponse) {
  expectCommon(res);
  expect(csp(res.headers)).toMatchObject({ ...STRICT, 'frame-ancestors': ["'none'"] });
  expect(res.headers['content-security-policy']).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
  expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
}

describe('HTTP security headers, origins, metrics and API docs', () => {
  describe('a development gateway (ALLOWED_ORIGINS and PUBLIC_URL unset)', () => {
    let gw: TestGateway;
    let port: number;
    beforeAll(async () => {
      gw = await startTestGateway();
      port = Number(new URL(gw.url).port);
    });
    afterAll(() => gw.close());

    it('gives the console, its SPA fallback, its assets, the API and 404s the strict, unframeable policy', async () => {
      const consoleHtml = await raw(gw.url, '/agent/');
      expect(consoleHtml.status).toBe(200);
      expect(consoleHtml.headers['content-type']).toMatch(/html/);
      const asset = /\/agent\/assets\/[^"']+\.js/.exec(consoleHtml.body)?.[0];
      expect(asset).toBeDefined();
      const responses = {
        console: consoleHtml,
        fallback: await raw(gw.url, '/agent/supervisor'),
        asset: await raw(gw.url, asset!),
        health: await raw(gw.url, '/api/health'),
        apiMissing: await raw(gw.url, '/api/nothing-here'),
        missing: await raw(gw.url, '/no/such/page'),
        consoleMissingAsset: await raw(gw.url, '/agent/assets/missing.js'),
      };
      expect(responses.fallback.status).toBe(200);
      expect(responses.asset.status).toBe(200);
      expect(responses.health.status).toBe(200);
      expect(responses.apiMissing.status).toBe(404);
      expect(responses.missing.status).toBe(404);
      expect(responses.consoleMissingAsset.status).toBe(404);
      for (const res of Object.values(responses)) expectStrictUnframeable(res);
      // http: no HSTS, no upgrade-insecure-requests (it would break every request over plain http)
      expect(responses.console.headers['strict-transport-security']).toBeUndefined();
      expect(csp(responses.console.headers)['upgrade-insecure-requests']).toBeUndefined();
    });

    it("serves the console's web app manifest and service worker with their types, revalidated on every load", async () => {
      const manifest = await raw(gw.url, '/agent/manifest.webmanifest');
      expect(manifest.status).toBe(200);
      expect(manifest.headers['content-type']).toMatch(/^application\/manifest\+json/);
      expect(JSON.parse(manifest.body)).toMatchObject({ start_url: '/agent/', scope: '/agent/', display: 'standalone' });
      const worker = await raw(gw.url, '/agent/sw.js');
      expect(worker.status).toBe(200);
      expect(worker.headers['content-type']).toMatch(/^(text|application)\/javascript/);
      // A cached worker script would keep an old version: the browser must ask every time.
      expect(worker.headers['cache-control']).toBe('no-cache');
      // Its scope is its own folder, /agent/: no Service-Worker-Allowed needed.
      expect(worker.headers['service-worker-allowed']).toBeUndefined();
      const icon = await raw(gw.url, '/agent/icons/icon-192.png');
      expect(icon.status).toBe(200);
      expect(icon.headers['content-type']).toBe('image/png');
      for (const res of [manifest, worker, icon]) expectStrictUnframeable(res);
    });

    it('lets the widget page be framed by localhost sites only, and the loader load from anywhere', async () => {
      const widget = await raw(gw.url, '/widget/');
      expect(widget.status).toBe(200);
      expectCommon(widget);
      expect(csp(widget.headers)).toMatchObject({
        ...STRICT,
        'frame-ancestors': ["'self'", 'http://localhost:*', 'http://127.0.0.1:*'],
      });
      expect(widget.headers['x-frame-options']).toBeUndefined();
      expect(widget.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      const widgetAsset = /\.\.\/widget\/assets\/[^"']+\.js/.exec(widget.body)?.[0];
      expect(widgetAsset).toBeDefined();
      expect((await raw(gw.url, `/widget/${widgetAsset!}`)).status).toBe(200);

      const loader = await raw(gw.url, '/widget.js', { origin: 'https://shop.example' });
      expect(loader.status).toBe(200);
      expect(loader.headers['content-type']).toMatch(/javascript/);
      expect(loader.headers['cross-origin-resource-policy']).toBe('cross-origin');
      expectCommon(loader);

      const demo = await raw(gw.url, '/');
      expect(demo.status).toBe(200);
      expectCommon(demo);
      expect(csp(demo.headers)).toMatchObject({
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'frame-src': ["'self'"],
        'frame-ancestors': ["'none'"],
      });
      expect(demo.headers['x-frame-options']).toBe('DENY');
      // The built pages carry no inline script or style the policies would block.
      for (const page of [demo.body, widget.body, (await raw(gw.url, '/agent/')).body]) {
        expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
        expect(page).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
      }
    });

    it('refuses a DNS-rebinding page: its Origin and Host name it, not us', async () => {
      const evil = `evil.example:${port}`;
      const refused = await raw(gw.url, '/api/auth/customer', { origin: `http://${evil}`, host: evil, 'content-type': 'application/json' }, 'POST', '{}');
      expect(refused.status).toBe(403);
      expectStrictUnframeable(refused);
      // Its same-origin GETs carry no Origin, but a browser's Sec-Fetch-Site and the foreign Host.
      expect((await raw(gw.url, '/api/health', { host: evil, 'sec-fetch-site': 'same-origin' })).status).toBe(403);
      expect((await raw(gw.url, '/socket.io/?EIO=4&transport=polling', { host: evil, 'sec-fetch-site': 'same-origin' })).status).toBe(403);
      expect((await raw(gw.url, '/socket.io/?EIO=4&transport=polling', { origin: `http://${evil}`, host: evil })).status).toBe(403);
      // Our own origin, and a non-browser client, still get in.
      expect((await raw(gw.url, '/api/health', { host: `127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
      expect((await raw(gw.url, '/api/health', { host: evil })).status).toBe(200);

      const { token } = await customerToken(gw.url);
      const handshake = (headers: Record<string, string>) =>
        new Promise<string>((resolve) => {
          const socket: Socket = io(`${gw.url}/customer`, {
            auth: { token },
            transports: ['websocket'],
            reconnection: false,
            forceNew: true,
            extraHeaders: headers,
          });
          socket.once('connect', () => {
            socket.close();
            resolve('connected');
          });
          socket.once('connect_error', (error) => {
            socket.close();
            resolve(`refused: ${error.message}`);
          });
        });
      expect(await handshake({ origin: `http://${evil}`, host: evil })).toMatch(/^refused/);
      expect(await handshake({ origin: gw.url })).toBe('connected');
      expect(await handshake({ host: evil })).toBe('connected'); // a non-browser client: the Origin decided
    });

    it('keeps /metrics off the main port and serves the API docs (on by default outside production)', async () => {
      expect((await raw(gw.url, '/metrics')).status).toBe(404);
      expect((await raw(gw.url, '/metrics', { authorization: 'Bearer anything-at-all-long' })).status).toBe(404);
      const docs = await raw(gw.url, '/api/docs');
      expect(docs.status).toBe(200);
      expect(csp(docs.headers)['frame-ancestors']).toEqual(["'none'"]);
      const json = await raw(gw.url, '/api/docs-json');
      expect(json.status).toBe(200);
      expect(JSON.parse(json.body)).toHaveProperty('openapi');
    });
  });

  describe('a production gateway behind https://chat.example.com', () => {
    const production = {
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://chat.example.com',
      JWT_SECRET: 'a-production-secret-of-at-least-32-characters',
    };

    it('adds HSTS, frames the widget only from itself, refuses localhost and hides the API docs', async () => {
      const gw = await startTestGateway(production);
      try {
        const consoleHtml = await raw(gw.url, '/agent/');
        expectStrictUnframeable(consoleHtml);
        expect(consoleHtml.headers['strict-transport-security']).toBe('max-age=31536000');
        expect(csp(consoleHtml.headers)).toHaveProperty('upgrade-insecure-requests');
        expect(csp((await raw(gw.url, '/widget/')).headers)['frame-ancestors']).toEqual(["'self'"]);

        const customer = (origin: string) =>
          raw(gw.url, '/api/auth/customer', { origin, 'content-type': 'application/json' }, 'POST', '{}');
        expect((await customer('https://chat.example.com')).status).toBe(200);
        expect((await customer('http://localhost:5173')).status).toBe(403);
        expect((await customer(gw.url)).status).toBe(403); // its listening address is not its public origin
        expect((await raw(gw.url, '/api/health', { host: 'chat.example.com', 'sec-fetch-site': 'same-origin' })).status).toBe(200);

        expect((await raw(gw.url, '/api/docs')).status).toBe(404);
        expect((await raw(gw.url, '/api/docs-json')).status).toBe(404);
      } finally {
        await gw.close();
      }
    });

    it('lets the console work from its own origin (docs/security.md): listed in ALLOWED_ORIGINS', async () => {
      const gw = await startTestGateway({ ...production, SEED_DEMO: 'true', ALLOWED_ORIGINS: 'https://agents.example.com' });
      try {
        const login = (origin: string) =>
          raw(gw.url, '/api/auth/login', { origin, host: new URL(origin).host, 'content-type': 'application/json' }, 'POST',
            JSON.stringify({ email: 'agent1@example.com', password: gw.config.demoPassword }));
        const signedIn = await login('https://agents.example.com');
        expect(signedIn.status).toBe(200);
        expect(signedIn.headers['access-control-allow-origin']).toBe('https://agents.example.com');
        const { token } = JSON.parse(signedIn.body) as { token: string };
        // The console's same-origin GETs: no Origin, its own Host.
        const headers = { host: 'agents.example.com', 'sec-fetch-site': 'same-origin', authorization: `Bearer ${token}` };
        expect((await raw(gw.url, '/api/users', headers)).status).toBe(200);
        expect((await login('https://chat.example.com')).status).toBe(200);
        expect((await login('https://elsewhere.example.com')).status).toBe(403);
      } finally {
        await gw.close();
      }
    });

    it('serves the API docs when API_DOCS=true, and frames the widget from ALLOWED_ORIGINS', async () => {
      const gw = await startTestGateway({ ...production, API_DOCS: 'true', ALLOWED_ORIGINS: 'https://shop.example,https://www.shop.example' });
      try {
        expect((await raw(gw.url, '/api/docs')).status).toBe(200);
        expect((await raw(gw.url, '/api/docs-json')).status).toBe(200);
        expect(csp((await raw(gw.url, '/widget/')).headers)['frame-ancestors']).toEqual([
          "'self'",
          'https://shop.example',
          'https://www.shop.example',
        ]);
      } finally {
        await gw.close();
      }
    });
  });

  it('frames the widget from anywhere when ALLOWED_ORIGINS is *', async () => {
    const gw = await startTestGateway({ ALLOWED_ORIGINS: '*' });
    try {
      const widget = await raw(gw.url, '/widget/');
      expect(csp(widget.headers)['frame-ancestors']).toEqual(['*']);
      expect(widget.headers['x-frame-options']).toBeUndefined();
    } finally {
      await gw.close();
    }
  });

  it('serves /metrics on the main port only to the METRICS_TOKEN bearer', async () => {
    const token = 'metrics-token-0123456789abcdef';
    const gw = await startTestGateway({ METRICS_TOKEN: token });
    try {
      const none = await raw(gw.url, '/metrics');
      expect(none.status).toBe(401);
      expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
      expect((await raw(gw.url, '/metrics', { authorization: `Bearer ${token}x` })).status).toBe(401);
      expect((await raw(gw.url, '/metrics', { authorization: `Bearer ${token.slice(0, -1)}` })).status).toBe(401);
      expect((await raw(gw.url, '/metrics', { authorization: `Basic ${token}` })).status).toBe(401);
      const ok = await raw(gw.url, '/metrics', { authorization: `Bearer ${token}` });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatch(/switchboard_connected_sockets/);
    } finally {
      await gw.close();
    }
  });

  it('serves /metrics without a token on METRICS_PORT (loopback), not on the main port, and closes it on shutdown', async () => {
    const gw = await startTestGateway({ METRICS_PORT: '0' });
    const address = gw.app.get(MetricsListener).address();
    try {
      expect(address?.address).toBe('127.0.0.1');
      const metricsUrl = `http://127.0.0.1:${address!.port}`;
      const scraped = await raw(metricsUrl, '/metrics');
      expect(scraped.status).toBe(200);
      expect(scraped.headers['content-type']).toMatch(/^text\/plain/);
      expect(scraped.body).toMatch(/switchboard_event_duration_seconds/);
      expect((await raw(metricsUrl, '/api/health')).status).toBe(404);
      expect((await raw(gw.url, '/metrics')).status).toBe(404);
    } finally {
      await gw.close();
    }
    await expect(raw(`http://127.0.0.1:${address!.port}`, '/metrics')).rejects.toThrow(/ECONNREFUSED/);
  });

  it("prints in its start-up banner only what it serves", async () => {
    const metricsPort = await freePort();
    const production = await startGatewayProcess({
      env: {
        NODE_ENV: 'production',
        PUBLIC_URL: 'https://chat.example.com',
        JWT_SECRET: 'a-production-secret-of-at-least-32-characters',
        METRICS_PORT: String(metricsPort),
      },
    });
    const development = await startGatewayProcess();
    try {
      const banner = (gateway: typeof production) => {
        const output = gateway.output();
        return output.slice(output.indexOf('Switchboard '), output.indexOf('\n\n', output.indexOf('Switchboard ')));
      };
      expect(banner(production)).toContain('agent console     https://chat.example.com/agent/');
      expect(banner(production)).toContain(`metrics           http://127.0.0.1:${metricsPort}/metrics`);
      expect(banner(production)).not.toContain('API docs');
      expect(banner(development)).toContain(`API docs          ${development.url}/api/docs`);
      expect(banner(development)).not.toContain('metrics');
      expect((await raw(`http://127.0.0.1:${metricsPort}`, '/metrics')).status).toBe(200);
    } finally {
      await Promise.all([production.stop(), development.stop()]);
    }
  });
});
