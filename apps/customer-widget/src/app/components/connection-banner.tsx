import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatState } from '../chat/chat-store';

/** A blip shorter than this (a reload's first connect, a quick network hiccup) is not worth a banner. */
const SHOW_AFTER_MS = 800;

/** Tells the customer the link is down; what they type meanwhile waits in the outbox. */
export function ConnectionBanner({
  connection,
  wasConnected,
}: Pick<ChatState, 'connection' | 'wasConnected'>) {
  const down = connection === 'connecting' || connection === 'disconnected' || connection === 'unauthorized';
  const [shown, setShown] = useState(false);
  const { t } = useTranslation();
  useEffect(() => {
    if (!down) return;
    const timer = setTimeout(() => setShown(true), SHOW_AFTER_MS);
    // Back up: the next outage waits its own delay before the banner shows again.
    return () => {
      clearTimeout(timer);
      setShown(false);
    };
  }, [down]);
  if (!down || !shown) return null;
  return (
    <div className="sbw-banner" role="status">
      <span className="sbw-spinner" aria-hidden="true" />
      {wasConnected ? t('connection.reconnecting') : t('connection.connecting')}
      <span className="sbw-banner-hint">{t('connection.hint')}</span>
    </div>
  );
}
