import { createStore, useStore } from './store';

/** The gateway serves the console under this prefix (vite `base`). */
export const BASE_PATH = '/agent';

export type Route =
  | 'inbox'
  | 'supervisor'
  | 'reports'
  | 'accounts'
  | 'teams'
  | 'labels'
  | 'cannedReplies'
  | 'webhooks'
  | 'apiTokens'
  | 'settings';

/**
 * On a phone the inbox shows one pane at a time: the lists, the open conversation, its details. Each step forward
 * is a history entry, so the browser's Back (or the back gesture) returns to the pane before.
 */
export type Pane = 'list' | 'thread' | 'details';

const PATHS: Record<Route, string> = {
  inbox: `${BASE_PATH}/`,
  supervisor: `${BASE_PATH}/supervisor`,
  accounts: `${BASE_PATH}/accounts`,
  labels: `${BASE_PATH}/labels`,
  teams: `${BASE_PATH}/teams`,
  cannedReplies: `${BASE_PATH}/canned-replies`,
  settings: `${BASE_PATH}/settings`,
  reports: `${BASE_PATH}/reports`,
  webhooks: `${BASE_PATH}/webhooks`,
  apiTokens: `${BASE_PATH}/api-tokens`,
};

function routeOf(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '');
  if (path.endsWith(PATHS.supervisor)) return 'supervisor';
  if (path.endsWith(PATHS.labels)) return 'labels';
  if (path.endsWith(PATHS.teams)) return 'teams';
  if (path.endsWith(PATHS.cannedReplies)) return 'cannedReplies';
  if (path.endsWith(PATHS.settings)) return 'settings';
  if (path.endsWith(PATHS.reports)) return 'reports';
  if (path.endsWith(PATHS.webhooks)) return 'webhooks';
  if (path.endsWith(PATHS.apiTokens)) return 'apiTokens';
  return path.endsWith(PATHS.accounts) ? 'accounts' : 'inbox';
}

/** The pane a history entry was pushed for (entries without one are the lists). */
function paneOf(state: unknown): Pane {
  const pane = (state as { pane?: unknown } | null)?.pane;
  return pane === 'thread' || pane === 'details' ? pane : 'list';
}

const PARENT: Record<Pane, Pane> = { list: 'list', thread: 'list', details: 'thread' };

const routeStore = createStore<{ route: Route; pane: Pane }>({
  route: typeof location === 'undefined' ? 'inbox' : routeOf(location.pathname),
  pane: typeof history === 'undefined' ? 'list' : paneOf(history.state),
});

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', (event) =>
    routeStore.set({ route: routeOf(location.pathname), pane: paneOf(event.state) }),
  );
}

export function navigate(route: Route): void {
  history.pushState(null, '', PATHS[route]);
  routeStore.set({ route, pane: 'list' });
}

/** Moves forward to a pane (a new history entry); going to the pane already shown does nothing. */
export function showPane(pane: Pane): void {
  if (routeStore.get().pane === pane) return;
  history.pushState({ pane }, '', location.href);
  routeStore.set({ pane });
}

/** The back button: the browser's Back when this pane has its own entry, else straight to the pane above. */
export function paneBack(): void {
  const { pane } = routeStore.get();
  if (pane === 'list') return;
  if (paneOf(history.state) === pane) return history.back();
  history.replaceState({ pane: PARENT[pane] }, '', location.href);
  routeStore.set({ pane: PARENT[pane] });
}

export function currentRoute(): Route {
  return routeStore.get().route;
}

export function useRoute(): Route {
  return useStore(routeStore, (s) => s.route);
}

export function usePane(): Pane {
  return useStore(routeStore, (s) => s.pane);
}
