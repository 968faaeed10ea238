import { useCallback, useEffect, useRef, useState } from 'react';
import { ConversationThread, type ThreadSnapshot } from '@switchboard/client';
import type { Conversation } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { MessageThread } from '../conversations/MessageThread';
import { StateBadge } from '../shared/Badges';
import { errorText, type ConsoleClient } from '../shared/console-client';
import { useConsole } from '../shared/console-context';
import { useFormatters } from '../shared/i18n';
import { showToast } from '../shared/toasts';
import './profile.css';

/**
 * An earlier conversation's messages, read through REST only (GET /api/conversations/:id/messages, section 8's
 * customer-history rule): it does not follow the conversation through the SDK, so it never takes over the tracking
 * of a conversation this console serves.
 */
function useReadOnlyThread(client: ConsoleClient, conversationId: string) {
  const [snapshot, setSnapshot] = useState<ThreadSnapshot | null>(null);
  const open = useRef<ConversationThread | null>(null);
  useEffect(() => {
    const thread = new ConversationThread(client, conversationId, { typingFrom: [], follow: false }).start();
    open.current = thread;
    const off = thread.subscribe(() => setSnapshot(thread.getSnapshot()));
    thread.loadLatest().catch((error: unknown) => showToast(errorText(error), 'error'));
    return () => {
      off();
      thread.stop();
      if (open.current === thread) open.current = null;
    };
  }, [client, conversationId]);
  const loadOlder = useCallback(
    () => void open.current?.loadOlder().catch((error: unknown) => showToast(errorText(error), 'error')),
    [],
  );
  return { snapshot: snapshot?.conversationId === conversationId ? snapshot : null, loadOlder };
}

/** Opened from the profile's "Earlier conversations": the messages, no composer, and the way back. */
export function EarlierConversationView({
  conversation,
  current,
  onBack,
}: {
  conversation: Conversation;
  /** The conversation the agent came from. */
  current: Conversation;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { workspace } = useConsole();
  const { snapshot: thread, loadOlder } = useReadOnlyThread(workspace.client, conversation.id);
  const back = useRef<HTMLButtonElement>(null);
  useEffect(() => back.current?.focus(), [conversation.id]);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) onBack();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [onBack]);
  return (
    <main
      className="conversation earlier-view"
      aria-label={t('profile.earlier.viewLabel', { number: conversation.number })}
    >
      <header className="conversation-header">
        <div className="title">
          <h1>{conversation.customer.name}</h1>
          <span className="muted">{t('conversation.number', { number: conversation.number })}</span>
          <StateBadge state={conversation.artificialType} />
          <span className="muted">{format.clock(conversation.createdAt)}</span>
          <span className="read-only-tag">{t('profile.earlier.readOnly')}</span>
        </div>
        <div className="actions">
          <button ref={back} type="button" className="button" onClick={onBack}>
            {t('profile.earlier.back', { number: current.number })}
          </button>
        </div>
      </header>
      <p className="read-only-banner earlier-banner">
        {t('profile.earlier.readOnlyHint', { name: conversation.customer.name })}
      </p>
      {!thread?.loaded ? (
        <div className="thread empty-state">{t('conversation.loading')}</div>
      ) : (
        <MessageThread
          key={`earlier-${conversation.id}`}
          messages={thread.messages}
          hasMore={thread.older !== 'done'}
          onLoadOlder={loadOlder}
        />
      )}
    </main>
  );
}
