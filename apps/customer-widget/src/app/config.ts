import { parseOptions, type WidgetOptions } from '../shared/bridge';

/** The options the loader passed in the iframe's query string. */
export function readOptions(search: string = window.location.search): WidgetOptions {
  const query = new URLSearchParams(search);
  return parseOptions((name) => query.get(name));
}

