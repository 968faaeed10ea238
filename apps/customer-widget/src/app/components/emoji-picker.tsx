import { useEffect, useRef, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type en from '../../locales/en.json';

type EmojiName = Exclude<keyof (typeof en)['emoji'], 'picker'>;

/** A small built-in set: enough for a support chat, no emoji library in the bundle. Names: the `emoji` catalogue. */
export const EMOJI: ReadonlyArray<readonly [emoji: string, name: EmojiName]> = [
  ['😀', 'grinning'],
  ['😊', 'smiling'],
  ['😂', 'joy'],
  ['🙂', 'slightlySmiling'],
  ['😉', 'winking'],
  ['😍', 'heartEyes'],
  ['🤔', 'thinking'],
  ['😅', 'sweatSmile'],
  ['😢', 'crying'],
  ['😮', 'surprised'],
  ['😡', 'angry'],
  ['🙏', 'foldedHands'],
  ['👍', 'thumbsUp'],
  ['👎', 'thumbsDown'],
  ['👏', 'clapping'],
  ['👋', 'waving'],
  ['🙌', 'raisingHands'],
  ['💪', 'flexedBiceps'],
  ['❤️', 'redHeart'],
  ['🎉', 'partyPopper'],
  ['🔥', 'fire'],
  ['✅', 'checkMark'],
  ['❌', 'crossMark'],
  ['⭐', 'star'],
  ['💡', 'lightBulb'],
  ['📦', 'package'],
  ['💳', 'creditCard'],
  ['📧', 'email'],
  ['⏰', 'alarmClock'],
  ['🚀', 'rocket'],
  ['☕', 'hotBeverage'],
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
  const { t } = useTranslation();
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
      aria-label={t('emoji.picker')}
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
          aria-label={t(`emoji.${name}`)}
          onClick={() => onPick(emoji)}
        >
          {emoji}
        </button>
      ))}
    </dialog>
  );
}
