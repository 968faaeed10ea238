import { Section } from '../shared/Section';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useSupervisor } from '../shared/console-context';
import { formatDuration } from '../shared/time';

const TEN_MINUTES = 10 * 60 * 1000;
const clock = (t: number, withSeconds = false) =>
  new Date(t).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
    ...(withSeconds ? { second: '2-digit' } : {}),
  });

/** The longest wait in the queue over the last hour, sampled from the live overview. */
export function WaitChart() {
  const series = useSupervisor((s) => s.series);
  // A short series (just after opening) needs seconds on the axis, or every tick reads the same minute.
  const short = series.length > 1 && series[series.length - 1].t - series[0].t < TEN_MINUTES;
  return (
    <Section className="card chart-card" id="wait-chart-heading" title="Longest wait, last hour">
      {series.length < 2 ? (
        <p className="empty">The chart fills in as the overview updates (a point every 5 seconds).</p>
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
                tickFormatter={(t: number) => clock(t, short)}
                minTickGap={48}
                tick={{ fontSize: 11 }}
                stroke="var(--muted)"
              />
              <YAxis
                tickFormatter={(v: number) => formatDuration(v)}
                tick={{ fontSize: 11 }}
                width={56}
                stroke="var(--muted)"
                allowDecimals={false}
              />
              <Tooltip
                labelFormatter={(t) => clock(Number(t))}
                formatter={(v) => [formatDuration(Number(v)), 'Longest wait']}
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
