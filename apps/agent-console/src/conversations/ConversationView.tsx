import { useCallback, useState } from 'react';
import type { Conversation } from '@switchboard/protocol';
import { CustomerType, StateBadge } from '../shared/Badges';
import { useConsole, useWorkspace } from '../shared/console-context';
import { CloseDialog } from './CloseDialog';
import { Composer } from './Composer';
import { MessageThread } from './MessageThread';
import { TransferDialog } from './TransferDialog';
import { useMarkRead } from './useMarkRead';

const NO_PENDING: never[] = [];

function composerState(c: Conversation, me: string): { disabled: boolean; placeholder: string } {
  if (c.artificialType === 'closed') return { disabled: true, placeholder: 'This conversation is closed.' };
  if (c.agentId !== me) return { disabled: true, placeholder: 'Only the assigned agent can reply.' };
  return { disabled: false, placeholder: `Reply to ${c.customer.name}…` };
}

export function ConversationView({ conversation }: { conversation: Conversation }) {
  const { workspace } = useConsole();
  const id = conversation.id;
  const thread = useWorkspace((s) => s.threads[id]);
  const typing = useWorkspace((s) => s.typing[id] ?? false);
  const outbox = useWorkspace((s) => s.outbox);
  const [dialog, setDialog] = useState<'transfer' | 'close' | null>(null);
  const me = workspace.me.id;
  const mine = conversation.agentId === me;
  const pending = outbox.some((p) => p.conversationId === id)
    ? outbox.filter((p) => p.conversationId === id)
    : NO_PENDING;
  useMarkRead(workspace, id, conversation.lastSeq, conversation.unread.agent);

  const loadOlder = useCallback(() => void workspace.loadOlder(id), [workspace, id]);
  const retry = useCallback((msgId: string) => workspace.client.retry(msgId), [workspace]);
  const discard = useCallback((msgId: string) => workspace.client.discard(msgId), [workspace]);
  const composer = composerState(conversation, me);

  return (
    <main className="conversation" aria-label={`Conversation with ${conversation.customer.name}`}>
      <header className="conversation-header">
        <div className="title">
          <h1>{conversation.customer.name}</h1>
          <CustomerType type={conversation.customer.type} />
          <span className="muted">#{conversation.number}</span>
          <StateBadge state={conversation.artificialType} />
        </div>
        {mine && (
          <div className="actions">
            {conversation.artificialType === 'transfer_initiated' ? (
              <button type="button" className="button" onClick={() => void workspace.cancelTransfer(id)}>
                Cancel transfer
              </button>
            ) : (
              <button
                type="button"
                className="button"
                disabled={conversation.artificialType !== 'serving'}
                onClick={() => setDialog('transfer')}
              >
                Transfer
              </button>
            )}
            <button
              type="button"
              className="button"
              disabled={conversation.artificialType !== 'serving'}
              onClick={() => setDialog('close')}
            >
              Close conversation
            </button>
          </div>
        )}
      </header>
      {thread && thread.messages.length === 0 && thread.loading ? (
        <div className="thread empty-state">Loading messages…</div>
      ) : (
        <MessageThread
          key={`thread-${id}`}
          messages={thread?.messages ?? []}
          pending={pending}
          customerReadSeq={conversation.reads.customer}
          hasMore={thread?.hasMore ?? true}
          onLoadOlder={loadOlder}
          onRetry={retry}
          onDiscard={discard}
        />
      )}
      <div className="typing-indicator" aria-live="polite">
        {typing ? `${conversation.customer.name} is typing…` : ''}
      </div>
      <Composer key={`composer-${id}`} conversationId={id} {...composer} />
      {dialog === 'transfer' && <TransferDialog conversationId={id} onClose={() => setDialog(null)} />}
      {dialog === 'close' && <CloseDialog conversationId={id} onClose={() => setDialog(null)} />}
    </main>
  );
}
