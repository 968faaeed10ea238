// Issue 15 in Chromium: a supervisor opens Settings from the top bar, sees an invalid range refused at its field
// before anything is saved, changes the time zone, business hours, a holiday, the automatic messages, a pre-chat
// field and the assignment mode, saves, reloads and finds them again; the same screen in zh-CN, and in the phone's
// menu. With SCREENSHOTS=1 it saves settings.png and settings-zh-CN.png in docs/images.
import { expectNoSeriousAxeViolations } from '../accessibility';
import { consoleFixture, eventually, saveScreenshot, signInWithLocale } from './console-page';

describe('the supervisor settings screen (Chromium)', () => {
  const fixture = consoleFixture();

  it('refuses an invalid range at its field, saves the settings and shows them again after a reload', async () => {
    const sup = await signInWithLocale(fixture, 'supervisor@example.com');
    const { page } = sup;
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    const always = page.getByRole('checkbox', { name: 'Always open (no business hours)' });
    expect(await always.isChecked()).toBe(true);

    await page.getByRole('combobox', { name: 'Time zone' }).fill('Asia/Shanghai');
    await always.uncheck();
    const until = page.getByRole('textbox', { name: 'Monday, range 1, until' });
    await until.fill('08:00');
    expect(await until.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('This range ends before it starts.').waitFor();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('alert').filter({ hasText: 'Fix the problem marked above to save.' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'settings screen with a problem');

    await until.fill('12:00');
    await page.getByRole('button', { name: 'Add range on Monday' }).click();
    await page.getByRole('textbox', { name: 'Monday, range 2, from' }).fill('13:00');
    await page.getByRole('textbox', { name: 'Monday, range 2, until' }).fill('18:00');
    await page.getByRole('button', { name: 'Remove Friday range 1' }).click();
    await page.getByLabel('Date', { exact: true }).fill('2026-10-01');
    await page.getByRole('button', { name: 'Add holiday' }).click();
    await page
      .getByRole('textbox', { name: 'Welcome message' })
      .fill('Hi! An agent will be with you shortly.');
    await page.getByRole('checkbox', { name: 'Tell a customer who is still waiting' }).check();
    await page.getByRole('spinbutton', { name: 'After (seconds)' }).fill('90');
    await page.getByRole('textbox', { name: 'Notice text' }).fill('Thanks for waiting, we are still here.');
    await page.getByRole('checkbox', { name: 'Close a conversation whose customer has gone quiet' }).check();
    await page.getByRole('button', { name: 'Add field' }).click();
    const field = page.getByRole('listitem', { name: 'Field 1' });
    await field.getByRole('textbox', { name: 'Key' }).fill('order');
    await field.getByRole('textbox', { name: 'Label' }).fill('Order number');
    await field.getByRole('checkbox', { name: 'Required' }).check();
    await page.getByRole('radio', { name: /^Automatic/ }).check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'settings screen saved');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'settings');

    await page.reload();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await eventually(
      () => page.getByRole('combobox', { name: 'Time zone' }).inputValue(),
      (zone) => zone === 'Asia/Shanghai',
      'the saved time zone',
    );
    expect(await page.getByRole('checkbox', { name: 'Always open (no business hours)' }).isChecked()).toBe(
      false,
    );
    expect(await page.getByRole('textbox', { name: 'Monday, range 2, from' }).inputValue()).toBe('13:00');
    expect(
      await page.getByRole('listitem', { name: 'Friday' }).getByText('Closed', { exact: true }).count(),
    ).toBe(1);
    await page.getByRole('button', { name: 'Remove holiday 2026-10-01' }).waitFor();
    expect(await page.getByRole('spinbutton', { name: 'After (seconds)' }).inputValue()).toBe('90');
    expect(
      await page
        .getByRole('listitem', { name: 'Field 1' })
        .getByRole('textbox', { name: 'Key' })
        .inputValue(),
    ).toBe('order');
    expect(await page.getByRole('radio', { name: /^Automatic/ }).isChecked()).toBe(true);

    // the widget's first screen now asks for the order number
    const config = await (await fetch(`${fixture.gateway.url}/api/widget/config`)).json();
    expect(config.preChatFields).toEqual([
      { key: 'order', label: 'Order number', type: 'text', required: true },
    ]);
    expect(sup.cspViolations).toEqual([]);
  });

  it('speaks Chinese, and is in the phone menu', async () => {
    const zh = await signInWithLocale(fixture, 'supervisor@example.com', 'zh-CN');
    await zh.page.getByRole('button', { name: '设置', exact: true }).click();
    await zh.page.getByRole('heading', { name: '设置', level: 1 }).waitFor();
    await zh.page.getByRole('checkbox', { name: '全天营业（不设营业时间）' }).waitFor();
    await zh.page.getByRole('textbox', { name: '星期一，时段 2，开始' }).waitFor();
    await zh.page.getByRole('button', { name: '保存设置' }).waitFor();
    await expectNoSeriousAxeViolations(zh.page, 'settings screen in Chinese');
    await saveScreenshot(zh.page, 'settings-zh-CN');

    await zh.page.setViewportSize({ width: 390, height: 844 });
    await zh.page.goto(`${fixture.gateway.url}/agent/`);
    await zh.page.locator('.connection-connected').waitFor({ timeout: 15000 });
    await zh.page.getByRole('button', { name: '菜单', exact: true }).click();
    await zh.page.getByRole('button', { name: '设置', exact: true }).click();
    await zh.page.getByRole('heading', { name: '设置', level: 1 }).waitFor();
  });
});
