// Integration specs start real gateways and sockets: give them room (jest ignores testTimeout per project).
jest.setTimeout(60_000);
