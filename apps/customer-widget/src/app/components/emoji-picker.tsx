import { useEffect, useRef, type RefObject } from 'react';

/** A small built-in set: enough for a support chat, no emoji library in the bundle. */
export const EMOJI: ReadonlyArray<readonly [string, string]> = [
  ['😀', 'grinning face'],
  ['😊', 'smiling face'],
  ['😂', 'face with tears of joy'],
  ['🙂', 'slightly smiling face'],
  ['😉', 'winking face'],
  ['😍', 'heart eyes'],
  ['🤔', 'thinking face'],
  ['😅', 'sweat smile'],
  ['😢', 'crying face'],
  ['😮', 'surprised face'],
  ['😡', 'angry face'],
  ['🙏', 'folded hands'],
  ['👍', 'thumbs up'],
  ['👎', 'thumbs down'],
  ['👏', 'clapping hands'],
  ['👋', 'waving hand'],
  ['🙌', 'raising hands'],
  ['💪', 'flexed biceps'],
  ['❤️', 'red heart'],
  ['🎉', 'party popper'],
  ['🔥', 'fire'],
  ['✅', 'check mark'],
  ['❌', 'cross mark'],
  ['⭐', 'star'],
  ['💡', 'light bulb'],
  ['📦', 'package'],
  ['💳', 'credit card'],
  ['📧', 'e-mail'],
  ['⏰', 'alarm clock'],
  ['🚀', 'rocket'],
  ['☕', 'hot beverage'],
  ['🤝', 'handshake'],
];

export function EmojiPicker({
  onPick,
  onClose,
  toggle,
}: {
  onPick: (emoji: string) => void;
  onClose: () => void;
  /** The button that opens and closes the picker: a press on it is its own, not a press outside. */
  toggle: RefObject<HTMLElement | null>;
}) {
  const panel = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    panel.current?.querySelector('button')?.focus();
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (panel.current?.contains(target) || toggle.current?.contains(target)) return;
      onClose();
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [onClose, toggle]);
  return (
    // A non-modal dialog beside the composer: the conversation stays usable, a press outside closes it.
    <dialog
      open
      className="sbw-emoji-panel"
      aria-label="Emoji"
      ref={panel}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      {EMOJI.map(([emoji, name]) => (
        <button
          key={name}
          type="button"
          className="sbw-emoji"
          aria-label={name}
          onClick={() => onPick(emoji)}
        >
          {emoji}
        </button>
      ))}
    </dialog>
  );
}
