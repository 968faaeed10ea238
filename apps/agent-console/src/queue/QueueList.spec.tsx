import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SwitchboardError } from '@switchboard/client';
import { Toasts } from '../shared/Toasts';
import { conversation, FakeClient, ME, renderWithWorkspace } from '../test-utils';
import { QueueList } from './QueueList';

function setup(queue = [conversation(), conversation()]) {
  const client = new FakeClient();
  client.answers['queue.list'] = () => ({ conversations: queue });
  const view = renderWithWorkspace(
    <>
      <QueueList />
      <Toasts />
    </>,
    client,
  );
  return { ...view, queue };
}

describe('QueueList', () => {
  it('shows each waiting inquiry with name, type, first message and waiting time', async () => {
    const { queue } = setup([
      conversation({ customer: { id: 'x', name: 'Maria Lopez', type: 'enterprise' } }),
    ]);
    const row = await screen.findByRole('listitem', { name: 'Inquiry from Maria Lopez' });
    expect(within(row).getByText('enterprise')).toBeInTheDocument();
    expect(within(row).getByText(queue[0].lastMessage!.preview)).toBeInTheDocument();
    expect(within(row).getByTitle('Waiting time')).toHaveTextContent(/^1m( \ds)?$/);
    expect(within(row).getByRole('button', { name: 'Grab' })).toBeInTheDocument();
  });

  it('marks a message left while nobody was available as offline, with its age', async () => {
    setup([conversation({ customer: { id: 'o', name: 'Left A Note', type: null }, offline: true }), conversation()]);
    const row = await screen.findByRole('listitem', { name: 'Inquiry from Left A Note' });
    expect(within(row).getByText('Offline message')).toHaveAttribute('title', expect.stringMatching(/^Left 1m( \ds)? ago/));
    expect(within(row).getByTitle('Waiting time')).toHaveTextContent(/^1m/);
    expect(screen.getAllByText('Offline message')).toHaveLength(1);
  });

  it('puts transferred inquiries on top with their note', async () => {
    const older = conversation({ customer: { id: 'a', name: 'Old Open', type: null } });
    const transferred = conversation({
      customer: { id: 'b', name: 'Sent Back', type: null },
      artificialType: 'transferring',
      transfer: {
        mode: 'queue',
        fromAgentId: 'agent-2',
        toAgentId: null,
        note: 'needs billing',
        initiatedAt: older.createdAt,
        expiresAt: null,
      },
    });
    setup([older, transferred]);
    await screen.findByText('Sent Back');
    const rows = screen.getAllByRole('listitem');
    expect(rows[0]).toHaveAccessibleName('Inquiry from Sent Back');
    expect(within(rows[0]).getByText(/needs billing/)).toBeInTheDocument();
  });

  it('grabs with the conversation id and moves the row out of the queue', async () => {
    const { client, workspace, queue } = setup();
    client.answers['conversation.grab'] = ({ conversationId }) => ({
      ...queue.find((c) => c.id === conversationId)!,
      artificialType: 'serving',
      agentId: ME.id,
    });
    const buttons = await screen.findAllByRole('button', { name: 'Grab' });
    await userEvent.click(buttons[0]);
    expect(client.requestsOf('conversation.grab')).toEqual([{ conversationId: queue[0].id }]);
    await waitFor(() => expect(screen.getAllByRole('button', { name: 'Grab' })).toHaveLength(1));
    expect(workspace.store.get().mine.map((c) => c.id)).toEqual([queue[0].id]);
    expect(workspace.store.get().selectedId).toBe(queue[0].id);
  });

  it('on a lost race shows "Someone else took it" and removes the row', async () => {
    const { client, queue } = setup();
    client.answers['conversation.grab'] = () => {
      throw new SwitchboardError('conflict', 'another agent got there first', { reason: 'taken' });
    };
    await screen.findAllByRole('button', { name: 'Grab' });
    await userEvent.click(screen.getAllByRole('button', { name: 'Grab' })[1]);
    expect(await screen.findByRole('status')).toHaveTextContent('Someone else took it');
    expect(screen.queryByText(queue[1].customer.name)).not.toBeInTheDocument();
    expect(screen.getByText(queue[0].customer.name)).toBeInTheDocument();
  });

  it('keeps the row and shows the reason when the refusal was about me (limit or status)', async () => {
    const { client, queue } = setup();
    client.answers['conversation.grab'] = () => {
      throw new SwitchboardError('conflict', 'you already serve your limit of 5 conversations', {
        reason: 'at_capacity',
      });
    };
    await userEvent.click((await screen.findAllByRole('button', { name: 'Grab' }))[0]);
    expect(await screen.findByRole('status')).toHaveTextContent(
      'You already serve as many conversations as your limit allows.',
    );
    expect(screen.getByText(queue[0].customer.name)).toBeInTheDocument();
    expect(screen.queryByText('Someone else took it')).not.toBeInTheDocument();
  });

  it('follows queue.updated: added rows appear, removed ones vanish', async () => {
    const { client, queue } = setup();
    await screen.findByText(queue[0].customer.name);
    const newcomer = conversation({ customer: { id: 'n', name: 'Newcomer', type: null } });
    act(() => client.emit('queue.updated', { added: [newcomer], removed: [queue[0].id] }));
    expect(screen.getByText('Newcomer')).toBeInTheDocument();
    expect(screen.queryByText(queue[0].customer.name)).not.toBeInTheDocument();
  });

  it('fetches the first message of a row that arrived before it was stored', async () => {
    const { client } = setup([]);
    const early = conversation({
      customer: { id: 'e', name: 'Early Bird', type: null },
      lastMessage: null,
      lastSeq: 0,
    });
    client.conversations[early.id] = {
      ...early,
      lastSeq: 1,
      lastMessage: { seq: 1, preview: 'Are you there?', senderType: 'customer', at: early.createdAt },
    };
    await screen.findByText(/Nobody is waiting/);
    // The gateway's order: conversation.updated to every agent, then queue.updated.
    act(() => client.emit('conversation.updated', early));
    act(() => client.emit('queue.updated', { added: [early] }));
    expect(screen.getByRole('listitem', { name: 'Inquiry from Early Bird' })).toHaveTextContent(
      'No message yet',
    );
    expect(await screen.findByText('Are you there?')).toBeInTheDocument();
  });

  it('disables Grab while the agent is away or busy', async () => {
    const { client, workspace } = setup();
    client.answers['agent.status'] = ({ status }) => ({ status });
    await screen.findAllByRole('button', { name: 'Grab' });
    await act(() => workspace.setStatus('away'));
    screen.getAllByRole('button', { name: 'Grab' }).forEach((b) => expect(b).toBeDisabled());
    await act(() => workspace.setStatus('online'));
    screen.getAllByRole('button', { name: 'Grab' }).forEach((b) => expect(b).toBeEnabled());
  });

  it('counts everyone waiting and loads the next page of a long queue on demand', async () => {
    const client = new FakeClient();
    const rows = Array.from({ length: 30 }, () => conversation());
    client.answers['queue.list'] = ({ after }) =>
      after === undefined
        ? { conversations: rows.slice(0, 25), next: 'cursor-1', total: 30 }
        : { conversations: rows.slice(25), next: null, total: 30 };
    renderWithWorkspace(<QueueList />, client);
    expect(await screen.findAllByRole('listitem')).toHaveLength(25);
    expect(screen.getByRole('heading', { name: /Queue/ })).toHaveTextContent('30');
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(30));
    expect(client.requestsOf('queue.list')).toEqual([{}, { after: 'cursor-1' }]);
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    // With every page loaded, a newcomer shows at once and counts.
    const newcomer = conversation({ customer: { id: 'n', name: 'Newcomer', type: null } });
    act(() => client.emit('queue.updated', { added: [newcomer] }));
    expect(screen.getByText('Newcomer')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: /Queue/ })).toHaveTextContent('31');
  });

  it('fills a short list from the next page by itself (rows grabbed away, more behind)', async () => {
    const client = new FakeClient();
    const rows = Array.from({ length: 3 }, () => conversation());
    client.answers['queue.list'] = ({ after }) =>
      after === undefined
        ? { conversations: rows.slice(0, 1), next: 'cursor-1', total: 3 }
        : { conversations: rows.slice(1), next: null, total: 3 };
    renderWithWorkspace(<QueueList />, client);
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(3));
  });

  it('shows a helpful line when nobody waits', async () => {
    setup([]);
    expect(await screen.findByText(/Nobody is waiting/)).toBeInTheDocument();
  });
});
