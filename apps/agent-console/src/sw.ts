/// <reference lib="webworker" />
// The console's service worker (built by vite-plugin-pwa's injectManifest, served as /agent/sw.js, scope /agent/).
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import {
  CONVERSATION_PARAM,
  notificationTag,
  OPEN_CONVERSATION_MESSAGE,
  type NotificationData,
} from './shared/notification-link';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<string | { url: string; revision: string | null }>;
};

// Only the built shell (scripts, styles, the page, icons) is cached. Nothing else has a route, so API answers,
// socket.io and attachments always go to the network and are never stored.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

/** Never answered from the shell even if a navigation reaches them. */
const NEVER_FROM_SHELL = [/^\/api(\/|$)/, /^\/socket\.io(\/|$)/, /\/attachments(\/|$)/];
// Every page of the console (/agent/, /agent/supervisor...) is the same app: it opens with the gateway down.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: NEVER_FROM_SHELL }));

// registerType 'prompt': a new version waits until the agent presses Reload (the update prompt posts this).
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

/** A click brings a console window forward and opens the conversation in it, or opens a new one on it. */
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const { conversationId } = (event.notification.data ?? {}) as NotificationData;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows.find((client) => client.url.startsWith(self.registration.scope));
      if (open) {
        await open.focus();
        if (conversationId) open.postMessage({ type: OPEN_CONVERSATION_MESSAGE, conversationId });
        return;
      }
      const url = new URL(self.registration.scope);
      if (conversationId) url.searchParams.set(CONVERSATION_PARAM, conversationId);
      await self.clients.openWindow(url.href);
    })(),
  );
});

/**
 * Web Push (docs/agent-console.md, "Push notifications"): a deployment that sends pushes with `web-push` sends
 * `{ title, body, conversationId }`; the worker shows it like the page's own alerts.
 */
self.addEventListener('push', (event) => {
  let payload: { title?: unknown; body?: unknown; conversationId?: unknown } = {};
  try {
    payload = (event.data?.json() ?? {}) as typeof payload;
  } catch {
    return;
  }
  if (typeof payload.title !== 'string') return;
  const conversationId = typeof payload.conversationId === 'string' ? payload.conversationId : undefined;
  const data: NotificationData = { conversationId };
  event.waitUntil(
    self.registration.showNotification(payload.title, {
      body: typeof payload.body === 'string' ? payload.body : '',
      tag: notificationTag(conversationId),
      icon: 'icons/icon-192.png',
      data,
    }),
  );
});
