// Helpers for the sign-in and abuse-limit specs: raw answers (status, Retry-After, body) and stored hashes.
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { randomBytes, scryptSync } from 'node:crypto';
import { User } from '../../src/users/schemas/user.schema';
import type { TestGateway } from './test-gateway';

export interface RawAnswer<T = unknown> {
  status: number;
  /** The Retry-After header, in seconds, or null. */
  retryAfter: number | null;
  body: T;
}

export async function post<T = unknown>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  token?: string,
): Promise<RawAnswer<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const retryAfter = res.headers.get('retry-after');
  const text = await res.text();
  return { status: res.status, retryAfter: retryAfter === null ? null : Number(retryAfter), body: (text ? JSON.parse(text) : null) as T };
}

export const attemptLogin = (gw: Pick<TestGateway, 'url'>, email: string, password: string, headers: Record<string, string> = {}) =>
  post(`${gw.url}/api/auth/login`, { email, password }, headers);

/** An agent account made by a supervisor over REST. */
export async function createAgentAccount(gw: TestGateway, supervisorToken: string, email: string, password: string): Promise<void> {
  const made = await post(`${gw.url}/api/users`, { email, name: email.split('@')[0], role: 'agent', password }, {}, supervisorToken);
  if (made.status !== 201) throw new Error(`POST /api/users → ${made.status} ${JSON.stringify(made.body)}`);
}

function users(gw: TestGateway): Model<User> {
  return gw.app.get<Model<User>>(getModelToken(User.name));
}

export async function storedHash(gw: TestGateway, email: string): Promise<string> {
  const user = await users(gw).findOne({ email }).lean().exec();
  if (!user?.passwordHash) throw new Error(`no password hash for ${email}`);
  return user.passwordHash;
}

/** Puts a hash on the account as an older gateway would have written it. */
export async function setStoredHash(gw: TestGateway, email: string, hash: string): Promise<void> {
  await users(gw).updateOne({ email }, { $set: { passwordHash: hash } }).exec();
}

/** `scrypt$N$8$1$salt$key`, the stored format, with the given (older, weaker) N. */
export function scryptHash(password: string, N: number): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 32, { N, r: 8, p: 1, maxmem: 256 * N * 8 });
  return ['scrypt', N, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** An address from TEST-NET-3 (203.0.113.0/24), different on each call: an attacker inventing X-Forwarded-For. */
let invented = 0;
export const inventedAddress = () => `203.0.113.${(++invented % 250) + 1}`;
