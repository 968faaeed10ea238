import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ConnectionState } from '@switchboard/client';
import { useTranslation } from 'react-i18next';
import { pwaStore, reloadToUpdate } from './pwa-state';
import { useStore } from './store';

/** A connection still not up after this long (a gateway that cannot be reached) counts as offline. */
const OFFLINE_AFTER_MS = 3000;

function subscribeOnline(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

function useBrowserOnline(): boolean {
  return useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine,
    () => true,
  );
}

/** True once `connection` has been down (not connected, not signed out) for OFFLINE_AFTER_MS. */
function useGatewayUnreachable(connection: ConnectionState | undefined): boolean {
  const down = connection === 'connecting' || connection === 'disconnected';
  const [unreachable, setUnreachable] = useState(false);
  useEffect(() => {
    if (!down) return;
    const timer = setTimeout(() => setUnreachable(true), OFFLINE_AFTER_MS);
    return () => {
      clearTimeout(timer);
      setUnreachable(false);
    };
  }, [down]);
  return down && unreachable;
}

/**
 * Says the console is offline: the device has no network, or (signed in) the gateway has not answered for a few
 * seconds. The shell itself comes from the service worker's cache, so this is what an agent sees instead of an
 * error page.
 */
export function OfflineBanner({ connection }: { connection?: ConnectionState }) {
  const { t } = useTranslation();
  const online = useBrowserOnline();
  const unreachable = useGatewayUnreachable(connection);
  return (
    <div className="app-banner-slot" role="status">
      {(!online || unreachable) && <p className="app-banner offline-banner">{t('app.offline')}</p>}
    </div>
  );
}

/** A new version of the console is installed and waiting (registerType 'prompt'): Reload switches to it. */
export function UpdatePrompt() {
  const { t } = useTranslation();
  const ready = useStore(pwaStore, (s) => s.updateReady);
  return (
    <div className="app-banner-slot" role="status">
      {ready && (
        <div className="app-banner update-banner">
          <span>{t('app.updateReady')}</span>
          <button type="button" className="button small" onClick={() => void reloadToUpdate()}>
            {t('app.reload')}
          </button>
        </div>
      )}
    </div>
  );
}
