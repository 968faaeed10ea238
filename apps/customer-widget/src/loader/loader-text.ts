import type { Locale } from '@switchboard/i18n';
// Only the `loader` section of each catalogue: the bundler keeps named JSON exports that are used and drops
// the rest, so the loader stays small and carries no i18next.
import { loader as en } from '../locales/en.json';
import { loader as zhCN } from '../locales/zh-CN.json';

const TABLES: Record<Locale, Record<string, string>> = { en, 'zh-CN': zhCN };

export interface LoaderText {
  openChat: string;
  closeChat: string;
  frameTitle: string;
  /** The launcher's availability dot (section 9): the team is available now, or away (the offline form). */
  online: string;
  away: string;
  /** The unread badge's accessible name, with the plural form of the locale ("1 unread message", "3 条未读消息"). */
  unread(count: number): string;
}

export function loaderText(locale: Locale): LoaderText {
  const table = TABLES[locale];
  const plural = new Intl.PluralRules(locale);
  const number = new Intl.NumberFormat(locale);
  return {
    openChat: table.openChat,
    closeChat: table.closeChat,
    frameTitle: table.frameTitle,
    online: table.online,
    away: table.away,
    unread: (count) =>
      (table[`unread_${plural.select(count)}`] ?? table.unread_other).replace('{{count}}', number.format(count)),
  };
}
