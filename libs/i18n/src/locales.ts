// The languages Switchboard speaks, and how a reader's preferences (a loader attribute, a saved choice, the
// browser's list) pick one of them.

export const SUPPORTED_LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** Each locale's own name, for the language menu (always written in that language). */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/**
 * The supported locale a BCP 47 tag asks for, or null: `zh`, `zh-CN`, `zh-Hans-*`, `zh-SG` and the traditional
 * variants all read Simplified Chinese better than English; `en-*` is English.
 */
export function matchLocale(tag: string | null | undefined): Locale | null {
  const lower = tag?.trim().replace(/_/g, '-').toLowerCase();
  if (!lower) return null;
  if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  return null;
}

/** The first of `preferences` (most wanted first) that Switchboard speaks; English when none is. */
export function negotiateLocale(preferences: readonly (string | null | undefined)[]): Locale {
  for (const tag of preferences) {
    const locale = matchLocale(tag);
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}

/** The browser's languages, most wanted first (empty outside a browser). */
export function browserLanguages(): string[] {
  // Read through globalThis: the gateway compiles this library without the DOM types.
  const nav = (globalThis as { navigator?: { languages?: readonly string[]; language?: string } }).navigator;
  if (!nav) return [];
  return nav.languages?.length ? [...nav.languages] : nav.language ? [nav.language] : [];
}
