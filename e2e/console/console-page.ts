import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { CLIENT_EVENTS, type Conversation } from '@switchboard/protocol';
import { connectCustomer, customerToken, emitOk, findRepoRoot, startGatewayProcess, waitFor, type GatewayProcess } from '@switchboard/testing';
import launch from './chromium-launch.json';

/** Debian's Chromium, headless, with nothing that reaches out to the network (shared with the screenshot script). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ ...launch, executablePath: process.env.CHROMIUM_PATH ?? launch.executablePath });
}

/** One signed-in console in its own browser context (its own storage: a separate person). */
export interface ConsoleUser {
  context: BrowserContext;
  page: Page;
  /** Content-Security-Policy violations reported in any page or frame of the context. */
  cspViolations: string[];
}

/**
 * Collects every CSP violation in a context: the `securitypolicyviolation` event of each document (frames
 * included), and Chromium's console and log entries about a refusal (a refused frame-ancestors is only logged
 * to the embedding page, as the refused document never runs).
 */
export async function recordCspViolations(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.exposeBinding('__reportCspViolation', (_source, text: string) => void violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportCspViolation(text: string): void }).__reportCspViolation;
      report(`${event.documentURI}: ${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} ${event.sample}`);
    });
  });
  const isViolation = (text: string) => /Content Security Policy/i.test(text);
  context.on('console', (message) => {
    if (message.type() === 'error' && isViolation(message.text())) violations.push(message.text());
  });
  context.on('page', (page) => {
    void (async () => {
      const cdp = await context.newCDPSession(page);
      cdp.on('Log.entryAdded', ({ entry }) => void (isViolation(entry.text) && violations.push(entry.text)));
      await cdp.send('Log.enable'); // also replays what was logged before
    })().catch(() => undefined); // the page closed first
  });
  return violations;
}

/** The sign-in screen's names in each console language. */
const SIGN_IN_NAMES = {
  en: { email: 'Email', password: 'Password', signIn: 'Sign in', live: 'Live' },
  'zh-CN': { email: '邮箱', password: '密码', signIn: '登录', live: '已连接' },
} as const;

export interface SignInOptions {
  /** The browser's language (the console follows it). */
  locale?: keyof typeof SIGN_IN_NAMES;
  /** Playwright's clock installed before the console loads: the test moves the console's time (page.clock). */
  fakeClock?: boolean;
}

export async function signIn(
  browser: Browser,
  baseUrl: string,
  email: string,
  password: string,
  path = '/agent/',
  options: SignInOptions = {},
): Promise<ConsoleUser> {
  const locale = options.locale ?? 'en';
  const names = SIGN_IN_NAMES[locale];
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, ...(options.locale ? { locale } : {}) });
  if (options.fakeClock) await context.clock.install();
  const cspViolations = await recordCspViolations(context);
  const page = await context.newPage();
  await page.goto(baseUrl + path);
  await page.getByLabel(names.email).fill(email);
  await page.getByLabel(names.password).fill(password);
  await page.getByRole('button', { name: names.signIn }).click();
  await page.getByText(names.live, { exact: true }).waitFor({ timeout: 15000 });
  return { context, page, cspViolations };
}

/** Polls a page-derived value until it matches (no fixed sleeps, bounded in time). */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  what: string,
  timeoutMs = 10000,
): Promise<T> {
  let last: T | undefined;
  try {
    const box = await waitFor(
      async () => {
        last = await read();
        return accept(last) ? { value: last } : null;
      },
      { timeoutMs, intervalMs: 100, what },
    );
    return box.value;
  } catch (error) {
    throw new Error(`${(error as Error).message} (last value: ${JSON.stringify(last)})`);
  }
}

export const queueRow = (page: Page, customer: string) =>
  page.getByRole('listitem', { name: `Inquiry from ${customer}` });
export const myConversations = (page: Page) => page.getByRole('list', { name: 'My conversations' });
export const myConversation = (page: Page, customer: string) =>
  myConversations(page).getByRole('button').filter({ hasText: customer });
export const text = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).first().textContent()) ?? '').trim();

/**
 * A gateway process and Chromium for one test file (started in beforeAll), and the consoles and sockets the tests
 * open, all closed in afterAll. Read the fields inside tests, once beforeAll has run.
 */
export function consoleFixture(env: Record<string, string> = {}) {
  const fixture = {
    gateway: null as unknown as GatewayProcess,
    browser: null as unknown as Browser,
    users: [] as ConsoleUser[],
    sockets: [] as Socket[],
    /** A customer (socket.io, as the widget) who starts a conversation with `text`. */
    async customer(name: string, text: string) {
      const auth = await customerToken(fixture.gateway.url, { name });
      const socket = await connectCustomer(fixture.gateway.url, auth.token);
      fixture.sockets.push(socket);
      const conversation = await emitOk<Conversation>(socket, CLIENT_EVENTS.conversationStart, { text });
      return { socket, conversation };
    },
  };
  beforeAll(async () => {
    // A shared, busy machine can take more than the default 30 s to start a gateway.
    fixture.gateway = await startGatewayProcess({ startTimeoutMs: 90_000, env });
    fixture.browser = await launchChromium();
  });
  afterAll(async () => {
    fixture.sockets.forEach((s) => s.close());
    await Promise.all(fixture.users.map((u) => u.context.close().catch(() => undefined)));
    await fixture.browser?.close();
    await fixture.gateway?.stop();
  });
  return fixture;
}

/** With SCREENSHOTS=1, saves the page as docs/images/<name>.png (the pointer parked out of the way first). */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  if (!process.env.SCREENSHOTS) return;
  await page.mouse.move(1, 1);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(findRepoRoot(), 'docs/images', `${name}.png`) });
}

/**
 * Signs `email` in to the fixture's gateway in a new browser context of `locale` (the console follows the browser's
 * language), by the sign-in form's names in that language; the context is closed with the fixture.
 */
export async function signInWithLocale(
  fixture: ReturnType<typeof consoleFixture>,
  email: string,
  locale: 'en-US' | 'zh-CN' = 'en-US',
): Promise<ConsoleUser> {
  const context = await fixture.browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
  const user = { context, page: await context.newPage(), cspViolations: await recordCspViolations(context) };
  fixture.users.push(user);
  const chinese = locale === 'zh-CN';
  await user.page.goto(`${fixture.gateway.url}/agent/`);
  await user.page.getByLabel(chinese ? '邮箱' : 'Email').fill(email);
  await user.page.getByLabel(chinese ? '密码' : 'Password').fill(fixture.gateway.demoPassword);
  await user.page.getByRole('button', { name: chinese ? '登录' : 'Sign in' }).click();
  await user.page.locator('.connection-connected').waitFor({ timeout: 15000 });
  return user;
}
