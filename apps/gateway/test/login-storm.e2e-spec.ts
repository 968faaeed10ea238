// Issue 10, attack 2 (the denial of service): every login ran a scrypt on libuv's 4-thread pool, which the
// journal's fsync also uses; 16 concurrent wrong logins pushed message acks from 16 ms to 2.5–4 s. Hashing now
// runs at most 2 at a time with a bounded waiting line; and scrypt parameters are OWASP's, with rehash on login.
import { CLIENT_EVENTS, type Conversation } from '@switchboard/protocol';
import { clientMsgId, emitOk, loginAs } from '@switchboard/testing';
import type { Socket } from 'socket.io-client';
import { attemptLogin, createAgentAccount, scryptHash, setStoredHash, storedHash } from './support/sign-in';
import { customerWithConversation, staff, startWithSupervisor, type Staff, type TestGateway } from './support/test-gateway';

const E = CLIENT_EVENTS;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

describe('password hashing under a login storm', () => {
  let gw: TestGateway;
  let supervisor: Staff;

  beforeAll(async () => {
    ({ gw, supervisor } = await startWithSupervisor());
  });
  afterAll(() => gw?.close());

  it('24 concurrent wrong logins: message acks stay fast, every login answers 401 or 429 at once', async () => {
    const { customer, conversation } = await customerWithConversation(gw, 'hello');
    const agent = (await staff(gw, 'agent1@example.com')).socket;
    await emitOk<Conversation>(agent, E.conversationGrab, { conversationId: conversation.id });
    // each ack comes only after the message is durably journaled (fsync on the thread pool)
    let turn = 0;
    const ackMs = async (): Promise<number> => {
      const socket: Socket = turn++ % 2 === 0 ? customer.socket : agent;
      const started = performance.now();
      await emitOk(socket, E.messageSend, { conversationId: conversation.id, clientMsgId: clientMsgId(), text: `m${turn}` }, 30_000);
      return performance.now() - started;
    };

    const calm: number[] = [];
    for (let i = 0; i < 20; i++) {
      calm.push(await ackMs());
      await sleep(100); // 5 a second per socket: under the per-socket rate limit
    }

    let stormOver = false;
    const logins = Promise.all(
      Array.from({ length: 24 }, (_, i) => attemptLogin(gw, `storm-${i}@example.com`, 'wrong-password').then((a) => a.status)),
    ).finally(() => {
      stormOver = true;
    });
    const storm: number[] = [];
    while (!stormOver) {
      storm.push(await ackMs());
      await sleep(100);
    }
    const statuses = await logins;

    const calmMedian = median(calm);
    const worst = Math.max(...storm);
    process.stdout.write(`acks: calm median ${calmMedian.toFixed(1)} ms; during the storm worst ${worst.toFixed(1)} ms over ${storm.length} acks\n`);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    // 24 fit in the gate (2 hashing, 32 waiting: a caller beyond that is refused at once, see concurrency-gate.spec)
    expect(storm.length).toBeGreaterThanOrEqual(3);
    // Before the gate acks waited for the thread pool all through the storm (16 ms → 2.5–4 s); the storm's median
    // ack against the calm one separates the two by an order of magnitude, while a single worst ack on a shared
    // 2-core machine is noise (printed above, asserted only against the seconds it used to take).
    expect(median(storm)).toBeLessThan(10 * calmMedian + 250);
    expect(worst).toBeLessThan(2500);
  });

  it('an account with an old N=2^15 hash logs in, is rehashed to N=2^17, and logs in again', async () => {
    const email = 'veteran@example.com';
    const password = 'from-the-old-days-1';
    await createAgentAccount(gw, supervisor.token, email, password);
    const old = scryptHash(password, 2 ** 15);
    await setStoredHash(gw, email, old);

    expect((await attemptLogin(gw, email, password)).status).toBe(200);
    const upgraded = await storedHash(gw, email);
    expect(upgraded).not.toBe(old);
    expect(upgraded).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect((await loginAs(gw.url, email, password)).user.email).toBe(email);
    expect(await storedHash(gw, email)).toBe(upgraded); // a current hash is left alone
    expect((await attemptLogin(gw, email, 'not-the-password')).status).toBe(401);
  });
});
