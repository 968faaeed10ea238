import type { Conversation, CustomerInfo } from '@switchboard/protocol';
import type { KeyValueStorage } from '@switchboard/client';

/** Who this browser is to the gateway: kept so that a reload or a new tab resumes the same customer. */
export interface WidgetSession {
  token: string;
  visitorId: string;
  customer: CustomerInfo;
  /** A verified customer's userId (section 11): the session is dropped when the host page signs in someone else. */
  userId?: string;
}

export const STORAGE_PREFIX = 'switchboard-widget';
const SESSION_KEY = `${STORAGE_PREFIX}:session`;
const CONVERSATION_KEY = `${STORAGE_PREFIX}:conversation`;

/** localStorage, or nothing when the browser refuses it (e.g. third-party storage blocked): then in memory. */
export function browserStorage(): KeyValueStorage | undefined {
  try {
    const storage = window.localStorage;
    const probe = `${STORAGE_PREFIX}:probe`;
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    return undefined;
  }
}

function read<T>(storage: KeyValueStorage | undefined, key: string, valid: (value: T) => boolean): T | null {
  try {
    const raw = storage?.getItem(key);
    if (!raw) return null;
    const value = JSON.parse(raw) as T;
    return value && typeof value === 'object' && valid(value) ? value : null;
  } catch {
    return null;
  }
}

function write(storage: KeyValueStorage | undefined, key: string, value: unknown): void {
  try {
    if (value === null) storage?.removeItem(key);
    else storage?.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or refused: the widget keeps working for this page view.
  }
}

export class WidgetStorage {
  constructor(private readonly storage: KeyValueStorage | undefined) {}

  get backing(): KeyValueStorage | undefined {
    return this.storage;
  }

  session(): WidgetSession | null {
    return read<WidgetSession>(
      this.storage,
      SESSION_KEY,
      (value) => typeof value.token === 'string' && typeof value.visitorId === 'string' && !!value.customer,
    );
  }

  saveSession(session: WidgetSession | null): void {
    write(this.storage, SESSION_KEY, session);
  }

  /** The last conversation seen, so a reload while offline can still show it and queue messages for it. */
  conversation(): Conversation | null {
    return read<Conversation>(this.storage, CONVERSATION_KEY, (value) => typeof value.id === 'string');
  }

  saveConversation(conversation: Conversation | null): void {
    write(this.storage, CONVERSATION_KEY, conversation);
  }
}
