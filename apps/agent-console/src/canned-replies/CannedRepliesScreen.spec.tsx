import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SwitchboardError } from '@switchboard/client';
import type { CannedReply } from '@switchboard/protocol';
import { toastStore } from '../shared/toasts';
import { FakeClient, ME, renderWithWorkspace } from '../test-utils';
import { CannedRepliesScreen } from './CannedRepliesScreen';

const SUPERVISOR = {
  id: 'sup',
  name: 'Sam',
  role: 'supervisor' as const,
  email: 'sam@example.com',
  locale: null,
};

/** The canned-replies routes played in memory, with the gateway's rules for a taken shortcut and the team set. */
class CannedClient extends FakeClient {
  replies: CannedReply[] = [
    { id: 'p1', shortcut: 'greet', text: 'Hi {{customer.name}}', scope: 'personal', ownerId: 'agent-1' },
    { id: 't1', shortcut: 'refund', text: 'Refunds take 3 days.', scope: 'team', ownerId: 'sup' },
  ];
  private next = 1;

  override async api(path: string, init: RequestInit = {}) {
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as Partial<CannedReply>) : {};
    this.apiCalls.push({ path, method, body: init.body === undefined ? undefined : body });
    const id = path.split('/')[3];
    const taken = (shortcut: string | undefined, scope: string | undefined, except?: string) =>
      this.replies.some((r) => r.shortcut === shortcut && r.scope === scope && r.id !== except);
    const refuse = () => {
      throw new SwitchboardError('conflict', 'taken', undefined, 409, 'taken');
    };
    if (method === 'GET') return { cannedReplies: this.replies };
    if (method === 'POST') {
      if (taken(body.shortcut, body.scope)) refuse();
      const created = { ...body, id: `n${this.next++}`, ownerId: 'me' } as CannedReply;
      this.replies = [...this.replies, created];
      return { cannedReply: created };
    }
    if (method === 'PATCH') {
      const current = this.replies.find((r) => r.id === id)!;
      if (taken(body.shortcut, current.scope, id)) refuse();
      const updated = { ...current, ...body };
      this.replies = this.replies.map((r) => (r.id === id ? updated : r));
      return { cannedReply: updated };
    }
    this.replies = this.replies.filter((r) => r.id !== id);
    return undefined;
  }

  calls(method: string) {
    return this.apiCalls.filter((c) => c.method === method).map(({ path, body }) => ({ path, body }));
  }
}

const toastTexts = () => toastStore.get().toasts.map((toast) => toast.text);
const section = (name: string) => screen.getByRole('region', { name: new RegExp(`^${name}`) });

describe('the canned replies screen', () => {
  it("shows an agent their own replies with actions and the team's read-only", async () => {
    renderWithWorkspace(<CannedRepliesScreen />, new CannedClient());
    expect(screen.getByRole('heading', { level: 1, name: 'Canned replies' })).toBeInTheDocument();
    const mine = await waitFor(() => section('My replies'));
    expect(within(mine).getByRole('cell', { name: '/greet' })).toBeInTheDocument();
    expect(within(mine).getByRole('button', { name: 'Edit /greet' })).toBeInTheDocument();
    const team = section('Team replies');
    expect(within(team).getByRole('cell', { name: 'Refunds take 3 days.' })).toBeInTheDocument();
    expect(within(team).queryByRole('button')).toBeNull();
    expect(within(team).getByText("Supervisors keep the team's replies.")).toBeInTheDocument();
  });

  it('creates a personal reply, inserting a variable at the caret, and shows it in the list', async () => {
    const client = new CannedClient();
    renderWithWorkspace(<CannedRepliesScreen />, client);
    await userEvent.click(await screen.findByRole('button', { name: 'New reply' }));
    const dialog = screen.getByRole('dialog', { name: 'New canned reply' });
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Shortcut' }), 'Order-Status');
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: 'Text' }),
      'Hello , your order ships today.',
    );
    const text = within(dialog).getByRole('textbox', { name: 'Text' }) as HTMLTextAreaElement;
    text.setSelectionRange(6, 6);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Customer name' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(client.calls('POST')).toEqual([
      {
        path: '/api/canned-replies',
        body: {
          shortcut: 'order-status',
          text: 'Hello {{customer.name}}, your order ships today.',
          scope: 'personal',
        },
      },
    ]);
    expect(within(section('My replies')).getByRole('cell', { name: '/order-status' })).toBeInTheDocument();
    expect(toastTexts()).toContain('Saved /order-status.');
  });

  it('says so when the shortcut is taken or not valid, and keeps the dialog open', async () => {
    const client = new CannedClient();
    renderWithWorkspace(<CannedRepliesScreen />, client);
    await userEvent.click(await screen.findByRole('button', { name: 'New reply' }));
    const dialog = screen.getByRole('dialog', { name: 'New canned reply' });
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Shortcut' }), 'greet');
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Text' }), 'Another greeting');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      '/greet is already a shortcut in this set.',
    );
    const shortcut = within(dialog).getByRole('textbox', { name: 'Shortcut' });
    await userEvent.clear(shortcut);
    await userEvent.type(shortcut, 'two words');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByRole('alert')).toHaveTextContent(
      'A shortcut is 1 to 32 of a–z, 0–9, - and _.',
    );
    expect(client.calls('POST')).toHaveLength(1);
  });

  it('lets a supervisor write team replies: new, edit (only what changed is sent) and delete after confirming', async () => {
    const client = new CannedClient();
    renderWithWorkspace(<CannedRepliesScreen />, client, SUPERVISOR);
    await userEvent.click(await screen.findByRole('button', { name: 'New team reply' }));
    const dialog = screen.getByRole('dialog', { name: 'New team reply' });
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Shortcut' }), 'bye');
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Text' }), 'Thanks for chatting!');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(within(section('Team replies')).getByRole('cell', { name: '/bye' })).toBeInTheDocument(),
    );
    expect(client.calls('POST')[0].body).toMatchObject({ scope: 'team', shortcut: 'bye' });

    await userEvent.click(screen.getByRole('button', { name: 'Edit /refund' }));
    const edit = screen.getByRole('dialog', { name: 'Edit /refund' });
    const text = within(edit).getByRole('textbox', { name: 'Text' });
    await userEvent.clear(text);
    await userEvent.type(text, 'Refunds take 5 days.');
    await userEvent.click(within(edit).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(screen.getByRole('cell', { name: 'Refunds take 5 days.' })).toBeInTheDocument(),
    );
    expect(client.calls('PATCH')).toEqual([
      { path: '/api/canned-replies/t1', body: { text: 'Refunds take 5 days.' } },
    ]);

    await userEvent.click(screen.getByRole('button', { name: 'Delete /refund' }));
    const confirm = screen.getByRole('dialog', { name: 'Delete /refund?' });
    expect(confirm).toHaveTextContent('No one on the team will find it in the / list any more.');
    await userEvent.click(within(confirm).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByRole('cell', { name: '/refund' })).toBeNull());
    expect(client.calls('DELETE')).toEqual([{ path: '/api/canned-replies/t1', body: undefined }]);
    expect(toastTexts()).toContain('Deleted /refund.');
  });

  it('speaks Chinese', async () => {
    renderWithWorkspace(<CannedRepliesScreen />, new CannedClient(), ME, { locale: 'zh-CN' });
    expect(screen.getByRole('heading', { level: 1, name: '快捷回复' })).toBeInTheDocument();
    await userEvent.click(await screen.findByRole('button', { name: '新建快捷回复' }));
    expect(screen.getByRole('dialog', { name: '新建快捷回复' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: '快捷码' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '客户姓名' })).toBeInTheDocument();
  });
});
