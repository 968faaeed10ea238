/** Limits that both ends must agree on. */
export const LIMITS = {
  clientMsgIdPattern: /^[A-Za-z0-9_-]{8,64}$/,
  textMaxLength: 4000,
  noteMaxLength: 500,
  customerTypeMaxLength: 40,
  /** A verified customer's `userId` (section 11). */
  userIdMaxLength: 200,
  nameMaxLength: 80,
  emailMaxLength: 254,
  passwordMinLength: 8,
  passwordMaxLength: 200,
  ratingCommentMaxLength: 1000,
  historyPageDefault: 50,
  historyPageMax: 200,
  syncDefault: 100,
  syncMax: 200,
  watchHistory: 50,
  maxConcurrentDefault: 5,
  maxConcurrentMax: 100,
  /** socket.io maxHttpBufferSize: a larger frame closes that socket. */
  maxFrameBytes: 64 * 1024,
  /** One token bucket per user across all their sockets on a gateway node: sustained rate and burst. */
  rateLimitPerSecond: 10,
  rateLimitBurst: 20,
  /** Sockets one user may hold open on a gateway node (all namespaces); the next handshake is refused. */
  maxSocketsPerUser: 10,
  /** `queue.list` page size: default and largest `limit`. */
  queuePageDefault: 100,
  queuePageMax: 200,
  /** A `queue.list` cursor as the gateway makes it (opaque to clients: pass `next` back as `after`). */
  queueCursorPattern: /^[01]\.\d{1,15}\.[0-9a-f]{24}$/,
} as const;
