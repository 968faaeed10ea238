import { useEffect, useState, type FormEvent, type KeyboardEvent } from 'react';
import { isImeComposing } from '@switchboard/i18n';
import { LIMITS, type AgentSummary } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { PresenceDot } from '../shared/Badges';
import { errorText } from '../shared/console-client';
import { useConsole } from '../shared/console-context';
import { Dialog } from '../shared/Dialog';

const QUEUE = 'queue';

/** Enter in the note transfers (Shift+Enter adds a line); Enter that confirms an input method's candidate does not. */
function submitOnEnter(event: KeyboardEvent<HTMLTextAreaElement>) {
  if (event.key !== 'Enter' || event.shiftKey || isImeComposing(event)) return;
  event.preventDefault();
  event.currentTarget.form?.requestSubmit();
}

/** Offer the conversation to an online colleague, or put it back at the head of the queue, with a note. */
export function TransferDialog({ conversationId, onClose }: { conversationId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { workspace } = useConsole();
  const [agents, setAgents] = useState<AgentSummary[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [target, setTarget] = useState<string>(QUEUE);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    workspace.listAgents().then(
      (list) => setAgents(list.filter((a) => a.id !== workspace.me.id)),
      (error: unknown) => setLoadError(error ?? new Error('unknown')),
    );
  }, [workspace]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    if (await workspace.transfer(conversationId, target === QUEUE ? null : target, note)) onClose();
    else setBusy(false);
  }

  return (
    <Dialog title={t('transfer.title')} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} className="dialog-body">
        <fieldset className="choice-list">
          <legend>{t('transfer.to')}</legend>
          <label className="choice">
            <input
              type="radio"
              name="target"
              value={QUEUE}
              checked={target === QUEUE}
              onChange={() => setTarget(QUEUE)}
            />
            <span className="choice-title">{t('transfer.backToQueue')}</span>
            <span className="muted">{t('transfer.backToQueueHint')}</span>
          </label>
          {agents === null && !loadError && <p className="muted">{t('transfer.loadingAgents')}</p>}
          {loadError !== null && (
            <p className="form-error">{t('transfer.agentsFailed', { reason: errorText(loadError) })}</p>
          )}
          {agents?.map((agent) => (
            <label key={agent.id} className={`choice${agent.status !== 'online' ? ' unavailable' : ''}`}>
              <input
                type="radio"
                name="target"
                value={agent.id}
                checked={target === agent.id}
                disabled={agent.status !== 'online'}
                onChange={() => setTarget(agent.id)}
              />
              <span className="choice-title">
                <PresenceDot status={agent.status} /> {agent.name}
              </span>
              <span className="muted">
                {t('transfer.agentLoad', { status: t(`status.${agent.status}`), serving: agent.serving })}
              </span>
            </label>
          ))}
        </fieldset>
        <label className="field">
          {t('transfer.note')}
          <textarea
            value={note}
            maxLength={LIMITS.noteMaxLength}
            rows={2}
            placeholder={t('transfer.notePlaceholder')}
            onChange={(e) => setNote(e.target.value)}
            onKeyDown={submitOnEnter}
          />
        </label>
        <footer className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('dialog.cancel')}
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            {t('transfer.submit')}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
