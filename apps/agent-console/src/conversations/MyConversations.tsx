import { Section } from '../shared/Section';
import { useEffect } from 'react';
import type { Conversation } from '@switchboard/protocol';
import { CustomerType, StateBadge, UnreadBadge } from '../shared/Badges';
import { useConsole, useWorkspace } from '../shared/console-context';
import { formatClock } from '../shared/time';

/** Keeps "(N) Switchboard" in the tab title so the total shows even when the tab is in the background. */
export function useUnreadTitle(total: number): void {
  useEffect(() => {
    document.title = total > 0 ? `(${total}) Switchboard` : 'Switchboard';
  }, [total]);
}

function ConversationRow({ conversation, selected }: { conversation: Conversation; selected: boolean }) {
  const { workspace } = useConsole();
  const last = conversation.lastMessage;
  return (
    <li>
      <button
        type="button"
        className={`conversation-row${selected ? ' selected' : ''}${conversation.unread.agent > 0 ? ' has-unread' : ''}`}
        aria-current={selected ? 'true' : undefined}
        onClick={() => workspace.select(conversation.id)}
      >
        <span className="row-title">
          <span className="customer-name">{conversation.customer.name}</span>
          <CustomerType type={conversation.customer.type} />
          <span className="time">{last ? formatClock(last.at) : ''}</span>
        </span>
        <span className="row-sub">
          <span className="preview">
            {last ? `${last.senderType === 'agent' ? 'You: ' : ''}${last.preview}` : 'No messages yet'}
          </span>
          {conversation.artificialType !== 'serving' && <StateBadge state={conversation.artificialType} />}
          <UnreadBadge count={conversation.unread.agent} />
        </span>
      </button>
    </li>
  );
}

/** My live conversations, newest activity first, with unread badges and their total in the tab title. */
export function MyConversations() {
  const mine = useWorkspace((s) => s.mine);
  const selectedId = useWorkspace((s) => s.selectedId);
  const total = mine.reduce((sum, c) => sum + c.unread.agent, 0);
  useUnreadTitle(total);
  return (
    <Section className="panel-section" id="mine-heading" title="My conversations" count={mine.length}>
      {mine.length === 0 ? (
        <p className="empty">No conversations yet. Grab one from the queue (or press g).</p>
      ) : (
        <ul className="conversation-list" aria-label="My conversations">
          {mine.map((c) => (
            <ConversationRow key={c.id} conversation={c} selected={c.id === selectedId} />
          ))}
        </ul>
      )}
    </Section>
  );
}
