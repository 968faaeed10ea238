import { forwardRef, useCallback, useImperativeHandle, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pastedImage } from '@switchboard/client';
import { isImeComposing } from '@switchboard/i18n';
import { LIMITS } from '@switchboard/protocol';
import { EmojiPicker } from './emoji-picker';
import { AttachIcon, CloseIcon, EmojiIcon, SendIcon } from './icons';

export interface ComposerProps {
  /** Returns false to refuse the text (it then stays in the box). */
  onSend: (text: string) => boolean | void;
  onTyping?: (hasText: boolean) => void;
  /** A chosen file, or an image pasted into the box. */
  onAttach?: (file: File) => void;
  /** The box's hint; "Write a message…" in the reader's language when none is given. */
  placeholder?: string;
  /** Section 8: the message the next one quotes, shown above the box until sent or cancelled (Escape). */
  quote?: { senderName: string; preview: string } | null;
  onCancelQuote?: () => void;
  /** What the box holds when it appears (a first message the gateway refused, given back). */
  initialText?: string;
}

const MAX_HEIGHT_PX = 120;

/**
 * The message box: Enter sends, Shift+Enter starts a new line, and an Enter that confirms an input method's
 * candidate (pinyin to 汉字) only confirms it; emoji and files beside it, and a pasted image (a screenshot) is
 * sent like a chosen file.
 */
export const Composer = forwardRef<HTMLTextAreaElement | null, ComposerProps>(function Composer(
  { onSend, onTyping, onAttach, placeholder, quote, onCancelQuote, initialText },
  forwardedRef,
) {
  const { t } = useTranslation();
  const [text, setText] = useState(initialText ?? '');
  const [emojiOpen, setEmojiOpen] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const emojiButton = useRef<HTMLButtonElement>(null);
  const caret = useRef<number | null>(null);
  useImperativeHandle(forwardedRef, () => textarea.current as HTMLTextAreaElement);

  useLayoutEffect(() => {
    const element = textarea.current;
    if (!element) return;
    element.style.height = 'auto';
    element.style.height = `${Math.min(element.scrollHeight, MAX_HEIGHT_PX)}px`;
    if (caret.current !== null) {
      element.setSelectionRange(caret.current, caret.current);
      caret.current = null;
    }
  }, [text]);

  const change = (value: string) => {
    setText(value);
    onTyping?.(value.trim().length > 0);
  };

  const submit = () => {
    if (!text.trim() || onSend(text) === false) return;
    setText('');
    textarea.current?.focus();
  };

  const insertEmoji = useCallback((emoji: string) => {
    const element = textarea.current;
    setText((current) => {
      const start = element?.selectionStart ?? current.length;
      const end = element?.selectionEnd ?? current.length;
      caret.current = start + emoji.length;
      return current.slice(0, start) + emoji + current.slice(end);
    });
    setEmojiOpen(false);
    element?.focus();
  }, []);
  const closeEmoji = useCallback(() => {
    setEmojiOpen(false);
    textarea.current?.focus();
  }, []);

  return (
    <form
      className={`sbw-composer${quote ? ' has-quote' : ''}`}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {emojiOpen && <EmojiPicker onPick={insertEmoji} onClose={closeEmoji} toggle={emojiButton} />}
      {quote && (
        <div className="sbw-quote-bar" role="group" aria-label={t('composer.replyingTo', { name: quote.senderName })}>
          <span className="sbw-quote-bar-text">
            <span className="sbw-quote-name">{t('composer.replyingTo', { name: quote.senderName })}</span>
            <span className="sbw-quote-text">{quote.preview}</span>
          </span>
          <button
            type="button"
            className="sbw-icon-button sbw-quote-cancel"
            aria-label={t('composer.cancelReply')}
            onClick={() => {
              onCancelQuote?.();
              textarea.current?.focus();
            }}
          >
            <CloseIcon width={16} height={16} />
          </button>
        </div>
      )}
      <textarea
        ref={textarea}
        className="sbw-input"
        aria-label={t('composer.message')}
        placeholder={placeholder ?? t('composer.placeholderReply')}
        rows={1}
        maxLength={LIMITS.textMaxLength}
        value={text}
        onChange={(event) => change(event.target.value)}
        onBlur={() => onTyping?.(false)}
        onPaste={(event) => {
          const image = onAttach && pastedImage(event.clipboardData);
          if (!image) return;
          event.preventDefault();
          onAttach(image);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && quote && !isImeComposing(event)) {
            event.preventDefault();
            onCancelQuote?.();
            return;
          }
          if (event.key === 'Enter' && !event.shiftKey && !isImeComposing(event)) {
            event.preventDefault();
            submit();
          }
        }}
      />
      <div className="sbw-composer-actions">
        <button
          ref={emojiButton}
          type="button"
          className="sbw-icon-button"
          aria-label={t('composer.emoji')}
          aria-expanded={emojiOpen}
          onClick={() => setEmojiOpen((open) => !open)}
        >
          <EmojiIcon />
        </button>
        {onAttach && (
          <>
            <button
              type="button"
              className="sbw-icon-button"
              aria-label={t('composer.attach')}
              onClick={() => fileInput.current?.click()}
            >
              <AttachIcon />
            </button>
            <input
              ref={fileInput}
              type="file"
              hidden
              tabIndex={-1}
              onChange={(event) => {
                const file = event.target.files?.[0];
                event.target.value = '';
                if (file) onAttach(file);
              }}
            />
          </>
        )}
        <button type="submit" className="sbw-send" aria-label={t('composer.send')} disabled={!text.trim()}>
          <SendIcon />
        </button>
      </div>
    </form>
  );
});
