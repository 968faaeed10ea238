import { EventEmitter } from 'node:events';
import type { Socket } from 'socket.io';
import { closeAtExpiry } from './socket-auth';

/** Just what closeAtExpiry touches: data, emit, disconnect and the 'disconnect' event. */
class FakeSocket extends EventEmitter {
  readonly sent: unknown[] = [];
  disconnected = false;
  constructor(readonly data: unknown) {
    super();
  }
  override emit(event: string, ...args: unknown[]): boolean {
    if (event === 'disconnect') return super.emit(event, ...args);
    this.sent.push([event, ...args]);
    return true;
  }
  disconnect(): this {
    this.disconnected = true;
    super.emit('disconnect');
    return this;
  }
}

const DAY_MS = 24 * 3600 * 1000;

describe('closeAtExpiry', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2025-01-01T00:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  function socketExpiringIn(ms: number) {
    const exp = Math.floor((Date.now() + ms) / 1000);
    const socket = new FakeSocket({ user: { id: 'u1', role: 'customer', name: 'C' }, session: { ver: 0, exp } });
    closeAtExpiry(socket as unknown as Socket);
    return socket;
  }

  it('says why and closes the socket when the token expires, not before', () => {
    const socket = socketExpiringIn(2000);
    jest.advanceTimersByTime(1999);
    expect(socket.disconnected).toBe(false);
    jest.advanceTimersByTime(1);
    expect(socket.sent).toEqual([['session.revoked', { reason: 'expired' }]]);
    expect(socket.disconnected).toBe(true);
  });

  it('waits out a 30-day customer token although setTimeout cannot wait that long at once', () => {
    const socket = socketExpiringIn(30 * DAY_MS);
    jest.advanceTimersByTime(29 * DAY_MS);
    expect(socket.disconnected).toBe(false);
    jest.advanceTimersByTime(DAY_MS);
    expect(socket.disconnected).toBe(true);
  });

  it('forgets the timer when the socket goes away first', () => {
    const socket = socketExpiringIn(5000);
    socket.disconnect();
    socket.sent.length = 0;
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(10_000);
    expect(socket.sent).toEqual([]);
  });
});
