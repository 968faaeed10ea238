import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Overview, StaffAccount, Team } from '@switchboard/protocol';
import { FakeClient, renderWithWorkspace } from '../test-utils';
import { teamSetStore } from './team-set';
import { TeamsScreen } from './TeamsScreen';

const SUPERVISOR = {
  id: 'sup',
  name: 'Sam',
  role: 'supervisor' as const,
  email: 'sam@example.com',
  locale: null,
};
const EMPTY_OVERVIEW: Overview = {
  queue: { open: 0, transferring: 0, longestWaitSeconds: 0 },
  agents: [],
  conversations: [],
};

const account = (id: string, name: string, overrides: Partial<StaffAccount> = {}): StaffAccount => ({
  id,
  name,
  role: 'agent',
  email: `${id}@example.com`,
  status: 'online',
  serving: 0,
  maxConcurrent: 5,
  disabled: false,
  createdAt: '2024-01-01T00:00:00.000Z',
  lastLoginAt: null,
  ...overrides,
});

/** The teams routes of the gateway, in memory: names unique case-insensitively, as the gateway answers. */
class TeamsClient extends FakeClient {
  teams: Team[] = [{ id: 't1', name: 'Billing', agentIds: ['a1'] }];
  accounts = [
    account('a1', 'Ana'),
    account('a2', 'Bo'),
    account('a3', 'Old', { disabled: true }),
    account('sup', 'Sam', { role: 'supervisor' }),
  ];
  readonly calls: Array<{ method: string; path: string; body?: unknown }> = [];

  override async api(path: string, init: RequestInit = {}) {
    const method = init.method ?? 'GET';
    const body =
      typeof init.body === 'string'
        ? (JSON.parse(init.body) as { name?: string; agentIds?: string[] })
        : undefined;
    this.calls.push({ method, path, body });
    if (method === 'GET' && path === '/api/users') return this.accounts;
    if (method === 'GET' && path === '/api/teams') return { teams: this.teams };
    const taken = (name: string, except?: string) =>
      this.teams.some((t) => t.id !== except && t.name.toLowerCase() === name.toLowerCase());
    if (method === 'POST' && path === '/api/teams' && body?.name) {
      if (taken(body.name)) throw Object.assign(new Error('exists'), { code: 'conflict' });
      const team = { id: `t${this.teams.length + 1}`, name: body.name, agentIds: body.agentIds ?? [] };
      this.teams = [...this.teams, team];
      return { team };
    }
    const id = path.split('/').pop();
    if (method === 'PATCH' && id) {
      this.teams = this.teams.map((t) => (t.id === id ? { ...t, ...body } : t));
      return { team: this.teams.find((t) => t.id === id) };
    }
    if (method === 'DELETE' && id) {
      this.teams = this.teams.filter((t) => t.id !== id);
      return undefined;
    }
    return super.api(path);
  }
}

let stopMonitor = () => {};
afterEach(() => stopMonitor());
beforeEach(() => teamSetStore.set({ teams: [], loaded: false }));

async function setup() {
  const client = new TeamsClient();
  client.answers['supervisor.overview'] = () => EMPTY_OVERVIEW;
  const view = renderWithWorkspace(<TeamsScreen />, client, SUPERVISOR);
  stopMonitor = () => view.supervisor?.stop();
  await screen.findByRole('row', { name: 'Billing' });
  return { ...view, client };
}

describe('TeamsScreen', () => {
  it('lists the teams with their agents and offers the enabled agents as members', async () => {
    await setup();
    expect(within(screen.getByRole('row', { name: 'Billing' })).getByText('Ana')).toBeInTheDocument();
    const form = screen.getByRole('region', { name: 'New team' });
    await within(form).findByRole('checkbox', { name: 'Ana' });
    expect(within(form).getByRole('checkbox', { name: 'Bo' })).toBeInTheDocument();
    expect(within(form).queryByRole('checkbox', { name: 'Old' })).toBeNull(); // disabled
    expect(within(form).queryByRole('checkbox', { name: 'Sam' })).toBeNull(); // a supervisor
  });

  it('makes a team with the ticked agents, and says so when the name is taken', async () => {
    const { client } = await setup();
    const form = screen.getByRole('region', { name: 'New team' });
    await userEvent.type(within(form).getByLabelText('Team name'), 'Shipping');
    await userEvent.click(await within(form).findByRole('checkbox', { name: 'Bo' }));
    await userEvent.click(within(form).getByRole('button', { name: 'Add team' }));
    await screen.findByRole('row', { name: 'Shipping' });
    expect(client.calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'Shipping',
      agentIds: ['a2'],
    });
    expect(within(form).getByLabelText('Team name')).toHaveValue('');

    await userEvent.type(within(form).getByLabelText('Team name'), 'billing');
    await userEvent.click(within(form).getByRole('button', { name: 'Add team' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('A team with this name exists.');
    await userEvent.type(within(form).getByLabelText('Team name'), 's');
    expect(within(form).queryByRole('alert')).toBeNull();
  }, 15_000); // userEvent.type, key by key, on a shared machine

  it('edits a team in a dialog and deletes one after confirming', async () => {
    const { client } = await setup();
    await userEvent.click(screen.getByRole('button', { name: 'Edit team Billing' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit team Billing' });
    await userEvent.click(within(dialog).getByRole('checkbox', { name: 'Bo' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(client.calls.find((c) => c.method === 'PATCH')?.body).toEqual({
      name: 'Billing',
      agentIds: ['a1', 'a2'],
    });
    await within(screen.getByRole('row', { name: 'Billing' })).findByText('Ana, Bo');

    await userEvent.click(screen.getByRole('button', { name: 'Delete team Billing' }));
    const confirm = screen.getByRole('dialog', { name: 'Delete team Billing?' });
    expect(within(confirm).getByText(/back to every agent's queue/)).toBeInTheDocument();
    await userEvent.click(within(confirm).getByRole('button', { name: 'Delete' }));
    await screen.findByText('No teams yet. Without teams every agent sees the whole queue.');
    expect(client.calls.some((c) => c.method === 'DELETE' && c.path === '/api/teams/t1')).toBe(true);
  });
});
