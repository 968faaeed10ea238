// proxy-addr ships no types (express uses it internally); only what client-address.ts calls.
declare module 'proxy-addr' {
  import type { IncomingHttpHeaders } from 'node:http';

  type TrustFunction = (address: string, hop: number) => boolean;
  interface ForwardedRequest {
    headers: IncomingHttpHeaders;
    socket: { remoteAddress?: string };
  }

  function proxyAddr(request: ForwardedRequest, trust: TrustFunction | string | string[]): string;
  namespace proxyAddr {
    function compile(trust: string | string[]): TrustFunction;
  }
  export = proxyAddr;
}
