import { BRIDGE_SOURCE, isLoaderMessage, type LoaderMessage, type WidgetMessage } from '../../shared/bridge';

type WidgetMessageBody = WidgetMessage extends infer M
  ? M extends WidgetMessage
    ? Omit<M, 'source'>
    : never
  : never;

/**
 * The iframe's side of the postMessage link to the loader. It only talks to its parent window, at the host
 * page's origin, and only listens to messages from that window and origin.
 */
export class HostBridge {
  readonly embedded: boolean;
  private readonly hostOrigin: string | null;

  constructor(
    private readonly win: Window = window,
    hostParam: string | null = new URLSearchParams(win.location.search).get('host'),
  ) {
    this.embedded = win.parent !== win;
    this.hostOrigin = this.embedded ? resolveHostOrigin(win, hostParam) : null;
  }

  post(message: WidgetMessageBody): void {
    if (!this.embedded || !this.hostOrigin) return;
    this.win.parent.postMessage({ source: BRIDGE_SOURCE.widget, ...message }, this.hostOrigin);
  }

  listen(handler: (message: LoaderMessage) => void): () => void {
    const onMessage = (event: MessageEvent) => {
      if (!this.embedded || event.source !== this.win.parent || event.origin !== this.hostOrigin) return;
      if (isLoaderMessage(event.data)) handler(event.data);
    };
    this.win.addEventListener('message', onMessage);
    return () => this.win.removeEventListener('message', onMessage);
  }
}

function originOf(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/**
 * Which page embeds us. Chromium and Safari tell us for sure (location.ancestorOrigins); elsewhere the
 * loader's `host` parameter is used when it agrees with the referrer.
 */
function resolveHostOrigin(win: Window, hostParam: string | null): string | null {
  const ancestors = (win.location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
  if (ancestors && ancestors.length > 0) return originOf(ancestors[0]);
  const fromParam = originOf(hostParam);
  const fromReferrer = originOf(win.document.referrer);
  if (fromParam && (!fromReferrer || fromReferrer === fromParam)) return fromParam;
  return fromReferrer;
}
