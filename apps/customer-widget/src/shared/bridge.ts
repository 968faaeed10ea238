/**
 * The messages the loader (on the host page) and the chat app (in the iframe) exchange with postMessage.
 * Both sides check the sender's origin and window before acting on one.
 */
export const BRIDGE_SOURCE = { loader: 'switchboard-loader', widget: 'switchboard-widget' } as const;

/** Host page → iframe. */
export type LoaderMessage = { source: typeof BRIDGE_SOURCE.loader; type: 'open' | 'close' };

/** Iframe → host page. */
export type WidgetMessage =
  | { source: typeof BRIDGE_SOURCE.widget; type: 'ready' | 'close' | 'open' }
  | { source: typeof BRIDGE_SOURCE.widget; type: 'unread'; count: number };

export function isLoaderMessage(data: unknown): data is LoaderMessage {
  const value = data as Partial<LoaderMessage> | null;
  return (
    typeof value === 'object' &&
    value !== null &&
    value.source === BRIDGE_SOURCE.loader &&
    (value.type === 'open' || value.type === 'close')
  );
}

export function isWidgetMessage(data: unknown): data is WidgetMessage {
  const value = data as Partial<WidgetMessage> & { count?: unknown };
  if (typeof value !== 'object' || value === null || value.source !== BRIDGE_SOURCE.widget) return false;
  if (value.type === 'unread') return typeof value.count === 'number' && Number.isFinite(value.count);
  return value.type === 'ready' || value.type === 'close' || value.type === 'open';
}

/** The widget options a host page sets as data- attributes, passed to the iframe in its query string. */
export interface WidgetOptions {
  title: string;
  color: string;
  position: 'left' | 'right';
  customerType: string | null;
  prechat: boolean;
}

export const DEFAULT_OPTIONS: WidgetOptions = {
  title: 'Support',
  color: '#4f46e5',
  position: 'right',
  customerType: null,
  prechat: false,
};

const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const CUSTOMER_TYPE_MAX = 40;
const TITLE_MAX = 60;

/** Reads options from loose strings (data- attributes or query parameters), falling back to defaults. */
export function parseOptions(read: (name: keyof WidgetOptions) => string | null | undefined): WidgetOptions {
  const title = read('title')?.trim().slice(0, TITLE_MAX);
  const color = read('color')?.trim();
  const position = read('position')?.trim();
  const customerType = read('customerType')?.trim().slice(0, CUSTOMER_TYPE_MAX);
  const prechat = read('prechat')?.trim().toLowerCase();
  return {
    title: title || DEFAULT_OPTIONS.title,
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
    title: options.title,
    color: options.color,
    position: options.position,
    prechat: options.prechat ? 'on' : 'off',
    host: hostOrigin,
  });
  if (options.customerType) query.set('customerType', options.customerType);
  return query;
}
