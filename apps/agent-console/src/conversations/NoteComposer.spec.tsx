import { act, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Message, Note } from '@switchboard/protocol';
import { FakeClient, renderWithWorkspace } from '../test-utils';
import { ComposerArea } from './ComposerArea';
import { MessageThread } from './MessageThread';
import { mergeNotes } from './note-desk';

const agents = [
  { id: 'agent-1', name: 'Ana', status: 'online', serving: 0 },
  { id: 'agent-2', name: 'Bob Stone', status: 'online', serving: 1 },
  { id: 'agent-3', name: 'Bea', status: 'away', serving: 0 },
];

function aNote(overrides: Partial<Note> = {}): Note {
  return {
    id: 'n1',
    conversationId: 'c1',
    author: { id: 'agent-1', name: 'Ana' },
    text: 'refund approved',
    mentions: [],
    createdAt: new Date(1_700_000_000_000).toISOString(),
    ...overrides,
  };
}

function setup({ mayWriteNotes = true } = {}) {
  const client = new FakeClient();
  client.apiAnswers['/api/users?role=agent'] = agents;
  client.answers['note.add'] = (p) => aNote({ id: 'n-new', text: String(p.text), mentions: (p.mentions as string[]) ?? [] });
  const view = renderWithWorkspace(
    <ComposerArea conversationId="c1" disabled={false} placeholder="Reply to Maria…" mayWriteNotes={mayWriteNotes} />,
    client,
  );
  return { ...view, client };
}

async function toNoteMode() {
  await userEvent.click(screen.getByRole('tab', { name: 'Note' }));
  return screen.getByRole('textbox', { name: 'Private note' });
}

describe('the composer in note mode', () => {
  it('has Reply and Note tabs (arrows switch them); Note is amber with a lock and "Only your team sees this"', async () => {
    const { container } = setup();
    const reply = screen.getByRole('tab', { name: 'Reply' });
    expect(reply).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeInTheDocument();
    reply.focus();
    await userEvent.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Note' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tab', { name: 'Note' })).toHaveFocus();
    const box = screen.getByRole('textbox', { name: 'Private note' });
    expect(screen.queryByRole('textbox', { name: 'Message' })).not.toBeInTheDocument();
    expect(box).toHaveAccessibleDescription('Only your team sees this');
    expect(container.querySelector('.note-composer svg')).not.toBeNull();
    await userEvent.keyboard('{ArrowLeft}');
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeInTheDocument();
  });

  it('adds a note on Enter through note.add, never through message.send, and clears the box', async () => {
    const { client } = setup();
    const box = await toNoteMode();
    await userEvent.type(box, 'Customer is a VIP{Enter}');
    expect(client.requestsOf('note.add')).toEqual([{ conversationId: 'c1', clientMsgId: expect.any(String), text: 'Customer is a VIP' }]);
    expect(client.sent).toEqual([]);
    expect(box).toHaveValue('');
  });

  it('never adds while an input method is composing (the Enter that confirms a candidate)', async () => {
    const { client } = setup();
    const box = await toNoteMode();
    await userEvent.type(box, 'tuikuan');
    fireEvent.keyDown(box, { key: 'Enter', isComposing: true, keyCode: 229 });
    expect(client.requestsOf('note.add')).toEqual([]);
    expect(box).toHaveValue('tuikuan');
  });

  it('@ opens the "Mention" listbox, filtered as one types; arrows move, Enter inserts @Name and records the id', async () => {
    const { client } = setup();
    const box = await toNoteMode();
    await userEvent.type(box, 'ask @b');
    const list = await screen.findByRole('listbox', { name: 'Mention' });
    // Ana is me: not offered.
    expect(within(list).getAllByRole('option').map((o) => o.textContent)).toEqual(['@Bob Stone', '@Bea']);
    expect(within(list).getByRole('option', { name: '@Bob Stone' })).toHaveAttribute('aria-selected', 'true');
    expect(box).toHaveAttribute('aria-activedescendant', within(list).getByRole('option', { name: '@Bob Stone' }).id);
    await userEvent.keyboard('{ArrowDown}');
    expect(within(list).getByRole('option', { name: '@Bea' })).toHaveAttribute('aria-selected', 'true');
    await userEvent.keyboard('{ArrowUp}{Enter}');
    expect(box).toHaveValue('ask @Bob Stone ');
    expect(screen.queryByRole('listbox', { name: 'Mention' })).not.toBeInTheDocument();
    expect(client.requestsOf('note.add')).toEqual([]);
    await userEvent.type(box, 'please{Enter}');
    expect(client.requestsOf('note.add')).toEqual([
      { conversationId: 'c1', clientMsgId: expect.any(String), text: 'ask @Bob Stone please', mentions: ['agent-2'] },
    ]);
  });

  it('Escape closes the list without leaving the box; a mention deleted from the text is not sent', async () => {
    const { client } = setup();
    const box = await toNoteMode();
    await userEvent.type(box, '@be');
    await screen.findByRole('listbox', { name: 'Mention' });
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('listbox', { name: 'Mention' })).not.toBeInTheDocument();
    expect(box).toHaveFocus();
    await userEvent.clear(box);
    await userEvent.type(box, '@bea');
    await userEvent.click(await screen.findByRole('option', { name: '@Bea' }));
    expect(box).toHaveValue('@Bea ');
    await userEvent.clear(box);
    await userEvent.type(box, 'nobody after all{Enter}');
    expect(client.requestsOf('note.add')).toEqual([{ conversationId: 'c1', clientMsgId: expect.any(String), text: 'nobody after all' }]);
  });

  it('is disabled, saying who may add notes, for someone who may not', async () => {
    setup({ mayWriteNotes: false });
    const box = await toNoteMode();
    expect(box).toBeDisabled();
    expect(box).toHaveAttribute('placeholder', expect.stringContaining('Only the assignee'));
  });

  it('speaks Chinese: 回复 / 内部备注, 仅团队可见, and the list is named 提及', async () => {
    const client = new FakeClient();
    client.apiAnswers['/api/users?role=agent'] = agents;
    renderWithWorkspace(<ComposerArea conversationId="c1" disabled={false} placeholder="" mayWriteNotes />, client, undefined, { locale: 'zh-CN' });
    expect(screen.getByRole('tab', { name: '回复' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: /内部备注/ }));
    const box = screen.getByRole('textbox', { name: '内部备注内容' });
    expect(box).toHaveAccessibleDescription('仅团队可见');
    await userEvent.type(box, '@');
    expect(await screen.findByRole('listbox', { name: '提及' })).toBeInTheDocument();
  });
});

describe('notes in the workspace', () => {
  it('a mention counts until its conversation is seen, is remembered across reloads, and note.new merges by id', () => {
    localStorage.clear();
    const client = new FakeClient();
    const { workspace } = renderWithWorkspace(<div />, client);
    const note = aNote({ id: 'n7', mentions: ['agent-1'], author: { id: 'agent-2', name: 'Bob' } });
    act(() => client.emit('mention', { conversationId: 'c9', note }));
    act(() => client.emit('mention', { conversationId: 'c9', note }));
    expect(workspace.notes.store.get().mentions).toEqual([
      { noteId: 'n7', conversationId: 'c9', authorName: 'Bob', text: 'refund approved', at: note.createdAt },
    ]);
    expect(JSON.parse(localStorage.getItem('switchboard.console.agent-1.mentions') ?? '[]')).toHaveLength(1);
    act(() => workspace.notes.seen('c9'));
    expect(workspace.notes.store.get().mentions).toEqual([]);
    expect(mergeNotes([aNote({ id: 'b', createdAt: '2026-01-01T00:00:02.000Z' })], [aNote({ id: 'a', createdAt: '2026-01-01T00:00:01.000Z' }), aNote({ id: 'b', createdAt: '2026-01-01T00:00:02.000Z' })]).map((n) => n.id)).toEqual(['a', 'b']);
  });
});

describe('notes in the thread', () => {
  const at = (s: number) => new Date(1_700_000_000_000 + s * 1000).toISOString();
  const message = (seq: number): Message => ({
    id: `m${seq}`,
    conversationId: 'c1',
    seq,
    clientMsgId: `client-${seq}`,
    sender: { id: 'cust', type: 'customer', name: 'Maria' },
    kind: 'text',
    text: `message ${seq}`,
    attachment: null,
    createdAt: at(seq * 10),
    recalledAt: null,
    recallableUntil: null,
    replyTo: null,
  });

  it('interleaves notes with messages by time, each marked "Private note" with its author', () => {
    const notes = [aNote({ id: 'n1', text: 'after the first', createdAt: at(15) }), aNote({ id: 'n2', text: 'latest', createdAt: at(40), author: { id: 'x', name: 'Bo' } })];
    render(<MessageThread messages={[message(1), message(2), message(3)]} notes={notes} hasMore={false} />);
    const log = screen.getByRole('log', { name: 'Messages' });
    const order = [...log.querySelectorAll('[data-seq], [data-note-id]')].map((el) => el.getAttribute('data-seq') ?? el.getAttribute('data-note-id'));
    expect(order).toEqual(['1', 'n1', '2', '3', 'n2']);
    expect(within(log).getByRole('article', { name: 'Private note by Bo' })).toHaveTextContent('latest');
  });
});
