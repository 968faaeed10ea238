import { useState, type FormEvent } from 'react';
import { LABEL_LIMITS, type Conversation } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { errorText } from '../shared/console-client';
import { useConsole } from '../shared/console-context';
import { Dialog } from '../shared/Dialog';
import { ImeSafeForm } from '../shared/ImeSafeForm';
import { showToast } from '../shared/toasts';
import { blockCustomer } from './label-set';

/** "Block visitor": a required reason, then customer.block, which also ends their live conversation. */
export function BlockDialog({ conversation, onClose }: { conversation: Conversation; onClose: () => void }) {
  const { t } = useTranslation();
  const { workspace } = useConsole();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const name = conversation.customer.name;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) return;
    setBusy(true);
    try {
      await blockCustomer(workspace.client, conversation.customer.id, reason.trim());
      showToast(t('labels.blocked', { name }));
      onClose();
    } catch (error) {
      showToast(errorText(error), 'error');
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('labels.blockTitle', { name })} onClose={onClose}>
      <ImeSafeForm className="dialog-body" onSubmit={(e) => void submit(e)}>
        <p className="muted">{t('labels.blockExplanation')}</p>
        <label className="field">
          {t('labels.blockReason')}
          <textarea
            required
            value={reason}
            rows={3}
            maxLength={LABEL_LIMITS.blockReasonMaxLength}
            placeholder={t('labels.blockReasonPlaceholder')}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        <footer className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('dialog.cancel')}
          </button>
          <button type="submit" className="button destructive" disabled={busy || !reason.trim()}>
            {t('labels.blockConfirm')}
          </button>
        </footer>
      </ImeSafeForm>
    </Dialog>
  );
}
