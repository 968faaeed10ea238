import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type CSSProperties } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { validatePreChatValues, type ConversationAction, type Message } from '@switchboard/protocol';
import type { WidgetOptions } from '../shared/bridge';
import type { ChatStore, Profile, StartProblem } from './chat/chat-store';
import type { WidgetConfigSource, WidgetConfigState } from './chat/widget-config';
import { AttachmentSourceContext, type AttachmentSource } from './components/attachment-view';
import { Composer } from './components/composer';
import { ConnectionBanner } from './components/connection-banner';
import { ClosePrompt, EndChatConfirm } from './components/conversation-end';
import { Header } from './components/header';
import { MessageList, quotePreview } from './components/message-list';
import { OfflineForm } from './components/offline-form';
import { PreChatFields, fieldInputId, type PreChatAnswers } from './components/pre-chat-fields';
import { RatingForm } from './components/rating-form';
import { Welcome, emailLooksValid } from './components/welcome';
import type { HostBridge } from './host/host-bridge';

export interface AppProps {
  store: ChatStore;
  bridge: HostBridge;
  options: WidgetOptions;
  /** GET /api/widget/config (section 9); without one the team counts as available, with no pre-chat fields. */
  config?: WidgetConfigSource;
}

const NO_CONFIG: WidgetConfigState = { status: 'ready', config: null, loadedAt: 0 };
const noSubscription = () => () => undefined;

function useWidgetConfig(source: WidgetConfigSource | undefined): WidgetConfigState {
  return useSyncExternalStore(source?.store.subscribe ?? noSubscription, source?.store.get ?? (() => NO_CONFIG));
}

function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState !== 'hidden');
  useEffect(() => {
    const update = () => setVisible(document.visibilityState !== 'hidden');
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, []);
  return visible;
}

export function App({ store, bridge, options, config: configSource }: AppProps) {
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const configState = useWidgetConfig(configSource);
  const config = configState.config;
  const [answers, setAnswers] = useState<PreChatAnswers>({ values: {}, teamId: '' });
  const [fieldProblems, setFieldProblems] = useState<StartProblem[]>([]);
  const [open, setOpen] = useState(!bridge.embedded);
  // The conversation whose ending the customer is being asked to confirm: a new one starts unasked.
  const [confirmingEndOf, setConfirmingEndOf] = useState<string | null>(null);
  const [atBottom, setAtBottom] = useState(true);
  const [profile, setProfile] = useState<Profile>({});
  const [emailError, setEmailError] = useState(false);
  const { t } = useTranslation();
  // The host's name for its support team, else ours in the reader's language.
  const title = options.title ?? t('widget.defaultTitle');
  const visible = usePageVisible();
  const composer = useRef<HTMLTextAreaElement>(null);
  // Section 8: the message the next reply quotes (by seq, in the conversation it was chosen in).
  const [quoting, setQuoting] = useState<{ conversationId: string; seq: number } | null>(null);

  const conversation = state.conversation;
  const phase = conversation?.artificialType ?? null;
  const live = conversation !== null && phase !== 'closed';
  const may = (action: ConversationAction) => state.actions.includes(action);
  const confirmingEnd = live && confirmingEndOf === conversation.id;
  const quoted =
    quoting && conversation?.id === quoting.conversationId
      ? (state.messages.find((m) => m.seq === quoting.seq) ?? null)
      : null;

  useEffect(
    () =>
      bridge.listen((message) => {
        if (message.type === 'page') store.reportPage(message.page);
        else setOpen(message.type === 'open');
        // Agents come and go: opened after a while, the widget asks again whether anyone is there.
        if (message.type === 'open') void configSource?.refreshIfStale();
      }),
    [bridge, store, configSource],
  );
  useEffect(() => {
    if (config) bridge.post({ type: 'availability', online: config.online });
  }, [bridge, config]);
  useEffect(() => bridge.post({ type: 'ready' }), [bridge]);
  useEffect(() => bridge.post({ type: 'unread', count: state.unread }), [bridge, state.unread]);
  useEffect(() => {
    if (open) composer.current?.focus();
  }, [open]);
  // What is on screen counts as read only while the panel is open, the tab visible and the list at the bottom.
  useEffect(() => {
    if (open && visible && atBottom) store.markRead();
  }, [store, open, visible, atBottom, state.messages, state.connection]);

  const close = useCallback(() => {
    if (!bridge.embedded) return;
    setOpen(false);
    bridge.post({ type: 'close' });
  }, [bridge]);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) close();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [close]);

  const askProfile = !conversation && options.prechat && state.customer === null;
  const preChatFields = config?.preChatFields ?? [];
  const teams = config?.teams ?? [];
  const askFields = !conversation && (preChatFields.length > 0 || teams.length > 0);
  // Section 9: while nobody is available a new chat is a message left through the offline form.
  const offline = !conversation && config?.online === false;
  // The gateway's refusal of the answers, until the customer sends again.
  const shownProblems = fieldProblems.length > 0 ? fieldProblems : (state.startRefusal?.problems ?? []);
  const send = (text: string): boolean => {
    if (askProfile && !emailLooksValid(profile.email)) {
      setEmailError(true);
      return false;
    }
    setEmailError(false);
    if (askFields) {
      // The rule the gateway applies, so a refusal is seen at the field before anything is sent.
      const checked = validatePreChatValues(preChatFields, answers.values);
      if (!checked.ok) {
        setFieldProblems(checked.problems);
        const first = checked.problems[0].field.replace(/^fields\./, '');
        document.getElementById(fieldInputId(first))?.focus();
        return false;
      }
      setFieldProblems([]);
      store.setStartDetails({ fields: checked.values, ...(answers.teamId ? { teamId: answers.teamId } : {}) });
    }
    store.setProfile(profile);
    if (quoted) store.send(text, quoted.seq);
    else store.send(text);
    setQuoting(null);
    return true;
  };
  const reply = (message: Message) => {
    setQuoting({ conversationId: message.conversationId, seq: message.seq });
    composer.current?.focus();
  };
  const attach = (file: File) => {
    store.setProfile(profile);
    void store.sendFile(file);
  };
  const attachments = useMemo<AttachmentSource>(
    () => ({ blob: (a) => store.fetchAttachment(a), link: (a) => store.attachmentLink(a) }),
    [store],
  );

  return (
    <AttachmentSourceContext.Provider value={attachments}>
      {/* The chat is the frame's main content: its header and footer are the panel's, not the host page's
          banner and contentinfo (a screen reader lists the host's landmarks and this one together). */}
      <main
        className="sbw-panel"
        aria-label={title}
        style={{ '--sbw-accent': options.color } as CSSProperties}
      >
        <Header
          title={title}
          state={phase}
          agentName={state.agentName}
          agentTyping={state.agentTyping !== null}
          onEnd={live && may('close_by_customer') ? () => setConfirmingEndOf(conversation.id) : undefined}
          onClose={bridge.embedded ? close : undefined}
        />
        <ConnectionBanner connection={state.connection} wasConnected={state.wasConnected} />
        {state.notice && (
          <div className="sbw-notice" role="alert">
            <span>{t(`errors.${state.notice}`)}</span>
            <button type="button" className="sbw-link-button" onClick={() => store.dismissNotice()}>
              {t('widget.dismiss')}
            </button>
          </div>
        )}
        {conversation?.offline && phase === 'open' && (
          <p className="sbw-confirmation" role="status">
            {t('offline.sent', { email: conversation.customer.email ?? '' })}
          </p>
        )}
        {state.status === 'booting' || configState.status === 'loading' ? (
          <div className="sbw-scroller" />
        ) : offline ? (
          <div className="sbw-scroller">
            <OfflineForm
              offlineMessage={config.offlineMessage}
              busy={state.busy}
              onSubmit={(message) => store.leaveOfflineMessage(message)}
            />
          </div>
        ) : (
          <MessageList
            header={
              !conversation || state.older === 'done' ? (
                <Welcome
                  title={title}
                  askProfile={askProfile}
                  profile={profile}
                  onProfileChange={setProfile}
                  emailError={emailError}
                >
                  {askFields && (
                    <PreChatFields
                      fields={preChatFields}
                      teams={teams}
                      answers={answers}
                      onChange={(next) => {
                        setAnswers(next);
                        setFieldProblems([]);
                      }}
                      problems={shownProblems}
                    />
                  )}
                </Welcome>
              ) : undefined
            }
            messages={state.messages}
            pending={state.pending}
            uploads={state.uploads}
            agentReadSeq={state.agentReadSeq}
            agentTyping={state.agentTyping}
            queue={state.queue}
            waiting={phase === 'open' || phase === 'transferring'}
            older={state.older}
            onLoadOlder={() => void store.loadOlder()}
            onAtBottomChange={setAtBottom}
            onRetry={(id) => store.retry(id)}
            onDiscard={(id) => store.discard(id)}
            onDismissUpload={(id) => store.dismissUpload(id)}
            onRecall={live ? (seq) => void store.recall(seq) : undefined}
            onReply={live ? reply : undefined}
          />
        )}
        <footer className="sbw-footer">
          {offline ? null : phase === 'closed' && conversation ? (
            <RatingForm
              rating={conversation.rating}
              busy={state.busy}
              onRate={(score, comment) => void store.rate(score, comment)}
              onNewChat={() => store.newChat()}
            />
          ) : (
            <>
              {may('confirm_close') ? (
                <ClosePrompt
                  agentName={state.agentName}
                  busy={state.busy}
                  onConfirm={() => void store.confirmClose()}
                  onCancel={() => store.stillNeedHelp(t('closePrompt.stillNeedHelp'))}
                />
              ) : (
                confirmingEnd && (
                  <EndChatConfirm
                    busy={state.busy}
                    onConfirm={() => void store.endChat().then(() => setConfirmingEndOf(null))}
                    onCancel={() => setConfirmingEndOf(null)}
                  />
                )
              )}
              <Composer
                // A refused first message comes back to the box (a fresh box, holding it).
                key={state.startRefusal ? `refused-${state.startRefusal.text}` : 'composer'}
                initialText={state.startRefusal?.text}
                ref={composer}
                onSend={send}
                onTyping={(hasText) => store.typing(hasText)}
                onAttach={attach}
                placeholder={conversation ? t('composer.placeholderReply') : t('composer.placeholderNew')}
                quote={quoted ? { senderName: quoted.sender.name, preview: quotePreview(t, quoted) } : null}
                onCancelQuote={() => setQuoting(null)}
              />
            </>
          )}
          <p className="sbw-powered">
            <Trans i18nKey="widget.poweredBy" components={{ strong: <strong /> }} />
          </p>
        </footer>
      </main>
    </AttachmentSourceContext.Provider>
  );
}
