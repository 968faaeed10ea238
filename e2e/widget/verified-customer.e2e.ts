// Issue 16: a verified customer (data-user-id + data-user-hash) is the same customer in two browsers, with one
// history; a wrong hash is refused and the widget says so. Two Chromium contexts are two devices (no shared storage).
import { createHmac } from 'node:crypto';
import type { Browser, BrowserContext } from 'playwright-core';
import { startGatewayProcess, type GatewayProcess } from '@switchboard/testing';
import { launchChromium } from '../console/console-page';
import { TestAgent, WidgetPage, serveHtml, type StaticSite } from './widget-page';

const SECRET = 'identity-secret-for-the-browser-test-0123456789';
const USER_ID = 'shop-customer-5150';
const hashOf = (userId: string) => createHmac('sha256', SECRET).update(userId).digest('hex');

describe('verified customer in two browsers (Chromium)', () => {
  let gateway: GatewayProcess;
  let browser: Browser;
  let shop: StaticSite;
  let forged: StaticSite;
  let agent: TestAgent;
  const contexts: BrowserContext[] = [];

  /** The host site's page for its signed-in user, as its server would render it (the hash computed server-side). */
  const hostPage = (gatewayUrl: string, userHash: string) =>
    `<!doctype html><html><head><title>Shop</title></head><body><h1>My account</h1>
    <script src="${gatewayUrl}/widget.js" data-user-id="${USER_ID}" data-user-hash="${userHash}"
      data-user-name="Mira Okafor" data-user-email="mira@example.com"
      data-user-attributes='{"plan":"gold","orders":7}' defer></script></body></html>`;

  beforeAll(async () => {
    gateway = await startGatewayProcess({ env: { IDENTITY_SECRET: SECRET } });
    browser = await launchChromium();
    shop = await serveHtml(hostPage(gateway.url, hashOf(USER_ID)));
    forged = await serveHtml(hostPage(gateway.url, hashOf('someone-else')));
    // An agent online: with nobody online the widget shows the offline form instead of the chat (section 9).
    agent = await TestAgent.connect(gateway);
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    agent?.close();
    await browser?.close();
    await shop?.close();
    await forged?.close();
    await gateway?.stop();
  });

  async function device(url: string): Promise<WidgetPage> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(url);
    const widget = new WidgetPage(page);
    await widget.open();
    return widget;
  }

  it('shows the chat begun on the laptop on the phone, and the phone’s reply on the laptop', async () => {
    const laptop = await device(shop.url);
    await laptop.send('My parcel 88-431 has not arrived');
    await laptop.see(laptop.bubble('My parcel 88-431 has not arrived'));

    const phone = await device(shop.url);
    await phone.see(phone.bubble('My parcel 88-431 has not arrived'));
    await phone.send('It was due on Monday');
    await laptop.see(laptop.bubble('It was due on Monday'));
  });

  it('refuses a hash made for another user, and says so', async () => {
    const intruder = await device(forged.url);
    await intruder.see(intruder.frame.getByText('We could not confirm who you are. Please sign in to the site again.'));
    await intruder.send('let me in');
    await intruder.see(intruder.frame.getByText('We could not confirm who you are. Please sign in to the site again.'));
  });
});
