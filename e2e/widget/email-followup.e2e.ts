import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CLIENT_EVENTS, type Conversation } from '@switchboard/protocol';
import {
  clientMsgId,
  connectCustomer,
  customerToken,
  emitOk,
  findRepoRoot,
  startGatewayProcess,
  startSmtpInbox,
  waitFor,
  type GatewayProcess,
  type SmtpInbox,
} from '@switchboard/testing';
import { expectNoSeriousAxeViolations } from '../accessibility';
import { launchChromium } from '../console/console-page';
import { TestAgent } from './widget-page';

/**
 * Issue 15's email follow-up end to end: a gateway process with SMTP_URL pointing at a real SMTP server on loopback,
 * a customer who left their email and went away, an agent's reply mailed to them, and the email's link opened in
 * another browser (Chromium): the widget shows that conversation and the customer answers in it. A tampered link
 * is refused in words. Screenshots with SCREENSHOTS=1.
 */
async function screenshot(page: Page, name: string): Promise<void> {
  if (!process.env.SCREENSHOTS) return;
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(findRepoRoot(), 'docs/images', `${name}.png`) });
}

const linkIn = (text: string) => {
  const match = /(http\S+\/widget\/\S+)/.exec(text);
  if (!match) throw new Error(`no link in the email:\n${text}`);
  return match[1];
};

describe('email follow-up: the link resumes the chat in the widget (Chromium)', () => {
  let inbox: SmtpInbox;
  let gateway: GatewayProcess;
  let browser: Browser;
  let agent: TestAgent;

  beforeAll(async () => {
    inbox = await startSmtpInbox();
    gateway = await startGatewayProcess({
      env: {
        SMTP_URL: inbox.url,
        EMAIL_FOLLOWUP_DELAY_SECONDS: '1',
        EMAIL_FROM: 'Acme Support <support@acme.test>',
      },
    });
    browser = await launchChromium();
    agent = await TestAgent.connect(gateway);
  });

  afterAll(async () => {
    agent?.close();
    await browser?.close();
    await gateway?.stop();
    await inbox?.stop();
  });

  it('mails the reply of a customer who went away; its link opens that conversation, where the customer answers', async () => {
    const email = `mia-${Date.now().toString(36)}@customer.test`;
    const auth = await customerToken(gateway.url, { name: 'Mia', email });
    const socket = await connectCustomer(gateway.url, auth.token);
    const started = await emitOk<Conversation>(socket, CLIENT_EVENTS.conversationStart, {
      text: 'Can I change my delivery address?',
    });
    socket.close(); // the customer leaves the page
    const conversation = await agent.grab((queued) => queued.id === started.id);
    await emitOk(agent.socket, CLIENT_EVENTS.messageSend, {
      conversationId: conversation.id,
      clientMsgId: clientMsgId(),
      text: 'Yes: reply here with the new address and we will update it.',
    });

    const mail = await waitFor(() => inbox.to(email)[0], { what: 'the follow-up email', timeoutMs: 20_000 });
    expect(mail.subject).toBe(`New reply in your conversation #${conversation.number}`);
    const link = linkIn(mail.text ?? '');

    // another browser: nothing stored, only the link
    const context = await browser.newContext({ viewport: { width: 420, height: 720 }, locale: 'en-US' });
    try {
      const page = await context.newPage();
      await page.goto(link);
      const log = page.getByRole('log', { name: 'Messages' });
      await log
        .getByText('Yes: reply here with the new address and we will update it.', { exact: true })
        .waitFor({ timeout: 15_000 });
      await log.getByText('Can I change my delivery address?', { exact: true }).waitFor();
      // the token left the address bar
      expect(new URL(page.url()).hash).toBe('');
      await expectNoSeriousAxeViolations(page, 'widget resumed from an email');
      await screenshot(page, 'widget-resumed-from-email');

      await page.getByRole('textbox', { name: 'Message', exact: true }).fill('12 Harbour Street, Leith');
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      const messages = await agent.waitForMessages(conversation.id, 1, conversation.lastSeq + 1);
      expect(messages.filter((m) => m.sender.type === 'customer').map((m) => [m.text, m.sender.id])).toEqual([
        ['12 Harbour Street, Leith', auth.customer.id],
      ]);
    } finally {
      await context.close();
    }
  });

  it('refuses a tampered link in words, in the widget’s language, and the widget still works', async () => {
    const context = await browser.newContext({ viewport: { width: 420, height: 720 }, locale: 'en-US' });
    try {
      const page = await context.newPage();
      await page.goto(`${gateway.url}/widget/?locale=zh-CN#resume=eyJhbGciOiJIUzI1NiJ9.e30.tampered`);
      await page.getByText('此链接无效。您仍可以在这里给我们留言。').waitFor({ timeout: 15_000 });
      await page.getByRole('textbox', { name: '消息', exact: true }).waitFor();
      await screenshot(page, 'widget-resume-link-refused-zh-CN');
    } finally {
      await context.close();
    }
  });
});
