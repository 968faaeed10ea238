import { CLIENT_EVENTS, isHttpUrl, PROFILE_LIMITS, type VisitorContextPayload } from '@switchboard/protocol';
import { SwitchboardError, type ClientApi } from '@switchboard/client';
import type { HostPage } from '../../shared/bridge';

const RATE_LIMITED_RETRY_MS = 1000;

/** The browser's side of visitor.context: what the iframe itself can tell (the same browser as the host page). */
export type BrowserFacts = Pick<VisitorContextPayload, 'userAgent' | 'language' | 'timezone'>;

export function browserFacts(nav: Navigator = navigator): BrowserFacts {
  let timezone: string | undefined;
  try {
    timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    timezone = undefined;
  }
  return {
    userAgent: nav.userAgent.slice(0, PROFILE_LIMITS.userAgentMaxLength),
    ...(nav.language && PROFILE_LIMITS.languagePattern.test(nav.language) ? { language: nav.language } : {}),
    ...(timezone ? { timezone } : {}),
  };
}

/**
 * Sends `visitor.context` (PROTOCOL section 8) with the page the loader reports: once connected, and again only
 * when the page differs from what the gateway last accepted. A page that is no http(s) address (a file opened from
 * disk) is not reported. A refusal of the payload is not retried; a lost one is, at the next connect.
 */
export class VisitorReporter {
  private latest: VisitorContextPayload | null = null;
  private sentKey: string | null = null;
  private client: ClientApi | null = null;
  private sending = false;

  constructor(private readonly facts: () => BrowserFacts = browserFacts) {}

  page(page: HostPage): void {
    if (!isHttpUrl(page.url)) return;
    this.latest = {
      pageUrl: page.url,
      pageTitle: page.title,
      referrer: isHttpUrl(page.referrer) ? page.referrer : '',
      ...this.facts(),
    };
    void this.flush();
  }

  /** The socket is connected (or not, with null). */
  connection(client: ClientApi | null): void {
    this.client = client;
    void this.flush();
  }

  private async flush(): Promise<void> {
    const payload = this.latest;
    const client = this.client;
    if (!payload || !client || this.sending) return;
    const key = JSON.stringify(payload);
    if (key === this.sentKey) return;
    this.sending = true;
    try {
      await client.request(CLIENT_EVENTS.visitorContext, payload);
      this.sentKey = key;
    } catch (error) {
      // The gateway refused this payload: sending it again would not help. Too many events: a moment later.
      if (error instanceof SwitchboardError && error.code === 'bad_request') this.sentKey = key;
      if (error instanceof SwitchboardError && error.code === 'rate_limited')
        setTimeout(() => void this.flush(), RATE_LIMITED_RETRY_MS);
    } finally {
      this.sending = false;
    }
    // The page moved on while this one was on its way.
    if (this.latest !== payload) void this.flush();
  }
}
