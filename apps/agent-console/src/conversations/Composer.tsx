import { useCallback, useRef, useState, type KeyboardEvent } from 'react';
import { isImeComposing } from '@switchboard/i18n';
import { LIMITS } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../shared/console-context';
import { PaperclipIcon, SmileIcon } from '../shared/icons';
import { EmojiPicker } from './EmojiPicker';
import { useTypingSignal } from './useTypingSignal';

/**
 * The message box: Enter (or Ctrl+Enter) sends, Shift+Enter adds a line; files go through upload first. Enter
 * that confirms an input method's candidate (typing Chinese) only confirms it: it never sends.
 */
export function Composer({
  conversationId,
  disabled,
  placeholder,
}: {
  conversationId: string;
  disabled: boolean;
  placeholder: string;
}) {
  const { t } = useTranslation();
  const { workspace } = useConsole();
  const [text, setText] = useState('');
  const [emojiOpen, setEmojiOpen] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const sendTyping = useCallback(
    (isTyping: boolean) => workspace.typing(conversationId, isTyping),
    [workspace, conversationId],
  );
  const { keystroke, stop } = useTypingSignal(sendTyping);

  function send() {
    const body = text.trim();
    if (!body || disabled) return;
    workspace.send(conversationId, body);
    setText('');
    stop();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !isImeComposing(event)) {
      event.preventDefault();
      send();
    }
  }

  function insert(emoji: string) {
    const el = input.current;
    const at = el?.selectionStart ?? text.length;
    setText(text.slice(0, at) + emoji + text.slice(el?.selectionEnd ?? at));
    setEmojiOpen(false);
    el?.focus();
  }

  async function attach(files: FileList | null) {
    const file = files?.[0];
    if (!file) return;
    await workspace.sendFile(conversationId, file, text.trim() || undefined);
    setText('');
    if (fileInput.current) fileInput.current.value = '';
  }

  return (
    <div className="composer">
      {emojiOpen && (
        <EmojiPicker
          onPick={insert}
          onClose={() => {
            setEmojiOpen(false);
            input.current?.focus();
          }}
        />
      )}
      <textarea
        ref={input}
        id="composer-input"
        aria-label={t('composer.message')}
        placeholder={placeholder}
        value={text}
        disabled={disabled}
        maxLength={LIMITS.textMaxLength}
        rows={3}
        onChange={(e) => {
          setText(e.target.value);
          keystroke();
        }}
        onKeyDown={onKeyDown}
        onBlur={stop}
      />
      <div className="composer-bar">
        <button
          type="button"
          className="icon-button"
          aria-label={t('composer.emoji')}
          aria-expanded={emojiOpen}
          disabled={disabled}
          onClick={() => setEmojiOpen(!emojiOpen)}
        >
          <SmileIcon />
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={t('composer.attach')}
          disabled={disabled}
          onClick={() => fileInput.current?.click()}
        >
          <PaperclipIcon />
        </button>
        <input ref={fileInput} type="file" hidden onChange={(e) => void attach(e.target.files)} />
        <span className="hint">{t('composer.hint')}</span>
        <button type="button" className="button primary" disabled={disabled || !text.trim()} onClick={send}>
          {t('composer.send')}
        </button>
      </div>
    </div>
  );
}
