import { useEffect } from 'react';

/** Key names (the same in every language) and the catalogue key under `shortcuts.` (or `label`) that says what they do. */
export const SHORTCUTS = [
  { keys: 'g', what: 'grab' },
  { keys: 'j / k', what: 'step' },
  { keys: 'r', what: 'focus' },
  { keys: 'n', what: 'note', label: 'notes.shortcut' },
  { keys: 'Enter / Ctrl+Enter', what: 'send' },
  { keys: 'Shift+Enter', what: 'newLine' },
  { keys: 'Esc', what: 'escape' },
  { keys: '/ · Ctrl+K', what: 'search', label: 'search.shortcut' },
  { keys: '?', what: 'help' },
] as const;

/** Focus is in a text field, a select or the composer (shortcuts of one key are off there). */
export function typingInField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

/** Single-key shortcuts, ignored while the user types in a field or holds a modifier. */
export function useShortcuts(handlers: Record<string, () => void>): void {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key === 'Escape' && typingInField(event.target)) {
        (event.target as HTMLElement).blur();
        return;
      }
      if (typingInField(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      const handler = handlers[event.key];
      if (handler) {
        event.preventDefault();
        handler();
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [handlers]);
}
