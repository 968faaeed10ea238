import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BATCH_WEIGHT, LmdbStore } from './lmdb-store';

describe('LmdbStore batches', () => {
  let dir: string;
  let store: LmdbStore;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lmdb-store-spec-'));
    store = LmdbStore.open({ dir, fsync: false, log: () => undefined });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs heavy commands in separate batches, in order, letting the event loop run between them', async () => {
    const events: string[] = [];
    const heavy = Math.ceil(BATCH_WEIGHT * 0.8);
    // Light work queued at once shares one batch; after a heavy one, the next heavy one waits for the next batch.
    let probe!: Promise<void>;
    const writes = [
      store.write(() => {
        events.push('a');
        // A reader's turn, asked for while the first heavy command runs: it must come before the second one.
        probe = new Promise<void>((resolve) => setImmediate(() => resolve(void events.push('reader'))));
      }, heavy),
      store.write(() => events.push('b'), heavy),
      store.write(() => events.push('c'), 1),
      store.write(() => events.push('d'), heavy),
    ];
    await Promise.all(writes);
    await probe;
    expect(events.indexOf('reader')).toBeLessThan(events.indexOf('b'));
    expect(events.filter((e) => e !== 'reader')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('still shares one batch among many light commands', async () => {
    const batchOf: number[] = [];
    let batch = 0;
    const marker = () => setImmediate(() => batch++);
    marker();
    await Promise.all(Array.from({ length: 50 }, () => store.write(() => batchOf.push(batch), 1)));
    expect(new Set(batchOf).size).toBe(1);
  });
});
