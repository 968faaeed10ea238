const DEFAULT_GRACE_MS = 2000;

/**
 * Shutdown must not hang on a dependency: a Redis client that is reconnecting queues its QUIT until it is back,
 * which may be never. Give the polite close a grace period, then cut the connection.
 */
export async function closeWithin(politeClose: () => Promise<unknown>, forceClose: () => void, graceMs = DEFAULT_GRACE_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), graceMs);
    timer.unref();
  });
  const outcome = await Promise.race([politeClose().then(() => 'closed' as const, () => 'failed' as const), timedOut]);
  clearTimeout(timer);
  if (outcome !== 'closed') forceClose();
}
