import { useSupervisor } from '../shared/console-context';
import { useNow } from '../shared/time';

/** Seconds since the last overview arrived, so waiting times keep ticking between pushes. */
export function useSinceOverview(): number {
  const at = useSupervisor((s) => s.overviewAt);
  const now = useNow(1000);
  return at ? Math.max(0, (now - at) / 1000) : 0;
}
