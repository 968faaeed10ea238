import { addressKey, ClientAddressResolver, compileTrust } from './client-address';

describe('ClientAddressResolver (TRUST_PROXY)', () => {
  const forwarded = (xff: string) => ({ 'x-forwarded-for': xff });

  it('trusts nobody without TRUST_PROXY: X-Forwarded-For is ignored', () => {
    const resolver = new ClientAddressResolver(null);
    expect(resolver.resolve('127.0.0.1', forwarded('203.0.113.9'))).toBe('127.0.0.1');
    expect(resolver.resolve('198.51.100.1', {})).toBe('198.51.100.1');
  });

  it('loopback: the first address that is not a loopback proxy, walking back from the peer', () => {
    const resolver = new ClientAddressResolver('loopback');
    expect(resolver.resolve('127.0.0.1', forwarded('203.0.113.9'))).toBe('203.0.113.9');
    expect(resolver.resolve('::ffff:127.0.0.1', forwarded('203.0.113.9'))).toBe('203.0.113.9');
    // a client's own X-Forwarded-For entry (left of what nginx appended) is not believed
    expect(resolver.resolve('127.0.0.1', forwarded('10.9.9.9, 203.0.113.9'))).toBe('203.0.113.9');
    // a peer that is not a trusted proxy is the client, whatever it claims
    expect(resolver.resolve('198.51.100.1', forwarded('203.0.113.9'))).toBe('198.51.100.1');
  });

  it('addresses/CIDRs and hop counts', () => {
    expect(new ClientAddressResolver('10.0.0.0/8, 192.168.1.1').resolve('10.1.2.3', forwarded('203.0.113.9'))).toBe('203.0.113.9');
    expect(new ClientAddressResolver('10.0.0.0/8').resolve('11.1.2.3', forwarded('203.0.113.9'))).toBe('11.1.2.3');
    expect(new ClientAddressResolver(1).resolve('10.1.2.3', forwarded('1.1.1.1, 203.0.113.9'))).toBe('203.0.113.9');
    expect(new ClientAddressResolver(2).resolve('10.1.2.3', forwarded('1.1.1.1, 203.0.113.9'))).toBe('1.1.1.1');
    expect(compileTrust(null)('127.0.0.1', 0)).toBe(false);
  });
});

describe('addressKey', () => {
  it('keeps IPv4 (mapped or not) and groups IPv6 by its /64', () => {
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('not an address')).toBe('other:not an address');
  });
});
