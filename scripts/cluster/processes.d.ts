// Types for processes.js (the parts the TypeScript cluster tests use).
/** Node flags the gateway runs with (apps/gateway/package.json, switchboard.nodeFlags). */
export function gatewayNodeFlags(root?: string): string[];
export function sleep(ms: number): Promise<void>;
export function freePort(host?: string): Promise<number>;
/** Resolves with the first truthy value `check` returns. */
export function waitFor<T>(
  check: () => T | Promise<T>,
  options?: { timeoutMs?: number; intervalMs?: number; what?: string },
): Promise<Exclude<T, undefined | null | false | 0 | ''>>;
export function httpGet(
  url: string,
  options?: { timeoutMs?: number; localAddress?: string },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>;
export function canConnect(port: number, host?: string): Promise<boolean>;
export function processCpuSeconds(pid: number): number;
export function processRunDelaySeconds(pid: number): number;
