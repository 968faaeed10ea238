/** Thrown at once when the gate's running slots and its waiting line are all taken. */
export class GateFullError extends Error {
  constructor() {
    super('concurrency gate full');
    this.name = 'GateFullError';
  }
}

/**
 * At most `maxRunning` tasks at a time and at most `maxWaiting` waiting, first come first served; any caller
 * beyond that is refused at once (GateFullError) instead of queueing without bound. A `patient` caller (work an
 * authenticated supervisor asked for, such as hashing a new account's password) always waits its turn: it
 * never jumps the line and is never refused.
 */
export class ConcurrencyGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly maxRunning: number,
    private readonly maxWaiting: number,
  ) {}

  get stats(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  async run<T>(task: () => Promise<T>, { patient = false }: { patient?: boolean } = {}): Promise<T> {
    if (this.running >= this.maxRunning) {
      if (!patient && this.waiting.length >= this.maxWaiting) throw new GateFullError();
      // the slot is handed over by release(): running stays counted for us
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}
