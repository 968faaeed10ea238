import { useMemo } from 'react';
import type { DurationBucket, ReportSummary } from '@switchboard/protocol';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../shared/i18n';
import { Section } from '../shared/Section';

const AXIS = { tick: { fontSize: 11 }, stroke: 'var(--muted)' } as const;

/** A calendar date (YYYY-MM-DD, already a day of the settings' time zone) in the reader's language. */
function useDayLabel(locale: string) {
  return useMemo(() => {
    const day = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' });
    return (date: string) => day.format(new Date(`${date}T00:00:00Z`));
  }, [locale]);
}

function ChartCard({ id, title, children }: { id: string; title: string; children: React.ReactElement }) {
  return (
    <Section className="card chart-card" id={id} title={title}>
      <div className="chart" role="img" aria-labelledby={id}>
        <ResponsiveContainer width="100%" height={220}>
          {children}
        </ResponsiveContainer>
      </div>
    </Section>
  );
}

/** Conversations (bars, left axis) and the median wait (line, right axis) of each day. */
export function PerDayChart({ summary }: { summary: ReportSummary }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const dayLabel = useDayLabel(format.locale);
  const data = summary.byDay.map((d) => ({
    date: d.date,
    conversations: d.conversations,
    wait: d.waitSeconds.median,
  }));
  return (
    <ChartCard id="report-per-day-heading" title={t('reports.chart.perDay')}>
      <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--line)" vertical={false} />
        <XAxis dataKey="date" tickFormatter={dayLabel} minTickGap={24} {...AXIS} />
        <YAxis yAxisId="count" allowDecimals={false} width={40} {...AXIS} />
        <YAxis
          yAxisId="wait"
          orientation="right"
          width={56}
          allowDecimals={false}
          tickFormatter={(v: number) => format.duration(v)}
          {...AXIS}
        />
        <Tooltip
          labelFormatter={(date) => dayLabel(String(date))}
          formatter={(v, name) =>
            name === 'wait'
              ? [format.duration(Number(v)), t('reports.chart.medianWait')]
              : [format.number(Number(v)), t('reports.chart.conversations')]
          }
        />
        <Legend
          formatter={(name) =>
            name === 'wait' ? t('reports.chart.medianWait') : t('reports.chart.conversations')
          }
        />
        <Bar yAxisId="count" dataKey="conversations" fill="var(--accent)" isAnimationActive={false} />
        <Line
          yAxisId="wait"
          dataKey="wait"
          stroke="var(--warn, #b45309)"
          strokeWidth={2}
          dot={{ r: 3 }}
          connectNulls
          isAnimationActive={false}
        />
      </ComposedChart>
    </ChartCard>
  );
}

/** Bars of a duration distribution: "≤ 30 s", "≤ 1 min" … "> 1 h". */
export function DistributionChart({
  id,
  title,
  buckets,
}: {
  id: string;
  title: string;
  buckets: DurationBucket[];
}) {
  const { t } = useTranslation();
  const format = useFormatters();
  const last = buckets.length > 1 ? buckets[buckets.length - 2].upToSeconds : null;
  const data = buckets.map((b) => ({
    bar:
      b.upToSeconds === null
        ? t('reports.chart.over', { value: format.duration(last ?? 0) })
        : t('reports.chart.upTo', { value: format.duration(b.upToSeconds) }),
    conversations: b.conversations,
  }));
  return (
    <ChartCard id={id} title={title}>
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--line)" vertical={false} />
        {/* every bar named, slanted so long names (≤ 30分钟) do not run into each other */}
        <XAxis dataKey="bar" interval={0} angle={-35} textAnchor="end" height={52} {...AXIS} />
        <YAxis allowDecimals={false} width={40} {...AXIS} />
        <Tooltip formatter={(v) => [format.number(Number(v)), t('reports.chart.conversations')]} />
        <Bar dataKey="conversations" fill="var(--accent)" isAnimationActive={false} />
      </BarChart>
    </ChartCard>
  );
}

export function CsatChart({ summary }: { summary: ReportSummary }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const data = ([1, 2, 3, 4, 5] as const).map((score) => ({
    score: t('reports.chart.stars', { score }),
    ratings: summary.csat.distribution[score],
  }));
  return (
    <ChartCard id="report-csat-heading" title={t('reports.chart.csat')}>
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--line)" vertical={false} />
        <XAxis dataKey="score" {...AXIS} />
        <YAxis allowDecimals={false} width={40} {...AXIS} />
        <Tooltip formatter={(v) => [format.number(Number(v)), t('reports.chart.ratings')]} />
        <Bar dataKey="ratings" fill="var(--accent)" isAnimationActive={false} />
      </BarChart>
    </ChartCard>
  );
}
