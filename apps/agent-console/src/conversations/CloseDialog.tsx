import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../shared/console-context';
import { Dialog } from '../shared/Dialog';

/** Closing either asks the customer to confirm (the usual way) or ends it at once. */
export function CloseDialog({ conversationId, onClose }: { conversationId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { workspace } = useConsole();
  const [busy, setBusy] = useState(false);

  async function close(force: boolean) {
    setBusy(true);
    if (await workspace.close(conversationId, force)) onClose();
    else setBusy(false);
  }

  return (
    <Dialog title={t('close.title')} onClose={onClose}>
      <div className="dialog-body">
        <p className="muted">{t('close.explanation')}</p>
        <footer className="dialog-actions">
          <button type="button" className="button" disabled={busy} onClick={() => void close(true)}>
            {t('close.endNow')}
          </button>
          <button type="button" className="button primary" disabled={busy} onClick={() => void close(false)}>
            {t('close.ask')}
          </button>
        </footer>
      </div>
    </Dialog>
  );
}
