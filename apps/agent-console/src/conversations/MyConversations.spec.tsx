import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { conversation, FakeClient, ME, renderWithWorkspace } from '../test-utils';
import { MyConversations } from './MyConversations';
import { TransferOffers } from './TransferOffers';

function mine(name: string, unread: number, minutesAgo: number) {
  const at = new Date(Date.now() - minutesAgo * 60_000).toISOString();
  return conversation({
    artificialType: 'serving',
    agentId: ME.id,
    customer: { id: name, name, type: null },
    unread: { customer: 0, agent: unread },
    lastSeq: 4,
    lastMessage: { seq: 4, preview: `from ${name}`, senderType: 'customer', at },
  });
}

describe('MyConversations unread badges', () => {
  afterEach(() => {
    document.title = '';
  });

  it('shows a badge per conversation, newest activity first, and the total in the tab title', async () => {
    const client = new FakeClient();
    client.answers['conversations.mine'] = () => ({
      conversations: [mine('Older', 3, 10), mine('Newer', 2, 1), mine('Quiet', 0, 5)],
    });
    renderWithWorkspace(<MyConversations />, client);
    const list = await screen.findByRole('list', { name: 'My conversations' });
    const rows = within(list).getAllByRole('button');
    expect(rows.map((r) => within(r).getByText(/^(Older|Newer|Quiet)$/).textContent)).toEqual([
      'Newer',
      'Quiet',
      'Older',
    ]);
    expect(within(rows[2]).getByLabelText('3 unread')).toHaveTextContent('3');
    expect(within(rows[0]).getByLabelText('2 unread')).toBeInTheDocument();
    expect(within(rows[1]).queryByLabelText(/unread/)).not.toBeInTheDocument();
    expect(document.title).toBe('(5) Switchboard');
  });

  it('updates from unread events and clears the title when everything is read', async () => {
    const client = new FakeClient();
    const c = mine('Solo', 1, 1);
    client.answers['conversations.mine'] = () => ({ conversations: [c] });
    renderWithWorkspace(<MyConversations />, client);
    await screen.findByLabelText('1 unread');
    act(() => client.emit('unread', { conversationId: c.id, count: 4, total: 4 }));
    expect(screen.getByLabelText('4 unread')).toBeInTheDocument();
    expect(document.title).toBe('(4) Switchboard');
    act(() => client.emit('unread', { conversationId: c.id, count: 0, total: 0 }));
    expect(screen.queryByLabelText(/unread/)).not.toBeInTheDocument();
    expect(document.title).toBe('Switchboard');
  });

  it('reads the open conversation up to its newest message', async () => {
    const client = new FakeClient();
    const c = mine('Reader', 2, 1);
    client.answers['conversations.mine'] = () => ({ conversations: [c] });
    client.answers['message.read'] = ({ seq }) => ({ conversationId: c.id, seq, unread: 0 });
    const { workspace } = renderWithWorkspace(<MyConversations />, client);
    await screen.findByLabelText('2 unread');
    await act(() => workspace.markRead(c.id));
    expect(client.requestsOf('message.read')).toEqual([{ conversationId: c.id, seq: 4 }]);
    await waitFor(() => expect(screen.queryByLabelText(/unread/)).not.toBeInTheDocument());
  });
});

describe('TransferOffers', () => {
  it('lists an offer with the time left and accepts or declines it', async () => {
    const client = new FakeClient();
    const offer = conversation({
      artificialType: 'transfer_initiated',
      agentId: 'agent-2',
      customer: { id: 'o', name: 'Offered One', type: null },
      transfer: {
        mode: 'agent',
        fromAgentId: 'agent-2',
        toAgentId: ME.id,
        note: 'speaks Spanish',
        initiatedAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 45_000).toISOString(),
      },
    });
    client.answers['conversation.transfer.decline'] = () => ({
      ...offer,
      artificialType: 'serving',
      transfer: null,
    });
    renderWithWorkspace(<TransferOffers />, client);
    act(() => client.emit('transfer.offered', offer));
    const item = screen.getByRole('listitem', { name: 'Transfer offer: Offered One' });
    expect(within(item).getByText(/4\ds left/)).toBeInTheDocument();
    expect(within(item).getByText(/speaks Spanish/)).toBeInTheDocument();
    expect(within(item).getByRole('button', { name: 'Accept' })).toBeInTheDocument();
    await userEvent.click(within(item).getByRole('button', { name: 'Decline' }));
    expect(client.requestsOf('conversation.transfer.decline')).toEqual([{ conversationId: offer.id }]);
    await waitFor(() => expect(screen.queryByText('Offered One')).not.toBeInTheDocument());
  });
});

describe('after a reconnect', () => {
  it('drops conversations that moved on while the console was away', async () => {
    const client = new FakeClient();
    const stays = mine('Stays', 0, 1);
    const leaves = mine('Leaves', 0, 2);
    client.answers['conversations.mine'] = () => ({ conversations: [stays, leaves] });
    const { workspace } = renderWithWorkspace(<MyConversations />, client);
    await screen.findByText('Leaves');
    client.answers['conversations.mine'] = () => ({ conversations: [stays] });
    client.conversations[leaves.id] = {
      ...leaves,
      artificialType: 'closed',
      closedAt: new Date().toISOString(),
    };
    await act(() => workspace.refresh());
    await waitFor(() => expect(screen.queryByText('Leaves')).not.toBeInTheDocument());
    expect(screen.getByText('Stays')).toBeInTheDocument();
  });
});
