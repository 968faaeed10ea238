import { useCallback } from 'react';
import type { AgentReport } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../shared/i18n';
import { Section } from '../shared/Section';
import { SortableHeader } from '../supervisor/SortableHeader';
import { useSort } from '../supervisor/sort';

type Column = 'name' | 'conversations' | 'closed' | 'firstResponse' | 'csat' | 'responses';

/** Nothing measured sorts below every measured value. */
const orNone = (value: number | null) => value ?? -1;

/** The per-agent figures, sortable by every column. */
export function AgentReportTable({ agents }: { agents: AgentReport[] }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const value = useCallback((a: AgentReport, key: Column): string | number => {
    switch (key) {
      case 'name':
        return a.name;
      case 'conversations':
      case 'closed':
        return a[key];
      case 'firstResponse':
        return orNone(a.firstResponseSeconds.median);
      case 'csat':
        return orNone(a.csat.average);
      case 'responses':
        return a.csat.responses;
    }
  }, []);
  const { sorted, sort, toggle } = useSort<AgentReport, Column>(agents, value, 'conversations');
  const none = t('reports.none');
  const header = (label: string, column: Column) => (
    <SortableHeader label={label} column={column} sort={sort} onSort={toggle} />
  );
  return (
    <Section
      className="card"
      id="report-agents-heading"
      title={t('reports.agents.title')}
      count={agents.length}
    >
      {agents.length === 0 ? (
        <p className="empty">{t('reports.agents.empty')}</p>
      ) : (
        <table className="data-table" aria-labelledby="report-agents-heading">
          <thead>
            <tr>
              {header(t('reports.agents.agent'), 'name')}
              {header(t('reports.agents.conversations'), 'conversations')}
              {header(t('reports.agents.closed'), 'closed')}
              {header(t('reports.agents.firstResponse'), 'firstResponse')}
              {header(t('reports.agents.csat'), 'csat')}
              {header(t('reports.agents.responses'), 'responses')}
            </tr>
          </thead>
          <tbody>
            {sorted.map((a) => (
              <tr key={a.agentId} aria-label={a.name}>
                <td data-label={t('reports.agents.agent')}>{a.name}</td>
                <td className="num" data-label={t('reports.agents.conversations')}>
                  {format.number(a.conversations)}
                </td>
                <td className="num" data-label={t('reports.agents.closed')}>
                  {format.number(a.closed)}
                </td>
                <td className="num" data-label={t('reports.agents.firstResponse')}>
                  {a.firstResponseSeconds.median === null
                    ? none
                    : format.duration(a.firstResponseSeconds.median)}
                </td>
                <td className="num" data-label={t('reports.agents.csat')}>
                  {a.csat.average === null ? none : format.number(a.csat.average)}
                </td>
                <td className="num" data-label={t('reports.agents.responses')}>
                  {format.number(a.csat.responses)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
