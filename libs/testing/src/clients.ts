import { io, type Socket } from 'socket.io-client';
import { NAMESPACES, type Ack, type CustomerAuthResponse, type LoginResponse } from '@switchboard/protocol';

async function postJson<T>(url: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${url} → ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** `POST /api/auth/login`. */
export function loginAs(url: string, email: string, password: string): Promise<LoginResponse> {
  return postJson<LoginResponse>(`${url}/api/auth/login`, { email, password });
}

/** `POST /api/auth/customer` (a new visitor unless `body.visitorId` names a known one). */
export function customerToken(
  url: string,
  body: { name?: string; email?: string; type?: string; visitorId?: string; attributes?: Record<string, unknown> } = {},
): Promise<CustomerAuthResponse> {
  return postJson<CustomerAuthResponse>(`${url}/api/auth/customer`, body);
}

export interface ConnectOptions {
  /** Reconnect automatically (default false: tests decide when to reconnect). */
  reconnection?: boolean;
  timeoutMs?: number;
}

/** Connects to a namespace over WebSocket and resolves once connected; rejects with the connect_error. */
export function connectSocket(
  url: string,
  namespace: '/customer' | '/agent',
  token: string | undefined,
  options: ConnectOptions = {},
): Promise<Socket> {
  const socket = io(url + namespace, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    reconnection: options.reconnection ?? false,
    forceNew: true,
    timeout: options.timeoutMs ?? 5000,
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`connect to ${namespace} timed out`));
    }, options.timeoutMs ?? 5000);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('connect_error');
      resolve(socket);
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      socket.close();
      reject(err);
    });
  });
}

export const connectAgent = (url: string, token: string, options?: ConnectOptions) =>
  connectSocket(url, NAMESPACES.agent, token, options);
export const connectCustomer = (url: string, token: string, options?: ConnectOptions) =>
  connectSocket(url, NAMESPACES.customer, token, options);

/** Emits with an acknowledgement and resolves with the ack envelope (rejects on timeout). */
export async function emitAck<T = unknown>(
  socket: Socket,
  event: string,
  payload?: unknown,
  timeoutMs = 5000,
): Promise<Ack<T>> {
  return (await socket.timeout(timeoutMs).emitWithAck(event, payload)) as Ack<T>;
}

/** Like emitAck but returns `data` and throws when the answer is not ok. */
export async function emitOk<T = unknown>(socket: Socket, event: string, payload?: unknown, timeoutMs = 5000): Promise<T> {
  const ack = await emitAck<T>(socket, event, payload, timeoutMs);
  if (!ack.ok) throw new Error(`${event} → ${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

/**
 * emitOk for a socket that a whole test file shares: an answer of `rate_limited` (PROTOCOL: 10 events a second per
 * socket, bursts of 20) is waited out and the event sent again, for up to 5 s. Nothing was processed when refused.
 */
export async function emitOkPaced<T = unknown>(socket: Socket, event: string, payload?: unknown): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const ack = await emitAck<T>(socket, event, payload);
    if (ack.ok) return ack.data;
    if (ack.error.code !== 'rate_limited' || attempt >= 20) throw new Error(`${event} → ${ack.error.code}: ${ack.error.message}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The next `event` on `socket` whose payload passes `predicate`. */
export function nextEvent<T = unknown>(
  socket: Socket,
  event: string,
  predicate: (payload: T) => boolean = () => true,
  timeoutMs = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const handler = (payload: T) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve(payload);
    };
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on(event, handler);
  });
}

/** Records every payload of `event` on `socket` (call `stop()` to detach). */
export function collectEvents<T = unknown>(socket: Socket, event: string): { items: T[]; stop(): void } {
  const items: T[] = [];
  const handler = (payload: T) => items.push(payload);
  socket.on(event, handler);
  return { items, stop: () => socket.off(event, handler) };
}

/** A client idempotency key in the protocol's format. */
export function clientMsgId(): string {
  return `t-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
