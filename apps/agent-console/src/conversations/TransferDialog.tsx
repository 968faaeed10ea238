import { useEffect, useState, type FormEvent } from 'react';
import { LIMITS, type AgentSummary } from '@switchboard/protocol';
import { PresenceDot } from '../shared/Badges';
import { errorText } from '../shared/console-client';
import { useConsole } from '../shared/console-context';
import { Dialog } from '../shared/Dialog';

const QUEUE = 'queue';

/** Offer the conversation to an online colleague, or put it back at the head of the queue, with a note. */
export function TransferDialog({ conversationId, onClose }: { conversationId: string; onClose: () => void }) {
  const { workspace } = useConsole();
  const [agents, setAgents] = useState<AgentSummary[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [target, setTarget] = useState<string>(QUEUE);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    workspace.listAgents().then(
      (list) => setAgents(list.filter((a) => a.id !== workspace.me.id)),
      (error: unknown) => setLoadError(errorText(error)),
    );
  }, [workspace]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    if (await workspace.transfer(conversationId, target === QUEUE ? null : target, note)) onClose();
    else setBusy(false);
  }

  return (
    <Dialog title="Transfer conversation" onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} className="dialog-body">
        <fieldset className="choice-list">
          <legend>Transfer to</legend>
          <label className="choice">
            <input
              type="radio"
              name="target"
              value={QUEUE}
              checked={target === QUEUE}
              onChange={() => setTarget(QUEUE)}
            />
            <span className="choice-title">Back to queue</span>
            <span className="muted">Any agent can grab it; it waits at the head of the queue.</span>
          </label>
          {agents === null && !loadError && <p className="muted">Loading agents…</p>}
          {loadError && <p className="form-error">Could not load agents: {loadError}</p>}
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
                {agent.status} · serving {agent.serving}
              </span>
            </label>
          ))}
        </fieldset>
        <label className="field">
          Note
          <textarea
            value={note}
            maxLength={LIMITS.noteMaxLength}
            rows={2}
            placeholder="What should the next agent know?"
            onChange={(e) => setNote(e.target.value)}
          />
        </label>
        <footer className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            Transfer
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
