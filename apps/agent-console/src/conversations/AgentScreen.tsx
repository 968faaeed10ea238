import { useState } from 'react';
import type { Conversation } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { EarlierConversationView } from '../profile/EarlierConversationView';
import { QueueList } from '../queue/QueueList';
import { useWorkspace } from '../shared/console-context';
import { ConversationView } from './ConversationView';
import { DetailsPanel } from './DetailsPanel';
import { MyConversations } from './MyConversations';
import { TransferOffers } from './TransferOffers';

/** The agent's day in one screen: queue and conversations, the open conversation, its details. */
export function AgentScreen() {
  const { t } = useTranslation();
  const selected = useWorkspace((s) => (s.selectedId ? (s.conversations[s.selectedId] ?? null) : null));
  // An earlier conversation of the selected one's customer, opened read-only in the conversation's place.
  const [earlier, setEarlier] = useState<{ from: string; conversation: Conversation } | null>(null);
  const showing = earlier && selected && earlier.from === selected.id ? earlier.conversation : null;
  return (
    <div className="workspace">
      <aside className="sidebar" aria-label={t('workspace.inbox')}>
        <TransferOffers />
        <QueueList />
        <MyConversations />
      </aside>
      {selected && showing ? (
        <EarlierConversationView conversation={showing} current={selected} onBack={() => setEarlier(null)} />
      ) : selected ? (
        <ConversationView conversation={selected} />
      ) : (
        // The open conversation is the screen's main landmark; the inbox and details are beside it.
        <main className="conversation empty-state">
          <div>
            <h1 className="empty-title">{t('workspace.noConversation')}</h1>
            <p className="muted">{t('workspace.noConversationHint')}</p>
          </div>
        </main>
      )}
      <DetailsPanel
        conversation={selected}
        onOpenEarlier={(conversation) => selected && setEarlier({ from: selected.id, conversation })}
      />
    </div>
  );
}
