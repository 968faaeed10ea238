// The sentences of system messages in every language, as catalogues keyed by `system.code` (i18next's `{{name}}`
// placeholders), and the English one the gateway stores as a system message's `text`. Clients render
// `system: { code, params }` in their reader's language from the same catalogues (libs/i18n).
import type { SystemCode, SystemMessage } from '../conversation-rules';
import en from './en.json';
import zhCN from './zh-CN.json';

export const SYSTEM_CATALOGUES = { en, 'zh-CN': zhCN } as const;

const WITH_NOTE: ReadonlySet<SystemCode> = new Set(['transfer_offered', 'returned_to_queue']);

/** The catalogue key and interpolation values of a system message (a note, when there is one, picks `_note`). */
export function systemMessageKey(system: SystemMessage): { key: string; values: Record<string, string> } {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(system.params ?? {})) {
    if (typeof value === 'string') values[name] = value.trim();
  }
  const key = WITH_NOTE.has(system.code) && values.note ? `${system.code}_note` : system.code;
  return { key, values };
}

/** The English sentence of a system message: its stored `text`, beside `system: { code, params }`. */
export function systemText(system: SystemMessage): string {
  const { key, values } = systemMessageKey(system);
  const template = (SYSTEM_CATALOGUES.en as Record<string, string>)[key] ?? '';
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => values[name] ?? '');
}
