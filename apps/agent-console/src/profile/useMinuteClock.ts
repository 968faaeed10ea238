import { useEffect, useState } from 'react';

/** The current time, refreshed as each minute begins (a clock that shows minutes changes when they do). */
export function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      setNow(Date.now());
      timer = setTimeout(tick, 60_000 - (Date.now() % 60_000) + 5);
    };
    timer = setTimeout(tick, 60_000 - (Date.now() % 60_000) + 5);
    return () => clearTimeout(timer);
  }, []);
  return now;
}
