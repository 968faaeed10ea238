import { useCallback, useEffect, useState } from 'react';
import { allowedActions } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { CustomerType, StateBadge } from '../shared/Badges';
import { useConsole, useSupervisor } from '../shared/console-context';
import { MessageThread } from '../conversations/MessageThread';
import { useStore } from '../shared/store';

/** A conversation watched silently: its messages live, no read marker moves; assign or reassign it. */
export function WatchPanel() {
  const { t } = useTranslation();
  const { supervisor, session, workspace } = useConsole();
  const watched = useSupervisor((s) => s.watched);
  const watchedId = watched?.conversation.id;
  // Its private notes too, among the messages (a watching supervisor receives note.new).
  const notes = useStore(workspace.notes.store, (s) => (watchedId ? s.byConversation[watchedId] : undefined));
  useEffect(() => {
    if (watchedId) void workspace.notes.load(watchedId);
  }, [workspace, watchedId]);
  const agents = useSupervisor((s) => s.overview?.agents);
  const [agentId, setAgentId] = useState('');
  const loadOlder = useCallback(() => void supervisor?.loadOlder(), [supervisor]);

  if (!watched || !supervisor)
    return (
      <section className="card watch-panel empty-state">
        <p className="muted">{t('watch.empty')}</p>
      </section>
    );
  const c = watched.conversation;
  const canAssign = allowedActions(c, { id: session.user.id, role: session.user.role }).includes('assign');
  return (
    <section className="card watch-panel" aria-label={t('watch.label', { number: c.number })}>
      <header className="conversation-header">
        <div className="title">
          <h2>{c.customer.name}</h2>
          <CustomerType type={c.customer.type} />
          <span className="muted">{t('conversation.number', { number: c.number })}</span>
          <StateBadge state={c.artificialType} />
        </div>
        <button type="button" className="button small" onClick={() => void supervisor.unwatch()}>
          {t('watch.stop')}
        </button>
      </header>
      <MessageThread
        key={c.id}
        messages={watched.thread.messages}
        notes={notes}
        customerReadSeq={c.reads.customer}
        hasMore={watched.thread.older !== 'done'}
        onLoadOlder={loadOlder}
      />
      <form
        className="assign-bar"
        onSubmit={(e) => {
          e.preventDefault();
          if (agentId) void supervisor.assign(c.id, agentId);
        }}
      >
        <label>
          {t('watch.assignTo')}{' '}
          <select
            aria-label={t('watch.assignTo')}
            value={agentId}
            disabled={!canAssign}
            onChange={(e) => setAgentId(e.target.value)}
          >
            <option value="">{t('watch.chooseAgent')}</option>
            {agents?.map((a) => (
              <option key={a.id} value={a.id} disabled={a.id === c.agentId || a.status === 'offline'}>
                {t('watch.agentOption', { name: a.name, status: t(`status.${a.status}`), serving: a.serving })}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button primary small" disabled={!agentId || !canAssign}>
          {c.agentId ? t('watch.reassign') : t('watch.assign')}
        </button>
      </form>
    </section>
  );
}
