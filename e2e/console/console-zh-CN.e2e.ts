// Issue 13 in Chromium: the console opened by a Chinese browser drives a whole conversation by the zh-CN names of
// PROTOCOL section 10 (登录, 抢单, 转接, 接受, 结束会话), shows English-stored system messages in Chinese, never sends
// the Enter that confirms an input method's candidate, and switches language live, saved to the account.
import type { Page } from 'playwright-core';
import { CLIENT_EVENTS, SERVER_EVENTS, type Conversation, type Message, type PublicUser } from '@switchboard/protocol';
import { collectEvents, emitOk, loginAs, nextEvent } from '@switchboard/testing';
import { consoleFixture, eventually, recordCspViolations, type ConsoleUser } from './console-page';

describe('agent console in zh-CN (Chromium)', () => {
  const fixture = consoleFixture();
  const customer = (name: string, text: string) => fixture.customer(name, text);

  /** A console in a browser whose language is `locale` (navigator.language and Accept-Language), signed in. */
  async function signIn(email: string, locale: 'zh-CN' | 'en-US' = 'zh-CN'): Promise<ConsoleUser> {
    const { browser, gateway } = fixture;
    const context = await browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
    const cspViolations = await recordCspViolations(context);
    const page = await context.newPage();
    await page.goto(`${gateway.url}/agent/`);
    const user = { context, page, cspViolations };
    fixture.users.push(user);
    if (locale === 'zh-CN') {
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      await page.getByLabel('邮箱').fill(email);
      await page.getByLabel('密码').fill(gateway.demoPassword);
      await page.getByRole('button', { name: '登录' }).click();
    } else {
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(gateway.demoPassword);
      await page.getByRole('button', { name: 'Sign in' }).click();
    }
    await page.locator('.connection-connected').waitFor({ timeout: 15000 });
    return user;
  }

  const composer = (page: Page) => page.getByRole('textbox', { name: '消息' });
  const mine = (page: Page, name: string) =>
    page.getByRole('list', { name: '我的会话' }).getByRole('button').filter({ hasText: name });

  it('grabs, replies, transfers, accepts and closes by the Chinese names; system messages read in Chinese', async () => {
    const [ana, bo] = [await signIn('agent1@example.com'), await signIn('agent2@example.com')];
    const names = {
      ana: (await loginAs(fixture.gateway.url, 'agent1@example.com', fixture.gateway.demoPassword)).user.name,
      bo: (await loginAs(fixture.gateway.url, 'agent2@example.com', fixture.gateway.demoPassword)).user.name,
    };
    await ana.page.getByText('已连接', { exact: true }).waitFor();
    expect(await ana.page.title()).toBe('Switchboard 客服工作台');

    const wang = await customer('王小明', '我的订单还没到，能帮我查一下吗？');
    const row = ana.page.getByRole('listitem', { name: '来自 王小明 的咨询' });
    await row.getByText('我的订单还没到，能帮我查一下吗？').waitFor();
    await row.getByRole('button', { name: '抢单' }).click();
    await mine(ana.page, '王小明').waitFor();
    await ana.page.getByRole('heading', { name: '王小明', level: 1 }).waitFor();

    // The gateway stored "Ana joined" in English; a Chinese reader sees it in Chinese.
    const thread = ana.page.getByRole('log', { name: '消息记录' });
    await thread.getByText(`${names.ana} 已加入会话`).waitFor();
    expect(await thread.getByText(`${names.ana} joined`).count()).toBe(0);
    const stored = await emitOk<{ messages: Message[] }>(wang.socket, CLIENT_EVENTS.messagesSync, {
      conversationId: wang.conversation.id,
      afterSeq: 0,
    });
    expect(stored.messages.find((m) => m.kind === 'system')?.text).toBe(`${names.ana} joined`);
    await thread.getByRole('separator').filter({ hasText: '今天' }).waitFor();

    // A reply with Enter reaches the customer.
    const reply = nextEvent<Message>(wang.socket, SERVER_EVENTS.messageNew, (m) => m.sender.type === 'agent');
    await composer(ana.page).fill('您好，我帮您查一下。');
    await composer(ana.page).press('Enter');
    expect((await reply).text).toBe('您好，我帮您查一下。');

    // Transfer by 转接 to Bo with a note; Bo accepts by 接受 on his own page.
    await ana.page.getByRole('button', { name: '转接', exact: true }).click();
    const dialog = ana.page.getByRole('dialog', { name: '转接会话' });
    await dialog.getByRole('radio', { name: new RegExp(names.bo) }).check();
    await dialog.getByRole('textbox', { name: '转接备注' }).fill('需要退款');
    await dialog.getByRole('button', { name: '转接', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    const offer = bo.page.getByRole('listitem', { name: '转接请求：王小明' });
    await offer.getByText(/^剩余 \d+秒$/).waitFor();
    await offer.getByRole('button', { name: '接受' }).click();
    await mine(bo.page, '王小明').waitFor();
    await mine(ana.page, '王小明').waitFor({ state: 'detached' });
    const boThread = bo.page.getByRole('log', { name: '消息记录' });
    await boThread.getByText(`${names.ana} 将会话转接给 ${names.bo}：需要退款`).waitFor();
    await boThread.getByText('您好，我帮您查一下。').waitFor();

    // Bo closes by 结束会话 → 立即结束; the customer's conversation is closed.
    const closed = nextEvent<Conversation>(
      wang.socket,
      SERVER_EVENTS.conversationUpdated,
      (c) => c.artificialType === 'closed',
    );
    await bo.page.getByRole('button', { name: '结束会话' }).click();
    await bo.page.getByRole('dialog', { name: '结束会话' }).getByRole('button', { name: '立即结束' }).click();
    expect((await closed).closedBy).toBe('agent');
    await bo.page.locator('.conversation-header').getByText('已结束', { exact: true }).waitFor();
    await boThread.getByText(`${names.bo} 已结束会话`).waitFor();
    expect(await composer(bo.page).isDisabled()).toBe(true);

    expect([...ana.cspViolations, ...bo.cspViolations]).toEqual([]);
  });

  it('sends nothing on the Enter that confirms an input method candidate, and once on the Enter after it', async () => {
    const agent = await signIn('agent3@example.com');
    const zhao = await customer('赵敏', '你好');
    await agent.page.getByRole('listitem', { name: '来自 赵敏 的咨询' }).getByRole('button', { name: '抢单' }).click();
    await agent.page.getByRole('heading', { name: '赵敏', level: 1 }).waitFor();
    const received = collectEvents<Message>(zhao.socket, SERVER_EVENTS.messageNew);
    const box = composer(agent.page);
    await box.focus();

    // What a pinyin input method does: compositionstart, the text, then Enter to confirm the candidate (reported
    // as isComposing, and by some browsers as keyCode 229), then compositionend.
    const prevented = await box.evaluate((el: HTMLTextAreaElement) => {
      const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
      el.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, data: '' }));
      setValue.call(el, '请稍等');
      el.dispatchEvent(new InputEvent('input', { bubbles: true, isComposing: true, data: '请稍等' }));
      const confirming = new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true, isComposing: true });
      const legacy = new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true });
      Object.defineProperty(legacy, 'keyCode', { get: () => 229 });
      el.dispatchEvent(confirming);
      el.dispatchEvent(legacy);
      el.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: '请稍等' }));
      return [confirming.defaultPrevented, legacy.defaultPrevented];
    });
    expect(prevented).toEqual([false, false]); // the composer left both alone: not a send
    await agent.page.waitForTimeout(500);
    expect(received.items.filter((m) => m.sender.type === 'agent')).toEqual([]);
    expect(await box.inputValue()).toBe('请稍等');

    await box.press('Enter');
    await eventually(
      async () => received.items.filter((m) => m.sender.type === 'agent').length,
      (n) => n >= 1,
      'the customer receives the message',
    );
    await agent.page.waitForTimeout(500);
    const sent = received.items.filter((m) => m.sender.type === 'agent');
    received.stop();
    expect(sent.map((m) => m.text)).toEqual(['请稍等']);
    expect(await box.inputValue()).toBe('');
  });

  it('switches language live from the top bar, keeps it across a reload, and saves it to the account', async () => {
    const sup = await signIn('supervisor@example.com');
    const page = sup.page;
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    await page.getByRole('combobox', { name: '语言' }).selectOption({ label: 'English' });
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByText('Live', { exact: true }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    // Saved on the server: GET /api/users/me says so, and a reload (still a Chinese browser) stays English.
    const { token } = await loginAs(fixture.gateway.url, 'supervisor@example.com', fixture.gateway.demoPassword);
    const me = async () =>
      ((await (await fetch(`${fixture.gateway.url}/api/users/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as PublicUser)
        .locale;
    await eventually(me, (locale) => locale === 'en', 'the account saved English');
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    // And back: every part of the screen changes without a reload.
    await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: '简体中文' });
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    await page.getByRole('navigation', { name: '视图' }).getByRole('button', { name: '工作台' }).waitFor();
    await eventually(me, (locale) => locale === 'zh-CN', 'the account saved Chinese');

    // Another device with an English browser signs in and gets the account's Chinese.
    const elsewhere = await signIn('supervisor@example.com', 'en-US');
    await elsewhere.page.getByRole('button', { name: '退出登录' }).waitFor();
    expect(await elsewhere.page.locator('html').getAttribute('lang')).toBe('zh-CN');
  });
});
