// Issue 16, slice "webhooks", in Chromium: a supervisor adds a webhook by keyboard (URL, events, secret) on the
// Webhooks screen, sees its delivery log fill as a real receiver on 127.0.0.1 first fails then accepts, and
// deletes it after confirming in a dialog; the screen in Chinese too. Axe clean throughout. With SCREENSHOTS=1 it
// saves docs/images/console-webhooks.png and console-webhooks-zh-CN.png.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expectNoSeriousAxeViolations } from '../accessibility';
import { consoleFixture, saveScreenshot, signInWithLocale } from './console-page';

describe('webhooks screen (Chromium)', () => {
  // the receiver listens on loopback: allowed only with the switch (docs/webhooks.md)
  const fixture = consoleFixture({ WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_BASE_MS: '50' });
  let receiver: Server;
  let url = '';
  const received: string[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received.push(String(req.headers['x-switchboard-event']));
        // the first attempt fails, so the log shows a retried delivery
        res.writeHead(received.length === 1 ? 500 : 200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/switchboard-hook`;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it('adds a webhook by keyboard, shows its delivery log, and deletes it after confirming', async () => {
    const sup = await signInWithLocale(fixture, 'supervisor@example.com');
    const page = sup.page;
    await page.getByRole('button', { name: 'Webhooks' }).click();
    await page.getByText('No webhooks yet.', { exact: false }).waitFor();
    await expectNoSeriousAxeViolations(page, 'webhooks screen, empty');

    const form = page.getByRole('region', { name: 'New webhook' });
    await form.getByLabel('URL').focus();
    await page.keyboard.type(url);
    // every event starts ticked; Tab to the checkboxes and untick "rated" with Space
    const rated = form.getByRole('checkbox', { name: /Conversation rated/ });
    expect(await rated.isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    for (let i = 0; i < 10 && !(await rated.evaluate((el) => el === document.activeElement)); i++)
      await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    expect(await rated.isChecked()).toBe(false);
    await form.getByLabel('Signing secret').focus();
    await page.keyboard.type('a-webhook-secret-0123456789');
    await page.keyboard.press('Enter');
    const row = page.getByRole('row', { name: url });
    await row.waitFor();
    expect(await row.getByText('conversation.rated').count()).toBe(0);
    await row.getByText('message.created').waitFor();
    expect(await form.getByLabel('Signing secret').inputValue()).toBe('');

    await fixture.customer('Zoe', 'Is my order shipped?');
    await row.getByRole('button', { name: `Delivery log of ${url}` }).focus();
    await page.keyboard.press('Enter');
    const log = page.getByRole('table', { name: `Deliveries to ${url}` });
    // conversation.created (failed once, then delivered) and the first message
    for (let i = 0; i < 60 && (await log.getByText('Delivered').count()) < 2; i++) {
      await page.waitForTimeout(250);
      await page.getByRole('button', { name: 'Refresh' }).click();
    }
    const created = log.getByRole('row').filter({ hasText: 'conversation.created' });
    await created.getByText('Delivered').waitFor();
    expect(await created.getByRole('cell').nth(3).textContent()).toBe('2');
    await log.getByRole('row').filter({ hasText: 'message.created' }).getByText('Delivered').waitFor();
    await expectNoSeriousAxeViolations(page, 'webhooks screen with a delivery log');
    await saveScreenshot(page, 'console-webhooks');

    await row.getByRole('button', { name: `Delete webhook ${url}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this webhook?' });
    await dialog.waitFor();
    await expectNoSeriousAxeViolations(page, 'delete webhook dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await row.getByRole('button', { name: `Delete webhook ${url}` }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await row.waitFor({ state: 'detached' });
    await page.getByText('No webhooks yet.', { exact: false }).waitFor();
    expect(sup.cspViolations).toEqual([]);
  });

  it('is in Chinese for a Chinese browser', async () => {
    const zhUrl = `${url}?zh`;
    const sup = await signInWithLocale(fixture, 'supervisor@example.com', 'zh-CN');
    const page = sup.page;
    await page.getByRole('button', { name: 'Webhook', exact: true }).click();
    const form = page.getByRole('region', { name: '新建 Webhook' });
    await form.getByLabel('URL').fill(zhUrl);
    await form.getByLabel('签名密钥').fill('a-webhook-secret-0123456789');
    await form.getByRole('checkbox', { name: /会话已评价/ }).waitFor();
    await form.getByRole('button', { name: '添加 Webhook' }).click();
    await page
      .getByRole('row', { name: zhUrl })
      .getByRole('button', { name: `${zhUrl} 的投递记录` })
      .click();
    await page
      .getByRole('table', { name: `投递到 ${zhUrl}` })
      .or(page.getByText('尚无投递。'))
      .first()
      .waitFor();
    await expectNoSeriousAxeViolations(page, 'webhooks screen in Chinese');
    await saveScreenshot(page, 'console-webhooks-zh-CN');
  });
});
