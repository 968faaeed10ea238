// Search in Chromium (PROTOCOL section 8, "Search"), by accessible names: a customer's conversation holds
// "我想申请退款，谢谢" far back in its history (older than the first page); it is closed. Ana, who served it, presses
// `/`, searches "退款", sees the result (number, name, state, date, the snippet with the term in <mark>), walks the
// list with the arrows and opens it with Enter: the conversation opens read-only, scrolled to that message. Ctrl+K
// focuses the box, Escape closes the list, a query nothing matches says so. Then the same in a Chinese console (搜索).
// With SCREENSHOTS=1 it saves docs/images/console-search.png and console-search-zh-CN.png.
import { CLIENT_EVENTS } from '@switchboard/protocol';
import { clientMsgId, emitOk } from '@switchboard/testing';
import { expectNoSeriousAxeViolations } from '../accessibility';
import { consoleFixture, queueRow, recordCspViolations, saveScreenshot, signIn, type ConsoleUser } from './console-page';

const E = CLIENT_EVENTS;

describe('search in the console (Chromium)', () => {
  const fx = consoleFixture();
  let number = 0;

  /** A conversation Ana served and that is closed now: the refund request, then 60 more messages. */
  async function servedAndClosed(ana: ConsoleUser) {
    const { socket, conversation } = await fx.customer('王小明', '你好，我的蓝牙耳机还没有收到');
    await emitOk(socket, E.messageSend, { conversationId: conversation.id, clientMsgId: clientMsgId(), text: '我想申请退款，谢谢' });
    for (let i = 0; i < 60; i++) {
      // The socket allows bursts of 20 events: pace the rest.
      if (i % 15 === 14) await new Promise((resolve) => setTimeout(resolve, 1600));
      await emitOk(socket, E.messageSend, { conversationId: conversation.id, clientMsgId: clientMsgId(), text: `补充说明 ${i + 1}` });
    }
    await queueRow(ana.page, '王小明').getByRole('button', { name: 'Grab' }).click();
    await ana.page.getByRole('main', { name: /王小明/ }).getByText('补充说明 60').waitFor();
    await emitOk(socket, E.conversationClose, { conversationId: conversation.id });
    number = conversation.number;
    return conversation;
  }

  it('"/" focuses Search; "退款" finds the closed conversation; Enter opens it read-only at that message', async () => {
    const ana = await signIn(fx.browser, fx.gateway.url, 'agent1@example.com', fx.gateway.demoPassword);
    fx.users.push(ana);
    const conversation = await servedAndClosed(ana);
    const { page } = ana;
    const box = page.getByRole('combobox', { name: 'Search' });

    // Ctrl+K from anywhere, Escape leaves; "/" outside a text field.
    await page.locator('body').click({ position: { x: 700, y: 400 } });
    await page.keyboard.press('Control+k');
    await expectFocused(box);
    await page.keyboard.press('Escape');
    await page.locator('body').click({ position: { x: 700, y: 400 } });
    await page.keyboard.press('/');
    await expectFocused(box);
    expect(await box.inputValue()).toBe('');

    await box.pressSequentially('nothing-like-this');
    await page.getByText('No conversation matches “nothing-like-this”').waitFor();
    await box.fill('退款');
    const results = page.getByRole('listbox', { name: 'Search results' });
    const option = results.getByRole('option', { name: new RegExp(`#${conversation.number}.*王小明`) });
    await option.waitFor();
    expect(await option.locator('mark').allInnerTexts()).toContain('退款');
    expect(await option.innerText()).toContain('我想申请退款，谢谢');
    expect(await option.innerText()).toContain('Closed');
    expect(await option.getAttribute('aria-selected')).toBe('true');
    expect(await box.getAttribute('aria-expanded')).toBe('true');
    await expectNoSeriousAxeViolations(page, 'search results');
    await saveScreenshot(page, 'console-search');

    // Escape closes the list and keeps the query; the arrows open it again; Enter opens the result.
    await box.press('Escape');
    await results.waitFor({ state: 'detached' });
    await box.press('ArrowDown');
    await option.waitFor();
    await box.press('Enter');
    const view = page.getByRole('main', { name: 'Conversation with 王小明' });
    const matched = view.locator('.message[data-seq="2"]');
    await matched.waitFor();
    await view.getByText('我想申请退款，谢谢').waitFor();
    expect(await matched.evaluate((el) => el.classList.contains('search-focus'))).toBe(true);
    await expectInView(matched);
    expect(await page.getByRole('textbox', { name: 'Message' }).isDisabled()).toBe(true);
    expect(ana.cspViolations).toEqual([]);
  });

  it('in Chinese: 搜索, 搜索结果 and the empty state', async () => {
    expect(number).toBeGreaterThan(0);
    const context = await fx.browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const user = { context, page: await context.newPage(), cspViolations: await recordCspViolations(context) };
    fx.users.push(user);
    const { page } = user;
    await page.goto(`${fx.gateway.url}/agent/`);
    await page.getByLabel('邮箱').fill('supervisor@example.com');
    await page.getByLabel('密码').fill(fx.gateway.demoPassword);
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('.connection-connected').waitFor({ timeout: 15000 });

    const box = page.getByRole('combobox', { name: '搜索' });
    await box.click();
    await box.pressSequentially('没有这个词');
    await page.getByText('没有与“没有这个词”匹配的会话').waitFor();
    await box.fill('申请退款');
    const option = page.getByRole('listbox', { name: '搜索结果' }).getByRole('option', { name: new RegExp(`#${number}.*王小明`) });
    await option.waitFor();
    expect(await option.locator('mark').allInnerTexts()).toContain('申请退款');
    expect(await option.innerText()).toContain('已结束');
    await saveScreenshot(page, 'console-search-zh-CN');
    await option.click();
    await page.getByRole('main', { name: /王小明/ }).locator('.message[data-seq="2"].search-focus').waitFor();
    expect(user.cspViolations).toEqual([]);
  });
});

async function expectFocused(locator: import('playwright-core').Locator): Promise<void> {
  expect(await locator.evaluate((el) => el === document.activeElement)).toBe(true);
}

/** The element is inside its scrolling thread's visible area. */
async function expectInView(locator: import('playwright-core').Locator): Promise<void> {
  const inView = await locator.evaluate((el) => {
    const thread = el.closest('.thread');
    if (!thread) return false;
    const a = el.getBoundingClientRect();
    const b = thread.getBoundingClientRect();
    return a.bottom > b.top && a.top < b.bottom;
  });
  expect(inView).toBe(true);
}
