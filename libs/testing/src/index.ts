// Shared helpers for tests that drive a real gateway over HTTP and socket.io.
export * from './gateway-process';
export * from './clients';
export * from './repo-root';
export * from './wait';
export * from './listening-sockets';
export * from './typed-socket';
export * from './smtp-inbox';
