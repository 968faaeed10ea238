import { PAGE_BOUNDS, type HostPage } from '../shared/bridge';

export interface PageWatcherOptions {
  /** How long the page must stay put before it is reported: a router's redirect chain or title update comes first. */
  debounceMs?: number;
}

export const PAGE_DEBOUNCE_MS = 300;

type HistoryMethod = 'pushState' | 'replaceState';

/** The page as the loader reports it, cut to the protocol's bounds (a page title can be any length). */
export function currentPage(win: Window): HostPage {
  return {
    url: win.location.href.slice(0, PAGE_BOUNDS.url),
    title: win.document.title.trim().slice(0, PAGE_BOUNDS.title),
    referrer: win.document.referrer.slice(0, PAGE_BOUNDS.url),
  };
}

/**
 * Watches the host page's address: at once, then after every `history.pushState` / `replaceState` (single-page
 * apps), `popstate` (back and forward) and `hashchange`, debounced, reporting only when the address or title
 * differs from the last report. The history methods are wrapped, not replaced: the page's own call goes through
 * first and unchanged. Returns a function that stops watching (and unwraps the methods if nobody wrapped them since).
 */
export function watchPage(
  win: Window,
  report: (page: HostPage) => void,
  { debounceMs = PAGE_DEBOUNCE_MS }: PageWatcherOptions = {},
): () => void {
  let last: HostPage | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const check = () => {
    timer = null;
    const page = currentPage(win);
    if (last && last.url === page.url && last.title === page.title) return;
    last = page;
    report(page);
  };
  const soon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(check, debounceMs);
  };

  const history = win.history;
  const wrapped = new Map<
    HistoryMethod,
    { original: History[HistoryMethod]; wrapper: History[HistoryMethod] }
  >();
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    const wrapper = function (this: History, ...args: Parameters<History[HistoryMethod]>) {
      const result = original.apply(this, args);
      soon();
      return result;
    };
    history[method] = wrapper;
    wrapped.set(method, { original, wrapper });
  }
  win.addEventListener('popstate', soon);
  win.addEventListener('hashchange', soon);
  check();

  return () => {
    if (timer) clearTimeout(timer);
    win.removeEventListener('popstate', soon);
    win.removeEventListener('hashchange', soon);
    for (const [method, { original, wrapper }] of wrapped) {
      if (history[method] === wrapper) history[method] = original;
    }
  };
}
