import type { Conversation } from '@switchboard/protocol';
import { Section } from '../shared/Section';
import { useConsole, useWorkspace } from '../shared/console-context';
import { formatDuration, secondsSince, useNow } from '../shared/time';
import { CustomerType } from '../shared/Badges';

/** Past this wait a row's timer turns amber. */
const LONG_WAIT_S = 120;

function QueueRow({
  conversation,
  now,
  online,
}: {
  conversation: Conversation;
  now: number;
  online: boolean;
}) {
  const { workspace } = useConsole();
  const transferred = conversation.artificialType === 'transferring';
  const waited = secondsSince(conversation.queuedAt ?? conversation.createdAt, now);
  return (
    <li
      className={`queue-row${transferred ? ' transferred' : ''}`}
      aria-label={`Inquiry from ${conversation.customer.name}`}
    >
      <div className="row-main">
        <div className="row-title">
          <span className="customer-name">{conversation.customer.name}</span>
          <CustomerType type={conversation.customer.type} />
          <span className={`wait${waited > LONG_WAIT_S ? ' long' : ''}`} title="Waiting time">
            {formatDuration(waited)}
          </span>
        </div>
        {transferred && (
          <div className="transfer-note">
            Transferred{conversation.transfer?.note ? `: ${conversation.transfer.note}` : ''}
          </div>
        )}
        {/* A transferred row's last message is the system line about the transfer; its note says it better. */}
        {!(transferred && conversation.lastMessage?.senderType === 'system') && (
          <div className="preview">{conversation.lastMessage?.preview ?? 'No message yet'}</div>
        )}
      </div>
      {/* Only agents take conversations; supervisors assign them from the supervisor view. */}
      {workspace.me.role === 'agent' && (
        <button
          type="button"
          className="button small primary"
          disabled={!online}
          title={online ? undefined : 'Set your status to Online to take conversations'}
          onClick={() => void workspace.grab(conversation.id)}
        >
          Grab
        </button>
      )}
    </li>
  );
}

/** The waiting inquiries, live; transferred ones first, then the longest waiting. */
export function QueueList() {
  const queue = useWorkspace((s) => s.queue);
  const online = useWorkspace((s) => s.status === 'online');
  const now = useNow(1000);
  return (
    <Section className="panel-section" id="queue-heading" title="Queue" count={queue.length}>
      {queue.length === 0 ? (
        <p className="empty">Nobody is waiting. New inquiries appear here as they arrive.</p>
      ) : (
        <ul className="queue-list" aria-label="Queue">
          {queue.map((c) => (
            <QueueRow key={c.id} conversation={c} now={now} online={online} />
          ))}
        </ul>
      )}
    </Section>
  );
}
