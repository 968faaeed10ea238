import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { CLIENT_EVENTS, SERVER_EVENTS, type Conversation, type Message } from '@switchboard/protocol';
import { connectAgent, emitOk, findRepoRoot, loginAs, nextEvent } from '@switchboard/testing';
import { expectNoSeriousAxeViolations } from '../accessibility';
import {
  consoleFixture,
  eventually,
  myConversation,
  queueRow,
  recordCspViolations,
  saveScreenshot,
} from './console-page';

/** The two phones the issue asks for: a common one (390 × 844) and the narrowest we support (360 × 740). */
const PHONES = [
  {
    width: 390,
    height: 844,
    agent: 'agent1@example.com',
    customers: ['Maria Lopez', 'Jon Park'],
    shots: true,
  },
  {
    width: 360,
    height: 740,
    agent: 'agent3@example.com',
    customers: ['Lena Vogel', 'Omar Haddad'],
    shots: false,
  },
] as const;

const fixture = consoleFixture();

interface Phone {
  context: BrowserContext;
  page: Page;
  cspViolations: string[];
}

/**
 * A phone's browser (touch, mobile viewport, notifications allowed), signed in as `email`; with `checkSignIn`, the
 * sign-in page is held to the phone's rules first.
 */
async function openPhone(
  email: string,
  viewport: { width: number; height: number },
  locale: 'en-US' | 'zh-CN' = 'en-US',
  { checkSignIn = false } = {},
): Promise<Phone> {
  const context = await fixture.browser.newContext({
    viewport,
    isMobile: true,
    hasTouch: true,
    locale,
    permissions: ['notifications'],
  });
  const cspViolations = await recordCspViolations(context);
  const page = await context.newPage();
  fixture.users.push({ context, page, cspViolations });
  const chinese = locale === 'zh-CN';
  await page.goto(`${fixture.gateway.url}/agent/`);
  if (checkSignIn) await expectPhoneScreen(page, 'sign-in');
  await page.getByLabel(chinese ? '邮箱' : 'Email').fill(email);
  await page.getByLabel(chinese ? '密码' : 'Password').fill(fixture.gateway.demoPassword);
  await page.getByRole('button', { name: chinese ? '登录' : 'Sign in' }).tap();
  await page.locator('.connection-connected').waitFor({ timeout: 15000 });
  return { context, page, cspViolations };
}

/**
 * What every phone screen must hold to: nothing wider than the screen, every visible control at least 44 × 44 px
 * (links inside message text are exempt, as WCAG 2.5.8 exempts inline links; a checkbox counts by its label), and
 * no serious accessibility problem.
 */
async function expectPhoneScreen(page: Page, screen: string): Promise<void> {
  const overflow = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    bodyScrollWidth: document.body.scrollWidth,
    innerWidth,
  }));
  expect({
    screen,
    ...overflow,
    fits: overflow.scrollWidth <= overflow.innerWidth && overflow.bodyScrollWidth <= overflow.innerWidth,
  }).toMatchObject({ fits: true });
  const small = await page.evaluate(() => {
    const controls = document.querySelectorAll<HTMLElement>(
      'button, a[href], input:not([type=hidden]), select, textarea',
    );
    const problems: string[] = [];
    let checked = 0;
    for (const control of controls) {
      if (control.closest('.bubble, .note-body, .quote')) continue;
      const style = getComputedStyle(control);
      const box = control.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
      const tappable =
        control instanceof HTMLInputElement && (control.type === 'checkbox' || control.type === 'radio')
          ? (control.closest('label') ?? control).getBoundingClientRect()
          : box;
      checked += 1;
      // Links are measured by height only: a text link's width is its words.
      const tooNarrow = control.tagName !== 'A' && tappable.width < 43.5;
      if (tappable.height < 43.5 || tooNarrow) {
        const name = control.getAttribute('aria-label') ?? control.textContent?.trim().slice(0, 30) ?? '';
        problems.push(
          `${control.tagName.toLowerCase()} "${name}" ${Math.round(tappable.width)}×${Math.round(tappable.height)}`,
        );
      }
    }
    return { checked, problems };
  });
  expect({ screen, problems: small.problems }).toEqual({ screen, problems: [] });
  expect(small.checked).toBeGreaterThan(0);
  await expectNoSeriousAxeViolations(page, `phone ${screen}`);
}

describe('the agent console on a phone', () => {
  for (const phone of PHONES) {
    it(`at ${phone.width} × ${phone.height}: queue, grab, reply, details, back (button and history), menu, a transfer offer`, async () => {
      const [first, second] = phone.customers;
      const maria = await fixture.customer(first, 'My order #48213 never arrived.');
      const jon = await fixture.customer(second, 'How do I reset my password?');
      const { page, cspViolations } = await openPhone(phone.agent, phone);
      const me = (await loginAs(fixture.gateway.url, phone.agent, fixture.gateway.demoPassword)).user;

      // The queue, alone on the screen, with the bottom navigation.
      const row = queueRow(page, first);
      await row.waitFor();
      await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Inbox' }).waitFor();
      expect(await page.getByRole('main').count()).toBe(0);
      await expectPhoneScreen(page, 'queue');
      if (phone.shots) await saveScreenshot(page, 'phone-queue');

      // Grab: the thread takes the screen; the queue and the bottom navigation give way to a back button.
      await row.getByRole('button', { name: 'Grab' }).tap();
      await page.getByRole('heading', { name: first, level: 1 }).waitFor();
      await page.getByRole('log', { name: 'Messages' }).getByText('My order #48213 never arrived.').waitFor();
      expect(await page.getByRole('complementary', { name: 'Inbox' }).isVisible()).toBe(false);
      expect(await page.getByRole('navigation', { name: 'Views' }).count()).toBe(0);
      // The Grab button is hidden now: focus went to the new pane (for the keyboard and screen readers).
      const focused = () =>
        page.evaluate(
          () =>
            document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '',
        );
      await eventually(focused, (name) => name === 'Back to the inbox', 'focus on the thread pane');

      // Reply: the customer receives it.
      const reply = `Hi ${first}, let me look at the courier record.`;
      const received = nextEvent<Message>(maria.socket, SERVER_EVENTS.messageNew, (m) => m.text === reply);
      await page.getByRole('textbox', { name: 'Message' }).fill(reply);
      await page.getByRole('button', { name: 'Send', exact: true }).tap();
      await received;
      await page.getByRole('log', { name: 'Messages' }).getByText(reply).waitFor();
      await expectPhoneScreen(page, 'thread');
      if (phone.shots) await saveScreenshot(page, 'phone-thread');

      // An on-screen keyboard shrinks the visual viewport (here by resizing it, as headless Chromium has no
      // keyboard): the app follows its height and the message box stays in sight, above where the keyboard is.
      const keyboard = 300;
      await page.setViewportSize({ width: phone.width, height: phone.height - keyboard });
      await eventually(
        () =>
          page.evaluate(() => ({
            appHeight: getComputedStyle(document.documentElement).getPropertyValue('--app-height'),
            visible: Math.round(window.visualViewport!.height),
            composerBottom: Math.round(document.querySelector('.composer')!.getBoundingClientRect().bottom),
          })),
        (v) =>
          v.appHeight === `${v.visible}px` &&
          v.composerBottom <= v.visible &&
          v.visible === phone.height - keyboard,
        'the composer above the keyboard',
      );
      await page.setViewportSize({ width: phone.width, height: phone.height });

      // Details, and back to the thread with the button.
      await page.getByRole('button', { name: 'Details', exact: true }).tap();
      const details = page.getByRole('complementary', { name: 'Details' });
      await details.getByRole('heading', { name: 'Customer' }).waitFor();
      expect(await page.getByRole('main').isVisible()).toBe(false);
      await expectPhoneScreen(page, 'details');
      if (phone.shots) await saveScreenshot(page, 'phone-details');
      await page.getByRole('button', { name: 'Back to the conversation' }).tap();
      await page.getByRole('heading', { name: first, level: 1 }).waitFor();

      // The browser's Back (the phone's back gesture) goes to the inbox; Forward returns to the thread.
      await page.goBack();
      await myConversation(page, first).waitFor();
      expect(await page.getByRole('main').count()).toBe(0);
      await page.goForward();
      await page.getByRole('heading', { name: first, level: 1 }).waitFor();
      // The back button does the same as Back, and focus comes back to the conversation's row.
      await page.getByRole('button', { name: 'Back to the inbox' }).tap();
      await myConversation(page, first).waitFor();
      await eventually(focused, (name) => name.includes(first), 'focus on the conversation in the inbox');
      // A row of my conversations opens it again.
      await myConversation(page, first).tap();
      await page.getByRole('heading', { name: first, level: 1 }).waitFor();
      await page.goBack();
      await myConversation(page, first).waitFor();

      // The top bar's menu: a disclosure button, its controls, Escape closes it and gives focus back.
      const menuButton = page.getByRole('button', { name: 'Menu' });
      expect(await menuButton.getAttribute('aria-expanded')).toBe('false');
      await menuButton.tap();
      expect(await menuButton.getAttribute('aria-expanded')).toBe('true');
      const menu = page.getByRole('group', { name: 'Menu' });
      await menu.getByRole('button', { name: 'Sign out' }).waitFor();
      await menu.getByRole('combobox', { name: 'Language' }).waitFor();
      await menu.getByRole('combobox', { name: 'Status' }).waitFor();
      await menu.getByRole('button', { name: 'Mute alerts' }).waitFor();
      await expectPhoneScreen(page, 'menu');
      if (phone.shots) await saveScreenshot(page, 'phone-menu');
      await page.keyboard.press('Escape');
      await menu.waitFor({ state: 'hidden' });
      expect(await menuButton.getAttribute('aria-expanded')).toBe('false');
      expect(await menuButton.evaluate((el) => el === document.activeElement)).toBe(true);

      // A colleague offers a conversation: the offer is in the inbox; Accept opens it.
      const colleague = await loginAs(
        fixture.gateway.url,
        'agent2@example.com',
        fixture.gateway.demoPassword,
      );
      const colleagueSocket = await connectAgent(fixture.gateway.url, colleague.token);
      fixture.sockets.push(colleagueSocket);
      await emitOk<Conversation>(colleagueSocket, CLIENT_EVENTS.conversationGrab, {
        conversationId: jon.conversation.id,
      });
      await emitOk<Conversation>(colleagueSocket, CLIENT_EVENTS.conversationTransfer, {
        conversationId: jon.conversation.id,
        toAgentId: me.id,
        note: 'Password resets are yours',
      });
      const offer = page.getByRole('listitem', { name: `Transfer offer: ${second}` });
      await offer.getByText(/Password resets are yours/).waitFor();
      await expectPhoneScreen(page, 'transfer offer');
      await offer.getByRole('button', { name: 'Accept' }).tap();
      await page.getByRole('heading', { name: second, level: 1 }).waitFor();
      await page.getByRole('log', { name: 'Messages' }).getByText('How do I reset my password?').waitFor();
      await page.getByRole('button', { name: 'Back to the inbox' }).tap();
      await myConversation(page, second).waitFor();
      await expectPhoneScreen(page, 'inbox after the transfer');

      expect(cspViolations).toEqual([]);
    });
  }

  it('the supervisor view on a phone: the views at the bottom, tables as cards, the chart within the screen', async () => {
    await fixture.customer('Aiko Tanaka', 'We need 20 more seats before Friday.');
    const { page } = await openPhone('supervisor@example.com', { width: 390, height: 844 });
    const views = page.getByRole('navigation', { name: 'Views' });
    await views.getByRole('button', { name: 'Supervisor' }).tap();
    await page.getByRole('heading', { name: 'Live conversations' }).waitFor();
    // Accounts and labels are in the menu, not at the bottom.
    expect(await views.getByRole('button', { name: 'Accounts' }).count()).toBe(0);
    await page.getByRole('row', { name: /Aiko Tanaka/ }).waitFor();
    // The chart needs two samples (one each 5 s) before it draws.
    await page.locator('.chart svg').waitFor({ timeout: 20000 });
    const chart = await page.locator('.chart svg').first().boundingBox();
    expect(chart!.x).toBeGreaterThanOrEqual(0);
    expect(chart!.x + chart!.width).toBeLessThanOrEqual(390);
    const card = await page.getByRole('row', { name: /Aiko Tanaka/ }).boundingBox();
    expect(card!.x + card!.width).toBeLessThanOrEqual(390);
    await expectPhoneScreen(page, 'supervisor');
    if (process.env.SCREENSHOTS) {
      await page.getByRole('row', { name: /Aiko Tanaka/ }).scrollIntoViewIfNeeded();
      await saveScreenshot(page, 'phone-supervisor');
    }
    await page.getByRole('button', { name: 'Menu' }).tap();
    await page.getByRole('group', { name: 'Menu' }).getByRole('button', { name: 'Accounts' }).tap();
    await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
    await expect(page.getByRole('group', { name: 'Menu' }).isVisible()).resolves.toBe(false);
    await expectPhoneScreen(page, 'accounts');
  });

  it('in Chinese: the inbox and the menu fit the phone', async () => {
    const { page } = await openPhone('agent2@example.com', { width: 360, height: 740 }, 'zh-CN', {
      checkSignIn: true,
    });
    await page.getByRole('navigation', { name: '视图' }).getByRole('button', { name: '工作台' }).waitFor();
    await expectPhoneScreen(page, 'queue in Chinese');
    await saveScreenshot(page, 'phone-queue-zh-CN');
    await page.getByRole('button', { name: '菜单' }).tap();
    await page.getByRole('group', { name: '菜单' }).getByRole('button', { name: '退出登录' }).waitFor();
    await expectPhoneScreen(page, 'menu in Chinese');
    await saveScreenshot(page, 'phone-menu-zh-CN');
  });

  it('is installable: the manifest is served and valid, its icons are PNGs of their sizes', async () => {
    const base = `${fixture.gateway.url}/agent/`;
    const response = await fetch(`${base}manifest.webmanifest`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    const manifest = (await response.json()) as {
      name: string;
      short_name: string;
      start_url: string;
      scope: string;
      display: string;
      theme_color: string;
      icons: Array<{ src: string; sizes: string; type: string; purpose?: string }>;
    };
    expect(manifest).toMatchObject({ start_url: '/agent/', scope: '/agent/', display: 'standalone' });
    expect(manifest.name).toMatch(/Switchboard/);
    expect(manifest.short_name.length).toBeLessThanOrEqual(12);
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    for (const size of ['192x192', '512x512'])
      expect(manifest.icons.some((i) => i.sizes === size && i.purpose !== 'maskable')).toBe(true);
    expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);
    for (const icon of manifest.icons) {
      const image = await fetch(new URL(icon.src, `${base}manifest.webmanifest`));
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/png');
      const bytes = Buffer.from(await image.arrayBuffer());
      // PNG signature, then the IHDR chunk's width and height.
      expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`).toBe(icon.sizes);
    }
    // The page names it, so browsers offer to install.
    const html = await (await fetch(base)).text();
    expect(html).toContain('<link rel="manifest" href="/agent/manifest.webmanifest">');
  });

  it('asks before switching to a new version: "A new version is available", Reload activates it', async () => {
    const { page } = await openPhone('agent2@example.com', { width: 390, height: 844 });
    const first = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL);
    expect(first).toMatch(/\/agent\/sw\.js$/);
    // From the second load on, the worker controls the page (a first visit is not controlled, and an update
    // would take over at once, with nobody to ask).
    await page.reload();
    await page.locator('.connection-connected').waitFor({ timeout: 15000 });
    expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    // A deploy changes the worker's bytes: the built worker gets one more line (put back at the end), and the
    // console's next update check finds it.
    const workerFile = path.join(findRepoRoot(), 'apps/agent-console/dist/sw.js');
    const built = readFileSync(workerFile, 'utf8');
    writeFileSync(workerFile, `${built}\n// the next deploy\n`);
    try {
      await page.evaluate(async () => (await navigator.serviceWorker.ready).update());
      const prompt = page.getByRole('status').filter({ hasText: 'A new version is available' });
      await prompt.getByText('A new version is available').waitFor({ timeout: 15000 });
      // It waits: nothing reloads until the agent says so.
      expect(
        await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting),
      ).toBe(true);
      await expectPhoneScreen(page, 'update prompt');
      await Promise.all([page.waitForEvent('load'), prompt.getByRole('button', { name: 'Reload' }).tap()]);
      await page.locator('.connection-connected').waitFor({ timeout: 15000 });
      const after = await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        return { waiting: !!registration?.waiting, controlled: !!navigator.serviceWorker.controller };
      });
      expect(after).toEqual({ waiting: false, controlled: true });
      expect(await page.getByText('A new version is available').count()).toBe(0);
    } finally {
      writeFileSync(workerFile, built);
    }
  });

  it('notifies through the service worker in the background, opens a conversation from a notification link, and opens offline', async () => {
    const maria = await fixture.customer('Ines Duarte', 'Is my refund on its way?');
    const { page } = await openPhone('agent1@example.com', { width: 390, height: 844 });
    const base = `${fixture.gateway.url}/agent/`;
    // The worker is registered for /agent/ and active (the shell is precached once it is).
    const worker = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return { scope: registration.scope, script: registration.active?.scriptURL ?? null };
    });
    expect(worker).toEqual({ scope: base, script: `${base}sw.js` });

    await queueRow(page, 'Ines Duarte').getByRole('button', { name: 'Grab' }).tap();
    await page.getByRole('heading', { name: 'Ines Duarte', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Back to the inbox' }).tap();

    // Headless Chromium keeps every page visible, so the phone's lock screen is emulated: the page is still alive,
    // but hidden, as when the screen locks.
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await emitOk(maria.socket, CLIENT_EVENTS.messageSend, {
      conversationId: maria.conversation.id,
      clientMsgId: `phone-${Date.now()}`,
      text: 'Hello? Anyone there?',
    });
    const notifications = await eventually(
      () =>
        page.evaluate(async () => {
          const registration = await navigator.serviceWorker.ready;
          return (await registration.getNotifications()).map((n) => ({
            title: n.title,
            body: n.body,
            data: n.data as unknown,
          }));
        }),
      (list) => list.length > 0,
      'a notification shown by the service worker',
    );
    expect(notifications).toEqual([
      {
        title: 'New message from Ines Duarte',
        body: 'Hello? Anyone there?',
        data: { conversationId: maria.conversation.id },
      },
    ]);
    await page.evaluate(() => {
      delete (document as { visibilityState?: unknown }).visibilityState;
    });

    // A notification clicked with no console open opens /agent/?conversation=<id> (src/sw.ts): it opens that one.
    await page.goto(`${base}?conversation=${maria.conversation.id}`);
    await page.getByRole('heading', { name: 'Ines Duarte', level: 1 }).waitFor();
    expect(new URL(page.url()).search).toBe('');

    // Nothing the worker stored is an API answer, a socket.io poll or an attachment: only the built shell.
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys())
        for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
      return urls;
    });
    expect(cached.length).toBeGreaterThan(5);
    expect(cached.filter((url) => /\/api\/|\/socket\.io\/|attachments/.test(url))).toEqual([]);

    // With the gateway gone the shell still opens from the worker's cache, and says it is offline.
    await fixture.gateway.kill('SIGKILL');
    try {
      await page.reload();
      await page.getByRole('banner').getByText('Switchboard').waitFor();
      await page
        .getByText('You are offline: the gateway cannot be reached.', { exact: false })
        .waitFor({ timeout: 15000 });
      // The conversation cannot be loaded: the inbox shows, with the way to the other views.
      await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Inbox' }).waitFor();
      await expectPhoneScreen(page, 'offline');
      await saveScreenshot(page, 'phone-offline');
    } finally {
      await fixture.gateway.restart();
    }
    // Back online, the banner goes away by itself.
    await page.locator('.connection-connected').waitFor({ timeout: 30000 });
    await page.getByText('You are offline', { exact: false }).waitFor({ state: 'detached' });
  });
});
