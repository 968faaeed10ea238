import { REDACTED, scrubSecrets } from './log-scrubber';

const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhYmMiLCJyb2xlIjoiYWdlbnQifQ.c2lnbmF0dXJlLWJ5dGVz';

describe('scrubSecrets', () => {
  it('blanks the values of secret keys at any depth, also inside JSON held in a string', () => {
    const line = JSON.stringify({
      message: 'x',
      body: { email: 'a@b.c', password: 'hunter22', nested: { visitorId: 'v-123', userHash: 'abc' } },
      headers: { authorization: 'Basic Zm9vOmJhcg==', cookie: 'sid=1', 'x-api-token': 'k' },
      accessToken: 'tok',
      error: JSON.stringify({ password: 'in-a-string', ok: 1 }),
      tokenVersion: 3,
    });
    const out = scrubSecrets(line);
    for (const secret of ['hunter22', 'v-123', '"abc"', 'Zm9vOmJhcg', 'sid=1', '"k"', '"tok"', 'in-a-string']) {
      expect(out).not.toContain(secret);
    }
    const parsed = JSON.parse(out) as { body: unknown; error: string; tokenVersion: number };
    expect(parsed.body).toEqual({ email: 'a@b.c', password: REDACTED, nested: { visitorId: REDACTED, userHash: REDACTED } });
    expect(JSON.parse(parsed.error)).toEqual({ password: REDACTED, ok: 1 });
    expect(parsed.tokenVersion).toBe(3);
  });

  it('blanks tokens in URLs, bearer headers, bare JWTs and URL credentials', () => {
    const line = JSON.stringify({
      message: `GET /api/attachments/1?token=${jwt}&download=1 failed; Authorization: Bearer abc.def-ghi`,
      url: '/a?sig=deadbeef&exp=99&visitorId=vvv',
      stack: `Error: bad token ${jwt}\n    at x`,
      uri: 'mongodb://switchboard:s3cret@db1:27017/switchboard',
    });
    const out = scrubSecrets(line);
    for (const secret of [jwt, 'abc.def-ghi', 'deadbeef', 'vvv', 's3cret']) expect(out).not.toContain(secret);
    const parsed = JSON.parse(out) as Record<string, string>;
    expect(parsed.url).toBe(`/a?sig=${REDACTED}&exp=99&visitorId=${REDACTED}`);
    expect(parsed.uri).toBe(`mongodb://switchboard:${REDACTED}@db1:27017/switchboard`);
    expect(parsed.message).toContain('&download=1');
  });

  it('leaves ordinary lines alone', () => {
    const line = JSON.stringify({ message: 'http request', method: 'GET', path: '/api/health', status: 200, reqId: 'r-1' });
    expect(scrubSecrets(line)).toBe(line);
  });
});
