import { LIMITS } from '@switchboard/protocol';
import { EventEmitter } from 'node:events';
import type { Socket } from 'socket.io';
import { UserBudgets } from './user-budgets.service';

class FakeConn extends EventEmitter {
  readyState = 'open';
  close(): void {
    this.readyState = 'closed';
    this.emit('close', 'forced close');
  }
}

class FakeSocket extends EventEmitter {
  readonly data: { user: { id: string } };
  constructor(
    userId: string,
    readonly conn = new FakeConn(),
  ) {
    super();
    this.data = { user: { id: userId } };
  }
}

describe('UserBudgets', () => {
  let budgets: UserBudgets;
  const admit = (socket: FakeSocket): Error | undefined => {
    const outcomes: Array<Error | undefined> = [];
    budgets.middleware(socket as unknown as Socket, (error?: Error) => outcomes.push(error));
    expect(outcomes).toHaveLength(1); // decided at once, nothing awaited
    return outcomes[0];
  };

  beforeEach(() => {
    jest.useFakeTimers();
    budgets = new UserBudgets();
  });
  afterEach(() => {
    budgets.onApplicationShutdown();
    jest.useRealTimers();
  });

  it('admits 10 sockets of a user, refuses the 11th with rate_limited / too_many_sockets, others unaffected', () => {
    const mine = Array.from({ length: LIMITS.maxSocketsPerUser }, () => new FakeSocket('u1'));
    expect(mine.map(admit)).toEqual(mine.map(() => undefined));
    const refused = admit(new FakeSocket('u1')) as Error & { data: unknown };
    expect(refused.message).toBe('rate_limited');
    expect(refused.data).toEqual({ code: 'rate_limited', reason: 'too_many_sockets' });
    expect(admit(new FakeSocket('u2'))).toBeUndefined();
    expect(budgets.sockets('u1')).toBe(LIMITS.maxSocketsPerUser);
  });

  it('frees a slot on disconnect, and on the connection closing for a socket that never connected', () => {
    const sockets = Array.from({ length: LIMITS.maxSocketsPerUser }, () => new FakeSocket('u1'));
    sockets.forEach(admit);
    sockets[0].emit('disconnect', 'client namespace disconnect');
    sockets[1].conn.close();
    sockets[1].emit('disconnect', 'transport close'); // once only
    expect(budgets.sockets('u1')).toBe(LIMITS.maxSocketsPerUser - 2);
    expect(sockets[0].conn.readyState).toBe('closed'); // it had nothing else joined
  });

  it('takes no slot for a handshake whose connection closed while it was authenticated', () => {
    const late = new FakeSocket('u1');
    late.conn.readyState = 'closed';
    expect(admit(late)).toBeUndefined();
    expect(budgets.sockets('u1')).toBe(0);
  });

  it('shares one bucket across the sockets of a user, and keeps it until it has refilled', async () => {
    const a = new FakeSocket('u1');
    admit(a);
    const bucket = budgets.bucket('u1');
    for (let i = 0; i < LIMITS.rateLimitBurst; i++) expect(bucket.take()).toBe(true);
    expect(budgets.bucket('u1').take()).toBe(false);
    a.emit('disconnect', 'transport close');
    // Emptied again just before a sweep (every 10 s): it is kept, so reconnecting buys no fresh burst.
    await jest.advanceTimersByTimeAsync(9_900);
    while (bucket.take());
    await jest.advanceTimersByTimeAsync(200);
    expect(budgets.bucket('u1')).toBe(bucket);
    // Refilled by the next sweep: forgotten (nothing is lost by that).
    await jest.advanceTimersByTimeAsync(10_000);
    expect(budgets.bucket('u1')).not.toBe(bucket);
  });
});
