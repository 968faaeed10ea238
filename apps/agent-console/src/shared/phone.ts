import { useSyncExternalStore } from 'react';

/** Below this width the console shows one pane at a time (phone.css uses the same number). */
export const PHONE_MAX_WIDTH = 759;
const PHONE_QUERY = `(max-width: ${PHONE_MAX_WIDTH}px)`;

function phoneQuery(): MediaQueryList | null {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function'
    ? window.matchMedia(PHONE_QUERY)
    : null;
}

function subscribe(onChange: () => void): () => void {
  const query = phoneQuery();
  query?.addEventListener('change', onChange);
  return () => query?.removeEventListener('change', onChange);
}

/** Whether the window is phone-sized now (follows rotation and resizing). */
export function useIsPhone(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => phoneQuery()?.matches ?? false,
    () => false,
  );
}

/**
 * Keeps `--app-height` on <html> at the height the page can really use: the visual viewport shrinks when the
 * on-screen keyboard opens (the layout viewport does not, on most phones), so the app, and the composer at its
 * bottom, stay above the keyboard.
 */
export function trackVisualViewport(): () => void {
  const viewport = typeof window !== 'undefined' ? window.visualViewport : null;
  if (!viewport) return () => undefined;
  const update = () =>
    document.documentElement.style.setProperty('--app-height', `${Math.round(viewport.height)}px`);
  update();
  viewport.addEventListener('resize', update);
  return () => viewport.removeEventListener('resize', update);
}
