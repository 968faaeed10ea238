import { registerSW } from 'virtual:pwa-register';
import { CONVERSATION_PARAM, OPEN_CONVERSATION_MESSAGE } from './notification-link';
import { pwaStore, requestOpen, setUpdateHandler } from './pwa-state';

/**
 * Registers the console's service worker (src/sw.ts, scope /agent/) and wires it to the page: an update waiting to
 * take over shows the update prompt, a click on one of its notifications opens that conversation, and a start URL
 * with ?conversation=<id> (a notification clicked while no console was open) does the same once signed in.
 */
export function registerConsoleWorker(): void {
  const params = new URLSearchParams(location.search);
  const asked = params.get(CONVERSATION_PARAM);
  if (asked) {
    requestOpen(asked);
    params.delete(CONVERSATION_PARAM);
    const query = params.toString();
    history.replaceState(
      history.state,
      '',
      `${location.pathname}${query ? `?${query}` : ''}${location.hash}`,
    );
  }
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent<unknown>) => {
    const data = event.data as { type?: unknown; conversationId?: unknown } | null;
    if (data?.type === OPEN_CONVERSATION_MESSAGE && typeof data.conversationId === 'string')
      requestOpen(data.conversationId);
  });
  const update = registerSW({
    immediate: true,
    onNeedRefresh: () => pwaStore.set({ updateReady: true }),
    onRegisteredSW: (_url, registration) => {
      if (!registration) return;
      // Notifications need an active worker; a first install activates a moment after registering.
      void navigator.serviceWorker.ready.then((ready) => pwaStore.set({ registration: ready }));
    },
  });
  setUpdateHandler(() => update(true));
}
