import {
  useCallback,
  useLayoutEffect,
  useRef,
  useState,
  type ClipboardEvent,
  type KeyboardEvent,
} from 'react';
import { pastedImage } from '@switchboard/client';
import { isImeComposing } from '@switchboard/i18n';
import { LIMITS } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { CannedReplyList } from '../canned-replies/CannedReplyList';
import { useCannedReplyPicker } from '../canned-replies/useCannedReplyPicker';
import { useConsole, useWorkspace } from '../shared/console-context';
import { CloseIcon, PaperclipIcon, SmileIcon } from '../shared/icons';
import { EmojiPicker } from './EmojiPicker';
import { useTypingSignal } from './useTypingSignal';

/**
 * The message box: Enter (or Ctrl+Enter) sends, Shift+Enter adds a line; files (chosen or pasted images) go
 * through upload first; `/` at the start opens the canned replies. Enter that confirms an input method's
 * candidate (typing Chinese) only confirms it: it never sends, nor picks a canned reply.
 */
export function Composer({
  conversationId,
  disabled,
  placeholder,
  quote,
  onCancelQuote,
}: {
  conversationId: string;
  disabled: boolean;
  placeholder: string;
  /** Section 8: the message the reply quotes, above the box until sent or cancelled (Escape). */
  quote?: { seq: number; senderName: string; preview: string } | null;
  onCancelQuote?: () => void;
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
  const conversation = useWorkspace((s) => s.conversations[conversationId]);
  const caretAtEnd = useRef(false);
  const picker = useCannedReplyPicker({
    text,
    context: conversation
      ? {
          customerName: conversation.customer.name,
          agentName: workspace.me.name,
          conversationNumber: conversation.number,
        }
      : null,
    onInsert: (filled) => {
      setText(filled);
      caretAtEnd.current = true;
      keystroke();
    },
  });

  useLayoutEffect(() => {
    const el = input.current;
    if (!caretAtEnd.current || !el) return;
    caretAtEnd.current = false;
    el.setSelectionRange(el.value.length, el.value.length);
  }, [text]);

  function send() {
    const body = text.trim();
    if (!body || disabled) return;
    workspace.send(conversationId, body, quote?.seq);
    onCancelQuote?.();
    setText('');
    stop();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (picker.onKeyDown(event)) return;
    if (event.key === 'Escape' && quote && !isImeComposing(event)) {
      event.preventDefault();
      onCancelQuote?.();
      return;
    }
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

  async function attach(file: File | null | undefined) {
    if (!file || disabled) return;
    await workspace.sendFile(conversationId, file, text.trim() || undefined);
    setText('');
    if (fileInput.current) fileInput.current.value = '';
  }

  /** A pasted image (a screenshot) is sent like a chosen file; any other paste is the browser's. */
  function onPaste(event: ClipboardEvent<HTMLTextAreaElement>) {
    const image = pastedImage(event.clipboardData);
    if (!image) return;
    event.preventDefault();
    void attach(image);
  }

  function hint(): string {
    if (picker.active && picker.matches.length === 0) return t('canned.noMatch', { query: picker.query });
    return t('composer.hint');
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
      <CannedReplyList picker={picker} />
      {quote && (
        <div className="quote-bar" role="group" aria-label={t('composer.replyingTo', { name: quote.senderName })}>
          <span className="quote-bar-text">
            <span className="quote-name">{t('composer.replyingTo', { name: quote.senderName })}</span>
            <span className="quote-text">{quote.preview}</span>
          </span>
          <button
            type="button"
            className="icon-button"
            aria-label={t('composer.cancelReply')}
            onClick={() => {
              onCancelQuote?.();
              input.current?.focus();
            }}
          >
            <CloseIcon />
          </button>
        </div>
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
        onPaste={onPaste}
        onBlur={stop}
        {...picker.comboboxProps}
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
        <input ref={fileInput} type="file" hidden onChange={(e) => void attach(e.target.files?.[0])} />
        <span className="hint">{hint()}</span>
        <button type="button" className="button primary" disabled={disabled || !text.trim()} onClick={send}>
          {t('composer.send')}
        </button>
      </div>
    </div>
  );
}
