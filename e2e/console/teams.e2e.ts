// Issue 15, teams and automatic assignment in Chromium: a supervisor makes a team on the Teams screen (keyboard and
// mouse, both languages' names, a taken name refused in words, axe clean, on a desktop and on a phone), switches
// assignment to automatic, and a customer's conversation for that team arrives by itself in the console of the
// team's agent, while a team-less one goes to the least loaded other agent; the supervisor's live table shows and
// filters by team. With SCREENSHOTS=1 it saves docs/images/teams.png and docs/images/teams-phone.png.
import { DEFAULT_SETTINGS, type LoginResponse, type TeamListResponse } from '@switchboard/protocol';
import { connectCustomer, customerToken, emitOk, loginAs } from '@switchboard/testing';
import { expectNoSeriousAxeViolations } from '../accessibility';
import { WidgetPage } from '../widget/widget-page';
import {
  consoleFixture,
  eventually,
  myConversation,
  queueRow,
  recordCspViolations,
  saveScreenshot,
  signInWithLocale,
} from './console-page';

describe('teams and automatic assignment in the console (Chromium)', () => {
  const fixture = consoleFixture();
  let supervisorApi: LoginResponse;

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${fixture.gateway.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${supervisorApi.token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as unknown };
  };

  beforeAll(async () => {
    supervisorApi = await loginAs(
      fixture.gateway.url,
      'supervisor@example.com',
      fixture.gateway.demoPassword,
    );
  });

  it('makes a team, then an automatically assigned conversation arrives in the console of its agent', async () => {
    const sup = await signInWithLocale(fixture, 'supervisor@example.com');
    const page = sup.page;
    await page.getByRole('button', { name: 'Teams', exact: true }).click();
    const form = page.getByRole('region', { name: 'New team' });
    await form.getByLabel('Team name').fill('Billing');
    // members by keyboard: Tab to a checkbox, Space ticks it
    const ana = form.getByRole('checkbox', { name: 'Ana' });
    await ana.focus();
    await page.keyboard.press('Space');
    expect(await ana.isChecked()).toBe(true);
    await form.getByRole('button', { name: 'Add team' }).click();
    const row = page.getByRole('row', { name: 'Billing' });
    await row.getByText('Ana').waitFor();
    await form.getByLabel('Team name').fill('Shipping');
    await form.getByRole('checkbox', { name: 'Cy' }).check();
    await form.getByRole('button', { name: 'Add team' }).click();
    await page.getByRole('row', { name: 'Shipping' }).waitFor();
    await saveScreenshot(page, 'teams');
    // a taken name, in another case, is refused in words
    await form.getByLabel('Team name').fill('billing');
    await form.getByRole('button', { name: 'Add team' }).click();
    await form.getByRole('alert').getByText('A team with this name exists.').waitFor();
    await form.getByLabel('Team name').fill('');
    await expectNoSeriousAxeViolations(page, 'teams screen');

    // edit in a dialog: focus is inside it, Escape closes it
    await page.getByRole('button', { name: 'Edit team Shipping' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit team Shipping' });
    await dialog.getByLabel('Team name').waitFor();
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    await dialog.getByRole('checkbox', { name: 'Bo' }).check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('row', { name: 'Shipping' }).getByText('Cy, Bo').waitFor();
    await expectNoSeriousAxeViolations(page, 'teams screen after an edit');

    const teams = (await api('GET', '/api/teams')).body as TeamListResponse;
    const billing = teams.teams.find((t) => t.name === 'Billing');
    expect(billing?.agentIds).toHaveLength(1);
    expect((await api('PUT', '/api/settings', { ...DEFAULT_SETTINGS, assignment: 'auto' })).status).toBe(200);

    // Ana (Billing) and Bo (Shipping) sign in; Cy stays offline
    const anaConsole = await signInWithLocale(fixture, 'agent1@example.com');
    const boConsole = await signInWithLocale(fixture, 'agent2@example.com');
    const visitor = await customerToken(fixture.gateway.url, { name: 'Greta' });
    const socket = await connectCustomer(fixture.gateway.url, visitor.token);
    fixture.sockets.push(socket);
    await emitOk(socket, 'conversation.start', { text: 'My invoice is wrong', teamId: billing?.id });
    // it arrives by itself in Ana's conversations, never in Bo's
    await myConversation(anaConsole.page, 'Greta').waitFor({ timeout: 15000 });
    await myConversation(anaConsole.page, 'Greta').click();
    await anaConsole.page.getByRole('heading', { name: 'Greta', level: 1 }).waitFor();
    await anaConsole.page.getByRole('main').getByText('My invoice is wrong').first().waitFor();
    expect(await myConversation(boConsole.page, 'Greta').count()).toBe(0);

    // a team-less one goes to the least loaded: Bo
    await fixture.customer('Hugo', 'Where is my parcel?');
    await myConversation(boConsole.page, 'Hugo').waitFor({ timeout: 15000 });
    expect(await myConversation(anaConsole.page, 'Hugo').count()).toBe(0);
    expect(anaConsole.cspViolations).toEqual([]);

    // the supervisor's live table: a team column, filtered by team
    await page.getByRole('button', { name: 'Supervisor' }).click();
    const table = page.getByRole('table', { name: 'Live conversations' });
    await table
      .getByRole('row', { name: /with Greta/ })
      .getByText('Billing')
      .waitFor();
    await table
      .getByRole('row', { name: /with Hugo/ })
      .getByText('No team')
      .waitFor();
    await page.getByLabel('Filter by team').selectOption({ label: 'Billing' });
    await eventually(
      () => table.getByRole('row', { name: /with Hugo/ }).count(),
      (n) => n === 0,
      'Hugo filtered out',
    );
    await table.getByRole('row', { name: /with Greta/ }).waitFor();
    // the agents table shows their teams
    await page
      .getByRole('table', { name: 'Agents' })
      .getByRole('row', { name: 'Ana' })
      .getByText('Billing')
      .waitFor();
    await expectNoSeriousAxeViolations(page, 'supervisor view with teams');
    expect(sup.cspViolations).toEqual([]);
  });

  it('names the Teams screen in Chinese and fits a phone', async () => {
    const zh = await signInWithLocale(fixture, 'supervisor@example.com', 'zh-CN');
    await zh.page.goto(`${fixture.gateway.url}/agent/teams`);
    await zh.page.getByRole('region', { name: '新建团队' }).getByLabel('团队名称').waitFor();
    await zh.page.getByRole('row', { name: 'Billing' }).waitFor();
    await expectNoSeriousAxeViolations(zh.page, 'teams screen in zh-CN');

    const context = await fixture.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    fixture.users.push({ context, page, cspViolations: await recordCspViolations(context) });
    await page.goto(`${fixture.gateway.url}/agent/teams`);
    await page.getByLabel('Email').fill('supervisor@example.com');
    await page.getByLabel('Password').fill(fixture.gateway.demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).tap();
    await page.getByRole('row', { name: 'Billing' }).waitFor({ timeout: 15000 });
    const fits = await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth);
    expect(fits).toBe(true);
    // the cards take the phone's width
    const cardWidth = await page
      .getByRole('region', { name: 'New team' })
      .evaluate((el) => el.getBoundingClientRect().width);
    expect(cardWidth).toBeGreaterThan(390 * 0.9);
    await page.getByRole('button', { name: 'Edit team Billing' }).tap();
    await page
      .getByRole('dialog', { name: 'Edit team Billing' })
      .getByRole('checkbox', { name: 'Ana' })
      .waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('region', { name: 'New team' }).getByLabel('Team name').waitFor();
    await expectNoSeriousAxeViolations(page, 'teams screen on a phone');
    await saveScreenshot(page, 'teams-phone');
  });

  it("the widget's pre-chat form offers the teams; the chosen one's agents find the conversation in their queue", async () => {
    expect((await api('PUT', '/api/settings', { ...DEFAULT_SETTINGS, assignment: 'grab' })).status).toBe(200);
    const ana = await signInWithLocale(fixture, 'agent1@example.com'); // Billing
    const bo = await signInWithLocale(fixture, 'agent2@example.com'); // Shipping
    const context = await fixture.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    fixture.users.push({ context, page, cspViolations: await recordCspViolations(context) });
    const widget = new WidgetPage(page);
    await page.goto(`${fixture.gateway.url}/`);
    await widget.open();
    const team = widget.frame.getByRole('combobox', { name: 'Team' });
    await widget.see(team);
    expect(await team.locator('option').allTextContents()).toEqual(
      expect.arrayContaining(['Billing', 'Shipping']),
    );
    await team.selectOption({ label: 'Shipping' });
    await widget.send('My parcel never came');
    await widget.bubble('My parcel never came').waitFor();
    const inQueue = (user: { page: typeof page }) =>
      user.page
        .getByRole('list', { name: 'Queue' })
        .getByRole('listitem')
        .filter({ hasText: 'My parcel never came' });
    await inQueue(bo).first().waitFor({ timeout: 15000 });
    // Ana is not in Shipping, and Shipping has Bo online: it never reaches her queue (a second to be sure)
    await ana.page.waitForTimeout(1000);
    expect(await inQueue(ana).count()).toBe(0);
    // a team-less question reaches both, so Ana's queue is live
    await fixture.customer('Ines', 'Any team will do');
    await queueRow(ana.page, 'Ines').waitFor({ timeout: 15000 });
    expect(await inQueue(ana).count()).toBe(0);
    await expectNoSeriousAxeViolations(page, 'widget pre-chat form with a team choice');
  });
});
