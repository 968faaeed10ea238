import { isRetryable, SwitchboardError } from '@switchboard/client';
import { CLIENT_EVENTS, type MentionEvent, type Note } from '@switchboard/protocol';
import { alertUser } from '../shared/alerts';
import { errorText, type ConsoleClient } from '../shared/console-client';
import { i18n } from '../shared/i18n';
import { createStore, type Store } from '../shared/store';
import { showToast } from '../shared/toasts';

const t = i18n.t.bind(i18n);

export type ComposerMode = 'reply' | 'note';

/** A mention of me not opened yet: the badge counts these, the Mentions list shows them. */
export interface MentionAlert {
  noteId: string;
  conversationId: string;
  authorName: string;
  text: string;
  at: string;
}

export interface NotesState {
  /** Private notes of each conversation opened in this tab, oldest first. */
  byConversation: Record<string, Note[]>;
  mentions: MentionAlert[];
  /** Which half of the composer is showing: a reply to the customer, or a note for the team. */
  mode: ComposerMode;
}

const SEND_ATTEMPTS = 3;
const MAX_KEPT_MENTIONS = 50;
/** The element ids of the two composer boxes, for the `r` and `n` shortcuts. */
export const COMPOSER_INPUT_IDS: Record<ComposerMode, string> = { reply: 'composer-input', note: 'note-input' };

function byTime(a: Note, b: Note): number {
  return a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt < b.createdAt ? -1 : 1;
}

/** Notes merged by id (a live `note.new` and the list may both carry one), in time order. */
export function mergeNotes(known: Note[], incoming: Note[]): Note[] {
  const byId = new Map(known.map((n) => [n.id, n]));
  for (const note of incoming) byId.set(note.id, note);
  return [...byId.values()].sort(byTime);
}

function newClientMsgId(): string {
  return globalThis.crypto.randomUUID();
}

/**
 * The console's private notes and mentions (PROTOCOL section 8): each open conversation's notes, kept current from
 * `note.new`; adding one (retried under the same clientMsgId, as messages are); and the mentions of me, with the
 * alert (sound and desktop notification, as muted or not) and the badge, remembered across reloads.
 */
export class NoteDesk {
  readonly store: Store<NotesState>;
  private readonly offs: Array<() => void> = [];
  private readonly storageKey: string;

  constructor(
    private readonly client: ConsoleClient,
    me: { id: string },
    /** Opens a conversation in the workspace (read-only when it is not mine). */
    private readonly open: (conversationId: string) => Promise<void>,
  ) {
    this.storageKey = `switchboard.console.${me.id}.mentions`;
    this.store = createStore<NotesState>({ byConversation: {}, mentions: this.remembered(), mode: 'reply' });
  }

  start(): void {
    this.offs.push(
      this.client.on('note.new', (note) => this.merge(note.conversationId, [note])),
      this.client.on('mention', (event) => this.mentioned(event)),
      // Notes written while this tab was away come back with the list.
      this.client.on('connection', (state) => {
        if (state === 'connected') Object.keys(this.store.get().byConversation).forEach((id) => void this.load(id));
      }),
    );
  }

  stop(): void {
    this.offs.splice(0).forEach((off) => off());
  }

  async load(conversationId: string): Promise<void> {
    try {
      const { notes } = await this.client.request(CLIENT_EVENTS.notesList, { conversationId });
      this.merge(conversationId, notes);
    } catch (error) {
      showToast(t('notes.loadFailed', { reason: errorText(error) }), 'error');
    }
  }

  /** Stores a note; resolves true once the gateway has it. A lost answer is retried with the same key. */
  async add(conversationId: string, text: string, mentions: string[]): Promise<boolean> {
    const payload = { conversationId, clientMsgId: newClientMsgId(), text, ...(mentions.length ? { mentions } : {}) };
    for (let attempt = 1; ; attempt++) {
      try {
        const note = await this.client.request(CLIENT_EVENTS.noteAdd, payload);
        this.merge(conversationId, [note]);
        return true;
      } catch (error) {
        if (attempt < SEND_ATTEMPTS && error instanceof SwitchboardError && isRetryable(error)) continue;
        showToast(t('notes.addFailed', { reason: errorText(error) }), 'error');
        return false;
      }
    }
  }

  setMode(mode: ComposerMode): void {
    if (this.store.get().mode !== mode) this.store.set({ mode });
  }

  /** The `r` and `n` shortcuts: that half of the composer, with its box focused once it is on screen. */
  focusComposer(mode: ComposerMode): void {
    this.setMode(mode);
    setTimeout(() => document.getElementById(COMPOSER_INPUT_IDS[mode])?.focus(), 0);
  }

  /** Opens the conversation a mention is in; every mention of me there counts as seen. */
  async openMention(conversationId: string): Promise<void> {
    await this.open(conversationId);
    this.seen(conversationId);
  }

  /** The conversation is on screen: its mentions are no longer new. */
  seen(conversationId: string): void {
    const { mentions } = this.store.get();
    if (!mentions.some((m) => m.conversationId === conversationId)) return;
    this.setMentions(mentions.filter((m) => m.conversationId !== conversationId));
  }

  private mentioned({ conversationId, note }: MentionEvent): void {
    const { mentions } = this.store.get();
    if (mentions.some((m) => m.noteId === note.id)) return;
    const alert: MentionAlert = { noteId: note.id, conversationId, authorName: note.author.name, text: note.text, at: note.createdAt };
    this.setMentions([alert, ...mentions].slice(0, MAX_KEPT_MENTIONS));
    this.merge(conversationId, [note], { onlyIfLoaded: true });
    const title = t('notes.mentionedYou', { name: note.author.name });
    // A desktop notification and a beep while the tab is hidden (unless muted); a toast while it is on screen.
    alertUser(title, note.text, { conversationId, onClick: () => void this.openMention(conversationId) });
    if (typeof document !== 'undefined' && document.visibilityState === 'visible') showToast(title);
  }

  private merge(conversationId: string, notes: Note[], { onlyIfLoaded = false } = {}): void {
    const known = this.store.get().byConversation[conversationId];
    if (onlyIfLoaded && !known) return;
    this.store.set((s) => ({ byConversation: { ...s.byConversation, [conversationId]: mergeNotes(known ?? [], notes) } }));
  }

  private setMentions(mentions: MentionAlert[]): void {
    this.store.set({ mentions });
    try {
      localStorage.setItem(this.storageKey, JSON.stringify(mentions));
    } catch {
      // Storage full or off: the badge still works for this tab.
    }
  }

  private remembered(): MentionAlert[] {
    try {
      const saved: unknown = JSON.parse(localStorage.getItem(this.storageKey) ?? '[]');
      return Array.isArray(saved) ? (saved as MentionAlert[]).filter((m) => typeof m?.conversationId === 'string') : [];
    } catch {
      return [];
    }
  }
}
