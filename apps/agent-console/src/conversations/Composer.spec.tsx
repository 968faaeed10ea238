import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithWorkspace } from '../test-utils';
import { Composer } from './Composer';

describe('Composer', () => {
  function setup(disabled = false) {
    const view = renderWithWorkspace(
      <Composer conversationId="c1" disabled={disabled} placeholder="Reply…" />,
    );
    return { ...view, box: screen.getByRole('textbox', { name: 'Message' }) };
  }

  it('sends on Enter, keeps Shift+Enter as a new line, and signals typing once, then stopped', async () => {
    const { client, box } = setup();
    await userEvent.type(box, 'Hello{Shift>}{Enter}{/Shift}there');
    expect(box).toHaveValue('Hello\nthere');
    expect(client.requestsOf('typing')).toEqual([{ conversationId: 'c1', isTyping: true }]);
    await userEvent.keyboard('{Enter}');
    expect(client.sent).toEqual([{ conversationId: 'c1', body: { text: 'Hello\nthere' } }]);
    expect(box).toHaveValue('');
    expect(client.requestsOf('typing')).toEqual([
      { conversationId: 'c1', isTyping: true },
      { conversationId: 'c1', isTyping: false },
    ]);
  });

  it('sends with the Send button and never sends blanks', async () => {
    const { client, box } = setup();
    await userEvent.type(box, '   ');
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
    await userEvent.keyboard('{Enter}');
    expect(client.sent).toEqual([]);
    await userEvent.type(box, 'ok');
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(client.sent).toEqual([{ conversationId: 'c1', body: { text: 'ok' } }]);
  });

  it('inserts an emoji from the picker', async () => {
    const { box } = setup();
    await userEvent.type(box, 'Thanks ');
    await userEvent.click(screen.getByRole('button', { name: 'Emoji' }));
    await userEvent.click(screen.getByRole('button', { name: 'Insert 🙏' }));
    expect(box).toHaveValue('Thanks 🙏');
  });

  it('moves focus into the emoji picker, and Escape closes it and gives focus back to the message box', async () => {
    const { box } = setup();
    await userEvent.click(screen.getByRole('button', { name: 'Emoji' }));
    const picker = screen.getByRole('dialog', { name: 'Emoji' });
    expect(picker).toContainElement(document.activeElement as HTMLElement);
    expect(screen.getByRole('button', { name: 'Emoji' })).toHaveAttribute('aria-expanded', 'true');
    await userEvent.keyboard('{Escape}');
    expect(picker).not.toBeInTheDocument();
    expect(box).toHaveFocus();
  });

  it('is disabled when the agent may not write', () => {
    const { box } = setup(true);
    expect(box).toBeDisabled();
  });

  it('never sends on the Enter that confirms an input method candidate; the Enter after it sends once', async () => {
    const { client, box } = setup();
    // Typing 你好 with a pinyin IME: composition events, the text, and the confirming Enter while composing.
    fireEvent.compositionStart(box);
    fireEvent.change(box, { target: { value: '你好' } });
    fireEvent.keyDown(box, { key: 'Enter', isComposing: true });
    // Safari and older Chromium report the confirming keydown as keyCode 229 instead.
    fireEvent.keyDown(box, { key: 'Enter', keyCode: 229 });
    fireEvent.compositionEnd(box, { data: '你好' });
    expect(client.sent).toEqual([]);
    expect(box).toHaveValue('你好');
    await userEvent.type(box, '{Enter}');
    expect(client.sent).toEqual([{ conversationId: 'c1', body: { text: '你好' } }]);
  });
});
