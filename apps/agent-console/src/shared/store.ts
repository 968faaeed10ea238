import { useSyncExternalStore } from 'react';
import type { ObservableStore } from '@switchboard/client';

export { createStore, type ObservableStore as Store } from '@switchboard/client';

/** Subscribes to one slice; the selector must return a stable reference (a field, not a new object). */
export function useStore<T, S>(store: ObservableStore<T>, selector: (state: T) => S): S {
  return useSyncExternalStore(
    store.subscribe,
    () => selector(store.get()),
    () => selector(store.get()),
  );
}
