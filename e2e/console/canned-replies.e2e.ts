// Issue 14, canned replies and pasted images in Chromium: a supervisor writes a team reply and an agent a
// personal one on the "Canned replies" screen; in a conversation the agent types `/` and a filter, picks with
// the keyboard, sees the variables filled, and sends: the customer receives the filled text. A pasted image is
// sent through the upload path. The same in Chinese (快捷回复).
import path from 'node:path';
import type { Page } from 'playwright-core';
import { CLIENT_EVENTS, SERVER_EVENTS, type Message } from '@switchboard/protocol';
import { emitOk, findRepoRoot, loginAs, nextEvent } from '@switchboard/testing';
import { expectNoSeriousAxeViolations } from '../accessibility';
import { pasteImage, picturePng } from '../widget/widget-page';
import {
  consoleFixture,
  eventually,
  queueRow,
  recordCspViolations,
  signIn,
  type ConsoleUser,
} from './console-page';

/** With SCREENSHOTS=1 the walk-through saves the docs' pictures. */
async function screenshot(page: Page, name: string): Promise<void> {
  if (!process.env.SCREENSHOTS) return;
  // The "Saved /refund." toasts are not what the picture is about.
  const dismiss = page.locator('.toasts').getByRole('button', { name: /^(Dismiss|关闭)$/ });
  // A toast may go by itself between the count and the click.
  while ((await dismiss.count()) > 0)
    await dismiss
      .first()
      .click({ timeout: 1000 })
      .catch(() => undefined);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(findRepoRoot(), 'docs/images', `${name}.png`) });
}

describe('canned replies and pasted images in the console (Chromium)', () => {
  const fixture = consoleFixture();

  async function user(email: string, path?: string): Promise<ConsoleUser> {
    const signedIn = await signIn(
      fixture.browser,
      fixture.gateway.url,
      email,
      fixture.gateway.demoPassword,
      path,
    );
    fixture.users.push(signedIn);
    return signedIn;
  }

  /** Opens the settings screen from the top bar's views. */
  async function openCannedReplies(page: Page, tab = 'Canned replies', heading = tab) {
    await page.getByRole('navigation').getByRole('button', { name: tab }).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  }

  async function addReply(page: Page, button: string, shortcut: string, text: string, names = ENGLISH) {
    await page.getByRole('button', { name: button }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: names.shortcut }).fill(shortcut);
    await dialog.getByRole('textbox', { name: names.text }).fill(text);
    await dialog.getByRole('button', { name: names.save }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: `/${shortcut}`, exact: true }).waitFor();
  }

  const ENGLISH = { shortcut: 'Shortcut', text: 'Text', save: 'Save' };
  const CHINESE = { shortcut: '快捷码', text: '回复内容', save: '保存' };

  it('a supervisor writes a team reply, an agent a personal one; `/`, a filter and the keyboard insert them filled', async () => {
    const { gateway } = fixture;
    const sam = await user('supervisor@example.com');
    await openCannedReplies(sam.page);
    await addReply(
      sam.page,
      'New team reply',
      'refund',
      'Hi {{customer.name}}, this is {{agent.name}}: the refund for conversation #{{conversation.number}} is on its way.',
    );
    await addReply(
      sam.page,
      'New team reply',
      'return',
      'You can return it within 30 days, {{customer.name}}.',
    );
    await addReply(sam.page, 'New team reply', 'bye', 'Thanks for chatting with us. Have a good day!');
    await addReply(sam.page, 'New reply', 'escalate', 'I am passing this to our billing team now.');
    await expectNoSeriousAxeViolations(sam.page, 'canned replies screen (supervisor)');
    await screenshot(sam.page, 'console-canned-replies-settings');

    const ana = await user('agent1@example.com');
    const anaName = (await loginAs(gateway.url, 'agent1@example.com', gateway.demoPassword)).user.name;
    await openCannedReplies(ana.page);
    // The team's replies are there to read; only supervisors have buttons for them.
    const team = ana.page.getByRole('region', { name: /^Team replies/ });
    await team.getByRole('cell', { name: '/refund', exact: true }).waitFor();
    expect(await team.getByRole('button').count()).toBe(0);
    expect(await ana.page.getByRole('button', { name: 'New team reply' }).count()).toBe(0);
    // A personal reply, its variable put in with the "Customer name" button.
    await ana.page.getByRole('button', { name: 'New reply' }).click();
    const dialog = ana.page.getByRole('dialog', { name: 'New canned reply' });
    await dialog.getByRole('textbox', { name: 'Shortcut' }).fill('thanks-wait');
    await dialog.getByRole('textbox', { name: 'Text' }).fill('Thanks for waiting, !');
    await dialog.getByRole('textbox', { name: 'Text' }).press('ArrowLeft');
    await dialog.getByRole('button', { name: 'Customer name' }).click();
    expect(await dialog.getByRole('textbox', { name: 'Text' }).inputValue()).toBe(
      'Thanks for waiting, {{customer.name}}!',
    );
    await dialog.getByRole('button', { name: 'Save' }).click();
    await ana.page
      .getByRole('region', { name: /^My replies/ })
      .getByRole('cell', { name: '/thanks-wait', exact: true })
      .waitFor();
    await expectNoSeriousAxeViolations(ana.page, 'canned replies screen (agent)');

    // A customer asks; Ana grabs it in the inbox.
    const maria = await fixture.customer('Maria Lopez', 'Where is my refund?');
    await ana.page.getByRole('navigation').getByRole('button', { name: 'Inbox' }).click();
    await queueRow(ana.page, 'Maria Lopez').getByRole('button', { name: 'Grab' }).click();
    await ana.page.getByRole('heading', { name: 'Maria Lopez', level: 1 }).waitFor();

    // `/re`: the team's refund and return replies; ArrowDown then ArrowUp comes back to refund; Enter inserts it.
    const box = ana.page.getByRole('textbox', { name: 'Message' });
    await box.click();
    await ana.page.keyboard.type('/re');
    const combo = ana.page.getByRole('combobox', { name: 'Message' });
    const list = ana.page.getByRole('listbox', { name: 'Canned replies' });
    await list.waitFor();
    expect(await combo.getAttribute('aria-expanded')).toBe('true');
    expect(await combo.getAttribute('aria-controls')).toBe(await list.getAttribute('id'));
    const options = list.getByRole('option');
    expect(await options.locator('.canned-shortcut').allTextContents()).toEqual(['/refund', '/return']);
    const highlighted = async () =>
      ana.page
        .locator(`[id="${await combo.getAttribute('aria-activedescendant')}"] .canned-shortcut`)
        .textContent();
    expect(await highlighted()).toBe('/refund');
    await ana.page.keyboard.press('ArrowDown');
    expect(await highlighted()).toBe('/return');
    await expectNoSeriousAxeViolations(ana.page, 'composer with the / list open');
    await ana.page.keyboard.press('ArrowUp');
    expect(await highlighted()).toBe('/refund');
    await screenshot(ana.page, 'console-canned-replies');
    await ana.page.keyboard.press('Enter');
    await list.waitFor({ state: 'detached' });
    const filled = `Hi Maria Lopez, this is ${anaName}: the refund for conversation #${maria.conversation.number} is on its way.`;
    expect(await box.inputValue()).toBe(filled);

    // Enter sends it as it stands; the customer receives the filled text.
    const received = nextEvent<Message>(
      maria.socket,
      SERVER_EVENTS.messageNew,
      (m) => m.sender.type === 'agent' && m.kind === 'text',
    );
    await ana.page.keyboard.press('Enter');
    expect((await received).text).toBe(filled);

    // The personal reply, found by a word of its text and inserted with a click; edited before sending.
    await ana.page.keyboard.type('/waiting');
    await list.getByRole('option', { name: /thanks-wait/ }).click();
    expect(await box.inputValue()).toBe('Thanks for waiting, Maria Lopez!');
    await ana.page.keyboard.type(' One moment.');
    const second = nextEvent<Message>(
      maria.socket,
      SERVER_EVENTS.messageNew,
      (m) => m.sender.type === 'agent' && m.kind === 'text',
    );
    await ana.page.keyboard.press('Enter');
    expect((await second).text).toBe('Thanks for waiting, Maria Lopez! One moment.');

    // Escape closes the list and leaves `/` text to send as it is.
    await ana.page.keyboard.type('/bye');
    await list.waitFor();
    await ana.page.keyboard.press('Escape');
    await list.waitFor({ state: 'hidden' });
    expect(await combo.getAttribute('aria-expanded')).toBe('false');
    await combo.fill('');

    // A screenshot pasted into the message box is uploaded and sent as an image.
    const png = picturePng(64, 40);
    const image = nextEvent<Message>(maria.socket, SERVER_EVENTS.messageNew, (m) => m.kind === 'image');
    await pasteImage(box, png);
    const sent = await image;
    expect(sent.attachment).toMatchObject({
      mime: 'image/png',
      size: png.length,
      name: expect.stringMatching(/^pasted-\d{8}-\d{6}\.png$/),
    });
    const thread = ana.page.getByRole('log', { name: 'Messages' });
    await eventually(
      () => thread.getByRole('img', { name: sent.attachment?.name ?? '' }).getAttribute('src'),
      (src) => !!src?.startsWith('blob:'),
      'the pasted image in the thread',
    );
    const history = await emitOk<{ messages: Message[] }>(maria.socket, CLIENT_EVENTS.messagesSync, {
      conversationId: maria.conversation.id,
      afterSeq: 0,
    });
    expect(history.messages.filter((m) => m.sender.type === 'agent').map((m) => m.kind)).toEqual([
      'text',
      'text',
      'image',
    ]);
    expect([...sam.cspViolations, ...ana.cspViolations]).toEqual([]);
  });

  it('in Chinese: the 快捷回复 screen and list, filled for a Chinese customer', async () => {
    const { browser, gateway } = fixture;
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const cspViolations = await recordCspViolations(context);
    const page = await context.newPage();
    fixture.users.push({ context, page, cspViolations });
    await page.goto(`${gateway.url}/agent/`);
    await page.getByLabel('邮箱').fill('agent2@example.com');
    await page.getByLabel('密码').fill(gateway.demoPassword);
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('.connection-connected').waitFor({ timeout: 15000 });
    const boName = (await loginAs(gateway.url, 'agent2@example.com', gateway.demoPassword)).user.name;

    await openCannedReplies(page, '快捷回复');
    await addReply(
      page,
      '新建快捷回复',
      'nihao',
      '{{customer.name}}您好，我是{{agent.name}}，很高兴为您服务。',
      CHINESE,
    );
    await addReply(
      page,
      '新建快捷回复',
      'tuikuan',
      '退款会在 3 个工作日内原路退回，请留意银行通知。',
      CHINESE,
    );
    await expectNoSeriousAxeViolations(page, '快捷回复 screen');
    await screenshot(page, 'console-canned-replies-settings-zh-CN');

    const wang = await fixture.customer('王芳', '我想申请退款');
    await page.getByRole('navigation').getByRole('button', { name: '工作台' }).click();
    await page
      .getByRole('listitem', { name: '来自 王芳 的咨询' })
      .getByRole('button', { name: '抢单' })
      .click();
    await page.getByRole('heading', { name: '王芳', level: 1 }).waitFor();
    await page.getByRole('textbox', { name: '消息' }).click();
    await page.keyboard.type('/');
    const list = page.getByRole('listbox', { name: '快捷回复' });
    await list.waitFor();
    // Filtered by the text as well: 退款 finds the refund reply.
    await page.keyboard.type('退款');
    expect(await list.getByRole('option').locator('.canned-shortcut').allTextContents()).toEqual([
      '/tuikuan',
    ]);
    await page.getByRole('combobox', { name: '消息' }).fill('/ni');
    expect(await list.getByRole('option').locator('.canned-shortcut').allTextContents()).toEqual(['/nihao']);
    await screenshot(page, 'console-canned-replies-zh-CN');
    await page.keyboard.press('Enter');
    const received = nextEvent<Message>(
      wang.socket,
      SERVER_EVENTS.messageNew,
      (m) => m.sender.type === 'agent' && m.kind === 'text',
    );
    await page.keyboard.press('Enter');
    expect((await received).text).toBe(`王芳您好，我是${boName}，很高兴为您服务。`);
    expect(cspViolations).toEqual([]);
  });
});
