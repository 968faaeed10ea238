import type { ReactNode } from 'react';
import { useSupervisor } from '../shared/console-context';
import { formatDuration } from '../shared/time';
import { AgentsTable } from './AgentsTable';
import { CreateAccountForm } from './CreateAccountForm';
import { LiveConversationsTable } from './LiveConversationsTable';
import { WaitChart } from './WaitChart';
import { useSinceOverview } from './useSinceOverview';
import { WatchPanel } from './WatchPanel';

function Stat({ label, children, tone }: { label: string; children: ReactNode; tone?: 'warn' }) {
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
  const overview = useSupervisor((s) => s.overview);
  const since = useSinceOverview();
  if (!overview) return <main className="supervisor empty-state">Loading the overview…</main>;
  const { queue, agents, conversations } = overview;
  const online = agents.filter((a) => a.status === 'online').length;
  const unread = agents.reduce((sum, a) => sum + a.unreadTotal, 0);
  const queued = queue.open + queue.transferring;
  const longestWait = queue.longestWaitSeconds + (queued > 0 ? since : 0);
  return (
    <main className="supervisor" aria-labelledby="supervisor-title">
      <h1 id="supervisor-title" className="visually-hidden">
        Supervisor view
      </h1>
      <div className="supervisor-main">
        <section className="stats" aria-label="Queue summary">
          <Stat label="In queue">
            <span data-testid="queue-length">{queued}</span>
          </Stat>
          <Stat label="Transferred, waiting">{queue.transferring}</Stat>
          <Stat label="Longest wait" tone={longestWait > LONG_WAIT_S ? 'warn' : undefined}>
            <span data-testid="longest-wait">{formatDuration(longestWait)}</span>
          </Stat>
          <Stat label="Agents online">{`${online} / ${agents.length}`}</Stat>
          <Stat label="Live conversations">{conversations.length}</Stat>
          <Stat label="Unread by agents">
            <span data-testid="unread-total">{unread}</span>
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
