import { parseHostUser, parseOptions, type HostUser, type WidgetOptions } from '../shared/bridge';

/** The options the loader passed in the iframe's query string. */
export function readOptions(search: string = window.location.search): WidgetOptions {
  const query = new URLSearchParams(search);
  return parseOptions((name) => query.get(name));
}

/** The host's user, which the loader passed in the iframe URL's fragment (never sent to a server). */
export function readHostUser(hash: string = window.location.hash): HostUser {
  const fragment = new URLSearchParams(hash.replace(/^#/, ''));
  return parseHostUser((name) => fragment.get(name));
}
