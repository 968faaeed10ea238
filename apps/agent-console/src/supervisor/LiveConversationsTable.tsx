import { Section } from '../shared/Section';
import { useCallback, useState } from 'react';
import { isImeComposing } from '@switchboard/i18n';
import { QUEUED_STATES, type OverviewConversation } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { LabelChips, useLabelSet } from '../labels/LabelChips';
import { useTeams } from '../teams/team-set';
import { StateBadge } from '../shared/Badges';
import { useConsole, useSupervisor } from '../shared/console-context';
import { useFormatters } from '../shared/i18n';
import { SortableHeader } from './SortableHeader';
import { useSort } from './sort';
import { useSinceOverview } from './useSinceOverview';

type Column =
  | 'number'
  | 'customerName'
  | 'artificialType'
  | 'agent'
  | 'unreadAgent'
  | 'unreadCustomer'
  | 'waitingSeconds'
  | 'team';
const NONE: OverviewConversation[] = [];

/** The team filter's value for conversations without a team (team ids are hex, so it cannot clash). */
const NO_TEAM = 'none';

/** Every live conversation, filtered by label and by team; click a row to watch it silently. */
export function LiveConversationsTable() {
  const { t } = useTranslation();
  const format = useFormatters();
  const { supervisor } = useConsole();
  const all = useSupervisor((s) => s.overview?.conversations ?? NONE);
  const labels = useLabelSet();
  const [label, setLabel] = useState('');
  const teams = useTeams();
  const [team, setTeam] = useState('');
  const conversations = all.filter(
    (c) => (!label || c.labels.includes(label)) && (!team || (c.teamId ?? NO_TEAM) === team),
  );
  const teamName = useCallback(
    (id: string | null) => (id ? (teams.find((x) => x.id === id)?.name ?? t('live.none')) : t('teams.noTeam')),
    [teams, t],
  );
  const agents = useSupervisor((s) => s.overview?.agents);
  const since = useSinceOverview();
  const watchedId = useSupervisor((s) => s.watched?.conversation.id ?? null);
  const agentName = useCallback(
    (id: string | null) => (id ? (agents?.find((a) => a.id === id)?.name ?? t('live.unknownAgent')) : t('live.none')),
    [agents, t],
  );
  const value = useCallback(
    (c: OverviewConversation, key: Column): string | number => {
      switch (key) {
        case 'agent':
          return agentName(c.agentId);
        case 'team':
          return teamName(c.teamId);
        case 'unreadAgent':
          return c.unread.agent;
        case 'unreadCustomer':
          return c.unread.customer;
        case 'number':
        case 'customerName':
        case 'artificialType':
        case 'waitingSeconds':
          return c[key];
      }
    },
    [agentName, teamName],
  );
  const { sorted, sort, toggle } = useSort<OverviewConversation, Column>(
    conversations,
    value,
    'waitingSeconds',
  );
  const header = (label: string, column: Column) => (
    <SortableHeader label={label} column={column} sort={sort} onSort={toggle} />
  );

  return (
    <Section className="card" id="live-heading" title={t('live.title')} count={conversations.length}>
      {labels.length > 0 && (
        <label className="live-filter">
          {t('labels.filter')}
          <select value={label} onChange={(e) => setLabel(e.target.value)}>
            <option value="">{t('labels.allLabels')}</option>
            {labels.map((l) => (
              <option key={l.id} value={l.name}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {teams.length > 0 && (
        <label className="live-filter">
          {t('teams.filter')}
          <select value={team} onChange={(e) => setTeam(e.target.value)}>
            <option value="">{t('teams.allTeams')}</option>
            {teams.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
            <option value={NO_TEAM}>{t('teams.noTeam')}</option>
          </select>
        </label>
      )}
      {conversations.length === 0 ? (
        <p className="empty">
          {label ? t('labels.noneWithLabel') : team ? t('teams.noneInTeam') : t('live.empty')}
        </p>
      ) : (
        <table className="data-table clickable" aria-label={t('live.title')}>
          <thead>
            <tr>
              {header(t('live.number'), 'number')}
              {header(t('live.customer'), 'customerName')}
              {header(t('live.state'), 'artificialType')}
              {header(t('live.assignee'), 'agent')}
              {teams.length > 0 && header(t('teams.column'), 'team')}
              {header(t('live.unreadAgent'), 'unreadAgent')}
              {header(t('live.unreadCustomer'), 'unreadCustomer')}
              {header(t('live.waiting'), 'waitingSeconds')}
              <th scope="col">{t('labels.column')}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((c) => (
              <tr
                key={c.id}
                className={c.id === watchedId ? 'selected' : undefined}
                aria-label={t('live.row', { number: c.number, name: c.customerName })}
                tabIndex={0}
                onClick={() => void supervisor?.watch(c.id)}
                onKeyDown={(e) => e.key === 'Enter' && !isImeComposing(e) && void supervisor?.watch(c.id)}
              >
                <td className="num" data-label={t('live.number')}>
                  {c.number}
                </td>
                <td data-label={t('live.customer')}>{c.customerName}</td>
                <td data-label={t('live.state')}>
                  <StateBadge state={c.artificialType} />
                </td>
                <td data-label={t('live.assignee')}>{agentName(c.agentId)}</td>
                {teams.length > 0 && <td data-label={t('teams.column')}>{teamName(c.teamId)}</td>}
                <td className="num" data-testid="unread-agent" data-label={t('live.unreadAgent')}>
                  {c.unread.agent}
                </td>
                <td className="num" data-testid="unread-customer" data-label={t('live.unreadCustomer')}>
                  {c.unread.customer}
                </td>
                <td className="num" data-label={t('live.waiting')}>
                  {format.duration(c.waitingSeconds + (QUEUED_STATES.includes(c.artificialType) ? since : 0))}
                </td>
                <td data-label={t('labels.column')}>
                  <LabelChips names={c.labels} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
