import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CLIENT_EVENTS, type Conversation, type Message } from '@switchboard/protocol';
import { emitOk, findRepoRoot, startGatewayProcess, waitFor, type GatewayProcess } from '@switchboard/testing';
import { expectNoSeriousAxeViolations } from '../accessibility';
import { launchChromium, recordCspViolations } from '../console/console-page';
import { CHINESE_NAMES, TestAgent, WidgetPage, picturePng } from './widget-page';

/**
 * The widget for a Chinese-speaking customer: the demo page with `?locale=zh-CN`, which sets data-locale="zh-CN" on
 * the loader tag, in a browser whose own language is English (the tag wins). Everything is found by its zh-CN
 * name; the agent is a plain socket.io client.
 */

/** With SCREENSHOTS=1 the walk-through also saves the zh-CN screenshots next to the English ones. */
async function screenshot(page: Page, name: string): Promise<void> {
  if (!process.env.SCREENSHOTS) return;
  await page.mouse.move(1, 1);
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(findRepoRoot(), 'docs/images', `widget-${name}-zh-CN.png`) });
}

const customerTexts = (messages: Message[]) =>
  messages.filter((message) => message.sender.type === 'customer').map((message) => message.text);

describe('customer widget in Chinese, data-locale="zh-CN" (Chromium)', () => {
  let gateway: GatewayProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let widget: WidgetPage;
  let agent: TestAgent;
  let conversation: Conversation;
  let cspViolations: string[];

  beforeAll(async () => {
    gateway = await startGatewayProcess();
    browser = await launchChromium();
    agent = await TestAgent.connect(gateway);
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    cspViolations = await recordCspViolations(context);
    page = await context.newPage();
    widget = new WidgetPage(page, CHINESE_NAMES);
  });

  afterAll(async () => {
    agent?.close();
    await browser?.close();
    await gateway?.stop();
  });

  it('opens from "打开聊天" in Chinese and sends the first message by "发送", which reaches the agent once', async () => {
    await page.goto(`${gateway.url}/?locale=zh-CN`);
    expect(await page.locator('script[src$="widget.js"]').getAttribute('data-locale')).toBe('zh-CN');
    await widget.launcher.waitFor();
    expect(await page.getByRole('button', { name: 'Open chat' }).count()).toBe(0);
    await screenshot(page, 'closed');
    await widget.open();
    const frame = page.frames().find((candidate) => candidate.url().includes('/widget/'));
    expect(await frame?.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    // The demo page, as a Chinese site would, names its team in Chinese (data-title).
    await widget.frame.getByRole('heading', { name: 'Acme 客服' }).waitFor();
    expect(await widget.messageBox.getAttribute('placeholder')).toBe('有什么可以帮您？');
    await widget.frame.getByText('我们通常几分钟内回复').first().waitFor();
    await screenshot(page, 'open');

    await widget.frame.getByRole('textbox', { name: '您的称呼' }).fill('王小明');
    await widget.send('你好，我的订单 #1042 还没有到');
    await widget.bubble('你好，我的订单 #1042 还没有到').waitFor();
    conversation = await agent.grab((queued) => queued.customer.name === '王小明');
    expect(customerTexts(await agent.waitForMessages(conversation.id, 1))).toEqual(['你好，我的订单 #1042 还没有到']);
    await widget.waitForTick('你好，我的订单 #1042 还没有到', '已送达');
  });

  it('shows the "agent joined" system message in Chinese, though its stored text is English', async () => {
    const joined = await waitFor(
      async () => (await agent.messages(conversation.id)).find((message) => message.system?.code === 'agent_joined'),
      { timeoutMs: 10000, intervalMs: 200, what: 'the agent_joined system message' },
    );
    expect(joined.text).toBe(`${agent.name} joined`);
    const line = widget.frame.getByText(`${agent.name} 已加入会话`, { exact: true });
    await widget.see(line);
    expect(await widget.frame.getByText(`${agent.name} joined`, { exact: true }).count()).toBe(0);
  });

  it("shows the agent typing, the agent's Chinese reply with a link that stops at '，', and the read tick", async () => {
    await emitOk(agent.socket, CLIENT_EVENTS.typing, { conversationId: conversation.id, isTyping: true });
    await widget.frame.getByRole('status', { name: `${agent.name} 正在输入` }).waitFor();
    const reply = '您好！请看这里https://acme.example/orders/1042，已经发货了。';
    await emitOk(agent.socket, CLIENT_EVENTS.messageSend, {
      conversationId: conversation.id,
      clientMsgId: `agent-${Date.now()}-1`,
      text: reply,
    });
    await widget.see(widget.bubble(reply));
    const link = widget.frame.getByRole('link', { name: 'https://acme.example/orders/1042', exact: true });
    await widget.see(link);
    expect(await link.getAttribute('href')).toBe('https://acme.example/orders/1042');
    await widget.frame.getByText(`${agent.name} · 在线`).waitFor();

    const messages = await agent.messages(conversation.id);
    await emitOk(agent.socket, CLIENT_EVENTS.messageRead, {
      conversationId: conversation.id,
      seq: messages[messages.length - 1].seq,
    });
    await widget.waitForTick('你好，我的订单 #1042 还没有到', '已读');
  });

  it('sends nothing on the Enter that confirms an input method candidate, and once on the Enter after it', async () => {
    const before = (await agent.messages(conversation.id)).at(-1)?.seq ?? 0;
    await widget.messageBox.click();
    // A real composition through Chromium's IME API: pinyin first, then the candidate, still composing.
    const cdp = await context.newCDPSession(page);
    const events = await widget.messageBox.evaluate((box) => {
      const seen: string[] = [];
      for (const type of ['compositionstart', 'compositionend']) box.addEventListener(type, () => seen.push(type));
      (window as unknown as { compositionEvents: string[] }).compositionEvents = seen;
      return seen;
    });
    expect(events).toEqual([]);
    await cdp.send('Input.imeSetComposition', { text: 'haodexiexie', selectionStart: 11, selectionEnd: 11 });
    await cdp.send('Input.imeSetComposition', { text: '好的，谢谢！', selectionStart: 6, selectionEnd: 6 });
    expect(await widget.messageBox.inputValue()).toBe('好的，谢谢！');
    // The Enter that picks the candidate, as browsers report it: isComposing (Chromium, Firefox), keyCode 229
    // (Safari, older Chromium).
    await widget.messageBox.dispatchEvent('keydown', { key: 'Enter', code: 'Enter', isComposing: true, keyCode: 229 });
    await widget.messageBox.dispatchEvent('keydown', { key: 'Enter', code: 'Enter', keyCode: 229 });
    await page.waitForTimeout(500);
    expect(await widget.messageBox.inputValue()).toBe('好的，谢谢！');
    expect(await agent.messages(conversation.id, before)).toEqual([]);

    // The candidate is committed (compositionend), and the next Enter sends it, once.
    await cdp.send('Input.insertText', { text: '好的，谢谢！' });
    expect(
      await widget.messageBox.evaluate(() => (window as unknown as { compositionEvents: string[] }).compositionEvents),
    ).toEqual(['compositionstart', 'compositionend']);
    await widget.messageBox.press('Enter');
    await widget.bubble('好的，谢谢！').waitFor();
    expect(await widget.messageBox.inputValue()).toBe('');
    const arrived = await agent.waitForMessages(conversation.id, 1, before);
    await page.waitForTimeout(500);
    expect(customerTexts(await agent.messages(conversation.id, before))).toEqual(['好的，谢谢！']);
    expect(arrived).toHaveLength(1);
    await cdp.detach();
  });

  it('has no serious or critical accessibility violation in Chinese (axe)', async () => {
    await expectNoSeriousAxeViolations(page, 'demo page with the zh-CN widget open on a conversation');
  });

  it('fills the screen at phone width, in Chinese', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      storageState: await context.storageState(),
      isMobile: true,
      hasTouch: true,
    });
    try {
      const phonePage = await phone.newPage();
      const phoneWidget = new WidgetPage(phonePage, CHINESE_NAMES);
      await phonePage.goto(`${gateway.url}/?locale=zh-CN`);
      await phoneWidget.open();
      await phoneWidget.bubble('好的，谢谢！').waitFor();
      await screenshot(phonePage, 'phone');
    } finally {
      await phone.close();
    }
  });

  it('sends an image by "添加附件"', async () => {
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      widget.frame.getByRole('button', { name: '添加附件', exact: true }).click(),
    ]);
    const png = picturePng();
    // An ASCII name: the gateway's multipart parser still reads a Chinese file name as latin1 (reported).
    await chooser.setFiles({ name: 'parcel.png', mimeType: 'image/png', buffer: png });
    await widget.frame.getByRole('img', { name: 'parcel.png', exact: true }).waitFor();
    const image = await waitFor(
      async () => (await agent.messages(conversation.id)).find((message) => message.kind === 'image'),
      { timeoutMs: 10000, intervalMs: 200, what: 'the image message' },
    );
    expect(image.attachment).toMatchObject({ name: 'parcel.png', size: png.length });
    if (process.env.SCREENSHOTS) {
      await emitOk(agent.socket, CLIENT_EVENTS.typing, { conversationId: conversation.id, isTyping: true });
      await widget.frame.getByRole('status', { name: /正在输入/ }).waitFor();
      await screenshot(page, 'conversation');
    }
  });

  it('wraps a long Chinese line and a long URL inside the bubble, with no sideways scrolling', async () => {
    const long = `${'这是一段很长的中文说明，没有任何空格'.repeat(8)}https://acme.example/${'a'.repeat(120)}`;
    await emitOk(agent.socket, CLIENT_EVENTS.messageSend, {
      conversationId: conversation.id,
      clientMsgId: `agent-${Date.now()}-long`,
      text: long,
    });
    const bubble = widget.frame.locator('.sbw-bubble').filter({ hasText: '这是一段很长的中文说明' });
    await widget.see(bubble);
    const sizes = await bubble.evaluate((element) => {
      const scroller = element.closest('.sbw-scroller') as HTMLElement;
      return {
        bubble: [element.scrollWidth, element.clientWidth],
        scroller: [scroller.scrollWidth, scroller.clientWidth],
        lines: Math.round(element.getBoundingClientRect().height / 20),
      };
    });
    expect(sizes.bubble[0]).toBeLessThanOrEqual(sizes.bubble[1]);
    expect(sizes.scroller[0]).toBeLessThanOrEqual(sizes.scroller[1]);
    expect(sizes.lines).toBeGreaterThan(4);
  });

  it('ends the chat by "结束对话", takes a rating in Chinese, and shows the closing line in Chinese', async () => {
    await widget.frame.getByRole('button', { name: '结束对话', exact: true }).click();
    await widget.frame.getByRole('group', { name: '结束本次对话？' }).waitFor();
    await widget.frame.getByRole('button', { name: '确认结束', exact: true }).click();
    await widget.frame.getByRole('radio', { name: '4 星' }).click();
    await widget.frame.getByRole('textbox', { name: '评价内容（选填）' }).fill('很快，谢谢！');
    await widget.frame.getByRole('button', { name: '提交评价', exact: true }).click();
    await widget.frame.getByText('感谢您的评价！').waitFor();
    await widget.frame.getByText('顾客已结束会话', { exact: true }).waitFor();
    await widget.frame.getByText('本次对话已结束').waitFor();
    expect(await agent.conversation(conversation.id)).toMatchObject({
      artificialType: 'closed',
      closedBy: 'customer',
      rating: { score: 4, comment: '很快，谢谢！' },
    });
    await widget.frame.getByRole('button', { name: '开始新的对话', exact: true }).click();
    await widget.frame.getByText('您好').first().waitFor();
  });

  it('did all of the above within the CSP', () => {
    expect(cspViolations).toEqual([]);
  });
});
