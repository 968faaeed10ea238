import { useCallback, useEffect, useState } from 'react';
import { allowedActions, messagePreview, type Conversation, type Message } from '@switchboard/protocol';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { CustomerType, StateBadge } from '../shared/Badges';
import { useConsole, useWorkspace } from '../shared/console-context';
import { PaneBackButton } from '../shared/PaneBackButton';
import { useIsPhone } from '../shared/phone';
import { showPane } from '../shared/router';
import { useStore } from '../shared/store';
import { LabelChips } from '../labels/LabelChips';
import { LabelsDialog } from '../labels/LabelsDialog';
import { CloseDialog } from './CloseDialog';
import { ComposerArea } from './ComposerArea';
import { previewText } from './conversation-model';
import { MessageThread } from './MessageThread';
import { TransferDialog } from './TransferDialog';
import { useMarkRead } from './useMarkRead';

function composerState(
  c: Conversation,
  me: string,
  t: TFunction,
): { disabled: boolean; placeholder: string } {
  if (c.artificialType === 'closed')
    return { disabled: true, placeholder: t('conversation.closedPlaceholder') };
  if (c.agentId !== me) return { disabled: true, placeholder: t('conversation.notAssigneePlaceholder') };
  return { disabled: false, placeholder: t('conversation.replyPlaceholder', { name: c.customer.name }) };
}

export function ConversationView({ conversation }: { conversation: Conversation }) {
  const { t, i18n } = useTranslation();
  const { workspace } = useConsole();
  const phone = useIsPhone();
  const id = conversation.id;
  // Section 8: the message the next reply quotes, by seq in this conversation.
  const [quoting, setQuoting] = useState<{ conversationId: string; seq: number } | null>(null);
  const thread = useWorkspace((s) => s.threads[id]);
  const [dialog, setDialog] = useState<'transfer' | 'close' | 'labels' | null>(null);
  const me = workspace.me.id;
  const mine = conversation.agentId === me;
  const status = useWorkspace((s) => s.status);
  // Which buttons work comes from the protocol's rules table, as the gateway applies it.
  const allowed = allowedActions(conversation, { id: me, role: workspace.me.role, status });
  const canTransfer = allowed.includes('transfer_to_agent') || allowed.includes('transfer_to_queue');
  const canClose = allowed.includes('propose_close') || allowed.includes('force_close');
  useMarkRead(workspace, id, conversation.lastSeq, conversation.unread.agent);
  const notes = useStore(workspace.notes.store, (s) => s.byConversation[id]);
  // Its notes load with the conversation; its mentions of me are seen once it is on screen.
  useEffect(() => {
    void workspace.notes.load(id);
    workspace.notes.seen(id);
  }, [workspace, id]);
  const mayWriteNotes = workspace.me.role === 'supervisor' || mine || conversation.transfer?.toAgentId === me;

  const loadOlder = useCallback(() => void workspace.loadOlder(id), [workspace, id]);
  const jump = useStore(workspace.search.store, (s) => s.jump);
  const jumped = useCallback(() => workspace.search.jumped(), [workspace]);
  const retry = useCallback((msgId: string) => workspace.client.retry(msgId), [workspace]);
  const discard = useCallback((msgId: string) => workspace.client.discard(msgId), [workspace]);
  const composer = composerState(conversation, me, t);
  const recall = useCallback((seq: number) => void workspace.recall(id, seq), [workspace, id]);
  const reply = useCallback((message: Message) => {
    setQuoting({ conversationId: message.conversationId, seq: message.seq });
    document.getElementById('composer-input')?.focus();
  }, []);
  const quotedMessage = quoting?.conversationId === id ? thread?.messages.find((m) => m.seq === quoting.seq) : undefined;
  const quote = quotedMessage
    ? { seq: quotedMessage.seq, senderName: quotedMessage.sender.name, preview: previewText(i18n, messagePreview(quotedMessage)) }
    : null;

  return (
    <main className="conversation" aria-label={t('conversation.label', { name: conversation.customer.name })}>
      <header className="conversation-header">
        <div className="title">
          {phone && <PaneBackButton label={t('phone.backToInbox')} />}
          <h1>{conversation.customer.name}</h1>
          <CustomerType type={conversation.customer.type} />
          <span className="muted">{t('conversation.number', { number: conversation.number })}</span>
          <StateBadge state={conversation.artificialType} />
          <LabelChips names={conversation.labels} />
        </div>
        {(mine || workspace.me.role === 'supervisor' || phone) && (
          <div className="actions">
            {phone && (
              <button type="button" className="button" onClick={() => showPane('details')}>
                {t('phone.details')}
              </button>
            )}
            {(mine || workspace.me.role === 'supervisor') && (
              <button
                type="button"
                className="button"
                aria-haspopup="dialog"
                onClick={() => setDialog('labels')}
              >
                {t('labels.button')}
              </button>
            )}
            {mine && (
              <>
                {allowed.includes('cancel_transfer') ? (
                  <button type="button" className="button" onClick={() => void workspace.cancelTransfer(id)}>
                    {t('conversation.cancelTransfer')}
                  </button>
                ) : (
                  <button
                    type="button"
                    className="button"
                    disabled={!canTransfer}
                    onClick={() => setDialog('transfer')}
                  >
                    {t('conversation.transfer')}
                  </button>
                )}
                <button
                  type="button"
                  className="button"
                  disabled={!canClose}
                  onClick={() => setDialog('close')}
                >
                  {t('conversation.close')}
                </button>
              </>
            )}
          </div>
        )}
      </header>
      {!thread?.loaded ? (
        <div className="thread empty-state">{t('conversation.loading')}</div>
      ) : (
        <MessageThread
          key={`thread-${id}`}
          messages={thread.messages}
          notes={notes}
          pending={thread.pending}
          customerReadSeq={conversation.reads.customer}
          hasMore={thread.older !== 'done'}
          onLoadOlder={loadOlder}
          onRetry={retry}
          onDiscard={discard}
          focusSeq={jump?.conversationId === id ? jump.seq : undefined}
          onFocused={jumped}
          meId={me}
          onRecall={recall}
          onReply={mine && !composer.disabled ? reply : undefined}
        />
      )}
      <div className="typing-indicator" aria-live="polite">
        {thread?.typing ? t('conversation.typing', { name: conversation.customer.name }) : ''}
      </div>
      {!mine && !mayWriteNotes && <p className="read-only-banner">{t('notes.readOnly')}</p>}
      <ComposerArea
        conversationId={id}
        {...composer}
        mayWriteNotes={mayWriteNotes}
        quote={quote}
        onCancelQuote={() => setQuoting(null)}
      />
      {dialog === 'transfer' && <TransferDialog conversationId={id} onClose={() => setDialog(null)} />}
      {dialog === 'close' && <CloseDialog conversationId={id} onClose={() => setDialog(null)} />}
      {dialog === 'labels' && <LabelsDialog conversation={conversation} onClose={() => setDialog(null)} />}
    </main>
  );
}
