import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SwitchboardError } from '@switchboard/client';
import { DEFAULT_SETTINGS, validateSettings, type Settings } from '@switchboard/protocol';
import { FakeClient, renderWithWorkspace } from '../test-utils';
import { SettingsScreen } from './SettingsScreen';

jest.setTimeout(40_000);

/** Types a whole value at once (a change event, as a paste would). */
const fill = (element: HTMLElement, value: string) => fireEvent.change(element, { target: { value } });

const clone = <T,>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** GET and PUT /api/settings played in memory with the gateway's own rule (validateSettings). */
class SettingsClient extends FakeClient {
  settings: Settings = clone({ ...DEFAULT_SETTINGS });
  readonly puts: unknown[] = [];
  /** A refusal the next PUT answers with, as a 400 of the gateway carries it. */
  refuse: SwitchboardError | null = null;

  override async api(path: string, init: RequestInit = {}) {
    if (path !== '/api/settings') return super.api(path, init);
    if ((init.method ?? 'GET') === 'GET') return clone(this.settings);
    const body: unknown = JSON.parse(init.body as string);
    this.puts.push(body);
    if (this.refuse) throw this.refuse;
    const result = validateSettings(body);
    if (!result.ok) throw new SwitchboardError('bad_request', 'invalid settings', result.problems, 400);
    this.settings = result.settings;
    return clone(this.settings);
  }
}

function show(client = new SettingsClient(), locale: 'en' | 'zh-CN' = 'en') {
  renderWithWorkspace(<SettingsScreen />, client, undefined, { locale });
  return client;
}

describe('SettingsScreen', () => {
  it('loads the settings, edits hours, holidays, messages and fields, and saves them whole', async () => {
    const client = show();
    const always = await screen.findByRole('checkbox', { name: 'Always open (no business hours)' });
    expect(always).toBeChecked();
    fill(screen.getByLabelText('Time zone'), 'Europe/Berlin');
    await userEvent.click(always);
    // a working week to start from; a second range on Monday
    expect(screen.getByRole('textbox', { name: 'Friday, range 1, from' })).toHaveValue('09:00');
    await userEvent.click(screen.getByRole('button', { name: 'Add range on Monday' }));
    const from = screen.getByRole('textbox', { name: 'Monday, range 2, from' });
    fill(from, '18:00');
    fill(screen.getByRole('textbox', { name: 'Monday, range 2, until' }), '20:00');
    await userEvent.click(screen.getByRole('button', { name: 'Remove Friday range 1' }));
    expect(within(screen.getByRole('listitem', { name: 'Friday' })).getByText('Closed')).toBeInTheDocument();
    fill(screen.getByLabelText('Date'), '2026-12-25');
    await userEvent.click(screen.getByRole('button', { name: 'Add holiday' }));
    expect(screen.getByRole('button', { name: 'Remove holiday 2026-12-25' })).toBeInTheDocument();
    fill(screen.getByRole('textbox', { name: 'Welcome message' }), 'Hello!');
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Close a conversation whose customer has gone quiet' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Add field' }));
    const field = screen.getByRole('listitem', { name: 'Field 1' });
    fill(within(field).getByRole('textbox', { name: 'Key' }), 'order');
    fill(within(field).getByRole('textbox', { name: 'Label' }), 'Order number');
    await userEvent.click(within(field).getByRole('checkbox', { name: 'Required' }));
    await userEvent.click(screen.getByRole('radio', { name: /Automatic/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Settings saved.');
    expect(client.settings).toMatchObject({
      timezone: 'Europe/Berlin',
      holidays: ['2026-12-25'],
      welcomeMessage: 'Hello!',
      idleClose: { afterMinutes: 30 },
      preChatFields: [{ key: 'order', label: 'Order number', type: 'text', required: true }],
      assignment: 'auto',
    });
    expect(client.settings.businessHours?.mon).toEqual([
      ['09:00', '17:00'],
      ['18:00', '20:00'],
    ]);
    expect(client.settings.businessHours?.fri).toEqual([]);
  });

  it("names validateSettings' problems at their fields before anything is sent", async () => {
    const client = show();
    await userEvent.click(await screen.findByRole('checkbox', { name: 'Always open (no business hours)' }));
    const until = screen.getByRole('textbox', { name: 'Monday, range 1, until' });
    fill(until, '08:00');
    expect(until).toHaveAttribute('aria-invalid', 'true');
    expect(until).toHaveAccessibleDescription('This range ends before it starts.');
    await userEvent.click(screen.getByRole('button', { name: 'Add field' }));
    const key = within(screen.getByRole('listitem', { name: 'Field 1' })).getByRole('textbox', {
      name: 'Key',
    });
    fill(key, '9lives');
    expect(key).toHaveAccessibleDescription('Use a–z, 0–9 and _, starting with a letter.');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(client.puts).toEqual([]);
    expect(screen.getByRole('alert')).toHaveTextContent(/Fix the \d+ problems marked above/);
    // the first control with a problem takes the focus: the range's start
    expect(screen.getByRole('textbox', { name: 'Monday, range 1, from' })).toHaveFocus();
  });

  it("shows a 400's problems at their fields", async () => {
    const client = show();
    client.refuse = new SwitchboardError(
      'bad_request',
      'invalid settings',
      [{ field: 'timezone', code: 'invalid_timezone', message: 'Mars/Olympus is not a known time zone' }],
      400,
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Save settings' }));
    const zone = screen.getByLabelText('Time zone');
    expect(await screen.findByText('This is not a known time zone.')).toBeInTheDocument();
    expect(zone).toHaveAttribute('aria-invalid', 'true');
    expect(client.puts).toHaveLength(1);
  });

  it('speaks Chinese', async () => {
    show(new SettingsClient(), 'zh-CN');
    await userEvent.click(await screen.findByRole('checkbox', { name: '全天营业（不设营业时间）' }));
    expect(screen.getByRole('textbox', { name: '星期一，时段 1，开始' })).toHaveValue('09:00');
    expect(screen.getByRole('button', { name: '保存设置' })).toBeInTheDocument();
  });
});
