import { Section } from '../shared/Section';
import { useCallback } from 'react';
import type { OverviewAgent } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { PresenceDot, UnreadBadge } from '../shared/Badges';
import { useSupervisor } from '../shared/console-context';
import { useTeams } from '../teams/team-set';
import { SortableHeader } from './SortableHeader';
import { useSort } from './sort';

type AgentColumn = 'name' | 'status' | 'serving' | 'unreadTotal';
const STATUS_ORDER = { online: 3, busy: 2, away: 1, offline: 0 };
const NO_AGENTS: OverviewAgent[] = [];

export function AgentsTable() {
  const { t } = useTranslation();
  const agents = useSupervisor((s) => s.overview?.agents ?? NO_AGENTS);
  const value = useCallback(
    (a: OverviewAgent, key: AgentColumn) => (key === 'status' ? STATUS_ORDER[a.status] : a[key]),
    [],
  );
  const { sorted, sort, toggle } = useSort<OverviewAgent, AgentColumn>(agents, value, 'status');
  const teams = useTeams();
  const teamsOf = (id: string) =>
    teams
      .filter((team) => team.agentIds.includes(id))
      .map((team) => team.name)
      .join(', ');
  return (
    <Section className="card" id="agents-heading" title={t('agents.title')} count={agents.length}>
      <table className="data-table" aria-label={t('agents.title')}>
        <thead>
          <tr>
            <SortableHeader label={t('agents.agent')} column="name" sort={sort} onSort={toggle} />
            <SortableHeader label={t('agents.status')} column="status" sort={sort} onSort={toggle} />
            <SortableHeader label={t('agents.serving')} column="serving" sort={sort} onSort={toggle} />
            <SortableHeader label={t('agents.unread')} column="unreadTotal" sort={sort} onSort={toggle} />
            {teams.length > 0 && <th scope="col">{t('teams.agentTeams')}</th>}
          </tr>
        </thead>
        <tbody>
          {sorted.map((a) => (
            <tr key={a.id} aria-label={a.name}>
              <td data-label={t('agents.agent')}>{a.name}</td>
              <td data-label={t('agents.status')}>
                <PresenceDot status={a.status} /> {t(`status.${a.status}`)}
              </td>
              <td className="num" data-label={t('agents.serving')}>
                {a.serving}
              </td>
              <td className="num" data-testid="agent-unread" data-label={t('agents.unread')}>
                {a.unreadTotal > 0 ? <UnreadBadge count={a.unreadTotal} /> : <span className="muted">0</span>}
              </td>
              {teams.length > 0 && (
                <td data-label={t('teams.agentTeams')}>{teamsOf(a.id) || <span className="muted">{t('teams.noTeam')}</span>}</td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
