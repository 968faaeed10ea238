// Issue 17, the Reports screen in Chromium: three conversations made through the protocol (two answered, closed and
// rated, one still waiting), then the supervisor's Reports screen: the headline figures, the charts, the per-agent
// table sorted by a header, the agent filter, a custom range with nothing in it, the CSV download, the phone layout,
// and the screen in Chinese. axe clean. With SCREENSHOTS=1 it saves docs/images/reports.png and reports-zh-CN.png.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { CLIENT_EVENTS as E } from '@switchboard/protocol';
import { clientMsgId, connectAgent, emitOk, loginAs } from '@switchboard/testing';
import { expectNoSeriousAxeViolations } from '../accessibility';
import { consoleFixture, eventually, saveScreenshot, signInWithLocale, text } from './console-page';

describe('the Reports screen (Chromium)', () => {
  const fixture = consoleFixture();
  const agents: Socket[] = [];

  async function agent(email: string) {
    const login = await loginAs(fixture.gateway.url, email, fixture.gateway.demoPassword);
    const socket = await connectAgent(fixture.gateway.url, login.token);
    agents.push(socket);
    return socket;
  }
  afterAll(() => agents.forEach((s) => s.close()));

  /** A conversation the agent answers and closes, and the customer rates. */
  async function served(name: string, by: Socket, score: number) {
    const { socket, conversation } = await fixture.customer(name, 'Where is my order?');
    const conversationId = conversation.id;
    await emitOk(by, E.conversationGrab, { conversationId });
    await emitOk(by, E.messageSend, { conversationId, clientMsgId: clientMsgId(), text: 'Let me check.' });
    await emitOk(by, E.conversationClose, { conversationId, force: true });
    await emitOk(socket, E.conversationRate, { conversationId, score });
  }

  const openReports = async (page: Page, name: string) => {
    await page.getByRole('navigation').getByRole('button', { name }).click();
    await page.getByTestId('report-conversations').waitFor();
  };
  const figure = (page: Page, id: string) => text(page, id);

  beforeAll(async () => {
    const ana = await agent('agent1@example.com');
    const bo = await agent('agent2@example.com');
    await served('Zoe', ana, 4);
    await served('王伟', bo, 5);
    await served('Yusuf', bo, 3);
    await fixture.customer('Adam', 'Anyone there?');
  }, 60_000);

  it('shows the figures, the charts and the per-agent table, filters, and downloads the CSV', async () => {
    const sup = await signInWithLocale(fixture, 'supervisor@example.com');
    const { page } = sup;
    await openReports(page, 'Reports');
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    await page.getByText('Days in UTC').waitFor();
    expect(await figure(page, 'report-conversations')).toBe('4');
    expect(await figure(page, 'report-closed')).toBe('3');
    expect(await figure(page, 'report-csat')).toBe('4 / 5');
    await page.getByText('3 ratings').waitFor();
    for (const chart of [
      'Conversations and median wait per day',
      'First response times',
      'Resolution times',
      'Satisfaction ratings',
    ]) {
      const region = page.getByRole('region', { name: chart });
      await region.locator('.recharts-surface').first().waitFor();
    }
    // the per-agent table: Bo (2) before Ana (1) by conversations; by name ascending after two clicks
    const table = page.getByRole('table', { name: 'By agent' });
    const names = () => table.locator('tbody tr td:first-child').allTextContents();
    expect(await names()).toEqual(['Bo', 'Ana']);
    await table.getByRole('button', { name: 'Agent' }).click();
    await table.getByRole('button', { name: 'Agent' }).click();
    expect(await table.getByRole('columnheader', { name: 'Agent' }).getAttribute('aria-sort')).toBe(
      'ascending',
    );
    expect(await names()).toEqual(['Ana', 'Bo']);
    expect(await table.getByRole('row', { name: 'Bo' }).locator('td').allTextContents()).toEqual([
      'Bo',
      '2',
      '2',
      expect.any(String),
      '4',
      '2',
    ]);
    await expectNoSeriousAxeViolations(page, 'reports screen');
    await saveScreenshot(page, 'reports');

    // the agent filter: Ana's one conversation
    await page.getByRole('combobox', { name: 'Agent' }).selectOption({ label: 'Ana' });
    await eventually(
      () => figure(page, 'report-conversations'),
      (v) => v === '1',
      'Ana’s conversations',
    );
    expect(await figure(page, 'report-csat')).toBe('4 / 5');
    await page.getByRole('combobox', { name: 'Agent' }).selectOption({ label: 'All agents' });
    await eventually(
      () => figure(page, 'report-conversations'),
      (v) => v === '4',
      'everyone’s conversations',
    );

    // the CSV of the same range: BOM, header, one row per conversation, the Chinese name intact
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const csv = readFileSync(await download.path());
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'number,customer,team,agent,state,created,assigned,closed,wait,first response,resolution,rating',
    );
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[1])
        .sort(),
    ).toEqual(['Adam', 'Yusuf', 'Zoe', '王伟']);
    await page.getByText('The CSV is downloaded.').waitFor();

    // a custom range of days long gone: nothing in it
    await page.getByRole('button', { name: 'Custom' }).click();
    await page.getByLabel('From').fill('2020-01-01');
    await page.getByLabel('To').fill('2020-01-31');
    await eventually(
      () => figure(page, 'report-conversations'),
      (v) => v === '0',
      'an empty range',
    );
    expect(await figure(page, 'report-wait')).toBe('—');
    await page.getByText('No agent handled a conversation in this range.').waitFor();
    await expectNoSeriousAxeViolations(page, 'reports screen, empty range');
  });

  it('fits a phone: opened at its address, one column, nothing wider than the screen', async () => {
    const context = await fixture.browser.newContext({
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
    });
    const page = await context.newPage();
    fixture.users.push({ context, page, cspViolations: [] });
    await page.goto(`${fixture.gateway.url}/agent/reports`);
    await page.getByLabel('Email').fill('supervisor@example.com');
    await page.getByLabel('Password').fill(fixture.gateway.demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('report-conversations').waitFor({ timeout: 15000 });
    expect(await figure(page, 'report-conversations')).toBe('4');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectNoSeriousAxeViolations(page, 'reports on a phone');
  });

  it('reads in Chinese', async () => {
    const sup = await signInWithLocale(fixture, 'supervisor@example.com', 'zh-CN');
    const { page } = sup;
    await openReports(page, '报表');
    await page.getByRole('heading', { name: '报表', level: 1 }).waitFor();
    await page.getByRole('region', { name: '每日会话数与等待时长中位数' }).waitFor();
    await page.getByRole('table', { name: '按客服' }).waitFor();
    await page.getByRole('button', { name: '下载 CSV' }).waitFor();
    expect(await figure(page, 'report-conversations')).toBe('4');
    await page.getByText('3 个评分').waitFor();
    await expectNoSeriousAxeViolations(page, 'reports screen in Chinese');
    await saveScreenshot(page, 'reports-zh-CN');
  });
});
