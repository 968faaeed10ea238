// Who a connection is: with authentication configured, nothing but the handshake and the SASL exchange is answered
// until SCRAM-SHA-256 has succeeded on that connection.
import { Binary } from 'bson';
import { MongoServerError } from '../engine/errors';
import type { Doc } from '../engine/values';
import { AUTH_DATABASE, SCRAM_SHA_256, ScramAuthority, ScramConversation, authenticationFailed } from './scram';

/**
 * Commands MongoDB answers before authentication (its `requiresAuth() == false` set): the handshake, the SASL
 * exchange and a few that reveal nothing. Lower-case, as the dispatcher also matches names case-insensitively.
 */
const BEFORE_AUTHENTICATION = new Set([
  'hello', 'ismaster', 'saslstart', 'saslcontinue', 'logout', 'ping', 'buildinfo', 'connectionstatus', 'getlasterror', 'whatsmyuri',
]);

const CONVERSATION_ID = 1;

export class AuthSession {
  private user: string | null = null;
  private conversation: ScramConversation | null = null;
  private skipEmptyExchange = false;

  constructor(
    private readonly authority: ScramAuthority | null,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** True when the store requires authentication and this connection has not passed it yet. */
  get locked(): boolean {
    return this.authority !== null && this.user === null;
  }

  /** Throws Unauthorized (13) for a command this connection may not run yet. */
  checkAllowed(commandName: string): void {
    if (this.locked && !BEFORE_AUTHENTICATION.has(commandName.toLowerCase())) {
      throw new MongoServerError(13, `Command ${commandName} requires authentication`);
    }
  }

  /** hello's `saslSupportedMechs` (the same for every name: whether a user exists is not told). */
  supportedMechanisms(): string[] | undefined {
    return this.authority ? [SCRAM_SHA_256] : undefined;
  }

  saslStart(db: string, cmd: Doc): Doc {
    this.conversation = null;
    if (cmd.mechanism !== SCRAM_SHA_256) {
      throw new MongoServerError(334, `Received authentication for mechanism ${String(cmd.mechanism)} which is not enabled`);
    }
    if (!this.authority) throw authenticationFailed(); // no users: nothing to authenticate as
    const options = cmd.options as Doc | undefined;
    this.skipEmptyExchange = options?.skipEmptyExchange === true;
    const conversation = new ScramConversation(this.authority, db, payloadText(cmd.payload));
    this.conversation = conversation;
    return { conversationId: CONVERSATION_ID, done: false, payload: binary(conversation.firstReply()), ok: 1 };
  }

  saslContinue(cmd: Doc): Doc {
    const conversation = this.conversation;
    if (!conversation || cmd.conversationId !== CONVERSATION_ID) throw new MongoServerError(17, 'No SASL session state found');
    const text = payloadText(cmd.payload);
    try {
      if (text === '') {
        conversation.finish();
        this.conversation = null;
        return { conversationId: CONVERSATION_ID, done: true, payload: binary(''), ok: 1 };
      }
      const signature = conversation.verify(text);
      this.user = conversation.username;
      const done = this.skipEmptyExchange;
      if (done) this.conversation = null;
      return { conversationId: CONVERSATION_ID, done, payload: binary(signature), ok: 1 };
    } catch (err) {
      this.conversation = null;
      this.log(`authentication failed for ${JSON.stringify(conversation.username)}`);
      throw err;
    }
  }

  logout(): void {
    this.user = null;
    this.conversation = null;
  }

  /** connectionStatus's `authInfo`. */
  authInfo(): Doc {
    return this.user === null
      ? { authenticatedUsers: [], authenticatedUserRoles: [] }
      : { authenticatedUsers: [{ user: this.user, db: AUTH_DATABASE }], authenticatedUserRoles: [{ role: 'root', db: AUTH_DATABASE }] };
  }
}

function payloadText(payload: unknown): string {
  if (payload instanceof Binary) return Buffer.from(payload.buffer.subarray(0, payload.position)).toString('utf8');
  if (payload instanceof Uint8Array) return Buffer.from(payload).toString('utf8');
  if (typeof payload === 'string') return payload;
  throw new MongoServerError(14, 'SASL payload must be binary data');
}

const binary = (text: string) => new Binary(Buffer.from(text, 'utf8'));
