import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { conversation, FakeClient, ME, renderWithWorkspace } from '../test-utils';
import { Toasts } from '../shared/Toasts';
import { CloseDialog } from './CloseDialog';

describe('CloseDialog', () => {
  function setup() {
    const client = new FakeClient();
    const c = conversation({ artificialType: 'serving', agentId: ME.id });
    client.answers['conversation.close'] = (p) => ({
      ...c,
      artificialType: p.force ? 'closed' : 'close_initiated',
    });
    const onClose = jest.fn();
    const view = renderWithWorkspace(
      <>
        <CloseDialog conversationId={c.id} onClose={onClose} />
        <Toasts />
      </>,
      client,
    );
    return { ...view, c, onClose };
  }

  it('asks the customer to confirm (propose)', async () => {
    const { client, c, onClose } = setup();
    await userEvent.click(screen.getByRole('button', { name: 'Ask the customer to confirm' }));
    expect(client.requestsOf('conversation.close')).toEqual([{ conversationId: c.id, force: false }]);
    await waitFor(() => expect(onClose).toHaveBeenCalled());
  });

  it('ends it at once (force)', async () => {
    const { client, c, workspace } = setup();
    await userEvent.click(screen.getByRole('button', { name: 'End now' }));
    expect(client.requestsOf('conversation.close')).toEqual([{ conversationId: c.id, force: true }]);
    await waitFor(() => expect(workspace.store.get().conversations[c.id].artificialType).toBe('closed'));
  });

  it('keeps the dialog open and shows why when the server refuses', async () => {
    const { client, onClose } = setup();
    client.answers['conversation.close'] = () => {
      throw Object.assign(new Error('only a conversation being served can be closed'), { code: 'conflict' });
    };
    await userEvent.click(screen.getByRole('button', { name: 'End now' }));
    // The refusal in the reader's words, not the gateway's English message.
    expect(await screen.findByText('Someone changed it first, or its state does not allow this.')).toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'End now' })).toBeEnabled();
  });
});
