/** A stand-in for the iframe's window: a parent to post to and a place to receive messages. */
export function frameWindow(options: { host?: string; referrer?: string; ancestors?: string[] }) {
  const parent = { postMessage: jest.fn() };
  const target = new EventTarget();
  const ancestorOrigins = options.ancestors && {
    length: options.ancestors.length,
    0: options.ancestors[0],
  };
  const win = {
    parent,
    location: { search: options.host ? `?host=${encodeURIComponent(options.host)}` : '', ancestorOrigins },
    document: { referrer: options.referrer ?? '' },
    addEventListener: target.addEventListener.bind(target),
    removeEventListener: target.removeEventListener.bind(target),
  } as unknown as Window;
  const deliver = (data: unknown, origin: string, source: unknown = parent) =>
    target.dispatchEvent(Object.assign(new Event('message'), { data, origin, source }));
  return { win, parent, deliver };
}
