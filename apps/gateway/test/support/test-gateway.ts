import type { INestApplication } from '@nestjs/common';
import {
  CLIENT_EVENTS,
  type Conversation,
  type LoginResponse,
} from '@switchboard/protocol';
import {
  connectAgent,
  connectCustomer,
  customerToken,
  emitOk,
  loginAs,
} from '@switchboard/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { createGateway, createLogger } from '../../src/bootstrap';
import { loadConfig, type AppConfig } from '../../src/config/app-config';

export const TEST_PASSWORD = 'test-password-1';

export interface TestGateway {
  url: string;
  app: INestApplication;
  config: AppConfig;
  /** Closes every socket opened through this harness, the app and the data dir. */
  close(): Promise<void>;
  /** Sockets to close in `close()`. */
  track<T extends Socket>(socket: T): T;
}

/**
 * The real gateway in this process (embedded store over TCP, port 0, its own data dir). `overrides` set config
 * fields that are not environment variables (e.g. a short staffTokenTtlS or unreferencedUploadTtlMs).
 */
export async function startTestGateway(env: Record<string, string> = {}, overrides: Partial<AppConfig> = {}): Promise<TestGateway> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'switchboard-gw-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DEMO_PASSWORD: TEST_PASSWORD,
    LOG_LEVEL: 'error',
    // every test client comes from 127.0.0.1; the tests of the per-address limits set their own
    CUSTOMER_AUTH_LIMIT: '1000000',
    CONVERSATION_START_LIMIT: '1000000',
    ...env,
  });
  config.port = 0;
  config.host = '127.0.0.1';
  config.sweepIntervalMs = 250;
  Object.assign(config, overrides);
  const app = await createGateway(config, createLogger(config));
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  const sockets: Socket[] = [];
  return {
    url,
    app,
    config,
    track: (socket) => {
      sockets.push(socket);
      return socket;
    },
    close: async () => {
      for (const socket of sockets) socket.close();
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Staff {
  login: LoginResponse;
  id: string;
  token: string;
  socket: Socket;
}

let counter = 0;

/** Logs in a demo account (or a new agent made by the supervisor) and connects it to /agent. */
export async function staff(gw: TestGateway, email: string): Promise<Staff> {
  const login = await loginAs(gw.url, email, TEST_PASSWORD);
  const socket = gw.track(await connectAgent(gw.url, login.token));
  return { login, id: login.user.id, token: login.token, socket };
}

/** A fresh agent account (via POST /api/users as the demo supervisor), logged in and connected. */
export async function newAgent(gw: TestGateway, supervisorToken: string, maxConcurrent?: number): Promise<Staff> {
  const email = `agent-${Date.now().toString(36)}-${++counter}@example.com`;
  const res = await fetch(`${gw.url}/api/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${supervisorToken}` },
    body: JSON.stringify({ email, name: `Agent ${counter}`, role: 'agent', password: TEST_PASSWORD, maxConcurrent }),
  });
  if (res.status !== 201) throw new Error(`POST /api/users → ${res.status} ${await res.text()}`);
  return staff(gw, email);
}

export interface Customer {
  id: string;
  token: string;
  visitorId: string;
  socket: Socket;
}

export async function newCustomer(gw: TestGateway, name = 'Cora'): Promise<Customer> {
  const auth = await customerToken(gw.url, { name });
  const socket = gw.track(await connectCustomer(gw.url, auth.token));
  return { id: auth.customer.id, token: auth.token, visitorId: auth.visitorId, socket };
}

/** A customer with an open conversation. */
export async function customerWithConversation(gw: TestGateway, text?: string) {
  const customer = await newCustomer(gw);
  const conversation = await emitOk<Conversation>(
    customer.socket,
    CLIENT_EVENTS.conversationStart,
    text === undefined ? {} : { text },
  );
  return { customer, conversation };
}

export async function getJson<T>(url: string, token?: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function postJson<T>(url: string, body: unknown, token?: string, headers: Record<string, string> = {}) {
  return requestJson<T>('POST', url, body, token, headers);
}

/** Any method with a JSON body (or none); the answer's body parsed when it is JSON. */
export async function requestJson<T>(
  method: string,
  url: string,
  body?: unknown,
  token?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(url, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed as T };
}

/** One gateway per spec file, with the demo supervisor connected (most specs need them both). */
export async function startWithSupervisor(env: Record<string, string> = {}, overrides: Partial<AppConfig> = {}) {
  const gw = await startTestGateway(env, overrides);
  return { gw, supervisor: await staff(gw, 'supervisor@example.com') };
}
