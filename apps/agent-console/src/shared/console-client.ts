import { SwitchboardError, type ClientApi, type SwitchboardClient } from '@switchboard/client';
import { ERROR_CODES, reasonOf, type Reason } from '@switchboard/protocol';
import { i18n } from './i18n';

/** The part of the SDK the console uses (its REST calls too); component tests hand in a small fake. */
export type ConsoleClient = ClientApi & Pick<SwitchboardClient, 'api'>;

/** The codes a refusal may carry: the protocol's, and the SDK's own for a lost network or a late answer. */
const KNOWN_CODES: ReadonlySet<string> = new Set([...ERROR_CODES, 'timeout', 'network']);

/**
 * A sentence in the reader's language for any error the SDK throws or an ack carries: its reason when the
 * gateway named one (PROTOCOL section 14), else its code. The gateway's own English message is never shown.
 */
export function errorText(error: unknown): string {
  const reason = errorReason(error);
  if (reason) return i18n.t(`errors.reason.${reason}`);
  const code = errorCode(error);
  return i18n.t(code && KNOWN_CODES.has(code) ? `errors.code.${code}` : 'errors.code.unknown');
}

export function errorCode(error: unknown): string | undefined {
  return error && typeof error === 'object' && 'code' in error ? String(error.code) : undefined;
}

/** Why the server refused (PROTOCOL section 14), when it said: from an SDK error or an ack's `details`. */
export function errorReason(error: unknown): Reason | null {
  if (error instanceof SwitchboardError) return error.reason;
  return error && typeof error === 'object' && 'details' in error ? reasonOf(error.details) : null;
}
