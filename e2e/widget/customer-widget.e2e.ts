import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CLIENT_EVENTS, type Conversation, type ConversationList, type Message } from '@switchboard/protocol';
import {
  emitOk,
  findRepoRoot,
  startGatewayProcess,
  waitFor,
  type GatewayProcess,
} from '@switchboard/testing';
import { expectNoSeriousAxeViolations } from '../accessibility';
import { launchChromium, recordCspViolations } from '../console/console-page';
import {
  NetworkSwitch,
  TestAgent,
  WidgetPage,
  serveHtml,
  waitForBox,
  picturePng,
  type StaticSite,
} from './widget-page';

const PNG = picturePng();

/** With SCREENSHOTS=1 the walk-through also saves the README/docs screenshots. */
async function screenshot(page: Page, name: string): Promise<void> {
  if (!process.env.SCREENSHOTS) return;
  // Let the panel's open transition finish so the picture is not caught mid-animation.
  await page.mouse.move(1, 1); // no hover highlight in the picture
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(findRepoRoot(), 'docs/images', `widget-${name}.png`) });
}

// 60 px launcher, 20 px from the bottom-left corner of a 1280x800 viewport.
const LAUNCHER_LEFT = { x: 20, y: 720, width: 60, height: 60 };

const texts = (messages: Message[]) => messages.map((message) => message.text);

describe('customer widget on the demo page (Chromium)', () => {
  let gateway: GatewayProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let widget: WidgetPage;
  let network: NetworkSwitch;
  let agent: TestAgent;
  let conversation: Conversation;
  let cspViolations: string[];

  beforeAll(async () => {
    gateway = await startGatewayProcess();
    browser = await launchChromium();
    agent = await TestAgent.connect(gateway);
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    cspViolations = await recordCspViolations(context);
    network = await NetworkSwitch.install(context);
    page = await context.newPage();
    if (process.env.WIDGET_DEBUG) page.on('console', (message) => console.log(`[page] ${message.text()}`));
    widget = new WidgetPage(page);
  });

  afterAll(async () => {
    agent?.close();
    await browser?.close();
    await gateway?.stop();
  });

  it('opens from the launcher and sends the first message, which reaches the agent exactly once', async () => {
    await page.goto(`${gateway.url}/`);
    await widget.launcher.waitFor();
    expect(
      new URL((await page.locator('iframe[title="Chat"]').getAttribute('src')) ?? '', gateway.url).pathname,
    ).toBe('/widget/');
    await screenshot(page, 'closed');
    await widget.open();
    await screenshot(page, 'open');

    // The demo page turns the optional pre-chat fields on.
    await widget.frame.getByRole('textbox', { name: 'Your name' }).fill('Dana Scully');
    await widget.frame.getByRole('textbox', { name: 'Email' }).fill('dana@example.com');
    await widget.send('Hello, my order #1042 has not arrived');
    await widget.bubble('Hello, my order #1042 has not arrived').waitFor();

    // The name and the demo page's data-customer-type="premium" travel with the customer.
    conversation = await agent.grab(
      (queued) => queued.customer.name === 'Dana Scully' && queued.customer.type === 'premium',
    );
    const stored = await agent.waitForMessages(conversation.id, 1);
    expect(texts(stored.filter((message) => message.sender.type === 'customer'))).toEqual([
      'Hello, my order #1042 has not arrived',
    ]);
    await widget.waitForTick('Hello, my order #1042 has not arrived', 'Delivered');
  });

  it("shows the agent typing, the agent's reply, and the read tick", async () => {
    await emitOk(agent.socket, CLIENT_EVENTS.typing, { conversationId: conversation.id, isTyping: true });
    await widget.frame.getByRole('status', { name: /is typing/ }).waitFor();

    await emitOk(agent.socket, CLIENT_EVENTS.messageSend, {
      conversationId: conversation.id,
      clientMsgId: `agent-${Date.now()}-1`,
      text: 'Hi! Let me look into that for you: https://acme.example/orders/1042',
    });
    await widget.bubble('Hi! Let me look into that for you: https://acme.example/orders/1042').waitFor();
    // Links open in a new tab, without a handle back to the widget (noopener), despite the iframe's sandbox.
    await context.route('https://acme.example/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>Order 1042</title>' }),
    );
    const [tab] = await Promise.all([
      context.waitForEvent('page'),
      widget.frame.getByRole('link', { name: 'https://acme.example/orders/1042' }).click(),
    ]);
    await tab.waitForLoadState();
    expect(tab.url()).toBe('https://acme.example/orders/1042');
    expect(await tab.evaluate(() => window.opener)).toBeNull();
    await tab.close();
    await widget.frame.getByText(agent.name, { exact: true }).first().waitFor();
    expect(await widget.frame.getByRole('status', { name: /is typing/ }).count()).toBe(0);

    const messages = await agent.messages(conversation.id);
    await emitOk(agent.socket, CLIENT_EVENTS.messageRead, {
      conversationId: conversation.id,
      seq: messages[messages.length - 1].seq,
    });
    await widget.waitForTick('Hello, my order #1042 has not arrived', 'Read');
  });

  it('has no serious or critical accessibility violation with a conversation open, nor with its emoji picker (axe)', async () => {
    await expectNoSeriousAxeViolations(page, 'demo page with the widget open on a conversation');
    await widget.frame.getByRole('button', { name: 'Emoji' }).click();
    await widget.frame.getByRole('dialog', { name: 'Emoji' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'widget with its emoji picker open');
    await widget.frame.getByRole('dialog', { name: 'Emoji' }).press('Escape');
    await widget.frame.getByRole('dialog', { name: 'Emoji' }).waitFor({ state: 'detached' });
    await widget.messageBox.focus();
  });

  it('badges unread messages on the launcher while closed and clears the badge when opened', async () => {
    await widget.messageBox.press('Escape');
    await widget.launcher.waitFor();
    await emitOk(agent.socket, CLIENT_EVENTS.messageSend, {
      conversationId: conversation.id,
      clientMsgId: `agent-${Date.now()}-2`,
      text: 'Found it: it ships tomorrow.',
    });
    const badge = page.locator('#switchboard-widget .sb-badge');
    await waitFor(async () => (await badge.textContent()) === '1' && (await badge.isVisible()), {
      timeoutMs: 10000,
      intervalMs: 100,
      what: 'the unread badge to show 1',
    });
    // The demo page's own button (a script file: the page's CSP allows no inline handler) opens it this time.
    await page.getByRole('button', { name: 'Chat with support' }).click();
    await widget.messageBox.waitFor({ state: 'visible' });
    await widget.bubble('Found it: it ships tomorrow.').waitFor();
    await badge.waitFor({ state: 'hidden' });
  });

  it('resumes the same customer and conversation with its history after a reload', async () => {
    await page.reload();
    await widget.open();
    for (const text of ['Hello, my order #1042 has not arrived', 'Found it: it ships tomorrow.']) {
      await widget.bubble(text).waitFor();
      expect(await widget.bubble(text).count()).toBe(1);
    }
    await widget.waitForTick('Hello, my order #1042 has not arrived', 'Read');
  });

  it('fills the screen at phone width, in a second tab of the same customer', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      storageState: await context.storageState(),
      isMobile: true,
      hasTouch: true,
    });
    try {
      const phonePage = await phone.newPage();
      const phoneWidget = new WidgetPage(phonePage);
      await phonePage.goto(`${gateway.url}/`);
      await phoneWidget.open();
      await phoneWidget.bubble('Found it: it ships tomorrow.').waitFor();
      await waitForBox(phonePage.locator('iframe[title="Chat"]'), { x: 0, y: 0, width: 390, height: 844 });
      await screenshot(phonePage, 'phone');
    } finally {
      await phone.close();
    }
  });

  it('queues what is typed offline and delivers it once and in order after reconnecting', async () => {
    const before = (await agent.messages(conversation.id)).at(-1)?.seq ?? 0;
    await network.goOffline();
    await widget.frame.getByRole('status').filter({ hasText: 'Reconnecting…' }).waitFor({ timeout: 15000 });

    await widget.send('First, typed offline');
    await widget.send('Second, typed offline');
    await widget.waitForTick('First, typed offline', 'Sending');
    await widget.waitForTick('Second, typed offline', 'Sending');
    expect(await agent.messages(conversation.id, before)).toEqual([]);

    network.goOnline();
    await widget.waitForTick('Second, typed offline', 'Delivered', 30000);
    await widget.waitForTick('First, typed offline', 'Delivered');
    await widget.frame.getByRole('status').filter({ hasText: 'Reconnecting…' }).waitFor({ state: 'hidden' });

    const arrived = await agent.waitForMessages(conversation.id, 2, before);
    expect(arrived.map((message) => [message.sender.type, message.text])).toEqual([
      ['customer', 'First, typed offline'],
      ['customer', 'Second, typed offline'],
    ]);
    expect(await widget.bubble('First, typed offline').count()).toBe(1);
    expect(await widget.bubble('Second, typed offline').count()).toBe(1);
  });

  it('receives a file from the agent as a link that downloads it from a signed URL (no token in it)', async () => {
    const bytes = Buffer.from('Order 1042: 1 x Acme Hub 2, shipped tomorrow.\n');
    const attachmentId = await agent.upload('invoice-1042.txt', 'text/plain', bytes);
    await emitOk(agent.socket, CLIENT_EVENTS.messageSend, {
      conversationId: conversation.id,
      clientMsgId: `agent-${Date.now()}-file`,
      kind: 'file',
      attachmentId,
      text: 'Here is your invoice',
    });
    const link = widget.frame.getByRole('button', { name: /invoice-1042\.txt/ });
    await widget.see(link);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('invoice-1042.txt');
    expect(download.url()).toMatch(new RegExp(`/api/attachments/${attachmentId}/signed\\?expires=\\d+&signature=[\\w-]{43}$`));
    const saved = await download.path();
    expect(readFileSync(saved, 'utf8')).toBe(bytes.toString('utf8'));
  });

  it('sends an image, shown from a token-fetched blob', async () => {
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      widget.frame.getByRole('button', { name: 'Attach file' }).click(),
    ]);
    await chooser.setFiles({ name: 'parcel.png', mimeType: 'image/png', buffer: PNG });
    const image = widget.frame.getByRole('img', { name: 'parcel.png', exact: true });
    await image.waitFor();
    expect(await image.getAttribute('src')).toMatch(/^blob:/);
    const last = await waitFor(
      async () => (await agent.messages(conversation.id)).find((message) => message.kind === 'image'),
      { timeoutMs: 10000, intervalMs: 200, what: 'the image message' },
    );
    expect(last.attachment).toMatchObject({ name: 'parcel.png', mime: 'image/png', size: PNG.length });

    if (process.env.SCREENSHOTS) {
      // The picture for the docs: a conversation with everything in it, the agent typing again.
      await emitOk(agent.socket, CLIENT_EVENTS.typing, { conversationId: conversation.id, isTyping: true });
      await widget.frame.getByRole('status', { name: /is typing/ }).waitFor();
      await screenshot(page, 'conversation');
    }
  });

  it('loads older history when scrolled to the top, keeping the view in place', async () => {
    // 35 more messages: more than one page (30), sent at the agent's rate limit (10 a second).
    for (let line = 1; line <= 35; line++) {
      await emitOk(agent.socket, CLIENT_EVENTS.messageSend, {
        conversationId: conversation.id,
        clientMsgId: `agent-${Date.now()}-line-${line}`,
        text: `Line ${line}`,
      });
      await new Promise((resolve) => setTimeout(resolve, 110));
    }
    await page.reload();
    await widget.open();
    await widget.bubble('Line 35').waitFor();
    expect(await widget.bubble('Line 5').count()).toBe(0);

    // Where "Line 6" is on screen; scrolling to the top is measured in the same task, before the page loads.
    const scroller = widget.frame.locator('.sbw-scroller');
    const line6Top = (scrollToTop: boolean) =>
      scroller.evaluate((element, toTop) => {
        if (toTop) element.scrollTop = 0;
        const bubbles = [...element.querySelectorAll('.sbw-bubble')];
        const line6 = bubbles.find((bubble) => bubble.textContent?.startsWith('Line 6'));
        return Math.round(line6?.getBoundingClientRect().top ?? NaN);
      }, scrollToTop);
    const before = await line6Top(true);
    await widget.bubble('Line 5').waitFor({ state: 'attached' });
    // Prepending a page did not move what the customer was looking at.
    await waitFor(async () => Math.abs((await line6Top(false)) - before) <= 1, {
      timeoutMs: 5000,
      intervalMs: 100,
      what: 'Line 6 to stay where it was',
    });
    await scroller.evaluate((element) => (element.scrollTop = 0));
    await widget.bubble('Hello, my order #1042 has not arrived').waitFor({ state: 'attached' });
    expect(await widget.bubble('Line 1').count()).toBe(1);

    // Reading old messages, a new one arrives: a pill offers to jump to it instead of yanking the view.
    await emitOk(agent.socket, CLIENT_EVENTS.messageSend, {
      conversationId: conversation.id,
      clientMsgId: `agent-${Date.now()}-news`,
      text: 'Are you still there?',
    });
    await widget.see(widget.frame.getByRole('button', { name: 'New messages ↓' }));
    expect(await scroller.evaluate((element) => element.scrollTop)).toBeLessThan(100);
    await widget.frame.getByRole('button', { name: 'New messages ↓' }).click();
    await widget.bubble('Are you still there?').waitFor();
    await widget.frame.getByRole('button', { name: 'New messages ↓' }).waitFor({ state: 'detached' });
  });

  it('gets a fresh token with its visitorId when the stored one is refused, and stays the same customer', async () => {
    const frame = page.frames().find((candidate) => candidate.url().includes('/widget/'));
    await frame?.evaluate(() => {
      const key = 'switchboard-widget:session';
      const session = JSON.parse(localStorage.getItem(key) ?? '{}') as { token: string };
      localStorage.setItem(key, JSON.stringify({ ...session, token: `${session.token}-tampered` }));
    });
    await page.reload();
    await widget.open();
    await widget.bubble('Line 35').waitFor();
    await widget.send('Still me, after a token refresh');
    const mine = await waitFor(
      async () =>
        (await agent.messages(conversation.id)).find(
          (message) => message.text === 'Still me, after a token refresh',
        ),
      { timeoutMs: 10000, intervalMs: 200, what: 'the message sent with the fresh token' },
    );
    expect(mine.sender).toMatchObject({ id: conversation.customer.id, type: 'customer' });
    // Acknowledged: the gateway has finished handling it (the next test's close proposal must come after).
    await widget.waitForTick('Still me, after a token refresh', 'Delivered');
  });

  it('answers the agent\'s proposal to close with "I still need help", which puts it back to serving', async () => {
    await emitOk(agent.socket, CLIENT_EVENTS.conversationClose, { conversationId: conversation.id });
    await widget.see(widget.frame.getByRole('button', { name: 'I still need help' }));
    await widget.frame.getByRole('button', { name: 'I still need help' }).click();
    await widget.bubble('I still need help').waitFor();
    await waitFor(
      async () => {
        const mine = await emitOk<ConversationList>(agent.socket, CLIENT_EVENTS.conversationsMine, {});
        return mine.conversations.find((item) => item.id === conversation.id)?.artificialType === 'serving';
      },
      { timeoutMs: 10000, intervalMs: 200, what: 'the conversation to be serving again' },
    );
    await widget.frame.getByRole('button', { name: 'I still need help' }).waitFor({ state: 'hidden' });
  });

  it('ends the chat after a confirmation, takes a rating, and starts over', async () => {
    await widget.frame.getByRole('button', { name: 'End chat' }).click();
    await widget.frame.getByRole('button', { name: 'Yes, end it' }).click();
    await widget.frame.getByRole('radio', { name: '4 stars' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'widget asking for a rating');
    await widget.frame.getByRole('radio', { name: '4 stars' }).click();
    await widget.frame.getByRole('textbox', { name: 'Comment (optional)' }).fill('Quick and friendly');
    await widget.frame.getByRole('button', { name: 'Send rating' }).click();
    await widget.frame.getByText('Thanks for your feedback!').waitFor();

    const closed = await agent.conversation(conversation.id);
    expect(closed).toMatchObject({
      artificialType: 'closed',
      closedBy: 'customer',
      rating: { score: 4, comment: 'Quick and friendly' },
    });

    await widget.frame.getByRole('button', { name: 'Start a new chat' }).click();
    await widget.frame.getByText('Hi there').waitFor();
    expect(await widget.frame.getByRole('log', { name: 'Messages' }).getByRole('listitem').count()).toBe(0);
    // The known customer is not asked who they are again, and the next message opens a new conversation.
    expect(await widget.frame.getByRole('textbox', { name: 'Your name' }).count()).toBe(0);
    await widget.send('One more question');
    const next = await agent.grab(
      (queued) => queued.customer.id === conversation.customer.id && queued.id !== conversation.id,
    );
    expect(texts(await agent.waitForMessages(next.id, 1))).toContain('One more question');
  });

  it("did all of the above within the gateway's CSP: no violation on the demo page or in the widget", () => {
    expect(cspViolations).toEqual([]);
  });
});

describe('customer widget on another site, and coming back to an ended chat (Chromium)', () => {
  let gateway: GatewayProcess;
  let browser: Browser;
  let shop: StaticSite;

  beforeAll(async () => {
    gateway = await startGatewayProcess({ env: { CLOSE_TIMEOUT_S: '2' } });
    browser = await launchChromium();
    // A shop on its own origin (another port), with hostile global styles and a strict Content-Security-Policy
    // (no inline styles but its own), embedding the widget from the gateway.
    shop = await serveHtml(
      `<!doctype html><html><head><title>Shop</title><style nonce="shop">
        * { all: revert; } iframe { display: none !important; } button { opacity: 0 !important; }
        div { transform: rotate(180deg) !important; filter: blur(4px) !important; }
      </style></head><body><h1>Shop</h1>
      <script src="${gateway.url}/widget.js" data-title="Shop help" data-color="#0f766e"
        data-position="left" defer></script></body></html>`,
      {
        'content-security-policy': `default-src 'none'; script-src ${gateway.url}; frame-src ${gateway.url}; style-src 'nonce-shop'`,
      },
    );
  });

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
    await gateway?.stop();
  });

  it("works cross-origin, unaffected by the host page's CSS and CSP, with the badge over postMessage", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // An agent online first: with nobody online the widget would show the offline form (section 9).
    const agent = await TestAgent.connect(gateway, 'agent2@example.com');
    try {
      const page = await context.newPage();
      await page.goto(shop.url);
      const widget = new WidgetPage(page);
      await widget.open();
      const frame = page.locator('iframe[title="Chat"]');
      expect(new URL((await frame.getAttribute('src')) ?? '').origin).toBe(gateway.url);
      // In the bottom-left corner (data-position="left"), untouched by the page's transform and filter rules.
      await page.mouse.move(640, 100); // off the launcher, which grows a little on hover
      await waitForBox(page.getByRole('button', { name: 'Close chat' }), LAUNCHER_LEFT);
      expect(await frame.boundingBox()).toMatchObject({ x: 20, width: 380 });
      await widget.frame.getByRole('heading', { name: 'Shop help' }).waitFor();

      await widget.send('Do you ship to Norway?');
      try {
        const conversation = await agent.grab(() => true);
        await widget.messageBox.press('Escape');
        await emitOk(agent.socket, CLIENT_EVENTS.messageSend, {
          conversationId: conversation.id,
          clientMsgId: `agent-${Date.now()}-x`,
          text: 'We do, in 3 to 5 days.',
        });
        const badge = page.locator('#switchboard-widget .sb-badge');
        await waitFor(async () => (await badge.textContent()) === '1', {
          timeoutMs: 10000,
          intervalMs: 100,
          what: 'the unread badge across origins',
        });
      } finally {
        agent.close();
      }
    } finally {
      await context.close();
    }
  });

  it('shows the rating for a chat the close timeout ended while the widget was offline', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const network = await NetworkSwitch.install(context);
    const agent = await TestAgent.connect(gateway, 'agent3@example.com');
    try {
      const page = await context.newPage();
      const widget = new WidgetPage(page);
      await page.goto(`${gateway.url}/`);
      await widget.open();
      await widget.send('Is the Hub compatible with my old bulbs?');
      const conversation = await agent.grab((queued) => queued.customer.type === 'premium');
      await widget.waitForTick('Is the Hub compatible with my old bulbs?', 'Delivered');
      await emitOk(agent.socket, CLIENT_EVENTS.conversationClose, { conversationId: conversation.id });
      await widget.see(widget.frame.getByRole('button', { name: 'I still need help' }));

      await network.goOffline();
      await waitFor(async () => (await agent.conversation(conversation.id)).artificialType === 'closed', {
        timeoutMs: 20000,
        intervalMs: 250,
        what: 'the close timeout to end the conversation',
      });
      network.goOnline();
      await widget.see(widget.frame.getByRole('button', { name: 'Send rating' }), 30000);
      expect(await widget.frame.getByRole('button', { name: 'I still need help' }).count()).toBe(0);
    } finally {
      agent.close();
      await context.close();
    }
  });
});
