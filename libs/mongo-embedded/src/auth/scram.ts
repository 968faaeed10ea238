// The server side of SCRAM-SHA-256 (RFC 5802, RFC 7677) as MongoDB speaks it over saslStart / saslContinue, and
// in hello's speculativeAuthenticate. The store keeps StoredKey and ServerKey, never the password; proofs are
// compared in constant time; nonces come from crypto.randomBytes. One user, defined on the `admin` database.
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { MongoServerError } from '../engine/errors';

export const SCRAM_SHA_256 = 'SCRAM-SHA-256';
/** The database the user is defined on (connection strings say `authSource=admin`). */
export const AUTH_DATABASE = 'admin';
/** MongoDB's default iteration count for SCRAM-SHA-256. */
export const DEFAULT_ITERATIONS = 15_000;
const MIN_ITERATIONS = 15_000;

export interface Credentials {
  username: string;
  password: string;
  /** PBKDF2 iterations; at least 15,000 (the default). */
  iterations?: number;
}

/** What the store keeps of a password (RFC 5802 section 3). */
interface StoredCredential {
  username: string;
  salt: Buffer;
  iterations: number;
  storedKey: Buffer;
  serverKey: Buffer;
}

const hmac = (key: Buffer, text: string | Buffer) => createHmac('sha256', key).update(text).digest();
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest();

function deriveKeys(saltedPassword: Buffer): { storedKey: Buffer; serverKey: Buffer } {
  return { storedKey: sha256(hmac(saltedPassword, 'Client Key')), serverKey: hmac(saltedPassword, 'Server Key') };
}

export const authenticationFailed = () => new MongoServerError(18, 'Authentication failed.');

/** The one user the store admits, and how to answer for users it does not know without telling them apart. */
export class ScramAuthority {
  private readonly credential: StoredCredential;
  /** Salts for unknown names are derived from this, so asking twice gives the same answer. */
  private readonly decoySecret = randomBytes(32);

  constructor(credentials: Credentials) {
    const { username, password } = credentials;
    const iterations = credentials.iterations ?? DEFAULT_ITERATIONS;
    // The driver escapes only the first ',' and '=' of a name (saslname), so names holding them are refused.
    if (!username || /[,=]/.test(username)) throw new Error("the store user needs a name without ',' or '='");
    if (!password) throw new Error('the store user needs a password');
    if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS) throw new Error(`SCRAM iterations must be an integer >= ${MIN_ITERATIONS}`);
    const salt = randomBytes(28);
    // The driver SASLpreps the password (RFC 4013) before PBKDF2; so must the server, with the same implementation
    // (loaded here: its tables cost about 5 MiB, which a store without authentication does not pay).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { saslprep } = require('@mongodb-js/saslprep') as typeof import('@mongodb-js/saslprep');
    const saltedPassword = pbkdf2Sync(saslprep(password), salt, iterations, 32, 'sha256');
    this.credential = { username, salt, iterations, ...deriveKeys(saltedPassword) };
  }

  /** The credential for `username` on `db`, or a decoy that no proof matches (same shape, stable salt). */
  lookup(db: string, username: string): { credential: StoredCredential; known: boolean } {
    if (db === AUTH_DATABASE && username === this.credential.username) return { credential: this.credential, known: true };
    const salt = hmac(this.decoySecret, `${db}\0${username}`).subarray(0, 28);
    const decoy = randomBytes(32);
    return { credential: { username, salt, iterations: this.credential.iterations, storedKey: decoy, serverKey: decoy }, known: false };
  }
}

/** One SCRAM exchange on one connection. */
export class ScramConversation {
  private state: 'started' | 'verified' | 'done' = 'started';
  private readonly serverFirst: string;
  private readonly nonce: string;
  private readonly clientFirstBare: string;
  private readonly gs2Header: string;
  private readonly credential: StoredCredential;
  private readonly known: boolean;

  constructor(authority: ScramAuthority, db: string, clientFirst: string) {
    const { gs2Header, bare, username, clientNonce } = parseClientFirst(clientFirst);
    const found = authority.lookup(db, username);
    this.credential = found.credential;
    this.known = found.known;
    this.gs2Header = gs2Header;
    this.clientFirstBare = bare;
    this.nonce = clientNonce + randomBytes(24).toString('base64');
    this.serverFirst = `r=${this.nonce},s=${this.credential.salt.toString('base64')},i=${this.credential.iterations}`;
  }

  get username(): string {
    return this.credential.username;
  }

  firstReply(): string {
    return this.serverFirst;
  }

  /** Checks the client's proof; returns the server signature (`v=...`). Throws AuthenticationFailed. */
  verify(clientFinal: string): string {
    if (this.state !== 'started') throw authenticationFailed();
    const proofAt = clientFinal.lastIndexOf(',p=');
    if (proofAt < 0) throw authenticationFailed();
    const withoutProof = clientFinal.slice(0, proofAt);
    const fields = attributes(withoutProof);
    if (fields.get('c') !== Buffer.from(this.gs2Header).toString('base64') || fields.get('r') !== this.nonce) throw authenticationFailed();
    const proof = Buffer.from(clientFinal.slice(proofAt + 3), 'base64');
    const authMessage = `${this.clientFirstBare},${this.serverFirst},${withoutProof}`;
    const clientSignature = hmac(this.credential.storedKey, authMessage);
    if (proof.length !== clientSignature.length) throw authenticationFailed();
    const clientKey = Buffer.alloc(proof.length);
    for (let i = 0; i < proof.length; i++) clientKey[i] = proof[i] ^ clientSignature[i];
    const matches = timingSafeEqual(sha256(clientKey), this.credential.storedKey);
    if (!matches || !this.known) throw authenticationFailed();
    this.state = 'verified';
    return `v=${hmac(this.credential.serverKey, authMessage).toString('base64')}`;
  }

  /** The client's empty last message when it did not ask to skip it. */
  finish(): void {
    if (this.state !== 'verified') throw authenticationFailed();
    this.state = 'done';
  }
}

/** `gs2-header client-first-message-bare`: n,,n=user,r=nonce (channel binding and authzid other than the user refused). */
function parseClientFirst(message: string): { gs2Header: string; bare: string; username: string; clientNonce: string } {
  const first = message.indexOf(',');
  const second = first < 0 ? -1 : message.indexOf(',', first + 1);
  if (second < 0) throw authenticationFailed();
  const cbind = message.slice(0, first);
  const authzid = message.slice(first + 1, second);
  if (cbind !== 'n' && cbind !== 'y') throw authenticationFailed(); // p=...: channel binding, which we do not offer
  const bare = message.slice(second + 1);
  const fields = attributes(bare);
  if (bare.startsWith('m=')) throw authenticationFailed(); // a mandatory extension we cannot honour
  const username = decodeSaslName(fields.get('n'));
  const clientNonce = fields.get('r') ?? '';
  if (!/^[\x21-\x2b\x2d-\x7e]+$/.test(clientNonce)) throw authenticationFailed();
  if (authzid && decodeSaslName(authzid.startsWith('a=') ? authzid.slice(2) : undefined) !== username) throw authenticationFailed();
  return { gs2Header: message.slice(0, second + 1), bare, username, clientNonce };
}

function attributes(message: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of message.split(',')) {
    const eq = part.indexOf('=');
    if (eq === 1 && !out.has(part[0])) out.set(part[0], part.slice(2));
  }
  return out;
}

/** saslname: ',' travels as '=2C' and '=' as '=3D'; any other '=' is malformed. */
function decodeSaslName(value: string | undefined): string {
  if (!value || /=(?!2C|3D)/.test(value)) throw authenticationFailed();
  return value.replace(/=2C/g, ',').replace(/=3D/g, '=');
}
