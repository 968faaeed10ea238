// Issue 14, slice "profile", in Chromium: a host page on its own origin embeds the widget with data-user-name,
// data-user-email and data-user-attributes; the customer chats twice; the agent's details panel shows the profile,
// the page the customer is on, and follows them when the host page navigates with history.pushState; the earlier
// conversation opens read-only in place. With SWITCHBOARD_SCREENSHOTS set to a folder, it also writes
// console-profile.png, console-profile-zh-CN.png and console-earlier-conversation.png there.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expectNoSeriousAxeViolations } from '../accessibility';
import { serveHtml, WidgetPage, type StaticSite } from '../widget/widget-page';
import { consoleFixture, myConversation, queueRow, signInWithLocale } from './console-page';

const SHOTS = process.env.SWITCHBOARD_SCREENSHOTS;
const shoot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
};

describe('the customer’s profile and history in the console (Chromium)', () => {
  const fixture = consoleFixture();
  let shop: StaticSite;

  beforeAll(async () => {
    shop = await serveHtml(
      `<!doctype html><html lang="en"><head><title>Acme shop</title></head><body><main><h1>Acme shop</h1></main>
      <script src="${fixture.gateway.url}/widget.js" data-user-name="Dana Scully" data-user-email="dana@example.com"
        data-user-attributes='{"plan":"gold","seats":12,"trial":false}' defer></script></body></html>`,
    );
  });
  afterAll(() => shop?.close());

  it('shows the profile, follows the customer’s pushState navigation, and opens an earlier conversation read-only', async () => {
    const context = await fixture.browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'en-GB',
      timezoneId: 'Asia/Tokyo',
    });
    fixture.users.push({ context, page: await context.newPage(), cspViolations: [] });
    const page = context.pages()[0];
    const widget = new WidgetPage(page);
    // a first conversation, ended by the customer (Ana is online first, else the widget shows the offline form)
    const ana = await signInWithLocale(fixture, 'agent1@example.com');
    await page.goto(shop.url);
    await widget.open();
    await widget.send('Where is my order 1001?');
    await queueRow(ana.page, 'Dana Scully').getByRole('button', { name: 'Grab' }).click();
    await myConversation(ana.page, 'Dana Scully').waitFor();
    await ana.page.getByRole('textbox', { name: 'Message' }).fill('It ships tomorrow.');
    await ana.page.getByRole('textbox', { name: 'Message' }).press('Enter');
    await widget.see(widget.bubble('It ships tomorrow.'));
    await widget.frame.getByRole('button', { name: 'End chat' }).click();
    await widget.frame.getByRole('button', { name: 'Yes, end it' }).click();
    await widget.frame.getByRole('button', { name: 'Start a new chat' }).click();

    // a second one, on another page of the shop
    await page.evaluate(() => {
      history.pushState({}, '', '/returns');
      document.title = 'Returns policy';
    });
    await widget.send('Now I would like a refund');
    await queueRow(ana.page, 'Dana Scully').getByRole('button', { name: 'Grab' }).click();
    const profile = ana.page
      .getByRole('complementary', { name: 'Details' })
      .getByRole('region', { name: 'Profile' });
    await profile.getByRole('link', { name: 'dana@example.com' }).waitFor();
    await profile.getByText('Visitor', { exact: true }).waitFor();
    await profile.getByText('gold', { exact: true }).waitFor();
    await profile.getByText('British English').waitFor();
    await profile.getByText(/\(Asia\/Tokyo\)$/).waitFor();
    await profile.getByText(/^.+ \d+ on Linux$/).waitFor(); // the browser bowser reads from Chromium's user agent
    const returns = profile.getByRole('link', { name: /Returns policy/ });
    await returns.waitFor();
    expect(new URL((await returns.getAttribute('href')) ?? '').pathname).toBe('/returns');

    // the customer navigates in the single-page shop: the agent's panel follows, live
    await page.evaluate(() => {
      history.pushState({}, '', '/shoes/trail-runner');
      document.title = 'Trail runner — Acme shop';
    });
    const shoes = profile.getByRole('link', { name: /Trail runner — Acme shop/ });
    await shoes.waitFor({ timeout: 10000 });
    expect(new URL((await shoes.getAttribute('href')) ?? '').pathname).toBe('/shoes/trail-runner');
    await expectNoSeriousAxeViolations(ana.page, 'details panel with the profile');
    await shoot(ana.page, 'console-profile');

    // the earlier conversation, read-only in place, and back
    const earlier = ana.page.getByRole('list', { name: 'Earlier conversations' });
    const row = earlier.getByRole('listitem');
    expect(await row.count()).toBe(1);
    await row.getByText('Closed', { exact: true }).waitFor();
    await row.getByRole('button', { name: /^Open read-only: #\d+ Closed/ }).click();
    const view = ana.page.getByRole('main', { name: /^Conversation #\d+, read-only$/ });
    await view.getByText('Where is my order 1001?').waitFor();
    await view.getByText('It ships tomorrow.').waitFor();
    await view.getByText('Read-only', { exact: true }).waitFor();
    expect(await ana.page.getByRole('textbox', { name: 'Message' }).count()).toBe(0);
    await expectNoSeriousAxeViolations(ana.page, 'earlier conversation, read-only');
    await shoot(ana.page, 'console-earlier-conversation');
    await view.getByRole('button', { name: /^Back to conversation #\d+$/ }).click();
    await ana.page.getByRole('textbox', { name: 'Message' }).waitFor();
    await ana.page.getByText('Now I would like a refund').waitFor();

    // the same panel in Chinese (the agent's second tab, a Chinese browser)
    const zh = await signInWithLocale(fixture, 'agent1@example.com', 'zh-CN');
    await zh.page
      .getByRole('list', { name: '我的会话' })
      .getByRole('button')
      .filter({ hasText: 'Dana Scully' })
      .first()
      .click();
    const zhProfile = zh.page
      .getByRole('complementary', { name: '详情' })
      .getByRole('region', { name: '客户资料' });
    await zhProfile.getByText('访客', { exact: true }).waitFor();
    await zhProfile.getByRole('link', { name: /Trail runner/ }).waitFor();
    await zhProfile.getByText('英国英语').waitFor();
    await zh.page.getByRole('list', { name: '历史会话' }).getByRole('listitem').first().waitFor();
    await expectNoSeriousAxeViolations(zh.page, 'details panel with the profile, zh-CN');
    await shoot(zh.page, 'console-profile-zh-CN');
    for (const user of [ana, zh]) expect(user.cspViolations).toEqual([]);
  });
});
