import { createStore, useStore } from './store';

/** The gateway serves the console under this prefix (vite `base`). */
export const BASE_PATH = '/agent';

export type Route = 'inbox' | 'supervisor';

function routeOf(pathname: string): Route {
  return pathname.replace(/\/+$/, '').endsWith(`${BASE_PATH}/supervisor`) ? 'supervisor' : 'inbox';
}

const routeStore = createStore<{ route: Route }>({
  route: typeof location === 'undefined' ? 'inbox' : routeOf(location.pathname),
});

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => routeStore.set({ route: routeOf(location.pathname) }));
}

export function navigate(route: Route): void {
  history.pushState(null, '', route === 'supervisor' ? `${BASE_PATH}/supervisor` : `${BASE_PATH}/`);
  routeStore.set({ route });
}

export function useRoute(): Route {
  return useStore(routeStore, (s) => s.route);
}
