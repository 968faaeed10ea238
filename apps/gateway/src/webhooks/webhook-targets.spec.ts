import { backoffMs } from './webhook-dispatcher.service';
import { signatureOf } from './webhook-sender';
import {
  checkTargetHost,
  guardedLookup,
  isPrivateAddress,
  parseTargetUrl,
  TargetRefused,
} from './webhook-targets';

describe('webhook targets (server-side request forgery)', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.0.10',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '64:ff9b::a9fe:a9fe',
    'not-an-address',
  ])('%s is private', (address) => expect(isPrivateAddress(address)).toBe(true));

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '192.169.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])(
    '%s is public',
    (address) => expect(isPrivateAddress(address)).toBe(false),
  );

  it('takes only absolute http and https URLs without credentials', () => {
    expect(parseTargetUrl('https://example.com/hook').hostname).toBe('example.com');
    for (const bad of [
      'example.com/hook',
      'ftp://example.com/',
      'file:///etc/passwd',
      'http://u:p@example.com/',
    ])
      expect(() => parseTargetUrl(bad)).toThrow(TargetRefused);
  });

  it('refuses a name that resolves to loopback unless private targets are allowed', async () => {
    await expect(checkTargetHost('localhost', false)).rejects.toThrow(/private address/);
    await expect(checkTargetHost('localhost', true)).resolves.not.toHaveLength(0);
    await expect(checkTargetHost('::1', false)).rejects.toThrow(TargetRefused);
  });

  it('the lookup guard refuses the address it would connect to', async () => {
    const lookup = guardedLookup(false);
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      lookup('localhost', {}, (e) => resolve(e)),
    );
    expect(error?.code).toBe('ETARGETREFUSED');
    const allowed = guardedLookup(true);
    const address = await new Promise<string>((resolve) =>
      allowed('localhost', {}, (_e, a) => resolve(a as string)),
    );
    expect(isPrivateAddress(address)).toBe(true);
  });
});

describe('webhook signing and backoff', () => {
  it('signs the raw body with HMAC-SHA256 as sha256=<hex>', () => {
    // RFC 4231 test case 2
    expect(signatureOf('what do ya want for nothing?', 'Jefe')).toBe(
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('doubles from the base, caps at an hour, and jitters between half and all of it', () => {
    expect(backoffMs(1, 1000, () => 0)).toBe(500);
    expect(backoffMs(1, 1000, () => 1)).toBe(1000);
    expect(backoffMs(4, 1000, () => 1)).toBe(8000);
    expect(backoffMs(40, 1000, () => 1)).toBe(3600 * 1000);
    expect(backoffMs(40, 1000, () => 0)).toBe(1800 * 1000);
  });
});
