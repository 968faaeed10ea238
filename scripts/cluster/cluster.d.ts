// Types for cluster.js, so the TypeScript cluster tests can use it.
export interface ClusterGateway {
  readonly index: number;
  readonly name: string;
  readonly port: number;
  readonly url: string;
  readonly pid: number | undefined;
  readonly alive: boolean;
  output(): string;
  /** Sends a signal (default SIGKILL) and waits until the process is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and data dir; resolves when /api/health answers 200. */
  restart(): Promise<void>;
}

export interface Cluster {
  /** nginx's address: everything (API, socket.io, widget, console) goes through it. */
  readonly url: string;
  readonly dataDir: string;
  readonly jwtSecret: string;
  readonly demoPassword: string;
  readonly mongoUri: string;
  readonly redisUrl: string;
  readonly gateways: ClusterGateway[];
  readonly nginx: { pid: number | undefined; configFile: string; output(): string };
  readonly store: { uri: string; pid: number | undefined };
  readonly redis: { url: string; port: number; stop(): Promise<void>; start(): Promise<void> };
  /** Stops nginx, the gateways, the store and Redis; removes the data dir it created. */
  stop(): Promise<void>;
}

export interface ClusterOptions {
  gateways?: number;
  port?: number;
  host?: string;
  env?: Record<string, string>;
  demoPassword?: string;
  jwtSecret?: string;
  dataDir?: string;
  build?: boolean | 'always';
  onLine?: (name: string, line: string) => void;
}

export function startCluster(options?: ClusterOptions): Promise<Cluster>;
export function renderNginxConfig(options: { listen: string; upstreams: string[]; maxBody?: string }): string;
export function findSystemBinaries(): Record<'redis-server' | 'nginx', string>;
export const ROOT: string;
