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

export function secondsSince(iso: string | null | undefined, now: number): number {
  return iso ? Math.max(0, (now - Date.parse(iso)) / 1000) : 0;
}
