import DataLoader from 'dataloader';
import { mongo } from 'mongoose';

/** The most operations one store command carries. */
const MAX_BATCH = 256;

/**
 * Calls made while the event loop handles one round of I/O (every socket read of that round) are answered by one
 * store command: the per-command cost of the driver, BSON framing and the store's dispatch and journal sync is paid
 * once per batch instead of once per message. Like a journal's group commit, a loader has one command in flight at
 * a time and calls made meanwhile wait for it and go together in the next: an idle gateway sends at once, a busy
 * one sends fewer, larger commands. Nothing is cached: every call is answered by a command sent after it was made,
 * so a batched read is as fresh as a single one.
 */
export function createBatchLoader<K, V>(run: (keys: readonly K[]) => Promise<readonly (V | Error)[]>): DataLoader<K, V> {
  let inFlight = false;
  let waiting: (() => void)[] = [];
  const dispatchWaiting = () => {
    const next = waiting;
    waiting = [];
    for (const dispatch of next) setImmediate(dispatch);
  };
  return new DataLoader<K, V>(
    async (keys) => {
      inFlight = true;
      try {
        return await run(keys);
      } finally {
        inFlight = false;
        dispatchWaiting();
      }
    },
    {
      cache: false,
      maxBatchSize: MAX_BATCH,
      // After this round's I/O callbacks (setImmediate), not after the current job (DataLoader's default): sockets
      // are read one callback each, so a per-job batch would almost always hold one call.
      batchScheduleFn: (dispatch) => {
        if (inFlight) waiting.push(dispatch);
        else setImmediate(dispatch);
      },
    },
  );
}

/** One document per key, in the keys' order; a key asked for twice gets its own copy (BSON types kept). */
export function answerInOrder<K, V extends mongo.Document>(keys: readonly K[], found: Map<K, V>): (V | null)[] {
  const handed = new Set<K>();
  return keys.map((key) => {
    const value = found.get(key);
    if (value === undefined) return null;
    if (!handed.has(key)) {
      handed.add(key);
      return value;
    }
    return mongo.BSON.deserialize(mongo.BSON.serialize(value)) as V;
  });
}
