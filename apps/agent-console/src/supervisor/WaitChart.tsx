import { useMemo } from 'react';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import { useSupervisor } from '../shared/console-context';
import { useFormatters } from '../shared/i18n';
import { Section } from '../shared/Section';

const TEN_MINUTES = 10 * 60 * 1000;

/** Axis and tooltip times in the reader's locale: minutes, or seconds too for a short series. */
function useClock(locale: string) {
  return useMemo(() => {
    const minutes = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const seconds = new Intl.DateTimeFormat(locale, {
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    return (at: number, withSeconds = false) => (withSeconds ? seconds : minutes).format(at);
  }, [locale]);
}

/** The longest wait in the queue over the last hour, sampled from the live overview. */
export function WaitChart() {
  const { t } = useTranslation();
  const format = useFormatters();
  const clock = useClock(format.locale);
  const series = useSupervisor((s) => s.series);
  // A short series (just after opening) needs seconds on the axis, or every tick reads the same minute.
  const short = series.length > 1 && series[series.length - 1].t - series[0].t < TEN_MINUTES;
  return (
    <Section className="card chart-card" id="wait-chart-heading" title={t('chart.title')}>
      {series.length < 2 ? (
        <p className="empty">{t('chart.empty')}</p>
      ) : (
        <div className="chart">
          <ResponsiveContainer width="100%" height={180}>
            <AreaChart data={series} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
              <defs>
                <linearGradient id="waitFill" x1="0" y1="0" x2="0" y2="1">
                  <stop offset="0%" stopColor="var(--accent)" stopOpacity={0.35} />
                  <stop offset="100%" stopColor="var(--accent)" stopOpacity={0.02} />
                </linearGradient>
              </defs>
              <CartesianGrid stroke="var(--line)" vertical={false} />
              <XAxis
                dataKey="t"
                type="number"
                domain={['dataMin', 'dataMax']}
                tickFormatter={(at: number) => clock(at, short)}
                minTickGap={48}
                tick={{ fontSize: 11 }}
                stroke="var(--muted)"
              />
              <YAxis
                tickFormatter={(v: number) => format.duration(v)}
                tick={{ fontSize: 11 }}
                width={56}
                stroke="var(--muted)"
                allowDecimals={false}
              />
              <Tooltip
                labelFormatter={(at) => clock(Number(at), true)}
                formatter={(v) => [format.duration(Number(v)), t('chart.longestWait')]}
              />
              <Area
                type="monotone"
                dataKey="longestWait"
                stroke="var(--accent)"
                fill="url(#waitFill)"
                strokeWidth={2}
                isAnimationActive={false}
              />
            </AreaChart>
          </ResponsiveContainer>
        </div>
      )}
    </Section>
  );
}
