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

/** A small built-in picker: the handful of emoji support replies actually use. */
export function EmojiPicker({ onPick, onClose }: { onPick: (emoji: string) => void; onClose: () => void }) {
  return (
    <div
      className="emoji-picker"
      role="dialog"
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
    </div>
  );
}
