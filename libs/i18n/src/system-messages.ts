// System messages in the reader's language: the gateway stores `text` in English, and each client shows
// `system: { code, params }` from the catalogues of libs/protocol, falling back to `text` for messages stored before
// `system` existed (or with a code this client does not know yet).
import { type SystemMessage, systemMessageKey } from '@switchboard/protocol';
import type { i18n as I18n } from 'i18next';

export const SYSTEM_NAMESPACE = 'system';

/**
 * What a reader sees for a system message, through `t` of an instance that has the `system` namespace (a protocol
 * Message, whose `text` may be null, fits as it is).
 */
export function translateSystemMessage(
  i18n: Pick<I18n, 't' | 'exists'>,
  message: { text: string | null; system?: SystemMessage | null },
): string {
  const text = message.text ?? '';
  if (!message.system) return text;
  const { key, values } = systemMessageKey(message.system);
  const fullKey = `${SYSTEM_NAMESPACE}:${key}`;
  if (!i18n.exists(fullKey)) return text;
  // The key is built at run time: `t` is called untyped, so that an app whose own keys are type-checked
  // (i18next's CustomTypeOptions) still compiles this file.
  const translate = i18n.t as unknown as (key: string, options: Record<string, unknown>) => string;
  return translate.call(i18n, fullKey, { ...values, interpolation: { escapeValue: false } });
}
