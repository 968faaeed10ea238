// Issue 14, slice "labels", in Chromium: a supervisor adds labels on the Labels & blocks screen, an agent labels a
// conversation from its header, the chips show in the lists, and the supervisor's live table filters by label; an
// agent blocks a visitor from the details panel and the visitor's widget is refused. With SWITCHBOARD_SCREENSHOTS set
// to a folder, it also writes console-labels.png, console-labels-zh-CN.png and console-block-dialog.png there.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expectNoSeriousAxeViolations } from '../accessibility';
import { WidgetPage } from '../widget/widget-page';
import { consoleFixture, eventually, myConversation, queueRow, recordCspViolations, type ConsoleUser } from './console-page';

const SHOTS = process.env.SWITCHBOARD_SCREENSHOTS;
const shoot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
};

describe('labels and blocking in the console (Chromium)', () => {
  const fixture = consoleFixture();

  async function signIn(email: string, locale: 'en-US' | 'zh-CN' = 'en-US', where = '/agent/'): Promise<ConsoleUser> {
    const context = await fixture.browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
    const cspViolations = await recordCspViolations(context);
    const page = await context.newPage();
    await page.goto(`${fixture.gateway.url}${where}`);
    const user = { context, page, cspViolations };
    fixture.users.push(user);
    await page.getByLabel(locale === 'zh-CN' ? '邮箱' : 'Email').fill(email);
    await page.getByLabel(locale === 'zh-CN' ? '密码' : 'Password').fill(fixture.gateway.demoPassword);
    await page.getByRole('button', { name: locale === 'zh-CN' ? '登录' : 'Sign in' }).click();
    await page.locator('.connection-connected').waitFor({ timeout: 15000 });
    return user;
  }

  it('adds labels, labels a conversation from its header, shows the chips and filters the supervisor table', async () => {
    const sup = await signIn('supervisor@example.com');
    await sup.page.getByRole('button', { name: 'Labels & blocks' }).click();
    const form = sup.page.getByRole('region', { name: 'New label' });
    for (const [name, color] of [
      ['VIP', '#7c3aed'],
      ['Billing', '#facc15'],
      ['Refund', '#0e7490'],
    ]) {
      await form.getByLabel('Name').fill(name);
      await form.getByLabel('Colour').fill(color);
      await form.getByRole('button', { name: 'Add label' }).click();
      await sup.page.getByRole('listitem', { name }).waitFor();
    }
    // a name taken in another case is refused in words
    await form.getByLabel('Name').fill('vip');
    await form.getByRole('button', { name: 'Add label' }).click();
    await form.getByRole('alert').getByText('A label with this name already exists.').waitFor();
    await expectNoSeriousAxeViolations(sup.page, 'labels and blocks screen');

    const zoe = await fixture.customer('Zoe', 'My invoice is wrong');
    await fixture.customer('Adam', 'Where is my parcel?');
    const ana = await signIn('agent1@example.com');
    await queueRow(ana.page, 'Zoe').getByRole('button', { name: 'Grab' }).click();
    await myConversation(ana.page, 'Zoe').waitFor();
    await ana.page.getByRole('button', { name: 'Labels', exact: true }).click();
    const dialog = ana.page.getByRole('dialog', { name: 'Labels' });
    // each box is saved at once; it shows ticked when the gateway has the new list
    for (const name of ['VIP', 'Billing']) {
      await dialog.getByRole('checkbox', { name }).click();
      await eventually(() => dialog.getByRole('checkbox', { name }).isChecked(), Boolean, `${name} to be saved`);
    }
    expect(await dialog.getByRole('checkbox', { name: 'Refund' }).isChecked()).toBe(false);
    await expectNoSeriousAxeViolations(ana.page, 'labels dialog open');
    await shoot(ana.page, 'console-labels');
    await dialog.getByRole('button', { name: 'Done' }).click();

    const header = ana.page.locator('.conversation-header');
    await header.getByText('VIP', { exact: true }).waitFor();
    await header.getByText('Billing', { exact: true }).waitFor();
    await myConversation(ana.page, 'Zoe').getByText('VIP', { exact: true }).waitFor();
    await expectNoSeriousAxeViolations(ana.page, 'labelled conversation (chips in header and list)');
    expect(zoe.conversation.id).toBeTruthy();

    // the supervisor's live table filters by label
    await sup.page.getByRole('button', { name: 'Supervisor' }).click();
    const table = sup.page.getByRole('table', { name: 'Live conversations' });
    await table.getByRole('row', { name: /with Adam/ }).waitFor();
    await table.getByRole('row', { name: /with Zoe/ }).getByText('VIP', { exact: true }).waitFor();
    await sup.page.getByRole('combobox', { name: 'Filter by label' }).selectOption('VIP');
    await eventually(() => table.getByRole('row', { name: /with Adam/ }).count(), (n) => n === 0, 'Adam filtered out');
    expect(await table.getByRole('row', { name: /with Zoe/ }).count()).toBe(1);
    await sup.page.getByRole('combobox', { name: 'Filter by label' }).selectOption('Refund');
    await sup.page.getByText('No live conversation has this label.').waitFor();
    await sup.page.getByRole('combobox', { name: 'Filter by label' }).selectOption('');
    await table.getByRole('row', { name: /with Adam/ }).waitFor();
    await expectNoSeriousAxeViolations(sup.page, 'supervisor view with label filter');

    // the same agent in Chinese: 标签 and 按标签筛选
    const zh = await signIn('agent1@example.com', 'zh-CN');
    await zh.page.getByRole('list', { name: '我的会话' }).getByRole('button').filter({ hasText: 'Zoe' }).click();
    await zh.page.getByRole('button', { name: '标签', exact: true }).click();
    await zh.page.getByRole('dialog', { name: '标签' }).getByRole('checkbox', { name: 'VIP' }).waitFor();
    await shoot(zh.page, 'console-labels-zh-CN');
    const supZh = await signIn('supervisor@example.com', 'zh-CN', '/agent/supervisor');
    await supZh.page.getByRole('combobox', { name: '按标签筛选' }).waitFor();

    // deleting a label, after confirming, takes it off the conversation everywhere
    await sup.page.getByRole('button', { name: 'Labels & blocks' }).click();
    await sup.page.getByRole('button', { name: 'Delete label Billing' }).click();
    await sup.page.getByRole('dialog', { name: 'Delete label “Billing”?' }).getByRole('button', { name: 'Delete' }).click();
    await eventually(() => header.getByText('Billing', { exact: true }).count(), (n) => n === 0, 'Billing chip gone');
    for (const user of [sup, ana, zh, supZh]) expect(user.cspViolations).toEqual([]);
  });

  it('blocks a visitor from the details panel; the widget is refused, and a supervisor lifts the block', async () => {
    const context = await fixture.browser.newContext({ viewport: { width: 1280, height: 800 } });
    fixture.users.push({ context, page: await context.newPage(), cspViolations: [] });
    const page = context.pages()[0];
    const widget = new WidgetPage(page);
    await page.goto(`${fixture.gateway.url}/`);
    await widget.open();
    await widget.send('you are all useless');
    await widget.bubble('you are all useless').waitFor();

    const bo = await signIn('agent2@example.com');
    const row = bo.page.getByRole('listitem').filter({ hasText: 'you are all useless' });
    await row.getByRole('button', { name: 'Grab' }).click();
    await bo.page.getByRole('button', { name: 'Block visitor' }).click();
    const dialog = bo.page.getByRole('dialog', { name: /^Block / });
    const confirm = dialog.getByRole('button', { name: 'Block visitor' });
    expect(await confirm.isDisabled()).toBe(true); // the reason is required
    await dialog.getByLabel('Reason').fill('Abusive language');
    await expectNoSeriousAxeViolations(bo.page, 'block visitor dialog');
    await shoot(bo.page, 'console-block-dialog');
    await confirm.click();
    await bo.page.getByText(/is blocked\.$/).waitFor();

    // the widget sees the chat end, and a new chat is refused politely
    await widget.frame.getByRole('button', { name: 'Start a new chat' }).waitFor({ timeout: 15000 });
    await widget.frame.getByRole('button', { name: 'Start a new chat' }).click();
    await widget.send('let me back in');
    await widget.see(widget.frame.getByRole('alert').getByText('Sorry, you cannot chat with us here. Please contact us another way.'));
    // a reload (the same browser) is still the blocked visitor
    await page.reload();
    await widget.open();
    await widget.send('and again');
    await widget.see(widget.frame.getByText('Sorry, you cannot chat with us here. Please contact us another way.'));

    const sup = await signIn('supervisor@example.com', 'en-US', '/agent/labels');
    const blocked = sup.page.getByRole('table', { name: 'Blocked visitors' });
    const entry = blocked.getByRole('row').filter({ hasText: 'Abusive language' });
    await entry.waitFor();
    await expectNoSeriousAxeViolations(sup.page, 'blocked visitors list');
    await entry.getByRole('button', { name: /^Unblock / }).click();
    await sup.page.getByText(/can chat again\.$/).waitFor();
    await sup.page.getByText('Nobody is blocked.').waitFor();
  });
});
