// Recalling a message and quoting one in Chromium (PROTOCOL section 8), by accessible names, in English and in
// Chinese: the customer (widget on the demo page) recalls a message and both sides see it go; the agent (console)
// quotes the customer's message with Reply, the quote shows on both sides, and a click on a quote scrolls to and
// highlights the original; the agent recalls their own message, and their Recall button goes away when the window
// passes (the console's clock moved by Playwright, not waited for). With SCREENSHOTS=1 it saves
// docs/images/console-recall-quote(-zh-CN).png and widget-recall-quote(-zh-CN).png.
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { findRepoRoot } from '@switchboard/testing';
import { expectNoSeriousAxeViolations } from '../accessibility';
import { CHINESE_NAMES, ENGLISH_NAMES, WidgetPage, type WidgetNames } from '../widget/widget-page';
import { consoleFixture, eventually, recordCspViolations, signIn } from './console-page';

async function screenshot(page: Page, name: string): Promise<void> {
  if (!process.env.SCREENSHOTS) return;
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(findRepoRoot(), 'docs/images', `${name}.png`) });
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The quoted sender, a colon, the preview ("Maria Lopez : Hi! ...": the browser spaces its block-level parts). */
const quoteNamed = (name: string, preview: string) => new RegExp(`^${escape(name)}\\s*:\\s*${escape(preview)}$`);

/** Every name the test uses, in one language. */
interface Names {
  locale: 'en' | 'zh-CN';
  sitePath: string;
  widget: WidgetNames;
  yourName: string;
  customer: string;
  inquiry: (customer: string) => string;
  grab: string;
  thread: string;
  recall: string;
  reply: string;
  recalled: string;
  youRecalled: string;
  replyingTo: (name: string) => string;
  cancelReply: string;
  /** A quote's accessible name: what it shows, the quoted sender then the preview. */
  goToQuote: (name: string, preview: string) => RegExp;
  texts: { question: string; secret: string; answer: string; wrong: string; last: string };
  suffix: string;
}

const ENGLISH: Names = {
  locale: 'en',
  sitePath: '/',
  widget: ENGLISH_NAMES,
  yourName: 'Your name',
  customer: 'Maria Lopez',
  inquiry: (customer) => `Inquiry from ${customer}`,
  grab: 'Grab',
  thread: 'Messages',
  recall: 'Recall',
  reply: 'Reply',
  recalled: 'Message recalled',
  youRecalled: 'You recalled a message',
  replyingTo: (name) => `Replying to ${name}`,
  cancelReply: 'Cancel reply',
  goToQuote: quoteNamed,
  texts: {
    question: 'Hi! My order #48213 never arrived.',
    secret: 'My card number is 4111 1111 1111 1111',
    answer: 'Checking with the courier now.',
    wrong: 'Here is your refund link: wrong customer, sorry',
    last: 'Thanks for waiting.',
  },
  suffix: '',
};

const CHINESE: Names = {
  locale: 'zh-CN',
  sitePath: '/?locale=zh-CN',
  widget: CHINESE_NAMES,
  yourName: '您的称呼',
  customer: '李娜',
  inquiry: (customer) => `来自 ${customer} 的咨询`,
  grab: '抢单',
  thread: '消息记录',
  recall: '撤回',
  reply: '回复',
  recalled: '消息已撤回',
  youRecalled: '你撤回了一条消息',
  replyingTo: (name) => `回复 ${name}`,
  cancelReply: '取消回复',
  goToQuote: quoteNamed,
  texts: {
    question: '我想申请退款，订单号 48213。',
    secret: '我的银行卡号是 6222 0000 1111 2222',
    answer: '好的，马上为您查询。',
    wrong: '这是退款链接：发错了',
    last: '感谢您的耐心等待。',
  },
  suffix: '-zh-CN',
};

describe('recalling and quoting messages, widget and console (Chromium)', () => {
  const fx = consoleFixture();

  for (const names of [ENGLISH, CHINESE]) {
    it(`${names.locale}: the customer recalls, the agent quotes and recalls; both sides see it, quotes scroll to the original`, async () => {
      const { texts } = names;
      const site = await fx.browser.newContext({ viewport: { width: 1280, height: 800 } });
      fx.users.push({ context: site, page: await site.newPage(), cspViolations: await recordCspViolations(site) });
      const customerPage = fx.users[fx.users.length - 1].page;
      const widget = new WidgetPage(customerPage, names.widget);
      // The agent's console runs on Playwright's clock, so the test can move its time past the recall window. Ana
      // signs in first: with nobody online the widget would show the offline form (section 9).
      const ana = await signIn(fx.browser, fx.gateway.url, 'agent1@example.com', fx.gateway.demoPassword, '/agent/', {
        locale: names.locale,
        fakeClock: true,
      });
      fx.users.push(ana);
      await customerPage.goto(`${fx.gateway.url}${names.sitePath}`);
      await widget.open();
      await widget.frame.getByRole('textbox', { name: names.yourName }).fill(names.customer);
      await widget.send(texts.question);
      await widget.see(widget.bubble(texts.question));
      await widget.send(texts.secret);
      await widget.see(widget.bubble(texts.secret));
      const inquiry = ana.page.getByRole('listitem', { name: names.inquiry(names.customer) });
      await inquiry.waitFor();
      await inquiry.getByRole('button', { name: names.grab }).click();
      const thread = ana.page.getByRole('log', { name: names.thread });
      const consoleMessage = (text: string): Locator => thread.locator('[data-seq]').filter({ hasText: text });
      await consoleMessage(texts.secret).waitFor();

      // The customer recalls the card number (Recall shows on hover and on focus): it goes on both sides.
      const secret = widget.bubble(texts.secret);
      await secret.hover();
      await secret.getByRole('button', { name: names.recall }).click();
      await widget.see(widget.frame.getByText(names.youRecalled, { exact: true }));
      await thread.getByText(names.recalled, { exact: true }).waitFor();
      await eventually(() => thread.getByText(texts.secret).count(), (n) => n === 0, 'the console to drop the recalled text');
      expect(await widget.frame.getByText(texts.secret).count()).toBe(0);

      // The agent quotes the question: Reply, the quote bar (Escape cancels it), then the reply shows the quote.
      const question = consoleMessage(texts.question);
      await question.hover();
      await question.getByRole('button', { name: names.reply }).click();
      const bar = ana.page.getByRole('group', { name: names.replyingTo(names.customer) });
      await bar.getByText(texts.question).waitFor();
      await ana.page.getByRole('textbox', { name: names.widget.messageBox }).press('Escape');
      await bar.waitFor({ state: 'detached' });
      await question.focus();
      await question.getByRole('button', { name: names.reply }).click();
      await bar.getByRole('button', { name: names.cancelReply }).waitFor();
      await ana.page.getByRole('textbox', { name: names.widget.messageBox }).fill(texts.answer);
      await ana.page.keyboard.press('Enter');
      await bar.waitFor({ state: 'detached' });
      const quoteName = names.goToQuote(names.customer, texts.question);
      await consoleMessage(texts.answer).getByRole('button', { name: quoteName }).waitFor();
      const answer = widget.bubble(texts.answer);
      await widget.see(answer.getByRole('button', { name: quoteName }));

      // A click on the quote in the widget: the original scrolls into view, takes the focus and is highlighted.
      await answer.getByRole('button', { name: quoteName }).click();
      const highlighted = widget.frame.locator('.sbw-bubble.is-highlighted');
      await highlighted.filter({ hasText: texts.question }).waitFor();
      expect(await widget.frame.locator(':focus').textContent()).toContain(texts.question);
      await expectNoSeriousAxeViolations(customerPage, 'widget with a recalled message and a quote');
      await screenshot(customerPage, `widget-recall-quote${names.suffix}`);

      // The agent recalls a message sent by mistake: the customer sees it go.
      await ana.page.getByRole('textbox', { name: names.widget.messageBox }).fill(texts.wrong);
      await ana.page.keyboard.press('Enter');
      await widget.see(widget.bubble(texts.wrong));
      const wrong = consoleMessage(texts.wrong);
      await wrong.hover();
      await wrong.getByRole('button', { name: names.recall }).click();
      await thread.getByText(names.youRecalled, { exact: true }).waitFor();
      await widget.see(widget.frame.getByText(names.recalled, { exact: true }));
      await eventually(() => widget.frame.getByText(texts.wrong).count(), (n) => n === 0, 'the widget to drop the recalled text');

      // A click on the quote in the console highlights the original too.
      await consoleMessage(texts.answer).getByRole('button', { name: quoteName }).click();
      await thread.locator('.message.highlighted').filter({ hasText: texts.question }).waitFor();

      // Recall stays only while the window lasts: the console's clock moves past it and the button goes, no reload.
      await ana.page.getByRole('textbox', { name: names.widget.messageBox }).fill(texts.last);
      await ana.page.keyboard.press('Enter');
      const last = consoleMessage(texts.last);
      await last.hover();
      await last.getByRole('button', { name: names.recall }).waitFor();
      await expectNoSeriousAxeViolations(ana.page, 'thread with a quote, a recalled message and message actions');
      await screenshot(ana.page, `console-recall-quote${names.suffix}`);
      await ana.page.clock.fastForward('02:05');
      await last.getByRole('button', { name: names.recall }).waitFor({ state: 'detached' });
      await last.getByRole('button', { name: names.reply }).waitFor();
      expect(ana.cspViolations).toEqual([]);
    });
  }
});
