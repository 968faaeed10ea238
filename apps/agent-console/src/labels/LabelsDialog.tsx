import { useState } from 'react';
import { labelKey, type Conversation } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../shared/console-context';
import { Dialog } from '../shared/Dialog';
import { useLabelSet } from './LabelChips';

/**
 * The checkable list behind the header's "Labels" button: each box adds or removes one label at once
 * (conversation.label with the whole new list), and the chips follow from the conversation.updated that comes back.
 */
export function LabelsDialog({ conversation, onClose }: { conversation: Conversation; onClose: () => void }) {
  const { t } = useTranslation();
  const { workspace } = useConsole();
  const labels = useLabelSet();
  const [busy, setBusy] = useState(false);
  const has = (name: string) => conversation.labels.some((l) => labelKey(l) === labelKey(name));

  async function toggle(name: string) {
    const next = has(name) ? conversation.labels.filter((l) => labelKey(l) !== labelKey(name)) : [...conversation.labels, name];
    setBusy(true);
    await workspace.setLabels(conversation.id, next);
    setBusy(false);
  }

  return (
    <Dialog title={t('labels.dialogTitle')} onClose={onClose} size="small">
      <div className="dialog-body">
        {labels.length === 0 ? (
          <p className="muted">{t('labels.noneInSet')}</p>
        ) : (
          <fieldset className="label-options" aria-busy={busy}>
            <legend className="visually-hidden">{t('labels.dialogTitle')}</legend>
            {labels.map((label) => (
              <label key={label.id} className="label-option">
                <input type="checkbox" checked={has(label.name)} disabled={busy} onChange={() => void toggle(label.name)} />
                <span className="label-swatch" style={{ backgroundColor: label.color }} aria-hidden="true" />
                {label.name}
              </label>
            ))}
          </fieldset>
        )}
        <footer className="dialog-actions">
          <button type="button" className="button primary" onClick={onClose}>
            {t('labels.done')}
          </button>
        </footer>
      </div>
    </Dialog>
  );
}
