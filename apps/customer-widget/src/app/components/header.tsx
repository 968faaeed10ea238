import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ArtificialType } from '@switchboard/protocol';
import { Avatar } from './avatar';
import { ChatBubbleIcon, ChevronDownIcon } from './icons';

export interface HeaderProps {
  title: string;
  state: ArtificialType | null;
  agentName: string | null;
  agentTyping: boolean;
  /** Section 9: nobody is available now (before a chat, the header says so instead of promising a quick reply). */
  away?: boolean;
  onEnd?: () => void;
  onClose?: () => void;
}

function subtitle(t: TFunction, { state, agentName, agentTyping, away }: HeaderProps): { text: string; live: boolean } {
  switch (state) {
    case null:
      return away ? { text: t('header.away'), live: false } : { text: t('header.beforeChat'), live: true };
    case 'open':
    case 'transferring':
      return { text: t('header.waiting'), live: false };
    case 'closed':
      return { text: t('header.ended'), live: false };
    case 'serving':
    case 'transfer_initiated':
    case 'close_initiated':
      if (agentTyping) {
        return { text: agentName ? t('header.typing', { name: agentName }) : t('header.typingUnknown'), live: true };
      }
      return { text: agentName ? t('header.online', { name: agentName }) : t('header.agentWithYou'), live: true };
  }
}

export function Header(props: HeaderProps) {
  const { title, agentName, onEnd, onClose } = props;
  const { t } = useTranslation();
  const status = subtitle(t, props);
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
            {t('header.endChat')}
          </button>
        )}
        {onClose && (
          <button
            type="button"
            className="sbw-icon-button sbw-on-accent"
            aria-label={t('header.minimise')}
            onClick={onClose}
          >
            <ChevronDownIcon />
          </button>
        )}
      </div>
    </header>
  );
}
