// System messages in every language: the gateway writes `text` in English from the `en` catalogue, and each client
// shows `system: { code, params }` in its reader's language, falling back to `text` for messages stored before
// `system` existed (or with a code this client does not know yet).
import type { SystemCode, SystemMessage } from '@switchboard/protocol';
import { type i18n as I18n, createInstance } from 'i18next';
import enSystem from './locales/en/system.json';
import zhSystem from './locales/zh-CN/system.json';

export const SYSTEM_NAMESPACE = 'system';
export const SYSTEM_CATALOGUES = { en: enSystem, 'zh-CN': zhSystem } as const;

const WITH_NOTE: ReadonlySet<SystemCode> = new Set(['transfer_offered', 'returned_to_queue']);

/** The key and interpolation values of a system message (a note, when there is one, picks the `_note` form). */
export function systemMessageKey(system: SystemMessage): { key: string; values: Record<string, string> } {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(system.params ?? {})) {
    if (typeof value === 'string') values[name] = value.trim();
  }
  const key = WITH_NOTE.has(system.code) && values.note ? `${system.code}_note` : system.code;
  return { key, values };
}

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

let english: I18n | null = null;

/** The English sentence the gateway stores as a system message's `text`. */
export function systemText(system: SystemMessage): string {
  if (!english) {
    english = createInstance();
    void english.init({
      lng: 'en',
      resources: { en: { [SYSTEM_NAMESPACE]: enSystem } },
      ns: [SYSTEM_NAMESPACE],
      initAsync: false,
    });
  }
  return translateSystemMessage(english, { text: '', system });
}
