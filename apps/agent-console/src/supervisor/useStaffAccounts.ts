import { useCallback, useEffect, useMemo, useState } from 'react';
import type { StaffAccount, UpdateUserRequest } from '@switchboard/protocol';
import { errorText } from '../shared/console-client';
import { useConsole, useSupervisor } from '../shared/console-context';
import { i18n } from '../shared/i18n';

const NO_AGENTS: never[] = [];

/**
 * Every agent and supervisor account (disabled ones too) from `GET /api/users`, with agents' status and load
 * kept live from the overview the supervisor view already receives.
 */
export function useStaffAccounts() {
  const monitor = useConsole().supervisor;
  if (!monitor) throw new Error('useStaffAccounts needs a supervisor session');
  const live = useSupervisor((s) => s.overview?.agents ?? NO_AGENTS);
  const [accounts, setAccounts] = useState<StaffAccount[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Settles in callbacks, never synchronously, so the effect below only starts the request.
  const reload = useCallback(
    () =>
      monitor.accounts.list().then(
        (list) => {
          setAccounts(list);
          setError(null);
        },
        (err: unknown) => setError(i18n.t('accounts.loadFailed', { reason: errorText(err) })),
      ),
    [monitor],
  );

  useEffect(() => {
    void reload();
  }, [reload]);

  /** Sends the change; the answer replaces the row. Throws the SDK's error for the dialog to show. */
  const update = useCallback(
    async (id: string, patch: UpdateUserRequest): Promise<StaffAccount> => {
      const updated = await monitor.accounts.update(id, patch);
      setAccounts((list) => list?.map((a) => (a.id === id ? updated : a)) ?? null);
      return updated;
    },
    [monitor],
  );

  const merged = useMemo(() => {
    if (!accounts) return null;
    const byId = new Map(live.map((a) => [a.id, a]));
    return accounts.map((a) => {
      const now = byId.get(a.id);
      return now ? { ...a, status: now.status, serving: now.serving } : a;
    });
  }, [accounts, live]);

  return { accounts: merged, error, reload, update };
}
