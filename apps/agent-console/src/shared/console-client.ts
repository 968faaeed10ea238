import { SwitchboardError, type ClientApi, type SwitchboardClient } from '@switchboard/client';
import type { Reason } from '@switchboard/protocol';

/** The part of the SDK the console uses (its REST calls too); component tests hand in a small fake. */
export type ConsoleClient = ClientApi & Pick<SwitchboardClient, 'api'>;

/** A readable sentence for any error the SDK throws. */
export function errorText(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) return String(error.message);
  return String(error);
}

export function errorCode(error: unknown): string | undefined {
  return error && typeof error === 'object' && 'code' in error ? String(error.code) : undefined;
}

/** Why the server refused (PROTOCOL section 14), when it said. */
export function errorReason(error: unknown): Reason | null {
  return error instanceof SwitchboardError ? error.reason : null;
}
