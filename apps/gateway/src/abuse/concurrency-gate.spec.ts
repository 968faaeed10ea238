import { ConcurrencyGate, GateFullError } from './concurrency-gate';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('ConcurrencyGate', () => {
  it('runs at most maxRunning at once, queues up to maxWaiting in order, and refuses the rest at once', async () => {
    const gate = new ConcurrencyGate(2, 2);
    const tasks = Array.from({ length: 5 }, () => deferred());
    const started: number[] = [];
    const runs = tasks.map((task, i) =>
      gate.run(() => {
        started.push(i);
        return task.promise.then(() => i);
      }),
    );
    await expect(runs[4]).rejects.toBeInstanceOf(GateFullError);
    expect(started).toEqual([0, 1]);
    expect(gate.stats).toEqual({ running: 2, waiting: 2 });

    tasks[1].resolve();
    await expect(runs[1]).resolves.toBe(1);
    expect(started).toEqual([0, 1, 2]);
    tasks[0].reject(new Error('boom')); // a failing task frees its slot too
    await expect(runs[0]).rejects.toThrow('boom');
    expect(started).toEqual([0, 1, 2, 3]);
    tasks[2].resolve();
    tasks[3].resolve();
    await expect(Promise.all([runs[2], runs[3]])).resolves.toEqual([2, 3]);
    expect(gate.stats).toEqual({ running: 0, waiting: 0 });
  });

  it('lets a patient caller wait beyond the waiting line instead of refusing it, in turn', async () => {
    const gate = new ConcurrencyGate(1, 1);
    const first = deferred();
    const order: string[] = [];
    const running = gate.run(() => first.promise.then(() => order.push('first')));
    const queued = gate.run(async () => order.push('queued'));
    await expect(gate.run(async () => 'impatient')).rejects.toBeInstanceOf(GateFullError);
    const patient = gate.run(async () => order.push('patient'), { patient: true });
    expect(gate.stats).toEqual({ running: 1, waiting: 2 });
    first.resolve();
    await Promise.all([running, queued, patient]);
    expect(order).toEqual(['first', 'queued', 'patient']);
    expect(gate.stats).toEqual({ running: 0, waiting: 0 });
  });
});
