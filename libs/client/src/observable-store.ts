/**
 * A tiny observable state container. `subscribe` and `getSnapshot` fit React's useSyncExternalStore as they
 * are (both are bound, and the snapshot only changes identity when the state changed).
 */
export interface ObservableStore<T> {
  getSnapshot(): T;
  set(update: Partial<T> | ((state: T) => Partial<T>)): void;
  subscribe(listener: () => void): () => void;
}

export function createStore<T extends object>(initial: T): ObservableStore<T> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getSnapshot: () => state,
    set(update) {
      const patch = typeof update === 'function' ? update(state) : update;
      state = { ...state, ...patch };
      listeners.forEach((listener) => listener());
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
