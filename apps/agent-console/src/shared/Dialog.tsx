import { useEffect, useEffectEvent, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

const FOCUSABLE =
  'a[href], button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])';

/** The focusable controls of this dialog, not of a dialog stacked inside it. */
function controlsOf(dialog: HTMLDialogElement): HTMLElement[] {
  return [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.closest('dialog') === dialog);
}

/**
 * A modal dialog on the native `<dialog>` element: `showModal()` puts it in the top layer and makes the page
 * behind it inert; it is labelled by its title; Escape (the dialog's `cancel`) or a click on the backdrop
 * closes it; focus moves into it (its first field, else its first button), Tab and Shift+Tab cycle inside it,
 * and focus goes back to what had it (the button that opened it) when it closes. The parent unmounts it on
 * `onClose`, so React, not the browser, decides when it is gone.
 */
export function Dialog({
  title,
  onClose,
  children,
  size,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** `small`: a confirmation stacked on another dialog. */
  size?: 'small';
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const requestClose = useEffectEvent(() => onClose());

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    const controls = controlsOf(dialog);
    (controls.find((el) => el.matches('input, select, textarea')) ?? controls[0])?.focus();
    // Escape: the browser would close the element itself; the parent unmounting it is the one way out.
    const onCancel = (event: Event) => {
      event.preventDefault();
      requestClose();
    };
    // A press on the ::backdrop is targeted at the <dialog> element itself (its content fills the box).
    const onBackdropPress = (event: MouseEvent) => {
      if (event.target === dialog) requestClose();
    };
    dialog.addEventListener('cancel', onCancel);
    dialog.addEventListener('mousedown', onBackdropPress);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      dialog.removeEventListener('mousedown', onBackdropPress);
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  /** The browser lets Tab leave a modal dialog for its own toolbar; keep it cycling through the dialog. */
  function keepFocusInside(event: KeyboardEvent<HTMLDialogElement>) {
    const dialog = dialogRef.current;
    if (!dialog) return;
    const controls = controlsOf(dialog);
    if (controls.length === 0) return;
    const first = controls[0];
    const last = controls[controls.length - 1];
    const inside = controls.includes(document.activeElement as HTMLElement);
    if (event.shiftKey && (document.activeElement === first || !inside)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (document.activeElement === last || !inside)) {
      event.preventDefault();
      first.focus();
    }
  }

  return (
    <dialog
      ref={dialogRef}
      className={size ? `dialog ${size}` : 'dialog'}
      aria-labelledby={titleId}
      onKeyDown={(event) => {
        if (event.key === 'Tab') keepFocusInside(event);
        // Neither a dialog this one is stacked on nor the console's single-key shortcuts (g, j, k, ?) see it.
        event.stopPropagation();
      }}
    >
      <header className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button" aria-label={t('dialog.close')} onClick={onClose}>
          ×
        </button>
      </header>
      {children}
    </dialog>
  );
}
