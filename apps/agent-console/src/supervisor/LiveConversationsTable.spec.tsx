import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Overview } from '@switchboard/protocol';
import { FakeClient, renderWithWorkspace } from '../test-utils';
import { AgentsTable } from './AgentsTable';
import { LiveConversationsTable } from './LiveConversationsTable';

const SUPERVISOR = { id: 'sup', name: 'Sam', role: 'supervisor' as const, email: 'supervisor@example.com', locale: null };

function overview(unreadOfBo: number): Overview {
  return {
    queue: { open: 1, transferring: 0, longestWaitSeconds: 90 },
    agents: [
      { id: 'a1', name: 'Ana', status: 'online', serving: 1, unreadTotal: 0 },
      { id: 'a2', name: 'Bo', status: 'busy', serving: 1, unreadTotal: unreadOfBo },
    ],
    conversations: [
      {
        id: 'c1',
        number: 1,
        artificialType: 'serving',
        agentId: 'a2',
        customerName: 'Zoe',
        unread: { customer: 0, agent: unreadOfBo },
        waitingSeconds: 0,
        lastMessageAt: null,
        labels: [],
        teamId: null,
      },
      {
        id: 'c2',
        number: 2,
        artificialType: 'open',
        agentId: null,
        customerName: 'Adam',
        unread: { customer: 0, agent: 0 },
        waitingSeconds: 90,
        lastMessageAt: null,
        labels: [],
        teamId: null,
      },
      {
        id: 'c3',
        number: 3,
        artificialType: 'serving',
        agentId: 'a1',
        customerName: 'Mia',
        unread: { customer: 2, agent: 0 },
        waitingSeconds: 0,
        lastMessageAt: null,
        labels: [],
        teamId: null,
      },
    ],
  };
}

const customers = () =>
  within(screen.getByRole('table', { name: 'Live conversations' }))
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('cell')[1].textContent);

describe('supervisor tables', () => {
  function setup() {
    const client = new FakeClient();
    client.answers['supervisor.overview'] = () => overview(0);
    client.answers['conversation.watch'] = ({ conversationId }) => ({
      conversation: { id: conversationId },
      messages: [],
    });
    return renderWithWorkspace(
      <>
        <LiveConversationsTable />
        <AgentsTable />
      </>,
      client,
      SUPERVISOR,
    );
  }

  it('sorts by a column header, and reverses on a second click', async () => {
    setup();
    await screen.findByText('Zoe');
    expect(customers()).toEqual(['Adam', 'Zoe', 'Mia']); // longest waiting first by default
    await userEvent.click(screen.getByRole('button', { name: /Customer/ }));
    expect(customers()).toEqual(['Zoe', 'Mia', 'Adam']);
    await userEvent.click(screen.getByRole('button', { name: /Customer/ }));
    expect(customers()).toEqual(['Adam', 'Mia', 'Zoe']);
    expect(screen.getByRole('columnheader', { name: /Customer/ })).toHaveAttribute('aria-sort', 'ascending');
  });

  it('updates unread counts live from supervisor.updated', async () => {
    const { client } = setup();
    const zoe = await screen.findByRole('row', { name: 'Conversation 1 with Zoe' });
    expect(within(zoe).getByTestId('unread-agent')).toHaveTextContent('0');
    act(() => client.emit('supervisor.updated', overview(4)));
    expect(within(zoe).getByTestId('unread-agent')).toHaveTextContent('4');
    expect(within(screen.getByRole('row', { name: 'Bo' })).getByLabelText('4 unread')).toBeInTheDocument();
  });

  it('opens a conversation to watch it on a click', async () => {
    const { client } = setup();
    await userEvent.click(await screen.findByRole('row', { name: 'Conversation 3 with Mia' }));
    expect(client.requestsOf('conversation.watch')).toEqual([{ conversationId: 'c3' }]);
  });
});
