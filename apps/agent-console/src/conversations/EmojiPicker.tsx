import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

const EMOJI = [
  '😀',
  '😊',
  '🙂',
  '😉',
  '😅',
  '🙏',
  '👍',
  '👌',
  '👋',
  '🎉',
  '✅',
  '❤️',
  '🤔',
  '😢',
  '🙌',
  '🚀',
  '📦',
  '💳',
  '⏳',
  '📎',
];

/**
 * A small built-in picker: the handful of emoji support replies actually use, in a non-modal dialog that
 * takes focus when it opens (Escape hands it back to the composer).
 */
export function EmojiPicker({ onPick, onClose }: { onPick: (emoji: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const panel = useRef<HTMLDialogElement>(null);
  useEffect(() => panel.current?.querySelector('button')?.focus(), []);
  return (
    <dialog
      ref={panel}
      open
      className="emoji-picker"
      aria-label={t('composer.emoji')}
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      {EMOJI.map((emoji) => (
        <button
          key={emoji}
          type="button"
          className="emoji"
          aria-label={t('composer.insertEmoji', { emoji })}
          onClick={() => onPick(emoji)}
        >
          {emoji}
        </button>
      ))}
    </dialog>
  );
}
