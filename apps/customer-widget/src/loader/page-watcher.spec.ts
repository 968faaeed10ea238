import type { HostPage } from '../shared/bridge';
import { PAGE_DEBOUNCE_MS, watchPage } from './page-watcher';

describe('the host page watcher', () => {
  let reports: HostPage[];
  let stop: () => void;
  const originalPush = window.history.pushState;
  const originalReplace = window.history.replaceState;

  beforeEach(() => {
    jest.useFakeTimers();
    window.history.replaceState(null, '', '/shop');
    document.title = 'Shop';
    reports = [];
    stop = watchPage(window, (page) => reports.push(page));
  });

  afterEach(() => {
    stop();
    jest.useRealTimers();
  });

  const settle = () => jest.advanceTimersByTime(PAGE_DEBOUNCE_MS);

  it('reports the page at once', () => {
    expect(reports).toEqual([{ url: 'http://localhost/shop', title: 'Shop', referrer: '' }]);
  });

  it('reports a pushState once the page has settled, with the title the app set after it', () => {
    window.history.pushState({}, '', '/shop/shoes');
    document.title = 'Shoes';
    expect(reports).toHaveLength(1);
    settle();
    expect(reports[1]).toEqual({ url: 'http://localhost/shop/shoes', title: 'Shoes', referrer: '' });
    expect(window.location.pathname).toBe('/shop/shoes'); // the page's own call went through
  });

  it('debounces a burst of navigations into one report of where it ended', () => {
    window.history.pushState({}, '', '/a');
    jest.advanceTimersByTime(PAGE_DEBOUNCE_MS - 50);
    window.history.replaceState({}, '', '/b');
    jest.advanceTimersByTime(PAGE_DEBOUNCE_MS - 50);
    window.history.pushState({}, '', '/c');
    settle();
    expect(reports.map((p) => new URL(p.url).pathname)).toEqual(['/shop', '/c']);
  });

  it('reports nothing when the address and title did not change', () => {
    window.history.replaceState({ scroll: 120 }, '', '/shop');
    settle();
    window.dispatchEvent(new PopStateEvent('popstate'));
    settle();
    expect(reports).toHaveLength(1);
  });

  it('hears hashchange and popstate (back and forward)', () => {
    window.location.hash = '#reviews';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    settle();
    expect(reports[1].url).toBe('http://localhost/shop#reviews');
    window.history.replaceState(null, '', '/cart'); // as the browser would have moved, then:
    window.dispatchEvent(new PopStateEvent('popstate'));
    settle();
    expect(reports.map((p) => new URL(p.url).pathname)).toEqual(['/shop', '/shop', '/cart']);
  });

  it('cuts a long title to the protocol’s bound', () => {
    document.title = 'x'.repeat(400);
    window.history.pushState({}, '', '/long');
    settle();
    expect(reports[1].title).toHaveLength(300);
  });

  it('puts the history methods back when stopped, unless someone wrapped them since', () => {
    expect(window.history.pushState).not.toBe(originalPush);
    stop();
    expect(window.history.pushState).toBe(originalPush);
    expect(window.history.replaceState).toBe(originalReplace);
    window.history.pushState({}, '', '/after');
    settle();
    expect(reports).toHaveLength(1);

    stop = watchPage(window, (page) => reports.push(page));
    const theirs = jest.fn();
    window.history.pushState = theirs;
    stop();
    expect(window.history.pushState).toBe(theirs);
    window.history.pushState = originalPush;
  });
});
