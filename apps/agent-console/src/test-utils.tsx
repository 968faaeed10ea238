import { act, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { Locale } from '@switchboard/i18n';
import type { ConnectionState, PendingMessage } from '@switchboard/client';
import type { Conversation, LoginResponse, Message } from '@switchboard/protocol';
import { AgentWorkspace } from './conversations/agent-workspace';
import type { ConsoleClient } from './shared/console-client';
import { ConsoleProvider } from './shared/console-context';
import { i18n } from './shared/i18n';
import { toastStore } from './shared/toasts';
import { SupervisorMonitor } from './supervisor/supervisor-monitor';

type Answer = (payload: Record<string, unknown>) => unknown;

/** A stand-in for the SDK client in component tests: records requests, answers from a table, emits events. */
export class FakeClient {
  connection: ConnectionState = 'connected';
  readonly requests: Array<{ event: string; payload: Record<string, unknown> }> = [];
  readonly sent: Array<{ conversationId: string; body: unknown }> = [];
  answers: Record<string, Answer> = {
    'queue.list': () => ({ conversations: [] }),
    'conversations.mine': () => ({ conversations: [] }),
  };
  apiAnswers: Record<string, unknown> = {};
  private readonly handlers = new Map<string, Set<(value: unknown) => void>>();

  on(event: string, handler: (value: unknown) => void) {
    const set = this.handlers.get(event) ?? new Set();
    set.add(handler);
    this.handlers.set(event, set);
    return () => set.delete(handler);
  }
  emit(event: string, value: unknown): void {
    this.handlers.get(event)?.forEach((handler) => handler(value));
  }
  async request(event: string, payload: Record<string, unknown>) {
    this.requests.push({ event, payload });
    const answer = this.answers[event];
    return answer ? answer(payload) : {};
  }
  requestsOf(event: string) {
    return this.requests.filter((r) => r.event === event).map((r) => r.payload);
  }
  send(conversationId: string, body: unknown) {
    this.sent.push({ conversationId, body });
    return {} as PendingMessage;
  }
  /** Every REST call, with its method and parsed JSON body. */
  readonly apiCalls: Array<{ path: string; method: string; body: unknown }> = [];
  async api(path: string, init: RequestInit = {}) {
    const method = init.method ?? 'GET';
    this.apiCalls.push({ path, method, body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined });
    const key = method === 'GET' ? path : `${method} ${path}`;
    if (!(key in this.apiAnswers)) throw new Error(`no answer for ${key}`);
    return this.apiAnswers[key];
  }
  conversations: Record<string, Conversation> = {};
  async conversation(id: string): Promise<Conversation> {
    if (!this.conversations[id]) throw Object.assign(new Error('not found'), { code: 'not_found' });
    return this.conversations[id];
  }
  async history(): Promise<Message[]> {
    return [];
  }
  connect() {}
  close() {}
  pending() {
    return [];
  }
  retry() {}
  discard() {}
  track() {}
  untrack() {}
  async upload() {
    throw new Error('not in tests');
  }
  async fetchAttachment() {
    return new Blob();
  }
  async attachmentLink() {
    return { url: 'http://gateway.test/api/attachments/a1/signed?expires=0&signature=test', expiresAt: new Date(0).toISOString() };
  }
}

export const ME: LoginResponse['user'] = {
  id: 'agent-1',
  name: 'Ana',
  role: 'agent',
  email: 'agent1@example.com',
  locale: null,
};

// The one Conversation factory of both UIs' specs, under the name these specs know it by.
export { aConversation as conversation } from '@switchboard/client/testing';

/** Shows the console in `locale` (test-setup puts English back after each test). */
export function showInLocale(locale: Locale): void {
  act(() => void i18n.changeLanguage(locale));
}

/** Renders in `locale` (English unless told). */
export function renderIn(ui: ReactElement, locale: Locale = 'en') {
  showInLocale(locale);
  return render(ui);
}

/**
 * Renders inside a real AgentWorkspace (and, for a supervisor, a SupervisorMonitor) driven by a FakeClient, in
 * `locale` (English unless told).
 */
export function renderWithWorkspace(
  ui: ReactElement,
  client = new FakeClient(),
  user = ME,
  { locale = 'en' }: { locale?: Locale } = {},
) {
  showInLocale(locale);
  toastStore.set({ toasts: [] });
  const consoleClient = client as unknown as ConsoleClient;
  const workspace = new AgentWorkspace(consoleClient, user);
  const supervisor = user.role === 'supervisor' ? new SupervisorMonitor(consoleClient) : null;
  supervisor?.start();
  workspace.start();
  const session = { token: 'token', user };
  const result = render(
    <ConsoleProvider services={{ session, workspace, supervisor }}>{ui}</ConsoleProvider>,
  );
  return { ...result, workspace, supervisor, client };
}
