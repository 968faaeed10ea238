import { useEffect, useState } from 'react';
import type { DurationStats, ReportSummary } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { errorText } from '../shared/console-client';
import { useConsole } from '../shared/console-context';
import { useFormatters } from '../shared/i18n';
import { FormError } from '../shared/Section';
import { showToast } from '../shared/toasts';
import { Stat } from '../supervisor/SupervisorScreen';
import { AgentReportTable } from './AgentReportTable';
import { CsatChart, DistributionChart, PerDayChart } from './ReportCharts';
import {
  downloadCsv,
  loadAgents,
  loadSummary,
  loadTeams,
  loadTimeZone,
  presetRange,
  PRESETS,
  type Choice,
  type Preset,
  type ReportFilters,
} from './report-desk';
import './reports.css';

/** The settings' time zone, then the last 7 days in it. */
function useFilters() {
  const { workspace } = useConsole();
  const [timeZone, setTimeZone] = useState<string | null>(null);
  const [preset, setPreset] = useState<Preset>('week');
  const [filters, setFilters] = useState<ReportFilters | null>(null);
  useEffect(() => {
    let live = true;
    void loadTimeZone(workspace.client).then((zone) => {
      if (!live) return;
      setTimeZone(zone);
      setFilters({ ...presetRange('week', zone), teamId: '', agentId: '' });
    });
    return () => {
      live = false;
    };
  }, [workspace]);
  const choosePreset = (next: Preset) => {
    setPreset(next);
    if (next !== 'custom' && timeZone) setFilters((f) => f && { ...f, ...presetRange(next, timeZone) });
  };
  const change = (patch: Partial<ReportFilters>) => setFilters((f) => f && { ...f, ...patch });
  return { timeZone, preset, choosePreset, filters, change };
}

function useChoices() {
  const { workspace } = useConsole();
  const [agents, setAgents] = useState<Choice[]>([]);
  const [teams, setTeams] = useState<Choice[]>([]);
  useEffect(() => {
    void loadAgents(workspace.client).then(setAgents, () => setAgents([]));
    void loadTeams(workspace.client).then(setTeams);
  }, [workspace]);
  return { agents, teams };
}

/**
 * The summary of the chosen range, read again whenever a filter changes (the last answer wins). Each answer keeps
 * the filters it was asked for, so "loading" is derived: the shown answer is not for the current filters yet.
 */
function useSummary(filters: ReportFilters | null) {
  const { workspace } = useConsole();
  const [answer, setAnswer] = useState<{
    filters: ReportFilters;
    summary: ReportSummary | null;
    error: string | null;
  } | null>(null);
  useEffect(() => {
    if (!filters) return;
    let live = true;
    loadSummary(workspace.client, filters).then(
      (summary) => live && setAnswer({ filters, summary, error: null }),
      (failure: unknown) => live && setAnswer({ filters, summary: null, error: errorText(failure) }),
    );
    return () => {
      live = false;
    };
  }, [workspace, filters]);
  const loading = !answer || answer.filters !== filters;
  return { summary: answer?.summary ?? null, error: loading ? null : answer.error, loading };
}

function Figures({ summary }: { summary: ReportSummary }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const none = t('reports.none');
  const median = (stats: DurationStats) => (stats.median === null ? none : format.duration(stats.median));
  const p90 = (stats: DurationStats) =>
    stats.p90 === null ? null : (
      <span className="stat-note">{t('reports.p90', { value: format.duration(stats.p90) })}</span>
    );
  return (
    <section className="stats report-figures" aria-label={t('reports.figures')}>
      <Stat label={t('reports.conversations')}>
        <span data-testid="report-conversations">{format.number(summary.conversations)}</span>
      </Stat>
      <Stat label={t('reports.closed')}>
        <span data-testid="report-closed">{format.number(summary.closed)}</span>
      </Stat>
      <Stat label={t('reports.medianWait')}>
        <span data-testid="report-wait">{median(summary.waitSeconds)}</span>
        {p90(summary.waitSeconds)}
      </Stat>
      <Stat label={t('reports.medianFirstResponse')}>
        <span data-testid="report-first-response">{median(summary.firstResponseSeconds)}</span>
        {p90(summary.firstResponseSeconds)}
      </Stat>
      <Stat label={t('reports.medianResolution')}>
        <span data-testid="report-resolution">{median(summary.resolutionSeconds)}</span>
        {p90(summary.resolutionSeconds)}
      </Stat>
      <Stat label={t('reports.csat')}>
        <span data-testid="report-csat">
          {summary.csat.average === null
            ? none
            : t('reports.csatValue', { average: format.number(summary.csat.average) })}
        </span>
        <span className="stat-note">{t('reports.ratings', { count: summary.csat.responses })}</span>
      </Stat>
    </section>
  );
}

/** Issue 17: how the team did over a range of days (PROTOCOL section 12; definitions in docs/reports.md). */
export function ReportsScreen() {
  const { t } = useTranslation();
  const { workspace } = useConsole();
  const { timeZone, preset, choosePreset, filters, change } = useFilters();
  const { agents, teams } = useChoices();
  const { summary, error, loading } = useSummary(filters);
  const [downloading, setDownloading] = useState(false);

  async function download() {
    if (!filters) return;
    setDownloading(true);
    try {
      await downloadCsv(workspace.client, filters);
      showToast(t('reports.downloaded'));
    } catch (failure) {
      showToast(errorText(failure));
    } finally {
      setDownloading(false);
    }
  }

  return (
    <main className="supervisor reports" aria-labelledby="reports-title">
      <div className="reports-head">
        <h1 id="reports-title">{t('reports.title')}</h1>
        {timeZone && <p className="muted">{t('reports.timeZone', { zone: timeZone })}</p>}
      </div>
      <form
        className="card report-filters"
        aria-label={t('reports.filters')}
        onSubmit={(e) => e.preventDefault()}
      >
        <fieldset className="report-presets">
          <legend>{t('reports.range')}</legend>
          {PRESETS.map((p) => (
            <button
              key={p}
              type="button"
              className={`button${preset === p ? ' primary' : ''}`}
              aria-pressed={preset === p}
              onClick={() => choosePreset(p)}
            >
              {t(`reports.preset.${p}`)}
            </button>
          ))}
        </fieldset>
        {preset === 'custom' && filters && (
          <div className="report-dates">
            <label className="field">
              {t('reports.from')}
              <input
                type="date"
                required
                value={filters.from}
                max={filters.to}
                onChange={(e) => e.target.value && change({ from: e.target.value })}
              />
            </label>
            <label className="field">
              {t('reports.to')}
              <input
                type="date"
                required
                value={filters.to}
                min={filters.from}
                onChange={(e) => e.target.value && change({ to: e.target.value })}
              />
            </label>
          </div>
        )}
        <label className="field">
          {t('reports.team')}
          <select value={filters?.teamId ?? ''} onChange={(e) => change({ teamId: e.target.value })}>
            <option value="">{t('reports.allTeams')}</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t('reports.agent')}
          <select value={filters?.agentId ?? ''} onChange={(e) => change({ agentId: e.target.value })}>
            <option value="">{t('reports.allAgents')}</option>
            {agents.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button"
          disabled={!filters || downloading}
          onClick={() => void download()}
        >
          {t('reports.download')}
        </button>
      </form>
      <FormError error={error} />
      {summary ? (
        <div className="reports-body" aria-busy={loading}>
          <Figures summary={summary} />
          <div className="report-charts">
            <PerDayChart summary={summary} />
            <DistributionChart
              id="report-first-response-heading"
              title={t('reports.chart.firstResponse')}
              buckets={summary.distributions.firstResponseSeconds}
            />
            <DistributionChart
              id="report-resolution-heading"
              title={t('reports.chart.resolution')}
              buckets={summary.distributions.resolutionSeconds}
            />
            <CsatChart summary={summary} />
          </div>
          <AgentReportTable agents={summary.byAgent} />
        </div>
      ) : (
        !error && <p className="empty-state">{t('reports.loading')}</p>
      )}
    </main>
  );
}
