import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { ConcurrencyGate, GateFullError } from '../abuse/concurrency-gate';
import { rateLimited } from '../abuse/rate-limited';

/** scrypt parameters, at least OWASP's minimum (N=2^17, r=8, p=1): 128 MiB and a few hundred ms per hash. */
export const SCRYPT_PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

interface StoredHash extends ScryptParams {
  salt: Buffer;
  key: Buffer;
}

/**
 * Every scrypt of the process runs through this gate. scrypt runs on libuv's thread pool (4 threads), which the
 * journal's fsync and file serving also use: with at most 2 hashes at a time the other threads stay free, and
 * memory stays at 2 × 128 MiB. Callers beyond the waiting line are refused at once.
 */
const gate = new ConcurrencyGate(2, 32);
let derivations = 0;

/** How many scrypt derivations this process started, and the gate's state now (for metrics and tests). */
export function passwordHashingStats(): { derivations: number; running: number; waiting: number } {
  return { derivations, ...gate.stats };
}
/** Retry-After for a caller refused by the gate: a queue slot frees within a hash or two. */
const GATE_RETRY_AFTER_S = 1;

/** The memory scrypt needs for these parameters (OpenSSL's check), so `maxmem` fits each stored hash exactly. */
const memoryFor = ({ N, r, p }: ScryptParams) => 128 * r * (N + 2) + 128 * r * p + 1024;
/** Parameters a stored hash may carry: stronger than today's is fine, absurd ones (a corrupted row) are refused. */
const MAX_MEMORY = 2 * memoryFor(SCRYPT_PARAMS);
const plausible = ({ N, r, p }: ScryptParams) =>
  Number.isSafeInteger(N) && N >= 2 && (N & (N - 1)) === 0 && r >= 1 && r <= 32 && p >= 1 && p <= 16 && memoryFor({ N, r, p }) <= MAX_MEMORY;

function derive(password: string, salt: Buffer, params: ScryptParams, keyLength: number, patient = false): Promise<Buffer> {
  const run = () =>
    new Promise<Buffer>((resolve, reject) => {
      derivations++;
      scrypt(password, salt, keyLength, { ...params, maxmem: memoryFor(params) }, (error, key) => (error ? reject(error) : resolve(key)));
    });
  return gate.run(run, { patient }).catch((error: unknown) => {
    if (error instanceof GateFullError) throw rateLimited('too many sign-ins in progress; try again in a moment', GATE_RETRY_AFTER_S);
    throw error;
  });
}

function parse(stored: string): StoredHash | null {
  const [scheme, n, r, p, salt, hash, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash || rest.length > 0 || ![n, r, p].every((v) => /^\d{1,10}$/.test(v ?? ''))) return null;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const key = Buffer.from(hash, 'base64url');
  if (!plausible(params) || key.length < 16 || key.length > 64) return null;
  return { ...params, salt: Buffer.from(salt, 'base64url'), key };
}

/**
 * `scrypt$N$r$p$salt$hash` (base64url), with a fresh salt. Refused with `rate_limited` when the gate is full,
 * unless `patient` (accounts a supervisor creates or changes, the demo seed): those wait their turn.
 */
export async function hashPassword(password: string, { patient = false }: { patient?: boolean } = {}): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, SCRYPT_PARAMS, KEY_LENGTH, patient);
  const { N, r, p } = SCRYPT_PARAMS;
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Checks with the stored hash's own parameters (older, weaker hashes keep working until rehashed). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed, parsed.key.length);
  return timingSafeEqual(key, parsed.key);
}

/** True when the stored hash is weaker than today's parameters: rehash it on the next successful login. */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  if (!parsed) return false;
  return parsed.N < SCRYPT_PARAMS.N || parsed.r < SCRYPT_PARAMS.r || parsed.p < SCRYPT_PARAMS.p || parsed.key.length < KEY_LENGTH;
}

/** A hash of a random secret, verified against when the e-mail is unknown so both refusals cost one scrypt at today's parameters. */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex')).catch((error: unknown) => {
    dummyHash = null; // refused by a full gate: try again next time
    throw error;
  });
  return dummyHash;
}
