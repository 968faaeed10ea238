import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Overview, StaffAccount } from '@switchboard/protocol';
import { FakeClient, renderWithWorkspace } from '../test-utils';
import { AccountsScreen } from './AccountsScreen';

const SUPERVISOR = { id: 'sup', name: 'Sam', role: 'supervisor' as const, email: 'sam@example.com', locale: null };

function account(overrides: Partial<StaffAccount>): StaffAccount {
  return {
    id: 'a1',
    name: 'Ana',
    role: 'agent',
    email: 'ana@example.com',
    status: 'offline',
    serving: 0,
    maxConcurrent: 5,
    disabled: false,
    createdAt: '2024-01-01T00:00:00.000Z',
    lastLoginAt: null,
    ...overrides,
  };
}

/** The accounts routes of the gateway, played in memory: records each call and answers like the gateway. */
class AccountsClient extends FakeClient {
  accounts = [
    account({ id: 'a1', name: 'Ana', serving: 2 }),
    account({ id: 'a2', name: 'Bo', email: 'bo@example.com', disabled: true }),
    account({ id: 'sup', name: 'Sam', role: 'supervisor', email: 'sam@example.com', status: 'online' }),
  ];
  readonly calls: Array<{ method: string; path: string; body?: unknown }> = [];
  refuse: { code: string; message: string } | null = null;

  override async api(path: string, init: RequestInit = {}) {
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as Partial<StaffAccount>) : undefined;
    this.calls.push({ method, path, body });
    if (method === 'GET' && path === '/api/users') return this.accounts;
    const id = path.split('/').pop();
    if (method === 'PATCH' && id) {
      if (this.refuse) throw Object.assign(new Error(this.refuse.message), { code: this.refuse.code });
      const { password: _password, ...visible } = body as Partial<StaffAccount> & { password?: string };
      this.accounts = this.accounts.map((a) => (a.id === id ? { ...a, ...visible } : a));
      return this.accounts.find((a) => a.id === id);
    }
    return super.api(path);
  }

  patches() {
    return this.calls.filter((c) => c.method === 'PATCH');
  }
}

const row = (name: string) => screen.getByRole('row', { name });

const EMPTY_OVERVIEW: Overview = {
  queue: { open: 0, transferring: 0, longestWaitSeconds: 0 },
  agents: [],
  conversations: [],
};

let stopMonitor = () => {};
afterEach(() => stopMonitor());

async function setup() {
  const client = new AccountsClient();
  client.answers['supervisor.overview'] = () => EMPTY_OVERVIEW;
  const view = renderWithWorkspace(<AccountsScreen />, client, SUPERVISOR);
  stopMonitor = () => view.supervisor?.stop();
  await screen.findByRole('row', { name: 'Ana' });
  return { ...view, client };
}

async function openEditor(name: string) {
  await userEvent.click(within(row(name)).getByRole('button', { name: `Edit ${name}` }));
  return screen.getByRole('dialog', { name: `Edit ${name}` });
}

describe('AccountsScreen', () => {
  it('lists every account with role, status, load limit and whether it is disabled', async () => {
    await setup();
    expect(screen.getByRole('table', { name: /Accounts/ })).toBeInTheDocument();
    const ana = within(row('Ana'));
    expect(ana.getByText('ana@example.com')).toBeInTheDocument();
    expect(ana.getByText('Agent')).toBeInTheDocument();
    expect(ana.getByText('2 / 5')).toBeInTheDocument();
    expect(ana.getByText('Enabled')).toBeInTheDocument();
    expect(within(row('Bo')).getByText('Disabled')).toBeInTheDocument();
    expect(within(row('Sam')).getByText('(you)')).toBeInTheDocument();
    expect(within(row('Sam')).getByText('Supervisor')).toBeInTheDocument();
  });

  it('keeps agents’ status and load live from the overview', async () => {
    const { client } = await setup();
    const overview: Overview = {
      ...EMPTY_OVERVIEW,
      agents: [{ id: 'a1', name: 'Ana', status: 'busy', serving: 4, unreadTotal: 0 }],
    };
    act(() => client.emit('supervisor.updated', overview));
    expect(within(row('Ana')).getByText('4 / 5')).toBeInTheDocument();
    expect(within(row('Ana')).getByText('Busy')).toBeInTheDocument();
  });

  it('edits name, load limit and password in a dialog that keeps focus and gives it back', async () => {
    const { client } = await setup();
    const dialog = await openEditor('Ana');
    const name = within(dialog).getByRole('textbox', { name: 'Name' });
    expect(name).toHaveFocus();
    expect(within(dialog).getByRole('button', { name: 'Save changes' })).toBeDisabled();

    // Tab and Shift+Tab stay inside the dialog
    await userEvent.tab({ shift: true });
    await userEvent.tab({ shift: true });
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
    for (let i = 0; i < 8; i++) await userEvent.tab();
    expect(dialog).toContainElement(document.activeElement as HTMLElement);

    await userEvent.clear(name);
    await userEvent.type(name, 'Ana Lima');
    const limit = within(dialog).getByRole('spinbutton', { name: 'Load limit' });
    await userEvent.clear(limit);
    await userEvent.type(limit, '8');
    await userEvent.type(within(dialog).getByLabelText('New password'), 'a-new-password');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(client.patches()).toEqual([
      {
        method: 'PATCH',
        path: '/api/users/a1',
        body: { name: 'Ana Lima', maxConcurrent: 8, password: 'a-new-password' },
      },
    ]);
    expect(within(row('Ana Lima')).getByText('2 / 8')).toBeInTheDocument();
    expect(within(row('Ana Lima')).getByRole('button', { name: 'Edit Ana Lima' })).toHaveFocus();
  });

  it('asks before disabling; keeping the account enabled sends nothing', async () => {
    const { client } = await setup();
    const dialog = await openEditor('Ana');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Disable account…' }));
    const confirm = screen.getByRole('dialog', { name: 'Disable Ana?' });
    expect(confirm).toHaveTextContent('signed out at once');
    await userEvent.click(within(confirm).getByRole('button', { name: 'Keep enabled' }));
    expect(screen.queryByRole('dialog', { name: 'Disable Ana?' })).not.toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Disable account…' })).toHaveFocus();
    expect(client.patches()).toEqual([]);

    await userEvent.click(within(dialog).getByRole('button', { name: 'Disable account…' }));
    await userEvent.click(
      within(screen.getByRole('dialog', { name: 'Disable Ana?' })).getByRole('button', {
        name: 'Disable account',
      }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(client.patches()).toEqual([{ method: 'PATCH', path: '/api/users/a1', body: { disabled: true } }]);
    expect(within(row('Ana')).getByText('Disabled')).toBeInTheDocument();
  });

  it('enables a disabled account without asking', async () => {
    const { client } = await setup();
    const dialog = await openEditor('Bo');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Enable account' }));
    await waitFor(() => expect(within(row('Bo')).getByText('Enabled')).toBeInTheDocument());
    expect(client.patches()).toEqual([{ method: 'PATCH', path: '/api/users/a2', body: { disabled: false } }]);
  });

  it('shows the gateway’s refusal and keeps the dialog open', async () => {
    const { client } = await setup();
    client.refuse = { code: 'conflict', message: 'this is the last enabled supervisor' };
    const dialog = await openEditor('Ana');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Disable account…' }));
    const confirm = screen.getByRole('dialog', { name: 'Disable Ana?' });
    await userEvent.click(within(confirm).getByRole('button', { name: 'Disable account' }));
    expect(await within(confirm).findByRole('alert')).toHaveTextContent(
      'one enabled supervisor must remain',
    );

    await userEvent.click(within(confirm).getByRole('button', { name: 'Keep enabled' }));
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'x');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('one enabled supervisor must remain');
    expect(within(row('Ana')).getByText('Enabled')).toBeInTheDocument();
  });

  it('does not offer to disable your own account, and Escape closes the dialog', async () => {
    await setup();
    const dialog = await openEditor('Sam');
    expect(within(dialog).queryByRole('button', { name: /Disable account/ })).not.toBeInTheDocument();
    expect(within(dialog).queryByRole('spinbutton', { name: 'Load limit' })).not.toBeInTheDocument();
    expect(within(dialog).getByText(/signs you out everywhere/)).toBeInTheDocument();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(within(row('Sam')).getByRole('button', { name: 'Edit Sam' })).toHaveFocus();
  });
});
