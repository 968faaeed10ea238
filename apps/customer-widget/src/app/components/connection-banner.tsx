import type { ChatState } from '../chat/chat-store';

/** Tells the customer the link is down; what they type meanwhile waits in the outbox. */
export function ConnectionBanner({
  connection,
  wasConnected,
}: Pick<ChatState, 'connection' | 'wasConnected'>) {
  const down = connection === 'connecting' || connection === 'disconnected' || connection === 'unauthorized';
  if (!down) return null;
  return (
    <div className="sbw-banner" role="status">
      <span className="sbw-spinner" aria-hidden="true" />
      {wasConnected ? 'Reconnecting…' : 'Connecting…'}
      <span className="sbw-banner-hint">Messages you write will be sent when we are back.</span>
    </div>
  );
}
