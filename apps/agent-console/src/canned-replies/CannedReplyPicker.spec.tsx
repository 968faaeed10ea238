import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aClipboard } from '@switchboard/client/testing';
import type { CannedReply } from '@switchboard/protocol';
import { Composer } from '../conversations/Composer';
import { conversation, FakeClient, renderWithWorkspace } from '../test-utils';

const REPLIES: CannedReply[] = [
  {
    id: 'r1',
    shortcut: 'greet',
    text: 'Hi {{customer.name}}, {{agent.name}} here.',
    scope: 'personal',
    ownerId: 'agent-1',
  },
  {
    id: 'r2',
    shortcut: 'refund',
    text: 'Refund for #{{conversation.number}} is on its way.',
    scope: 'team',
    ownerId: 's1',
  },
  { id: 'r3', shortcut: 'thanks', text: 'Thanks {{customer.name}}!', scope: 'team', ownerId: 's1' },
];

describe('the / list in the composer', () => {
  async function setup(replies = REPLIES) {
    const client = new FakeClient();
    client.apiAnswers['/api/canned-replies'] = { cannedReplies: replies };
    const view = renderWithWorkspace(
      <Composer conversationId="c1" disabled={false} placeholder="Reply…" />,
      client,
    );
    const c1 = conversation({
      id: 'c1',
      number: 42,
      agentId: 'agent-1',
      customer: { id: 'u1', name: 'Maria', type: null },
    });
    act(() => client.emit('conversation.updated', c1));
    const box = screen.getByRole('textbox', { name: 'Message' });
    return { ...view, client, box };
  }
  const list = () => screen.getByRole('listbox', { name: 'Canned replies' });
  const optionNames = () =>
    screen.getAllByRole('option').map((o) => o.querySelector('.canned-shortcut')?.textContent);

  it('opens on / at the start as a combobox, filters by shortcut and text, and Enter inserts with variables filled', async () => {
    const { box, client } = await setup();
    await userEvent.type(box, '/');
    const combo = await screen.findByRole('combobox', { name: 'Message' });
    expect(combo).toHaveAttribute('aria-expanded', 'true');
    expect(combo).toHaveAttribute('aria-controls', list().id);
    expect(optionNames()).toEqual(['/greet', '/refund', '/thanks']);
    expect(combo).toHaveAttribute('aria-activedescendant', screen.getAllByRole('option')[0].id);
    expect(screen.getAllByRole('option')[0]).toHaveAttribute('aria-selected', 'true');

    await userEvent.type(combo, 'way');
    expect(optionNames()).toEqual(['/refund']);
    await userEvent.keyboard('{Enter}');
    const filled = screen.getByRole('textbox', { name: 'Message' });
    expect(filled).toHaveValue('Refund for #42 is on its way.');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(client.sent).toEqual([]);
    expect((filled as HTMLTextAreaElement).selectionStart).toBe('Refund for #42 is on its way.'.length);
    await userEvent.keyboard('{Enter}');
    expect(client.sent).toEqual([{ conversationId: 'c1', body: { text: 'Refund for #42 is on its way.' } }]);
    expect(client.apiCalls.filter((c) => c.path === '/api/canned-replies')).toHaveLength(1);
  });

  it('moves with ArrowDown and ArrowUp (wrapping) and inserts the highlighted one', async () => {
    const { box } = await setup();
    await userEvent.type(box, '/');
    await screen.findByRole('listbox', { name: 'Canned replies' });
    await userEvent.keyboard('{ArrowDown}');
    const combo = screen.getByRole('combobox', { name: 'Message' });
    expect(combo).toHaveAttribute('aria-activedescendant', screen.getAllByRole('option')[1].id);
    await userEvent.keyboard('{ArrowUp}{ArrowUp}');
    expect(combo).toHaveAttribute('aria-activedescendant', screen.getAllByRole('option')[2].id);
    await userEvent.keyboard('{Enter}');
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveValue('Thanks Maria!');
  });

  it('inserts on a click, and keeps focus in the message box', async () => {
    const { box } = await setup();
    await userEvent.type(box, '/gr');
    await userEvent.click(await screen.findByRole('option', { name: /greet/ }));
    const filled = screen.getByRole('textbox', { name: 'Message' });
    expect(filled).toHaveValue('Hi Maria, Ana here.');
    expect(filled).toHaveFocus();
  });

  it('Escape closes the list without leaving the box; ArrowDown opens it again', async () => {
    const { box, client } = await setup();
    await userEvent.type(box, '/re');
    await screen.findByRole('listbox', { name: 'Canned replies' });
    await userEvent.keyboard('{Escape}');
    const combo = screen.getByRole('combobox', { name: 'Message' });
    expect(combo).toHaveAttribute('aria-expanded', 'false');
    expect(combo).not.toHaveAttribute('aria-activedescendant');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(combo).toHaveFocus();
    // With the list closed, Enter sends what was typed.
    await userEvent.keyboard('{ArrowDown}');
    expect(screen.getByRole('listbox', { name: 'Canned replies' })).toBeVisible();
    await userEvent.keyboard('{Escape}{Enter}');
    expect(client.sent).toEqual([{ conversationId: 'c1', body: { text: '/re' } }]);
  });

  it('never picks on the Enter that confirms an input method candidate', async () => {
    const thanks: CannedReply = {
      id: 'r4',
      shortcut: 'xiexie',
      text: '谢谢您的耐心等待。',
      scope: 'team',
      ownerId: 's1',
    };
    const { box, client } = await setup([...REPLIES, thanks]);
    await userEvent.type(box, '/');
    await screen.findByRole('listbox', { name: 'Canned replies' });
    fireEvent.compositionStart(box);
    fireEvent.change(box, { target: { value: '/谢谢' } });
    fireEvent.keyDown(box, { key: 'Enter', isComposing: true });
    fireEvent.keyDown(box, { key: 'Enter', keyCode: 229 });
    fireEvent.compositionEnd(box, { data: '谢谢' });
    // The list shows the reply that holds 谢谢, and the confirming Enter neither picked it nor sent.
    expect(optionNames()).toEqual(['/xiexie']);
    expect(box).toHaveValue('/谢谢');
    expect(client.sent).toEqual([]);
    await userEvent.keyboard('{Enter}');
    expect(box).toHaveValue('谢谢您的耐心等待。');
  });

  it('stays a plain text box for text that does not start with /, and says when nothing matches', async () => {
    const { box } = await setup();
    await userEvent.type(box, 'see /greet');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(screen.queryByRole('combobox')).toBeNull();
    await userEvent.clear(box);
    await userEvent.type(box, '/zzz');
    expect(screen.getByRole('combobox', { name: 'Message' })).toHaveAttribute('aria-expanded', 'false');
    expect(screen.getByText('No canned reply matches “zzz”')).toBeInTheDocument();
    await userEvent.type(box, '{Shift>}{Enter}{/Shift}');
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveValue('/zzz\n');
  });

  it('shows the list in Chinese with the Chinese name', async () => {
    const client = new FakeClient();
    client.apiAnswers['/api/canned-replies'] = { cannedReplies: REPLIES };
    renderWithWorkspace(
      <Composer conversationId="c1" disabled={false} placeholder="回复…" />,
      client,
      undefined,
      {
        locale: 'zh-CN',
      },
    );
    await userEvent.type(screen.getByRole('textbox', { name: '消息' }), '/');
    expect(await screen.findByRole('listbox', { name: '快捷回复' })).toBeVisible();
    expect(screen.getAllByText('团队')).toHaveLength(2);
  });
});

describe('pasting into the composer', () => {
  it('sends a pasted image through the upload path, with the typed text as its caption', async () => {
    const view = renderWithWorkspace(<Composer conversationId="c1" disabled={false} placeholder="Reply…" />);
    const sendFile = jest.spyOn(view.workspace, 'sendFile').mockResolvedValue();
    const box = screen.getByRole('textbox', { name: 'Message' });
    await userEvent.type(box, 'Here it is');
    const shot = new File([new Uint8Array([137, 80, 78, 71])], 'image.png', { type: 'image/png' });
    expect(fireEvent.paste(box, aClipboard({ kind: 'file', file: shot }))).toBe(false);
    await waitFor(() => expect(sendFile).toHaveBeenCalledTimes(1));
    const [conversationId, file, caption] = sendFile.mock.calls[0];
    expect([conversationId, file.type, file.size, caption]).toEqual(['c1', 'image/png', 4, 'Here it is']);
    expect(file.name).toMatch(/^pasted-\d{8}-\d{6}\.png$/);
    await waitFor(() => expect(box).toHaveValue(''));
  });

  it('leaves a text paste (and a spreadsheet paste with its picture) to the browser', () => {
    const view = renderWithWorkspace(<Composer conversationId="c1" disabled={false} placeholder="Reply…" />);
    const sendFile = jest.spyOn(view.workspace, 'sendFile').mockResolvedValue();
    const box = screen.getByRole('textbox', { name: 'Message' });
    const picture = new File(['png'], 'image.png', { type: 'image/png' });
    expect(fireEvent.paste(box, aClipboard({ kind: 'string', type: 'text/plain' }))).toBe(true);
    const cells = aClipboard({ kind: 'string', type: 'text/plain' }, { kind: 'file', file: picture });
    expect(fireEvent.paste(box, cells)).toBe(true);
    expect(sendFile).not.toHaveBeenCalled();
  });
});
