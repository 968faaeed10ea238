import { useEffect, useState } from 'react';

/** The current time, refreshed every `intervalMs`, for ticking waiting times and countdowns. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** "45s", "3m 05s", "1h 12m": compact durations for dense lists. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

export function secondsSince(iso: string | null | undefined, now: number): number {
  return iso ? Math.max(0, (now - Date.parse(iso)) / 1000) : 0;
}

/** "14:05" for today, "Nov 24, 14:05" for older messages. */
export function formatClock(iso: string, now = new Date()): string {
  const at = new Date(iso);
  const time = { hour: '2-digit', minute: '2-digit' } as const;
  return at.toDateString() === now.toDateString()
    ? at.toLocaleTimeString([], time)
    : at.toLocaleString([], { month: 'short', day: 'numeric', ...time });
}
