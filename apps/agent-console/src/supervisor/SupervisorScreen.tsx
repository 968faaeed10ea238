import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSupervisor } from '../shared/console-context';
import { useFormatters } from '../shared/i18n';
import { AgentsTable } from './AgentsTable';
import { CreateAccountForm } from './CreateAccountForm';
import { LiveConversationsTable } from './LiveConversationsTable';
import { WaitChart } from './WaitChart';
import { useSinceOverview } from './useSinceOverview';
import { WatchPanel } from './WatchPanel';

export function Stat({ label, children, tone }: { label: string; children: ReactNode; tone?: 'warn' }) {
  return (
    <div className={`stat${tone ? ` ${tone}` : ''}`}>
      <div className="stat-value">{children}</div>
      <div className="stat-label">{label}</div>
    </div>
  );
}

const LONG_WAIT_S = 120;

/** The supervisor's live picture: queue, agents, every conversation, and one watched closely. */
export function SupervisorScreen() {
  const { t } = useTranslation();
  const format = useFormatters();
  const overview = useSupervisor((s) => s.overview);
  const since = useSinceOverview();
  if (!overview) return <main className="supervisor empty-state">{t('supervisor.loading')}</main>;
  const { queue, agents, conversations } = overview;
  const online = agents.filter((a) => a.status === 'online').length;
  const unread = agents.reduce((sum, a) => sum + a.unreadTotal, 0);
  const queued = queue.open + queue.transferring;
  const longestWait = queue.longestWaitSeconds + (queued > 0 ? since : 0);
  return (
    <main className="supervisor" aria-labelledby="supervisor-title">
      <h1 id="supervisor-title" className="visually-hidden">
        {t('supervisor.title')}
      </h1>
      <div className="supervisor-main">
        <section className="stats" aria-label={t('supervisor.summary')}>
          <Stat label={t('supervisor.inQueue')}>
            <span data-testid="queue-length">{format.number(queued)}</span>
          </Stat>
          <Stat label={t('supervisor.transferredWaiting')}>{format.number(queue.transferring)}</Stat>
          <Stat label={t('supervisor.longestWait')} tone={longestWait > LONG_WAIT_S ? 'warn' : undefined}>
            <span data-testid="longest-wait">{format.duration(longestWait)}</span>
          </Stat>
          <Stat label={t('supervisor.agentsOnline')}>
            {t('supervisor.agentsOnlineValue', { online: format.number(online), total: format.number(agents.length) })}
          </Stat>
          <Stat label={t('supervisor.liveConversations')}>{format.number(conversations.length)}</Stat>
          <Stat label={t('supervisor.unreadByAgents')}>
            <span data-testid="unread-total">{format.number(unread)}</span>
          </Stat>
        </section>
        <WaitChart />
        <LiveConversationsTable />
        <AgentsTable />
      </div>
      <div className="supervisor-side">
        <WatchPanel />
        <CreateAccountForm />
      </div>
    </main>
  );
}
