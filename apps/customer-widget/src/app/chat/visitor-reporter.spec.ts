import { FakeClient } from '@switchboard/client/testing';
import { SwitchboardError, type ClientApi } from '@switchboard/client';
import type { VisitorContextPayload } from '@switchboard/protocol';
import { VisitorReporter } from './visitor-reporter';

const FACTS = { userAgent: 'Mozilla/5.0 Test', language: 'en-GB', timezone: 'Europe/London' };
const shop = { url: 'https://shop.example/', title: 'Shop', referrer: 'https://search.example/?q=shoes' };

function setup() {
  const fake = new FakeClient();
  const client = fake as unknown as ClientApi;
  const sent: VisitorContextPayload[] = [];
  fake.answers['visitor.context'] = (payload) => {
    sent.push(payload as unknown as VisitorContextPayload);
    return { customerId: 'cust-1', visitor: { ...payload, updatedAt: new Date().toISOString() } };
  };
  return { fake, client, sent, reporter: new VisitorReporter(() => FACTS) };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('VisitorReporter', () => {
  it('sends the page once connected, with the browser’s facts', async () => {
    const { client, sent, reporter } = setup();
    reporter.page(shop);
    await flush();
    expect(sent).toEqual([]);
    reporter.connection(client);
    await flush();
    expect(sent).toEqual([{ pageUrl: shop.url, pageTitle: 'Shop', referrer: shop.referrer, ...FACTS }]);
  });

  it('sends only when the page changed, also across reconnects', async () => {
    const { client, sent, reporter } = setup();
    reporter.connection(client);
    reporter.page(shop);
    await flush();
    reporter.page({ ...shop });
    reporter.connection(null);
    reporter.connection(client);
    await flush();
    expect(sent).toHaveLength(1);
    reporter.page({ ...shop, url: 'https://shop.example/cart', title: 'Cart' });
    await flush();
    expect(sent.map((p) => p.pageUrl)).toEqual([shop.url, 'https://shop.example/cart']);
  });

  it('skips pages that are no http(s) address and referrers that are not either', async () => {
    const { client, sent, reporter } = setup();
    reporter.connection(client);
    reporter.page({ ...shop, url: 'file:///home/me/test.html' });
    reporter.page({ ...shop, referrer: 'android-app://com.example' });
    await flush();
    expect(sent).toEqual([expect.objectContaining({ pageUrl: shop.url, referrer: '' })]);
  });

  it('does not repeat a payload the gateway refused, and tries a lost one again at the next connect', async () => {
    const { fake, client, sent, reporter } = setup();
    let fail: SwitchboardError | null = new SwitchboardError('bad_request', 'no');
    const answer = fake.answers['visitor.context'];
    fake.answers['visitor.context'] = (payload) => {
      if (fail) throw fail;
      return answer?.(payload);
    };
    reporter.connection(client);
    reporter.page(shop);
    await flush();
    reporter.connection(client);
    fail = null;
    await flush();
    expect(sent).toEqual([]);

    fail = new SwitchboardError('timeout', 'lost');
    reporter.page({ ...shop, url: 'https://shop.example/lost' });
    await flush();
    fail = null;
    reporter.connection(client);
    await flush();
    expect(sent.map((p) => p.pageUrl)).toEqual(['https://shop.example/lost']);
  });
});
