// Issue 13 end to end in Chromium: a customer on a Chinese site (the widget with data-locale="zh-CN") and two agents
// whose browsers speak Chinese go through a whole conversation — start, grab by 抢单, replies both ways, transfer by
// 转接 and 接受, close by 结束会话 — each side by the zh-CN accessible names of PROTOCOL section 10, and every system
// message (stored in English) reads in Chinese on both sides.
import type { Page } from 'playwright-core';
import { loginAs } from '@switchboard/testing';
import { CHINESE_NAMES, WidgetPage } from '../widget/widget-page';
import { consoleFixture, recordCspViolations, type ConsoleUser } from './console-page';

describe('a whole conversation in Chinese, widget and console (Chromium)', () => {
  const fixture = consoleFixture();

  async function agentConsole(email: string): Promise<ConsoleUser> {
    const context = await fixture.browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const user = { context, page: await context.newPage(), cspViolations: await recordCspViolations(context) };
    fixture.users.push(user);
    await user.page.goto(`${fixture.gateway.url}/agent/`);
    await user.page.getByLabel('邮箱').fill(email);
    await user.page.getByLabel('密码').fill(fixture.gateway.demoPassword);
    await user.page.getByRole('button', { name: '登录' }).click();
    await user.page.getByText('已连接', { exact: true }).waitFor({ timeout: 15000 });
    return user;
  }

  const thread = (page: Page) => page.getByRole('log', { name: '消息记录' });

  it('starts, grabs, replies, transfers, accepts and closes by the Chinese names on both sides', async () => {
    const name = async (email: string) => (await loginAs(fixture.gateway.url, email, fixture.gateway.demoPassword)).user.name;
    const [anaName, boName] = [await name('agent1@example.com'), await name('agent2@example.com')];
    const [ana, bo] = [await agentConsole('agent1@example.com'), await agentConsole('agent2@example.com')];

    // The customer, in an English browser on a Chinese site: the site's data-locale decides.
    const site = await fixture.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    fixture.users.push({ context: site, page: await site.newPage(), cspViolations: await recordCspViolations(site) });
    const customerPage = fixture.users[fixture.users.length - 1].page;
    const widget = new WidgetPage(customerPage, CHINESE_NAMES);
    await customerPage.goto(`${fixture.gateway.url}/?locale=zh-CN`);
    await widget.open();
    await widget.frame.getByRole('textbox', { name: '您的称呼' }).fill('李娜');
    await widget.send('我想申请退款，谢谢');
    await widget.see(widget.bubble('我想申请退款，谢谢'));

    // Ana grabs it by 抢单 and answers; the customer reads the join line in Chinese.
    const inquiry = ana.page.getByRole('listitem', { name: '来自 李娜 的咨询' });
    await inquiry.getByText('我想申请退款，谢谢').waitFor();
    await inquiry.getByRole('button', { name: '抢单' }).click();
    await ana.page.getByRole('heading', { name: '李娜', level: 1 }).waitFor();
    await widget.see(widget.frame.getByText(`${anaName} 已加入会话`, { exact: true }));
    const anaBox = ana.page.getByRole('textbox', { name: '消息' });
    await anaBox.fill('您好，马上为您处理。');
    await anaBox.press('Enter');
    await widget.see(widget.bubble('您好，马上为您处理。'));
    await widget.send('好的');
    await thread(ana.page).getByText('好的', { exact: true }).waitFor();

    // Transfer by 转接 to Bo, who accepts by 接受: both sides read the system lines in Chinese.
    await ana.page.getByRole('button', { name: '转接', exact: true }).click();
    const dialog = ana.page.getByRole('dialog', { name: '转接会话' });
    await dialog.getByRole('radio', { name: new RegExp(boName) }).check();
    await dialog.getByRole('button', { name: '转接', exact: true }).click();
    const offer = bo.page.getByRole('listitem', { name: '转接请求：李娜' });
    await offer.getByRole('button', { name: '接受' }).click();
    await bo.page.getByRole('heading', { name: '李娜', level: 1 }).waitFor();
    const accepted = `${boName} 接受了 ${anaName} 的转接`;
    await thread(bo.page).getByText(accepted).waitFor();
    await widget.see(widget.frame.getByText(accepted, { exact: true }));

    // Bo closes by 结束会话; the widget shows the closing line in Chinese.
    await bo.page.getByRole('button', { name: '结束会话' }).click();
    await bo.page.getByRole('dialog', { name: '结束会话' }).getByRole('button', { name: '立即结束' }).click();
    await thread(bo.page).getByText(`${boName} 已结束会话`).waitFor();
    await widget.see(widget.frame.getByText(`${boName} 已结束会话`, { exact: true }));
    expect(await widget.frame.getByText(/joined|transfer|Closed by/).count()).toBe(0);
    expect(fixture.users.flatMap((user) => user.cspViolations)).toEqual([]);
  });
});
