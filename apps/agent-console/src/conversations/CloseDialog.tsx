import { useState } from 'react';
import { useConsole } from '../shared/console-context';
import { Dialog } from '../shared/Dialog';

/** Closing either asks the customer to confirm (the usual way) or ends it at once. */
export function CloseDialog({ conversationId, onClose }: { conversationId: string; onClose: () => void }) {
  const { workspace } = useConsole();
  const [busy, setBusy] = useState(false);

  async function close(force: boolean) {
    setBusy(true);
    if (await workspace.close(conversationId, force)) onClose();
    else setBusy(false);
  }

  return (
    <Dialog title="Close conversation" onClose={onClose}>
      <div className="dialog-body">
        <p className="muted">
          Asking keeps the conversation open until the customer confirms or the timeout passes; if they write
          again it goes back to serving.
        </p>
        <footer className="dialog-actions">
          <button type="button" className="button" disabled={busy} onClick={() => void close(true)}>
            End now
          </button>
          <button type="button" className="button primary" disabled={busy} onClick={() => void close(false)}>
            Ask the customer to confirm
          </button>
        </footer>
      </div>
    </Dialog>
  );
}
