import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { waitFor } from '@switchboard/testing';
import launch from './chromium-launch.json';

/** Debian's Chromium, headless, with nothing that reaches out to the network (shared with the screenshot script). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ ...launch, executablePath: process.env.CHROMIUM_PATH ?? launch.executablePath });
}

/** One signed-in console in its own browser context (its own localStorage: a separate person). */
export interface ConsoleUser {
  context: BrowserContext;
  page: Page;
}

export async function signIn(
  browser: Browser,
  baseUrl: string,
  email: string,
  password: string,
  path = '/agent/',
): Promise<ConsoleUser> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(baseUrl + path);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Live', { exact: true }).waitFor({ timeout: 15000 });
  return { context, page };
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
