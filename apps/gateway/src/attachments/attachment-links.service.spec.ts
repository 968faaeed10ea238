import type { AppConfig } from '../config/app-config';
import { AttachmentLinks } from './attachment-links.service';

const config = { jwtSecret: 'a-secret-of-at-least-thirty-two-characters', signedUrlTtlS: 300 } as AppConfig;
const ID = '0123456789abcdef01234567';
const NOW = Date.parse('2030-01-01T00:00:00Z');

function parts(url: string) {
  const query = new URL(url, 'http://gateway.test').searchParams;
  return { expires: query.get('expires') ?? '', signature: query.get('signature') ?? '' };
}

describe('AttachmentLinks', () => {
  const links = new AttachmentLinks(config);

  it('signs the id and an expiry signedUrlTtlS ahead; the link is valid until then', () => {
    const link = links.sign(ID, NOW);
    expect(link.expiresAt).toBe('2030-01-01T00:05:00.000Z');
    expect(link.url).toMatch(new RegExp(`^/api/attachments/${ID}/signed\\?expires=\\d+&signature=[A-Za-z0-9_-]{43}$`));
    const { expires, signature } = parts(link.url);
    expect(links.check(ID, expires, signature, NOW + 299_000)).toBe('valid');
    expect(links.check(ID, expires, signature, NOW + 300_000)).toBe('link_expired');
  });

  it('refuses another id, another expiry, another key, a changed signature and malformed values', () => {
    const { expires, signature } = parts(links.sign(ID, NOW).url);
    expect(links.check('0123456789abcdef01234568', expires, signature, NOW)).toBe('link_invalid');
    expect(links.check(ID, String(Number(expires) + 1), signature, NOW)).toBe('link_invalid');
    const otherKey = new AttachmentLinks({ ...config, jwtSecret: 'another-secret-of-at-least-thirty-two-chars' });
    expect(otherKey.check(ID, expires, signature, NOW)).toBe('link_invalid');
    expect(links.check(ID, expires, `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`, NOW)).toBe('link_invalid');
    for (const [e, s] of [[undefined, signature], [expires, undefined], ['1e9', signature], [expires, `${signature}=`], [[expires], signature]]) {
      expect(links.check(ID, e, s, NOW)).toBe('link_invalid');
    }
  });
});
