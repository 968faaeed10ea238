// Issue 14: an image pasted into the widget's message box (a screenshot) is uploaded and sent like a chosen file,
// and the first one starts the conversation; a text paste stays text.
import type { Browser } from 'playwright-core';
import type { Message } from '@switchboard/protocol';
import { startGatewayProcess, waitFor, type GatewayProcess } from '@switchboard/testing';
import { launchChromium } from '../console/console-page';
import { pasteImage, picturePng, TestAgent, WidgetPage } from './widget-page';

describe('pasting an image into the widget (Chromium)', () => {
  let gateway: GatewayProcess;
  let browser: Browser;
  let agent: TestAgent;

  beforeAll(async () => {
    gateway = await startGatewayProcess();
    browser = await launchChromium();
    agent = await TestAgent.connect(gateway);
  });

  afterAll(async () => {
    agent?.close();
    await browser?.close();
    await gateway?.stop();
  });

  it('sends the pasted screenshot as an image message, which the agent receives', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const widget = new WidgetPage(page);
    await page.goto(`${gateway.url}/`);
    await widget.open();
    await widget.frame.getByRole('textbox', { name: 'Your name' }).fill('Paula Paste');
    await widget.messageBox.fill('typed so far');
    const png = picturePng(80, 50);
    await pasteImage(widget.messageBox, png);

    const conversation = await agent.grab((c) => c.customer.name === 'Paula Paste');
    const image = await waitFor(
      async () => (await agent.messages(conversation.id)).find((m: Message) => m.kind === 'image'),
      { timeoutMs: 10000, intervalMs: 200, what: 'the pasted image message' },
    );
    expect(image.sender.type).toBe('customer');
    expect(image.attachment).toMatchObject({
      mime: 'image/png',
      size: png.length,
      name: expect.stringMatching(/^pasted-\d{8}-\d{6}\.png$/),
    });
    await widget.see(widget.frame.getByRole('img', { name: image.attachment?.name ?? '', exact: true }));
    // What was typed stays in the box, to send as a message of its own.
    expect(await widget.messageBox.inputValue()).toBe('typed so far');

    // Plain text on the clipboard is pasted as text by the browser, never uploaded.
    await widget.messageBox.evaluate((box) => {
      const data = new DataTransfer();
      data.setData('text/plain', 'order 1234');
      box.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    });
    await widget.send('typed so far');
    await agent.waitForMessages(conversation.id, 1, image.seq);
    expect((await agent.messages(conversation.id)).filter((m) => m.kind === 'image')).toHaveLength(1);
    await context.close();
  });
});
