import { createStore } from './store';

export interface PwaState {
  /** The active service worker's registration, once there is one (notifications go through it). */
  registration: ServiceWorkerRegistration | null;
  /** A new version of the console is installed and waits for a reload. */
  updateReady: boolean;
  /** A conversation a notification click (or the start URL) asked to open, until the console opens it. */
  openRequest: string | null;
}

export const pwaStore = createStore<PwaState>({ registration: null, updateReady: false, openRequest: null });

/** Set by the registration (pwa-register.ts): activates the waiting worker and reloads onto the new version. */
let applyUpdate: () => Promise<void> = () => Promise.resolve(location.reload());

export function setUpdateHandler(handler: () => Promise<void>): void {
  applyUpdate = handler;
}

export function reloadToUpdate(): Promise<void> {
  return applyUpdate();
}

export function requestOpen(conversationId: string): void {
  pwaStore.set({ openRequest: conversationId });
}

/** The console took the request: forget it. */
export function openRequestHandled(): void {
  pwaStore.set({ openRequest: null });
}
