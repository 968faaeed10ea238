import { useEffect, useRef, useState, type RefObject } from 'react';
import type { Conversation } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { EarlierConversationView } from '../profile/EarlierConversationView';
import { QueueList } from '../queue/QueueList';
import { useWorkspace } from '../shared/console-context';
import { useIsPhone } from '../shared/phone';
import { showPane, usePane, type Pane } from '../shared/router';
import { ConversationView } from './ConversationView';
import { DetailsPanel } from './DetailsPanel';
import { MyConversations } from './MyConversations';
import { TransferOffers } from './TransferOffers';

/**
 * A phone moves to the thread pane each time a conversation is opened (a row, a grab, an accepted offer, a search
 * result, a notification), and not for the one already open when the screen mounts.
 */
function useThreadPaneOnOpen(phone: boolean): void {
  const selections = useWorkspace((s) => s.selections);
  const seen = useRef(selections);
  useEffect(() => {
    if (seen.current === selections) return;
    seen.current = selections;
    if (phone) showPane('thread');
  }, [selections, phone]);
}

/**
 * A pane that takes the screen takes the focus too (the control that moved there is hidden now): its back button,
 * or, back in the inbox, the conversation that was open. Not on the first render, which keeps the page's focus.
 */
function useFocusOnPaneChange(phone: boolean, pane: Pane, workspace: RefObject<HTMLDivElement | null>): void {
  const shown = useRef(pane);
  useEffect(() => {
    if (!phone || shown.current === pane) return;
    shown.current = pane;
    const root = workspace.current;
    const target =
      pane === 'list'
        ? (root?.querySelector<HTMLElement>('.sidebar [aria-current="true"]') ??
          root?.querySelector<HTMLElement>('.sidebar button'))
        : root?.querySelector<HTMLElement>(`${pane === 'thread' ? '.conversation' : '.details'} .pane-back`);
    target?.focus();
  }, [phone, pane, workspace]);
}

/** The pane a phone shows: a conversation that is gone (closed and left, not loaded offline) leaves the inbox. */
export function useShownPane(): Pane {
  const pane = usePane();
  const open = useWorkspace((s) => !!s.selectedId && !!s.conversations[s.selectedId]);
  return open ? pane : 'list';
}

/** The agent's day in one screen: queue and conversations, the open conversation, its details. */
export function AgentScreen() {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const pane = useShownPane();
  const selected = useWorkspace((s) => (s.selectedId ? (s.conversations[s.selectedId] ?? null) : null));
  // An earlier conversation of the selected one's customer, opened read-only in the conversation's place.
  const [earlier, setEarlier] = useState<{ from: string; conversation: Conversation } | null>(null);
  const showing = earlier && selected && earlier.from === selected.id ? earlier.conversation : null;
  const workspaceRef = useRef<HTMLDivElement>(null);
  useThreadPaneOnOpen(phone);
  useFocusOnPaneChange(phone, pane, workspaceRef);
  return (
    // On a phone only the pane in `data-pane` shows (phone.css); the desktop shows all three side by side.
    <div ref={workspaceRef} className="workspace" data-pane={phone ? pane : undefined}>
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
        onOpenEarlier={(conversation) => {
          if (!selected) return;
          setEarlier({ from: selected.id, conversation });
          if (phone) showPane('thread');
        }}
      />
    </div>
  );
}
