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

/** A small built-in picker: the handful of emoji support replies actually use, in a non-modal dialog. */
export function EmojiPicker({ onPick, onClose }: { onPick: (emoji: string) => void; onClose: () => void }) {
  return (
    <dialog
      open
      className="emoji-picker"
      aria-label="Emoji"
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      {EMOJI.map((emoji) => (
        <button
          key={emoji}
          type="button"
          className="emoji"
          aria-label={`Insert ${emoji}`}
          onClick={() => onPick(emoji)}
        >
          {emoji}
        </button>
      ))}
    </dialog>
  );
}
