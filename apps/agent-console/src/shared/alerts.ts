import { createStore } from './store';

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

/**
 * Beeps and shows a desktop notification, only while the tab is in the background and not muted; a click
 * on the notification brings the tab forward and runs `onClick` (e.g. opens the conversation).
 */
export function alertUser(title: string, body: string, onClick?: () => void): void {
  if (typeof document === 'undefined' || document.visibilityState === 'visible') return;
  if (alertStore.get().muted) return;
  try {
    beep();
    if (typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      const notification = new Notification(title, { body, tag: 'switchboard' });
      notification.onclick = () => {
        window.focus();
        onClick?.();
        notification.close();
      };
    }
  } catch {
    // Sound and notifications are best effort.
  }
}
