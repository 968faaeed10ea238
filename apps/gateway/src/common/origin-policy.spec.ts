import { createOriginPolicy, ownOrigins, type OriginConfig } from './origin-policy';

const dev: OriginConfig = { allowedOrigins: null, nodeEnv: 'development', publicUrl: null, port: 3000 };
const prod: OriginConfig = { allowedOrigins: null, nodeEnv: 'production', publicUrl: 'https://chat.example.com', port: 3000 };

describe('origin policy', () => {
  it('takes its own origin from PUBLIC_URL, or localhost:PORT outside production, never from Host', () => {
    expect(ownOrigins(prod)).toEqual(['https://chat.example.com']);
    expect(ownOrigins(dev)).toEqual(['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000']);
    expect(ownOrigins({ ...dev, port: 0 }, 4123)).toContain('http://127.0.0.1:4123');
    expect(ownOrigins({ ...prod, publicUrl: null })).toEqual([]);

    const policy = createOriginPolicy(prod);
    expect(policy.allowsOrigin('https://chat.example.com')).toBe(true);
    expect(policy.allowsOrigin('https://CHAT.example.com/')).toBe(true);
    // The old check trusted Host: a rebinding page's Origin equals the Host it sends.
    expect(policy.allowsRequest({ origin: 'http://evil.example:3000', host: 'evil.example:3000' })).toBe(false);
    expect(policy.allowsOrigin('http://localhost:5173')).toBe(false);
    expect(policy.allowsOrigin('null')).toBe(false);
  });

  it('outside production, with ALLOWED_ORIGINS unset, also allows any localhost origin', () => {
    const policy = createOriginPolicy(dev);
    expect(policy.allowsOrigin('http://localhost:5173')).toBe(true);
    expect(policy.allowsOrigin('http://127.0.0.1:9')).toBe(true);
    expect(policy.allowsOrigin('http://[::1]:3000')).toBe(true);
    expect(policy.allowsOrigin('http://localhost.evil.example')).toBe(false);
    expect(policy.allowsOrigin('https://evil.example')).toBe(false);
    expect(policy.allowsRequest({ origin: 'http://evil.example:3000', host: 'evil.example:3000' })).toBe(false);
  });

  it('with ALLOWED_ORIGINS allows those (or * for any) and its own origin, no more localhost', () => {
    const listed = createOriginPolicy({ ...dev, allowedOrigins: ['https://shop.example'] });
    expect(listed.allowsOrigin('https://shop.example')).toBe(true);
    expect(listed.allowsOrigin('https://SHOP.example')).toBe(true);
    expect(listed.allowsOrigin('http://127.0.0.1:3000')).toBe(true);
    expect(listed.allowsOrigin('http://127.0.0.1:3001')).toBe(false);
    expect(listed.allowsOrigin('https://other.example')).toBe(false);
    const any = createOriginPolicy({ ...prod, allowedOrigins: ['*'] });
    expect(any.allowsOrigin('https://any.example')).toBe(true);
  });

  it('reads the bound port at call time (a gateway started on port 0)', () => {
    let port = 0;
    const policy = createOriginPolicy({ ...dev, port: 0, allowedOrigins: ['https://shop.example'] }, () => port);
    expect(policy.allowsOrigin('http://127.0.0.1:4567')).toBe(false);
    port = 4567;
    expect(policy.allowsOrigin('http://127.0.0.1:4567')).toBe(true);
  });

  it('refuses a browser request without Origin whose Host is not ours (DNS rebinding), lets non-browsers in', () => {
    const policy = createOriginPolicy({ ...prod, allowedOrigins: ['https://agents.example.com'] });
    const browser = { 'sec-fetch-site': 'same-origin' };
    expect(policy.allowsRequest({ ...browser, host: 'evil.example:3000' })).toBe(false);
    expect(policy.allowsRequest({ ...browser, host: 'chat.example.com' })).toBe(true);
    expect(policy.allowsRequest({ ...browser, host: 'agents.example.com' })).toBe(true);
    expect(policy.allowsRequest({ ...browser })).toBe(false);
    // curl, a load balancer's health check, Prometheus: no Origin, no Sec-Fetch-Site.
    expect(policy.allowsRequest({ host: '10.0.0.11:3001' })).toBe(true);
    expect(createOriginPolicy(dev).allowsRequest({ ...browser, host: 'localhost:5173' })).toBe(true);
    expect(createOriginPolicy(dev).allowsRequest({ ...browser, host: 'evil.example:3000' })).toBe(false);
  });
});
