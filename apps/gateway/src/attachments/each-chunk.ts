import type { Readable } from 'node:stream';

/**
 * Hands each chunk of `stream` to `handle`, one at a time (the stream is paused meanwhile: backpressure reaches
 * the client's socket). When `handle` fails, reading stops and the stream is left as it is, not destroyed: a
 * multipart file stream destroyed here would fail the request with its own error instead of this one.
 */
export function eachChunk(stream: Readable, handle: (chunk: Buffer) => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    // The chunk being handled: 'end' may come while it is (a paused stream still ends once its buffer is empty).
    let handling: Promise<void> = Promise.resolve();
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      stream.off('data', onData);
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    const onData = (chunk: Buffer) => {
      stream.pause();
      handling = handle(chunk).then(() => {
        if (!failed) stream.resume();
      }, fail);
    };
    stream.on('data', onData);
    stream.once('end', () => void handling.then(() => !failed && resolve()));
    stream.once('error', fail);
  });
}
