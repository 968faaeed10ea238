import { browserLanguages, graphemes, matchLocale, negotiateLocale, type Locale } from '@switchboard/i18n';
import { LIMITS, PROFILE_LIMITS, validAttributes, type CustomerAttributes } from '@switchboard/protocol';

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

/** A page as the loader may report it: strings within the protocol's bounds (the gateway checks again). */
export function isHostPage(value: unknown): value is HostPage {
  const page = value as Partial<HostPage> | null;
  return (
    typeof page === 'object' &&
    page !== null &&
    typeof page.url === 'string' &&
    page.url.length <= PROFILE_LIMITS.pageUrlMaxLength &&
    typeof page.title === 'string' &&
    page.title.length <= PROFILE_LIMITS.pageTitleMaxLength &&
    typeof page.referrer === 'string' &&
    page.referrer.length <= PROFILE_LIMITS.pageUrlMaxLength
  );
}

/** Iframe → host page. */
export type WidgetMessage =
  | { source: typeof BRIDGE_SOURCE.widget; type: 'ready' | 'close' | 'open' }
  | { source: typeof BRIDGE_SOURCE.widget; type: 'unread'; count: number };

export function isLoaderMessage(data: unknown): data is LoaderMessage {
  const value = data as (Partial<LoaderMessage> & { page?: unknown }) | null;
  if (typeof value !== 'object' || value === null || value.source !== BRIDGE_SOURCE.loader) return false;
  if (value.type === 'page') return isHostPage(value.page);
  return value.type === 'open' || value.type === 'close';
}

export function isWidgetMessage(data: unknown): data is WidgetMessage {
  const value = data as Partial<WidgetMessage> & { count?: unknown };
  if (typeof value !== 'object' || value === null || value.source !== BRIDGE_SOURCE.widget) return false;
  if (value.type === 'unread') return typeof value.count === 'number' && Number.isFinite(value.count);
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

/**
 * Who the host page says its user is: `data-user-name`, `data-user-email`, `data-user-attributes` (JSON). The loader
 * hands them to the iframe in its URL's fragment, which browsers never send to a server (no access log holds them).
 */
export interface HostUser {
  name: string | null;
  email: string | null;
  /** The valid attributes of the JSON (at most 20); anything else is dropped, with a console warning by the loader. */
  attributes: CustomerAttributes;
}

const USER_FIELDS = { name: 'userName', email: 'userEmail', attributes: 'userAttributes' } as const;
type UserField = (typeof USER_FIELDS)[keyof typeof USER_FIELDS];

function parseAttributes(json: string | null | undefined): CustomerAttributes {
  if (!json?.trim()) return {};
  try {
    return validAttributes(JSON.parse(json));
  } catch {
    return {};
  }
}

/** Reads the host's user from loose strings (data- attributes, or the fragment's parameters). */
export function parseHostUser(read: (name: UserField) => string | null | undefined): HostUser {
  const name = graphemes(read(USER_FIELDS.name)?.trim() ?? '').slice(0, LIMITS.nameMaxLength).join('');
  const email = read(USER_FIELDS.email)?.trim() ?? '';
  return {
    name: name || null,
    email: email && email.length <= LIMITS.emailMaxLength ? email : null,
    attributes: parseAttributes(read(USER_FIELDS.attributes)),
  };
}

/** The host's user as the iframe URL's fragment (empty when the page says nothing). */
export function hostUserToFragment(user: HostUser): string {
  const fragment = new URLSearchParams();
  if (user.name) fragment.set(USER_FIELDS.name, user.name);
  if (user.email) fragment.set(USER_FIELDS.email, user.email);
  if (Object.keys(user.attributes).length > 0) fragment.set(USER_FIELDS.attributes, JSON.stringify(user.attributes));
  return fragment.toString();
}
