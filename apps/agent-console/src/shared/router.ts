import { createStore, useStore } from './store';

/** The gateway serves the console under this prefix (vite `base`). */
export const BASE_PATH = '/agent';

export type Route = 'inbox' | 'supervisor' | 'accounts' | 'labels' | 'cannedReplies';

const PATHS: Record<Route, string> = {
  inbox: `${BASE_PATH}/`,
  supervisor: `${BASE_PATH}/supervisor`,
  accounts: `${BASE_PATH}/accounts`,
  labels: `${BASE_PATH}/labels`,
  cannedReplies: `${BASE_PATH}/canned-replies`,
};

function routeOf(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '');
  if (path.endsWith(PATHS.supervisor)) return 'supervisor';
  if (path.endsWith(PATHS.labels)) return 'labels';
  if (path.endsWith(PATHS.cannedReplies)) return 'cannedReplies';
  return path.endsWith(PATHS.accounts) ? 'accounts' : 'inbox';
}

const routeStore = createStore<{ route: Route }>({
  route: typeof location === 'undefined' ? 'inbox' : routeOf(location.pathname),
});

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => routeStore.set({ route: routeOf(location.pathname) }));
}

export function navigate(route: Route): void {
  history.pushState(null, '', PATHS[route]);
  routeStore.set({ route });
}

export function useRoute(): Route {
  return useStore(routeStore, (s) => s.route);
}
