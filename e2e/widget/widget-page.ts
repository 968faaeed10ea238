import { createServer } from 'node:http';
import { crc32, deflateSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, FrameLocator, Locator, Page, WebSocketRoute } from 'playwright-core';
import { connectAgent, emitOk, loginAs, waitFor, type GatewayProcess } from '@switchboard/testing';
import {
  CLIENT_EVENTS,
  type Conversation,
  type ConversationList,
  type Message,
  type SyncResult,
} from '@switchboard/protocol';
import type { Socket } from 'socket.io-client';

/** The accessible names a customer finds the widget by, in one language (zh-CN's are PROTOCOL section 10's). */
export interface WidgetNames {
  frameTitle: string;
  launcher: string;
  messageBox: string;
  send: string;
  log: string;
}

export const ENGLISH_NAMES: WidgetNames = {
  frameTitle: 'Chat',
  launcher: 'Open chat',
  messageBox: 'Message',
  send: 'Send',
  log: 'Messages',
};

export const CHINESE_NAMES: WidgetNames = {
  frameTitle: '聊天',
  launcher: '打开聊天',
  messageBox: '消息',
  send: '发送',
  log: '聊天记录',
};

/** The demo host page with the widget, seen the way a customer uses it: by roles and accessible names. */
export class WidgetPage {
  readonly frame: FrameLocator;

  constructor(
    readonly page: Page,
    readonly names: WidgetNames = ENGLISH_NAMES,
  ) {
    this.frame = page.frameLocator(`iframe[title="${names.frameTitle}"]`);
  }

  get launcher(): Locator {
    return this.page.getByRole('button', { name: this.names.launcher, exact: true });
  }

  get messageBox(): Locator {
    return this.frame.getByRole('textbox', { name: this.names.messageBox, exact: true });
  }

  /** Waits for a locator; when it never shows up, the error says what the panel showed instead. */
  async see(locator: Locator, timeout = 15000): Promise<void> {
    try {
      await locator.waitFor({ timeout });
    } catch (error) {
      const panel = await this.frame
        .locator('body')
        .innerText({ timeout: 2000 })
        .catch(() => '(unreadable)');
      throw new Error(`${(error as Error).message}\n--- the panel showed:\n${panel}`);
    }
  }

  async open(): Promise<void> {
    await this.launcher.click();
    await this.messageBox.waitFor({ state: 'visible' });
  }

  async send(text: string): Promise<void> {
    await this.messageBox.fill(text);
    await this.frame.getByRole('button', { name: this.names.send, exact: true }).click();
  }

  /** The list item holding one message bubble with exactly this text. */
  bubble(text: string): Locator {
    return this.frame
      .getByRole('log', { name: this.names.log })
      .getByRole('listitem')
      .filter({ has: this.frame.getByText(text, { exact: true }) });
  }

  tick(text: string): Locator {
    return this.bubble(text).getByRole('img');
  }

  /** Waits until the bubble's tick has this accessible name ('Sending', 'Delivered', 'Read'; '已送达', '已读'). */
  async waitForTick(text: string, label: string, timeoutMs = 10000): Promise<void> {
    await waitFor(async () => (await this.tick(text).getAttribute('aria-label')) === label, {
      timeoutMs,
      intervalMs: 100,
      what: `"${text}" to show ${label}`,
    });
  }
}

/** Waits for an element to settle at exactly this box (the launcher and panel animate for a moment). */
export async function waitForBox(
  locator: Locator,
  box: { x: number; y: number; width: number; height: number },
) {
  let last: unknown = null;
  await waitFor(
    async () => {
      last = await locator.boundingBox();
      return JSON.stringify(last) === JSON.stringify(box);
    },
    {
      timeoutMs: 5000,
      intervalMs: 100,
      what: `the box ${JSON.stringify(box)} (last ${JSON.stringify(last)})`,
    },
  );
}

/**
 * Cuts the widget's socket.io traffic on demand, both the WebSocket and the HTTP long-polling, as a lost
 * network would; existing WebSockets are closed so that socket.io notices at once.
 */
export class NetworkSwitch {
  private offline = false;
  private readonly sockets = new Set<WebSocketRoute>();

  static async install(context: BrowserContext): Promise<NetworkSwitch> {
    const network = new NetworkSwitch();
    await context.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (network.offline) {
        void ws.close();
        return;
      }
      ws.connectToServer();
      network.sockets.add(ws);
      ws.onClose(() => network.sockets.delete(ws));
    });
    await context.route(/\/socket\.io\//, (route) => (network.offline ? route.abort() : route.continue()));
    return network;
  }

  async goOffline(): Promise<void> {
    this.offline = true;
    await Promise.all([...this.sockets].map((ws) => ws.close()));
    this.sockets.clear();
  }

  goOnline(): void {
    this.offline = false;
  }
}

/** An agent driving the gateway with a plain socket.io client, as the agent console would. */
export class TestAgent {
  private constructor(
    private readonly gateway: GatewayProcess,
    private readonly token: string,
    readonly socket: Socket,
    readonly id: string,
    readonly name: string,
  ) {}

  /**
   * Signs in and connects, then waits until the widget's config says someone is online: presence follows the socket a
   * moment later, and a widget loaded before that shows the offline form (section 9) instead of the composer.
   */
  static async connect(gateway: GatewayProcess, email = 'agent1@example.com'): Promise<TestAgent> {
    const session = await loginAs(gateway.url, email, gateway.demoPassword);
    const socket = await connectAgent(gateway.url, session.token);
    await waitFor(
      async () =>
        ((await (await fetch(`${gateway.url}/api/widget/config`)).json()) as { online?: boolean }).online,
      { timeoutMs: 15000, intervalMs: 100, what: 'an agent online in the widget config' },
    );
    return new TestAgent(gateway, session.token, socket, session.user.id, session.user.name);
  }

  /** Waits for a queued conversation that `accept` picks, and grabs it. */
  async grab(accept: (conversation: Conversation) => boolean): Promise<Conversation> {
    const queued = await waitFor(
      async () => {
        const list = await emitOk<ConversationList>(this.socket, CLIENT_EVENTS.queueList, {});
        return list.conversations.find(accept);
      },
      { timeoutMs: 15000, intervalMs: 200, what: 'the widget conversation in the queue' },
    );
    return emitOk<Conversation>(this.socket, CLIENT_EVENTS.conversationGrab, { conversationId: queued.id });
  }

  async messages(conversationId: string, afterSeq = 0): Promise<Message[]> {
    const result = await emitOk<SyncResult>(this.socket, CLIENT_EVENTS.messagesSync, {
      conversationId,
      afterSeq,
      limit: 200,
    });
    return result.messages;
  }

  /** Waits until the conversation holds at least `count` messages after `afterSeq` (a bounded poll). */
  async waitForMessages(conversationId: string, count: number, afterSeq = 0): Promise<Message[]> {
    return waitFor(
      async () => {
        const messages = await this.messages(conversationId, afterSeq);
        return messages.length >= count ? messages : null;
      },
      { timeoutMs: 20000, intervalMs: 200, what: `${count} messages after seq ${afterSeq}` },
    );
  }

  /** `POST /api/attachments` as this agent; resolves with the attachment's id. */
  async upload(name: string, mime: string, bytes: Buffer): Promise<string> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type: mime }), name);
    const response = await fetch(`${this.gateway.url}/api/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}` },
      body: form,
    });
    if (!response.ok) throw new Error(`upload → ${response.status}: ${await response.text()}`);
    return ((await response.json()) as { attachment: { id: string } }).attachment.id;
  }

  /** `GET /api/conversations/:id` as this agent. */
  async conversation(conversationId: string): Promise<Conversation> {
    const response = await fetch(`${this.gateway.url}/api/conversations/${conversationId}`, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    if (!response.ok) throw new Error(`GET conversation → ${response.status}: ${await response.text()}`);
    return (await response.json()) as Conversation;
  }

  close(): void {
    this.socket.close();
  }
}

export interface StaticSite {
  url: string;
  close(): Promise<void>;
}

/** Serves one HTML page on 127.0.0.1 and a free port: a host site on an origin other than the gateway's. */
export function serveHtml(html: string, headers: Record<string, string> = {}): Promise<StaticSite> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
    response.end(html);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

/** A small landscape PNG (a sky-to-sea gradient with a sun), made here so the test carries no binary file. */
export function picturePng(width = 240, height = 150): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0);
    for (let x = 0; x < width; x++) {
      const sun = (x - width * 0.7) ** 2 + (y - height * 0.35) ** 2 < (height * 0.14) ** 2;
      const sea = y > height * 0.62;
      const t = y / height;
      const pixel = sun ? [253, 224, 71] : sea ? [30, 64 + 60 * t, 175] : [99 + 100 * t, 102 + 90 * t, 241];
      rows.push(...pixel.map(Math.round));
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * What pasting a screenshot into `box` does: a `paste` event whose DataTransfer holds a PNG file built in the
 * page (`box` in a frame works too).
 */
export async function pasteImage(box: Locator, png: Buffer, fileName = 'image.png'): Promise<void> {
  await box.evaluate(
    (element, { base64, name }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], name, { type: 'image/png' }));
      element.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    },
    { base64: png.toString('base64'), name: fileName },
  );
}
