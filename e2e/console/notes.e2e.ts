// Private notes and mentions in Chromium (PROTOCOL section 8), by accessible names: a customer writes from the widget
// on the demo page; Ana grabs it, switches the composer to "Note", mentions Bo with "@" and adds the note; Bo (a
// second console) gets the notification and the Mentions badge and opens the conversation read-only, note included;
// the customer's widget shows Ana's reply but never the note. With SCREENSHOTS=1 it saves docs/images/console-note.png.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { findRepoRoot } from '@switchboard/testing';
import { expectNoSeriousAxeViolations } from '../accessibility';
import { WidgetPage } from '../widget/widget-page';
import { consoleFixture, eventually, queueRow, recordCspViolations, signIn, type ConsoleUser } from './console-page';

async function screenshot(page: Page, name: string): Promise<void> {
  if (!process.env.SCREENSHOTS) return;
  await page.mouse.move(1, 1);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(findRepoRoot(), 'docs/images', `${name}.png`) });
}

describe('private notes and mentions in the console (Chromium)', () => {
  const fx = consoleFixture();

  it('Ana adds a note mentioning Bo, who is notified, sees the badge and opens it read-only; the customer never sees it', async () => {
    const customerContext = await fx.browser.newContext({ viewport: { width: 1280, height: 800 } });
    fx.users.push({ context: customerContext, page: await customerContext.newPage(), cspViolations: [] });
    const customerPage = fx.users[0].page;
    const widget = new WidgetPage(customerPage);
    // The agents first: with nobody online the widget would show the offline form (section 9).
    const [ana, bo] = await Promise.all([
      signIn(fx.browser, fx.gateway.url, 'agent1@example.com', fx.gateway.demoPassword),
      signIn(fx.browser, fx.gateway.url, 'agent2@example.com', fx.gateway.demoPassword),
    ]);
    fx.users.push(ana, bo);
    await customerPage.goto(`${fx.gateway.url}/`);
    await widget.open();
    await widget.frame.getByRole('textbox', { name: 'Your name' }).fill('Maria Lopez');
    await widget.send('Hi! My order #48213 never arrived.');
    await widget.bubble('Hi! My order #48213 never arrived.').waitFor();
    await queueRow(ana.page, 'Maria Lopez').getByRole('button', { name: 'Grab' }).click();
    const conversation = ana.page.getByRole('main', { name: /Maria Lopez/ });
    await conversation.getByText('Hi! My order #48213 never arrived.').waitFor();
    await ana.page.getByRole('textbox', { name: 'Message' }).fill('Hi Maria, let me check the courier record.');
    await ana.page.keyboard.press('Enter');
    await widget.bubble('Hi Maria, let me check the courier record.').waitFor();

    // Note mode: the tab, the amber box with its hint; "@" opens the Mention list, Enter picks Bo.
    await ana.page.getByRole('tab', { name: 'Note' }).click();
    const noteBox = ana.page.getByRole('textbox', { name: 'Private note' });
    await noteBox.waitFor();
    await ana.page.getByText('Only your team sees this').waitFor();
    await noteBox.pressSequentially('Courier says delivered to the pickup point. @B');
    const mentionList = ana.page.getByRole('listbox', { name: 'Mention' });
    await mentionList.getByRole('option', { name: '@Bo' }).waitFor();
    await expectNoSeriousAxeViolations(ana.page, 'composer in note mode with the Mention list open');
    await noteBox.press('Enter');
    expect(await noteBox.inputValue()).toBe('Courier says delivered to the pickup point. @Bo ');
    await noteBox.pressSequentially('can you call them?');
    await noteBox.press('Enter');
    const noteText = 'Courier says delivered to the pickup point. @Bo can you call them?';
    const anaNote = conversation.getByRole('article', { name: 'Private note by Ana' });
    await anaNote.getByText(noteText).waitFor();
    expect(await noteBox.inputValue()).toBe('');
    await ana.page.getByRole('tab', { name: 'Note' }).focus();
    await screenshot(ana.page, 'console-note');

    // Bo: a toast, the badge on Mentions, and the conversation opened from the list, read-only, with the note.
    await bo.page.getByText('Ana mentioned you').first().waitFor();
    const mentions = bo.page.getByRole('button', { name: 'Mentions, 1 new' });
    await mentions.waitFor();
    await mentions.click();
    const dialog = bo.page.getByRole('dialog', { name: 'Mentions' });
    await expectNoSeriousAxeViolations(bo.page, 'Mentions list');
    await dialog.getByRole('button', { name: /Ana mentioned you/ }).click();
    const boView = bo.page.getByRole('main', { name: /Maria Lopez/ });
    await boView.getByRole('article', { name: 'Private note by Ana' }).getByText(noteText).waitFor();
    await boView.getByText('Hi! My order #48213 never arrived.').waitFor();
    expect(await bo.page.getByRole('textbox', { name: 'Message' }).isDisabled()).toBe(true);
    await bo.page.getByRole('button', { name: 'Mentions', exact: true }).waitFor();

    // The customer: Ana's next reply arrives; the note never did.
    await ana.page.getByRole('tab', { name: 'Reply' }).click();
    await ana.page.getByRole('textbox', { name: 'Message' }).fill('I am calling the courier now.');
    await ana.page.keyboard.press('Enter');
    await widget.bubble('I am calling the courier now.').waitFor();
    const shown = await eventually(
      () => widget.frame.locator('body').innerText(),
      (body) => body.includes('I am calling the courier now.'),
      'the reply in the widget',
    );
    expect(shown).not.toContain('Courier says delivered');
    expect(shown).not.toContain('can you call them');
    await customerPage.reload();
    await widget.open();
    await widget.bubble('I am calling the courier now.').waitFor();
    expect(await widget.frame.locator('body').innerText()).not.toContain('Courier says delivered');
  });

  /** A console in a Chinese browser, signed in by the zh-CN names. */
  async function signInChinese(email: string): Promise<ConsoleUser> {
    const context = await fx.browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const user = { context, page: await context.newPage(), cspViolations: await recordCspViolations(context) };
    fx.users.push(user);
    await user.page.goto(`${fx.gateway.url}/agent/`);
    await user.page.getByLabel('邮箱').fill(email);
    await user.page.getByLabel('密码').fill(fx.gateway.demoPassword);
    await user.page.getByRole('button', { name: '登录' }).click();
    await user.page.locator('.connection-connected').waitFor({ timeout: 15000 });
    return user;
  }

  it('in Chinese: 内部备注 with 仅团队可见, the 提及 list ignores the Enter that confirms an input method candidate', async () => {
    const [ana, bo] = [await signInChinese('agent1@example.com'), await signInChinese('agent2@example.com')];
    await fx.customer('王小明', '你好！我的订单 #48213 一直没有收到。');
    await ana.page.getByRole('listitem', { name: '来自 王小明 的咨询' }).getByRole('button', { name: '抢单' }).click();
    await ana.page.getByRole('heading', { name: '王小明', level: 1 }).waitFor();
    await ana.page.getByRole('textbox', { name: '消息' }).fill('王先生您好，我马上帮您查一下快递记录。');
    await ana.page.keyboard.press('Enter');

    // `n` outside a field switches to the note and focuses it.
    await ana.page.locator('body').click({ position: { x: 700, y: 300 } });
    await ana.page.keyboard.press('n');
    const box = ana.page.getByRole('textbox', { name: '内部备注内容' });
    await eventually(() => box.evaluate((el) => el === document.activeElement), Boolean, 'the note box focused');
    await ana.page.getByText('仅团队可见').waitFor();
    await box.pressSequentially('快递显示已签收，');
    await box.pressSequentially('@');
    await ana.page.getByRole('listbox', { name: '提及' }).getByRole('option', { name: '@Bo' }).waitFor();
    // A pinyin input method's confirming Enter (isComposing, keyCode 229) neither picks nor adds.
    const prevented = await box.evaluate((el: HTMLTextAreaElement) => {
      const confirming = new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true, isComposing: true });
      const legacy = new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true });
      Object.defineProperty(legacy, 'keyCode', { get: () => 229 });
      el.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, data: '' }));
      el.dispatchEvent(confirming);
      el.dispatchEvent(legacy);
      el.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: '' }));
      return [confirming.defaultPrevented, legacy.defaultPrevented];
    });
    expect(prevented).toEqual([false, false]);
    expect(await box.inputValue()).toBe('快递显示已签收，@');
    await box.press('Enter');
    expect(await box.inputValue()).toBe('快递显示已签收，@Bo ');
    await box.pressSequentially('请你联系一下快递公司。');
    await box.press('Enter');
    const note = ana.page.getByRole('article', { name: 'Ana 的内部备注' });
    await note.getByText('快递显示已签收，@Bo 请你联系一下快递公司。').waitFor();
    await ana.page.getByRole('tab', { name: '内部备注' }).focus();
    await screenshot(ana.page, 'console-note-zh-CN');

    await bo.page.getByRole('button', { name: '提及，1 条新提及' }).click();
    await bo.page.getByRole('dialog', { name: '提及' }).getByRole('button', { name: /Ana 提及了你/ }).click();
    await bo.page.getByRole('main', { name: /王小明/ }).getByRole('article', { name: 'Ana 的内部备注' }).waitFor();
  });
});
