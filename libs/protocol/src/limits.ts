/** Limits that both ends must agree on. */
export const LIMITS = {
  clientMsgIdPattern: /^[A-Za-z0-9_-]{8,64}$/,
  textMaxLength: 4000,
  noteMaxLength: 500,
  customerTypeMaxLength: 40,
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
  /** Per-socket token bucket: sustained rate and burst. */
  rateLimitPerSecond: 10,
  rateLimitBurst: 20,
} as const;
