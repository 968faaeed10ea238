import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { conversation, FakeClient, ME, renderWithWorkspace } from '../test-utils';
import { TransferDialog } from './TransferDialog';

const AGENTS = [
  { id: ME.id, name: 'Ana', status: 'online', serving: 1 },
  { id: 'agent-2', name: 'Bo', status: 'online', serving: 2 },
  { id: 'agent-3', name: 'Cy', status: 'away', serving: 0 },
];

function setup() {
  const client = new FakeClient();
  client.apiAnswers['/api/users?role=agent'] = AGENTS;
  const c = conversation({ artificialType: 'serving', agentId: ME.id });
  client.answers['conversation.transfer'] = (p) => ({
    ...c,
    artificialType: p.toAgentId ? 'transfer_initiated' : 'transferring',
  });
  const onClose = jest.fn();
  const view = renderWithWorkspace(<TransferDialog conversationId={c.id} onClose={onClose} />, client);
  return { ...view, c, onClose };
}

describe('TransferDialog', () => {
  it('lists other agents with status and load; only online ones can be chosen', async () => {
    setup();
    const dialog = screen.getByRole('dialog', { name: 'Transfer conversation' });
    const bo = await within(dialog).findByRole('radio', { name: /Bo/ });
    expect(bo).toBeEnabled();
    expect(within(dialog).getByText('Online · serving 2')).toBeInTheDocument();
    expect(within(dialog).getByRole('radio', { name: /Cy/ })).toBeDisabled();
    expect(within(dialog).queryByRole('radio', { name: /Ana/ })).not.toBeInTheDocument();
    expect(within(dialog).getByRole('radio', { name: /Back to queue/ })).toBeChecked();
  });

  it('offers the conversation to the chosen agent with the note', async () => {
    const { client, c, onClose } = setup();
    await userEvent.click(await screen.findByRole('radio', { name: /Bo/ }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Note' }), 'needs billing');
    await userEvent.click(screen.getByRole('button', { name: 'Transfer' }));
    expect(client.requestsOf('conversation.transfer')).toEqual([
      { conversationId: c.id, toAgentId: 'agent-2', note: 'needs billing' },
    ]);
    await waitFor(() => expect(onClose).toHaveBeenCalled());
  });

  it('sends it back to the queue without a target', async () => {
    const { client, c, workspace } = setup();
    await screen.findByRole('radio', { name: /Bo/ });
    await userEvent.click(screen.getByRole('button', { name: 'Transfer' }));
    expect(client.requestsOf('conversation.transfer')).toEqual([{ conversationId: c.id }]);
    await waitFor(() => expect(workspace.store.get().queue.map((q) => q.id)).toEqual([c.id]));
  });

  it('closes on Cancel without sending anything', async () => {
    const { client, onClose } = setup();
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalled();
    expect(client.requestsOf('conversation.transfer')).toEqual([]);
  });

  it('transfers on Enter in the note, but not on the Enter that confirms a Chinese candidate', async () => {
    const { client, c, onClose } = setup();
    await userEvent.click(await screen.findByRole('radio', { name: /Bo/ }));
    const note = screen.getByRole('textbox', { name: 'Note' });
    fireEvent.compositionStart(note);
    fireEvent.change(note, { target: { value: '需要退款' } });
    fireEvent.keyDown(note, { key: 'Enter', isComposing: true });
    fireEvent.compositionEnd(note, { data: '需要退款' });
    expect(client.requestsOf('conversation.transfer')).toEqual([]);
    await userEvent.type(note, '{Shift>}{Enter}{/Shift}');
    expect(client.requestsOf('conversation.transfer')).toEqual([]);
    await userEvent.type(note, '{Enter}');
    expect(client.requestsOf('conversation.transfer')).toEqual([
      { conversationId: c.id, toAgentId: 'agent-2', note: '需要退款' },
    ]);
    await waitFor(() => expect(onClose).toHaveBeenCalled());
  });

  it('is named 转接会话 with a 转接 button in Chinese', async () => {
    const client = new FakeClient();
    client.apiAnswers['/api/users?role=agent'] = AGENTS;
    renderWithWorkspace(<TransferDialog conversationId="c1" onClose={jest.fn()} />, client, ME, { locale: 'zh-CN' });
    const dialog = screen.getByRole('dialog', { name: '转接会话' });
    expect(await within(dialog).findByText('在线 · 接待中 2')).toBeInTheDocument();
    expect(within(dialog).getByRole('radio', { name: /退回排队/ })).toBeChecked();
    expect(within(dialog).getByRole('textbox', { name: '转接备注' })).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: '转接' })).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: '取消' })).toBeInTheDocument();
  });
});
