// Issue 15 in Chromium, the customer's side of section 9: with nobody online the launcher's dot says "Away" and the
// widget shows the "Leave a message" form (refusing a missing email and message inline); the message becomes a queued
// offline conversation that an agent who signs in afterwards sees marked offline with its age; in zh-CN the same form
// speaks Chinese. Then a required pre-chat field is refused in the widget's first screen while empty, and the agent
// sees the answer in the details panel. With SCREENSHOTS=1 it saves widget-offline.png, widget-offline-zh-CN.png and
// widget-pre-chat.png in docs/images.
import type { BrowserContext, Page } from 'playwright-core';
import { loginAs } from '@switchboard/testing';
import { expectNoSeriousAxeViolations } from '../accessibility';
import {
  consoleFixture,
  eventually,
  queueRow,
  saveScreenshot,
  signInWithLocale,
} from '../console/console-page';
import { CHINESE_NAMES, WidgetPage } from './widget-page';

describe('availability in the widget: the offline form and the pre-chat fields (Chromium)', () => {
  const fixture = consoleFixture();

  async function customerPage(
    locale: 'en' | 'zh-CN' = 'en',
  ): Promise<{ page: Page; widget: WidgetPage; context: BrowserContext }> {
    const context = await fixture.browser.newContext({
      viewport: { width: 1100, height: 820 },
      locale: 'en-US',
    });
    const page = await context.newPage();
    fixture.users.push({ context, page, cspViolations: [] });
    await page.goto(`${fixture.gateway.url}/${locale === 'zh-CN' ? '?locale=zh-CN' : ''}`);
    return { page, context, widget: new WidgetPage(page, locale === 'zh-CN' ? CHINESE_NAMES : undefined) };
  }

  /** The launcher's availability dot (in the loader's open shadow root), by its accessible name. */
  const dotName = (page: Page) => page.locator('#sb-availability').getAttribute('aria-label');

  it('leaves a message while nobody is online; an agent who signs in later sees it marked offline with its age', async () => {
    const { page, widget } = await customerPage();
    await widget.launcher.waitFor();
    await eventually(
      () => dotName(page),
      (name) => name === 'Away — leave a message',
      'the dot to say away',
    );
    await widget.launcher.click();
    const form = widget.frame.getByRole('region', { name: 'Leave a message' });
    await widget.see(form);
    await form
      .getByText("We're away right now. Leave us a message and we'll get back to you by email.")
      .waitFor();
    expect(await widget.frame.getByRole('textbox', { name: 'Message', exact: true }).count()).toBe(0); // no composer

    // refused inline while the email and the message are missing, nothing sent
    await form.getByRole('button', { name: 'Send message' }).click();
    const email = form.getByRole('textbox', { name: 'Email' });
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    await form.getByText('Please enter your email address so we can reply.').waitFor();
    await form.getByText('Please write your message.').waitFor();
    await expectNoSeriousAxeViolations(page, 'widget offline form with its errors');

    await form.getByRole('textbox', { name: 'Your name (optional)' }).fill('Dana Scully');
    await email.fill('dana@example.com');
    await form.getByRole('textbox', { name: 'Your message' }).fill('My parcel never arrived, order #1042.');
    await saveScreenshot(page, 'widget-offline');
    await form.getByRole('button', { name: 'Send message' }).click();
    await widget.see(
      widget.frame
        .getByRole('status')
        .filter({ hasText: "We got your message. We'll reply here, or by email at dana@example.com." }),
    );
    await widget.bubble('My parcel never arrived, order #1042.').waitFor();
    // the conversation behaves as any other: the composer is there for more
    await widget.messageBox.waitFor();
    await expectNoSeriousAxeViolations(page, 'widget after leaving a message');

    // the same form in Chinese, still while nobody is online
    const zh = await customerPage('zh-CN');
    await zh.widget.launcher.waitFor();
    await eventually(
      () => dotName(zh.page),
      (name) => name === '暂时离开 — 请留言',
      'the dot to say away in Chinese',
    );
    await zh.widget.launcher.click();
    const zhForm = zh.widget.frame.getByRole('region', { name: '给我们留言' });
    await zh.widget.see(zhForm);
    await zhForm.getByText('我们暂时不在线。请留言，我们会通过邮件回复您。').waitFor();
    await zhForm.getByRole('button', { name: '发送留言' }).click();
    await zhForm.getByText('请填写邮箱，以便我们回复您。').waitFor();
    await zhForm.getByRole('textbox', { name: '您的称呼（选填）' }).fill('王小明');
    await saveScreenshot(zh.page, 'widget-offline-zh-CN');

    // an agent comes in: the message waits in the queue, marked offline, with how long ago it was left
    const agent = await signInWithLocale(fixture, 'agent1@example.com');
    const row = queueRow(agent.page, 'Dana Scully');
    await row.getByText('Offline message', { exact: true }).waitFor();
    expect(await row.locator('.offline-badge').getAttribute('title')).toMatch(
      /^Left .+ ago while nobody was available$/,
    );

    // with an agent online, a new visitor's launcher says so
    const later = await customerPage();
    await eventually(
      () => dotName(later.page),
      (name) => name === 'Online',
      'the dot to say online',
      20000,
    );
  });

  it('refuses an empty required pre-chat field in the first screen; the agent sees the answer', async () => {
    const supervisor = await loginAs(
      fixture.gateway.url,
      'supervisor@example.com',
      fixture.gateway.demoPassword,
    );
    const current = await (
      await fetch(`${fixture.gateway.url}/api/settings`, {
        headers: { authorization: `Bearer ${supervisor.token}` },
      })
    ).json();
    const put = await fetch(`${fixture.gateway.url}/api/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${supervisor.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        ...current,
        preChatFields: [
          { key: 'order', label: 'Order number', type: 'text', required: true },
          { key: 'topic', label: 'Topic', type: 'select', options: ['Billing', 'Delivery'], required: false },
        ],
      }),
    });
    expect(put.status).toBe(200);

    const { page, widget } = await customerPage();
    await widget.open();
    const order = widget.frame.getByRole('textbox', { name: 'Order number' });
    await widget.see(order);
    expect(await widget.frame.getByRole('combobox', { name: 'Team' }).count()).toBe(0); // no teams yet
    await widget.send('Where is my parcel?');
    expect(await order.getAttribute('aria-invalid')).toBe('true');
    await widget.frame.getByText('Please fill in Order number.').waitFor();
    expect(await widget.messageBox.inputValue()).toBe('Where is my parcel?'); // kept, not sent
    await expectNoSeriousAxeViolations(page, 'widget pre-chat form with a refused field');

    await order.fill('1042');
    await widget.frame.getByRole('combobox', { name: 'Topic (optional)' }).selectOption('Delivery');
    await saveScreenshot(page, 'widget-pre-chat');
    await widget.frame.getByRole('button', { name: 'Send', exact: true }).click();
    await widget.bubble('Where is my parcel?').waitFor();

    const agent = fixture.users.find((user) => user.page.url().includes('/agent/'));
    if (!agent) throw new Error('the agent of the first test is signed in');
    const row = agent.page.getByRole('listitem').filter({ hasText: 'Where is my parcel?' });
    await row.getByRole('button', { name: 'Grab' }).click();
    const details = agent.page.getByRole('complementary');
    await details.getByText('Pre-chat answers').waitFor();
    await details.getByText('1042', { exact: true }).waitFor();
    await details.getByText('Delivery', { exact: true }).waitFor();
  });
});
