import { notificationTag, type NotificationData } from './notification-link';
import { pwaStore } from './pwa-state';
import { createStore } from './store';

const NOTIFICATION_ICON = '/agent/icons/icon-192.png';

const MUTE_KEY = 'switchboard.console.muted';

export const alertStore = createStore<{ muted: boolean; permission: NotificationPermission | 'unsupported' }>(
  {
    muted: typeof localStorage !== 'undefined' && localStorage.getItem(MUTE_KEY) === '1',
    permission: typeof Notification === 'undefined' ? 'unsupported' : Notification.permission,
  },
);

export function setMuted(muted: boolean): void {
  localStorage.setItem(MUTE_KEY, muted ? '1' : '0');
  alertStore.set({ muted });
}

/** Browsers only allow the permission prompt from a user gesture, so this runs on a click. */
export async function askNotificationPermission(): Promise<void> {
  if (typeof Notification === 'undefined') return;
  const permission = await Notification.requestPermission();
  alertStore.set({ permission });
}

let audio: AudioContext | null = null;

/** A short two-tone beep made with Web Audio, so no sound asset has to be shipped. */
function beep(): void {
  const Context = globalThis.AudioContext;
  if (!Context) return;
  audio ??= new Context();
  const now = audio.currentTime;
  [880, 1320].forEach((frequency, i) => {
    const osc = audio!.createOscillator();
    const gain = audio!.createGain();
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, now + i * 0.12);
    gain.gain.exponentialRampToValueAtTime(0.15, now + i * 0.12 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.12 + 0.11);
    osc.connect(gain).connect(audio!.destination);
    osc.start(now + i * 0.12);
    osc.stop(now + i * 0.12 + 0.12);
  });
}

export interface AlertOptions {
  /** The conversation the alert is about: a click on the notification opens it. */
  conversationId?: string;
  /** Runs on a click on a page notification (where there is no service worker). */
  onClick?: () => void;
}

/**
 * Shows the notification through the service worker where there is one (a phone shows only those, and they reach
 * the lock screen; a click comes back through src/sw.ts), else with the page's own Notification.
 */
function notify(title: string, body: string, { conversationId, onClick }: AlertOptions): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const tag = notificationTag(conversationId);
  const registration = pwaStore.get().registration;
  if (registration) {
    const data: NotificationData = { conversationId };
    void registration.showNotification(title, { body, tag, data, icon: NOTIFICATION_ICON }).catch(() => undefined);
    return;
  }
  const notification = new Notification(title, { body, tag, icon: NOTIFICATION_ICON });
  notification.onclick = () => {
    window.focus();
    onClick?.();
    notification.close();
  };
}

/**
 * Beeps and shows a notification, only while the tab is in the background (or the phone locked) and not muted; a
 * click on the notification brings the console forward and opens the conversation (`conversationId`, or `onClick`).
 */
export function alertUser(title: string, body: string, options: AlertOptions = {}): void {
  if (typeof document === 'undefined' || document.visibilityState === 'visible') return;
  if (alertStore.get().muted) return;
  try {
    beep();
    notify(title, body, options);
  } catch {
    // Sound and notifications are best effort.
  }
}
