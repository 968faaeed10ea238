import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aClipboard } from '@switchboard/client/testing';
import { Composer } from './composer';

describe('Composer', () => {
  it('sends on Enter and clears the box', async () => {
    const onSend = jest.fn();
    render(<Composer onSend={onSend} />);
    const box = screen.getByRole('textbox', { name: 'Message' });
    await userEvent.type(box, 'Where is my order?{Enter}');
    expect(onSend).toHaveBeenCalledWith('Where is my order?');
    expect(box).toHaveValue('');
  });

  it('starts a new line on Shift+Enter without sending', async () => {
    const onSend = jest.fn();
    render(<Composer onSend={onSend} />);
    const box = screen.getByRole('textbox', { name: 'Message' });
    await userEvent.type(box, 'line one{Shift>}{Enter}{/Shift}line two');
    expect(onSend).not.toHaveBeenCalled();
    expect(box).toHaveValue('line one\nline two');
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(onSend).toHaveBeenCalledWith('line one\nline two');
  });

  it('keeps the text when the send is refused', async () => {
    const onSend = jest.fn(() => false);
    render(<Composer onSend={onSend} />);
    const box = screen.getByRole('textbox', { name: 'Message' });
    await userEvent.type(box, 'Hello{Enter}');
    expect(onSend).toHaveBeenCalledWith('Hello');
    expect(box).toHaveValue('Hello');
  });

  it('does not send blank text', async () => {
    const onSend = jest.fn();
    render(<Composer onSend={onSend} />);
    await userEvent.type(screen.getByRole('textbox', { name: 'Message' }), '   {Enter}');
    expect(onSend).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
  });

  it('reports typing while there is text', async () => {
    const onTyping = jest.fn();
    render(<Composer onSend={jest.fn()} onTyping={onTyping} />);
    await userEvent.type(screen.getByRole('textbox', { name: 'Message' }), 'a{Backspace}');
    expect(onTyping.mock.calls.map(([hasText]) => hasText)).toEqual([true, false]);
  });

  it('inserts an emoji from the picker at the caret', async () => {
    render(<Composer onSend={jest.fn()} />);
    const box = screen.getByRole('textbox', { name: 'Message' });
    await userEvent.type(box, 'Thanks!');
    await userEvent.click(screen.getByRole('button', { name: 'Emoji' }));
    await userEvent.click(screen.getByRole('button', { name: 'thumbs up' }));
    expect(box).toHaveValue('Thanks!👍');
    expect(screen.queryByRole('dialog', { name: 'Emoji' })).toBeNull();
  });

  it('closes the emoji picker with a second press on its button, and with a press elsewhere', async () => {
    render(<Composer onSend={jest.fn()} />);
    const toggle = screen.getByRole('button', { name: 'Emoji' });
    await userEvent.click(toggle);
    expect(screen.getByRole('dialog', { name: 'Emoji' })).toBeInTheDocument();
    await userEvent.click(toggle);
    expect(screen.queryByRole('dialog', { name: 'Emoji' })).toBeNull();
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    await userEvent.click(screen.getByRole('textbox', { name: 'Message' }));
    expect(screen.queryByRole('dialog', { name: 'Emoji' })).toBeNull();
  });

  it('hands a picked file to onAttach', async () => {
    const onAttach = jest.fn();
    const { container } = render(<Composer onSend={jest.fn()} onAttach={onAttach} />);
    expect(screen.getByRole('button', { name: 'Attach file' })).toBeInTheDocument();
    const file = new File(['hello'], 'receipt.pdf', { type: 'application/pdf' });
    await userEvent.upload(container.querySelector('input[type=file]') as HTMLInputElement, file);
    expect(onAttach).toHaveBeenCalledWith(file);
  });
  describe('pasting', () => {
    it('attaches an image pasted into the box (a screenshot), and keeps the text typed so far', async () => {
      const onAttach = jest.fn();
      render(<Composer onSend={jest.fn()} onAttach={onAttach} />);
      const box = screen.getByRole('textbox', { name: 'Message' });
      await userEvent.type(box, 'See this');
      const shot = new File([new Uint8Array([137, 80, 78, 71])], 'image.png', { type: 'image/png' });
      const notCancelled = fireEvent.paste(box, aClipboard({ kind: 'file', file: shot }));
      expect(notCancelled).toBe(false);
      expect(onAttach).toHaveBeenCalledTimes(1);
      const [file] = onAttach.mock.calls[0] as [File];
      expect([file.type, file.size]).toEqual(['image/png', 4]);
      expect(file.name).toMatch(/^pasted-\d{8}-\d{6}\.png$/);
      expect(box).toHaveValue('See this');
    });

    it('leaves text pastes, and every paste when files cannot be sent, to the browser', () => {
      const onAttach = jest.fn();
      const shot = new File(['png'], 'image.png', { type: 'image/png' });
      const { unmount } = render(<Composer onSend={jest.fn()} onAttach={onAttach} />);
      expect(
        fireEvent.paste(
          screen.getByRole('textbox', { name: 'Message' }),
          aClipboard({ kind: 'string', type: 'text/plain' }),
        ),
      ).toBe(true);
      unmount();
      render(<Composer onSend={jest.fn()} />);
      const box = screen.getByRole('textbox', { name: 'Message' });
      expect(fireEvent.paste(box, aClipboard({ kind: 'file', file: shot }))).toBe(true);
      expect(onAttach).not.toHaveBeenCalled();
    });
  });
});

describe('Composer: the quote bar (PROTOCOL section 8)', () => {
  it('shows what the reply quotes; Cancel reply and Escape drop it, and Escape does not reach the page', async () => {
    const onCancelQuote = jest.fn();
    const pageEscape = jest.fn();
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !event.defaultPrevented) pageEscape();
    });
    render(<Composer onSend={jest.fn()} quote={{ senderName: 'Ana Lima', preview: 'It ships tomorrow' }} onCancelQuote={onCancelQuote} />);
    expect(screen.getByRole('group', { name: 'Replying to Ana Lima' })).toHaveTextContent('It ships tomorrow');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel reply' }));
    expect(onCancelQuote).toHaveBeenCalledTimes(1);
    await userEvent.type(screen.getByRole('textbox', { name: 'Message' }), '{Escape}');
    expect(onCancelQuote).toHaveBeenCalledTimes(2);
    expect(pageEscape).not.toHaveBeenCalled();
  });
});
