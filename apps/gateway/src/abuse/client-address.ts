import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { isIPv4, isIPv6 } from 'node:net';
import proxyAddr from 'proxy-addr';
import type { AppConfig } from '../config/app-config';

/** Whether the hop at `address` (0 = the TCP peer) is a proxy we trust to tell the truth in X-Forwarded-For. */
export type TrustFunction = (address: string, hop: number) => boolean;

/** TRUST_PROXY as express compiles `trust proxy`: a hop count, or names/addresses/CIDRs; null trusts nobody. */
export function compileTrust(trustProxy: AppConfig['trustProxy']): TrustFunction {
  if (trustProxy === null) return () => false;
  if (typeof trustProxy === 'number') return (_address, hop) => hop < trustProxy;
  return proxyAddr.compile(trustProxy.split(',').map((part) => part.trim()));
}

/**
 * The one rule for "who is the client" on REST and socket.io alike: the TCP peer, or, when the peer is a
 * trusted proxy, the first untrusted address of X-Forwarded-For walking back from it (proxy-addr, as express).
 * Express gets the same function as `trust proxy`, so `req.ip` agrees.
 */
export class ClientAddressResolver {
  readonly trust: TrustFunction;

  constructor(trustProxy: AppConfig['trustProxy']) {
    this.trust = compileTrust(trustProxy);
  }

  resolve(peerAddress: string | undefined, headers: IncomingHttpHeaders): string {
    const request = { headers, socket: { remoteAddress: peerAddress ?? '' } };
    return proxyAddr(request, this.trust) || 'unknown';
  }

  ofRequest(request: Pick<IncomingMessage, 'headers' | 'socket'>): string {
    return this.resolve(request.socket?.remoteAddress, request.headers);
  }
}

/** The 8 groups of an IPv6 address (valid per net.isIPv6), with an embedded IPv4 tail and zone id handled. */
function ipv6Groups(address: string): number[] {
  let text = address.split('%')[0];
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const front = head ? head.split(':') : [];
  const back = tail ? tail.split(':') : [];
  const groups = tail === undefined ? front : [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back];
  return groups.map((group) => parseInt(group, 16));
}

/**
 * What a per-address limit counts: an IPv4 address (IPv4-mapped IPv6 included) as is, an IPv6 address by its
 * /64, because one subscriber is routinely given a whole /64 and could otherwise pick a fresh address per request.
 */
export function addressKey(address: string): string {
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return `other:${address.slice(0, 64)}`;
  const groups = ipv6Groups(address);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
  }
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}
