import { useEffect } from 'react';

export const SHORTCUTS: Array<{ keys: string; what: string }> = [
  { keys: 'g', what: 'Grab the inquiry that has waited longest' },
  { keys: 'j / k', what: 'Next / previous of my conversations' },
  { keys: 'r', what: 'Focus the message box' },
  { keys: 'Enter or Ctrl+Enter', what: 'Send (in the message box)' },
  { keys: 'Shift+Enter', what: 'New line (in the message box)' },
  { keys: 'Esc', what: 'Close a dialog or leave the message box' },
  { keys: '?', what: 'Show this list' },
];

function typingInField(target: EventTarget | null): boolean {
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
