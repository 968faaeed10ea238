import { useCallback, useEffect, useState } from 'react';
import { errorText, type ConsoleClient } from './console-client';
import { useConsole } from './console-context';

export interface LoadedList<T> {
  /** `null` until the first answer. */
  items: T[] | null;
  /** What the last read failed with (the list read before stays); `null` after a read that worked. */
  error: string | null;
  /** Reads the list again; the promise settles once the state is set (it never rejects). */
  reload: () => Promise<void>;
}

/**
 * A list read from the gateway with the workspace's client, read when shown and again on `reload`. `load` must be
 * stable (a module function, or `useCallback`): a new one reads the list again.
 */
export function useLoadedList<T>(load: (client: ConsoleClient) => Promise<T[]>): LoadedList<T> {
  const { workspace } = useConsole();
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Settles in callbacks, never synchronously, so the effect below only starts the request.
  const reload = useCallback(
    () =>
      load(workspace.client).then(
        (list) => {
          setItems(list);
          setError(null);
        },
        (failure: unknown) => setError(errorText(failure)),
      ),
    [workspace, load],
  );
  useEffect(() => {
    void reload();
  }, [reload]);
  return { items, error, reload };
}
