import { browserLanguages, graphemes, matchLocale, negotiateLocale, type Locale } from '@switchboard/i18n';

/**
 * The messages the loader (on the host page) and the chat app (in the iframe) exchange with postMessage.
 * Both sides check the sender's origin and window before acting on one.
 */
export const BRIDGE_SOURCE = { loader: 'switchboard-loader', widget: 'switchboard-widget' } as const;

/** The host page the visitor is on, as the loader sees it (it runs there; the iframe cannot look). */
export interface HostPage {
  url: string;
  title: string;
  referrer: string;
}

/** Host page → iframe. */
export type LoaderMessage =
  | { source: typeof BRIDGE_SOURCE.loader; type: 'open' | 'close' }
  | { source: typeof BRIDGE_SOURCE.loader; type: 'page'; page: HostPage };

/**
 * The protocol's bounds of a reported page (PROFILE_LIMITS in @switchboard/protocol; a test keeps them equal). Kept
 * here so the loader, which runs in the host page, does not bundle the protocol library.
 */
export const PAGE_BOUNDS = { url: 2000, title: 300 } as const;

/** A page as the loader may report it: strings within the protocol's bounds (the gateway checks again). */
export function isHostPage(value: unknown): value is HostPage {
  const page = value as Partial<HostPage> | null;
  return (
    typeof page === 'object' &&
    page !== null &&
    typeof page.url === 'string' &&
    page.url.length <= PAGE_BOUNDS.url &&
    typeof page.title === 'string' &&
    page.title.length <= PAGE_BOUNDS.title &&
    typeof page.referrer === 'string' &&
    page.referrer.length <= PAGE_BOUNDS.url
  );
}

/** Iframe → host page. */
export type WidgetMessage =
  | { source: typeof BRIDGE_SOURCE.widget; type: 'ready' | 'close' | 'open' }
  | { source: typeof BRIDGE_SOURCE.widget; type: 'unread'; count: number }
  /** Section 9: whether the team is available now (GET /api/widget/config), for the launcher's dot. */
  | { source: typeof BRIDGE_SOURCE.widget; type: 'availability'; online: boolean };

export function isLoaderMessage(data: unknown): data is LoaderMessage {
  const value = data as (Partial<LoaderMessage> & { page?: unknown }) | null;
  if (typeof value !== 'object' || value === null || value.source !== BRIDGE_SOURCE.loader) return false;
  if (value.type === 'page') return isHostPage(value.page);
  return value.type === 'open' || value.type === 'close';
}

export function isWidgetMessage(data: unknown): data is WidgetMessage {
  const value = data as Partial<WidgetMessage> & { count?: unknown; online?: unknown };
  if (typeof value !== 'object' || value === null || value.source !== BRIDGE_SOURCE.widget) return false;
  if (value.type === 'unread') return typeof value.count === 'number' && Number.isFinite(value.count);
  if (value.type === 'availability') return typeof value.online === 'boolean';
  return value.type === 'ready' || value.type === 'close' || value.type === 'open';
}

/** The widget options a host page sets as data- attributes, passed to the iframe in its query string. */
export interface WidgetOptions {
  /** The host's name for the panel, or null for the localised default ("Support", "在线客服"). */
  title: string | null;
  locale: Locale;
  color: string;
  position: 'left' | 'right';
  customerType: string | null;
  prechat: boolean;
}

export const DEFAULT_OPTIONS: Omit<WidgetOptions, 'locale'> = {
  title: null,
  color: '#4f46e5',
  position: 'right',
  customerType: null,
  prechat: false,
};

const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const CUSTOMER_TYPE_MAX = 40;
const TITLE_MAX = 60;

/**
 * Reads options from loose strings (data- attributes or query parameters), falling back to defaults. A locale
 * Switchboard does not speak, or none, is negotiated from the reader's languages (most wanted first), then English.
 */
export function parseOptions(
  read: (name: keyof WidgetOptions) => string | null | undefined,
  languages: readonly string[] = browserLanguages(),
): WidgetOptions {
  // Cut in characters the reader sees, never inside an emoji or a combining mark.
  const title = graphemes(read('title')?.trim() ?? '').slice(0, TITLE_MAX).join('');
  const color = read('color')?.trim();
  const position = read('position')?.trim();
  const customerType = read('customerType')?.trim().slice(0, CUSTOMER_TYPE_MAX);
  const prechat = read('prechat')?.trim().toLowerCase();
  return {
    title: title || DEFAULT_OPTIONS.title,
    locale: matchLocale(read('locale')) ?? negotiateLocale(languages),
    // Only plain hex colours: the value ends up in CSS, so nothing that could carry more than a colour.
    color: color && HEX_COLOR.test(color) ? color : DEFAULT_OPTIONS.color,
    position: position === 'left' ? 'left' : 'right',
    customerType: customerType || null,
    prechat: prechat === 'on' || prechat === 'true' || prechat === '1' || prechat === 'yes',
  };
}

/** The option names as query parameters of the iframe's URL. */
export function optionsToQuery(options: WidgetOptions, hostOrigin: string): URLSearchParams {
  const query = new URLSearchParams({
    locale: options.locale,
    color: options.color,
    position: options.position,
    prechat: options.prechat ? 'on' : 'off',
    host: hostOrigin,
  });
  if (options.title) query.set('title', options.title);
  if (options.customerType) query.set('customerType', options.customerType);
  return query;
}

/** The fragment parameters that carry the host's user from the loader to the iframe (app/host/host-user.ts reads them). */
export const USER_FIELDS = { name: 'userName', email: 'userEmail', attributes: 'userAttributes' } as const;
export type UserField = (typeof USER_FIELDS)[keyof typeof USER_FIELDS];

/** No more than this of any one of them is passed on (the iframe validates and bounds them further). */
const USER_FIELD_MAX = 16_000;

/**
 * `data-user-name`, `data-user-email` and `data-user-attributes` (JSON) as the iframe URL's fragment, which browsers
 * never send to a server (no access log holds them). Passed as written: the chat app validates them, so the loader
 * stays small.
 */
export function hostUserToFragment(read: (name: UserField) => string | null | undefined): string {
  const fragment = new URLSearchParams();
  for (const name of Object.values(USER_FIELDS)) {
    const value = read(name)?.trim();
    if (value) fragment.set(name, value.slice(0, USER_FIELD_MAX));
  }
  return fragment.toString();
}
