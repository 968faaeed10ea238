import express from 'express';
import type { AddressInfo } from 'node:net';
import { responseKind, securityHeaders, widgetFrameAncestors } from './security-headers';

describe('security headers', () => {
  it('sorts paths into kinds of response', () => {
    const kinds = Object.fromEntries(
      ['/', '/index.html', '/widget.js', '/widget/', '/widget/assets/a.js', '/agent', '/agent/supervisor', '/AGENT/x',
        '/api/health', '/api/docs', '/api/docs-json', '/api/docs/swagger-ui.css', '/nope', '/widget.jsx', '/agents']
        .map((path) => [path, responseKind(path, true)]),
    );
    expect(kinds).toEqual({
      '/': 'demo',
      '/index.html': 'demo',
      '/widget.js': 'loader',
      '/widget/': 'widget',
      '/widget/assets/a.js': 'widget',
      '/agent': 'console',
      '/agent/supervisor': 'console',
      '/AGENT/x': 'console',
      '/api/health': 'api',
      '/api/docs': 'docs',
      '/api/docs-json': 'docs',
      '/api/docs/swagger-ui.css': 'docs',
      '/nope': 'api',
      '/widget.jsx': 'api',
      '/agents': 'api',
    });
    expect(responseKind('/api/docs', false)).toBe('api');
  });

  it('derives who may frame the widget from ALLOWED_ORIGINS', () => {
    expect(widgetFrameAncestors({ allowedOrigins: null, nodeEnv: 'development' })).toEqual([
      "'self'",
      'http://localhost:*',
      'http://127.0.0.1:*',
    ]);
    expect(widgetFrameAncestors({ allowedOrigins: null, nodeEnv: 'production' })).toEqual(["'self'"]);
    expect(widgetFrameAncestors({ allowedOrigins: ['https://Shop.example/'], nodeEnv: 'production' })).toEqual([
      "'self'",
      'https://shop.example',
    ]);
    expect(widgetFrameAncestors({ allowedOrigins: ['*'], nodeEnv: 'production' })).toEqual(['*']);
  });

  it("leaves a route's own Content-Security-Policy in place (attachments set `sandbox`)", async () => {
    const app = express();
    app.use(securityHeaders({ allowedOrigins: null, nodeEnv: 'production', publicUrl: 'https://chat.example.com', apiDocs: false }));
    app.get('/api/attachments/:id', (_req, res) => {
      res.setHeader('Content-Security-Policy', 'sandbox');
      res.type('html').send('<script>alert(1)</script>');
    });
    app.get('/api/other', (_req, res) => res.json({}));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const attachment = await fetch(`${base}/api/attachments/1`);
      expect(attachment.headers.get('content-security-policy')).toBe('sandbox');
      expect(attachment.headers.get('x-frame-options')).toBe('DENY');
      const other = await fetch(`${base}/api/other`);
      expect(other.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      expect(other.headers.get('strict-transport-security')).toBe('max-age=31536000');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
