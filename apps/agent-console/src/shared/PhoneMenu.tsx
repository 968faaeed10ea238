import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsole } from './console-context';
import { MenuIcon } from './icons';

const FOCUSABLE = 'button:not(:disabled), input:not(:disabled), select:not(:disabled), a[href]';

/**
 * The phone's top-bar menu: a disclosure button (`aria-expanded`) over a panel of the controls that do not fit
 * beside it. Opening moves focus to its first control; Escape, a press outside, opening a conversation or another
 * view close it (Escape puts focus back on the button).
 */
export function PhoneMenu({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { workspace } = useConsole();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const panelId = useId();

  // A search result or a view chosen in the menu replaces what is behind it: the menu has done its job.
  useEffect(() => {
    const { selections } = workspace.store.get();
    return workspace.store.subscribe(() => {
      if (workspace.store.get().selections !== selections) setOpen(false);
    });
  }, [workspace, open]);

  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLElement>(FOCUSABLE)?.focus();
    const pressedOutside = (event: PointerEvent) => {
      const target = event.target as Element | null;
      // A dialog opened from the menu (the shortcuts list) sits above it: pressing in it keeps the menu.
      if (target?.closest('dialog') || panel.current?.contains(target) || button.current?.contains(target))
        return;
      setOpen(false);
    };
    const escape = (event: KeyboardEvent) => {
      const inMenu =
        panel.current?.contains(document.activeElement) || document.activeElement === button.current;
      // An Escape that closed the search box's results list stopped there (SearchBox stops its propagation).
      if (event.key !== 'Escape' || !inMenu) return;
      event.preventDefault();
      setOpen(false);
      button.current?.focus();
    };
    // Choosing a view inside the menu, or going back, replaces the screen behind it.
    const choseView = (event: MouseEvent) => {
      if ((event.target as Element | null)?.closest('.menu-views button')) setOpen(false);
    };
    const navigated = () => setOpen(false);
    document.addEventListener('pointerdown', pressedOutside);
    document.addEventListener('keydown', escape);
    document.addEventListener('click', choseView);
    window.addEventListener('popstate', navigated);
    return () => {
      document.removeEventListener('pointerdown', pressedOutside);
      document.removeEventListener('keydown', escape);
      document.removeEventListener('click', choseView);
      window.removeEventListener('popstate', navigated);
    };
  }, [open]);

  return (
    <div className="phone-menu">
      <button
        ref={button}
        type="button"
        className="icon-button menu-button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t('phone.menu')}
        onClick={() => setOpen(!open)}
      >
        <MenuIcon />
      </button>
      {/* Closed, the panel stays in the DOM but hidden, so aria-controls always names an element. */}
      <div
        ref={panel}
        id={panelId}
        className="phone-menu-panel"
        role="group"
        aria-label={t('phone.menu')}
        hidden={!open}
      >
        {children}
      </div>
    </div>
  );
}
