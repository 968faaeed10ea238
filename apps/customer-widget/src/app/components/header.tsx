import type { ArtificialType } from '@switchboard/protocol';
import { Avatar } from './avatar';
import { ChatBubbleIcon, ChevronDownIcon } from './icons';

export interface HeaderProps {
  title: string;
  state: ArtificialType | null;
  agentName: string | null;
  agentTyping: boolean;
  onEnd?: () => void;
  onClose?: () => void;
}

function subtitle({ state, agentName, agentTyping }: HeaderProps): { text: string; live: boolean } {
  switch (state) {
    case null:
      return { text: 'We usually reply in a few minutes', live: true };
    case 'open':
    case 'transferring':
      return { text: 'Waiting for an agent', live: false };
    case 'closed':
      return { text: 'This chat has ended', live: false };
    case 'serving':
    case 'transfer_initiated':
    case 'close_initiated':
      if (agentTyping) return { text: `${agentName ?? 'Agent'} is typing…`, live: true };
      return { text: agentName ? `${agentName} · Online` : 'An agent is with you', live: true };
  }
}

export function Header(props: HeaderProps) {
  const { title, agentName, onEnd, onClose } = props;
  const status = subtitle(props);
  return (
    <header className="sbw-header">
      <div className="sbw-header-identity">
        {agentName ? (
          <Avatar name={agentName} size={40} />
        ) : (
          <span className="sbw-brand" aria-hidden="true">
            <ChatBubbleIcon width={22} height={22} />
          </span>
        )}
        <div className="sbw-header-text">
          <h1>{title}</h1>
          <p className="sbw-header-status">
            <span className={`sbw-dot${status.live ? ' is-live' : ''}`} aria-hidden="true" />
            {status.text}
          </p>
        </div>
      </div>
      <div className="sbw-header-actions">
        {onEnd && (
          <button type="button" className="sbw-header-button" onClick={onEnd}>
            End chat
          </button>
        )}
        {onClose && (
          <button
            type="button"
            className="sbw-icon-button sbw-on-accent"
            aria-label="Close chat"
            onClick={onClose}
          >
            <ChevronDownIcon />
          </button>
        )}
      </div>
    </header>
  );
}
