import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from './console-client';
import { Dialog } from './Dialog';
import { showToast } from './toasts';

/**
 * Asks before a step that cannot be undone (deleting, revoking): what it does, Cancel, and the step itself. Done, it
 * says so in a toast and closes; refused, the reason is a toast and the dialog stays for another try.
 */
export function ConfirmDialog({
  title,
  explanation,
  detail,
  confirmLabel,
  doneMessage,
  run,
  onDone,
  onClose,
}: {
  title: string;
  explanation: string;
  /** Shown above the explanation (what is concerned, e.g. an address). */
  detail?: ReactNode;
  confirmLabel: string;
  doneMessage: string;
  run: () => Promise<unknown>;
  onDone?: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  async function confirm() {
    setBusy(true);
    try {
      await run();
      showToast(doneMessage);
      onDone?.();
      onClose();
    } catch (error) {
      showToast(errorText(error), 'error');
      setBusy(false);
    }
  }
  return (
    <Dialog title={title} onClose={onClose} size="small">
      <div className="dialog-body">
        {detail}
        <p className="muted">{explanation}</p>
        <footer className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('dialog.cancel')}
          </button>
          <button type="button" className="button destructive" disabled={busy} onClick={() => void confirm()}>
            {confirmLabel}
          </button>
        </footer>
      </div>
    </Dialog>
  );
}
