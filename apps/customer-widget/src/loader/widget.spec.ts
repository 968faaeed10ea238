import { BRIDGE_SOURCE } from '../shared/bridge';

const WIDGET_ORIGIN = 'https://chat.example.com';

interface Mounted {
  launcher: HTMLButtonElement;
  frame: HTMLIFrameElement;
  badge: HTMLElement;
}

async function loadWidget(attributes: Record<string, string>): Promise<Mounted> {
  const script = document.createElement('script');
  script.setAttribute('src', `${WIDGET_ORIGIN}/widget.js`);
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
  document.head.appendChild(script);
  // The loader runs on import, like the script tag: load a fresh copy each time.
  await jest.isolateModulesAsync(async () => {
    await import('./widget');
  });
  jest.runOnlyPendingTimers(); // the idle-time attach of the iframe
  const root = document.getElementById('switchboard-widget')?.shadowRoot as ShadowRoot;
  const frame = root.querySelector('iframe') as HTMLIFrameElement;
  // jsdom gives iframes inside a shadow root no window: stand in for the widget's window.
  const frameWindow = { postMessage: jest.fn() } as unknown as Window;
  if (frame.contentWindow === null) Object.defineProperty(frame, 'contentWindow', { value: frameWindow });
  return {
    launcher: root.querySelector('button') as HTMLButtonElement,
    frame,
    badge: root.querySelector('.sb-badge') as HTMLElement,
  };
}

/** A second widget in the same test: the first one's page and globals are cleared first. */
async function loadWidgetAgain(attributes: Record<string, string>): Promise<Mounted> {
  document.body.innerHTML = '';
  document.head.innerHTML = '';
  delete window.SwitchboardWidget;
  return loadWidget(attributes);
}

function fromFrame(frame: HTMLIFrameElement, data: unknown, origin = WIDGET_ORIGIN) {
  window.dispatchEvent(new MessageEvent('message', { data, origin, source: frame.contentWindow }));
}

describe('widget.js loader', () => {
  beforeEach(() => jest.useFakeTimers());

  afterEach(() => {
    jest.useRealTimers();
    document.body.innerHTML = '';
    document.head.innerHTML = '';
    delete window.SwitchboardWidget;
  });

  it('adds a launcher and an iframe on the script origin with the options', async () => {
    const { launcher, frame } = await loadWidget({
      'data-title': 'Acme support',
      'data-color': '#0f766e',
      'data-position': 'left',
      'data-customer-type': 'premium',
      'data-prechat': 'on',
    });
    expect(launcher.getAttribute('aria-label')).toBe('Open chat');
    const url = new URL(frame.src);
    expect(url.origin + url.pathname).toBe(`${WIDGET_ORIGIN}/widget/`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      title: 'Acme support',
      color: '#0f766e',
      position: 'left',
      customerType: 'premium',
      prechat: 'on',
      locale: 'en',
      host: window.location.origin,
    });
    expect(frame.title).toBe('Chat');
    expect(frame.getAttribute('sandbox')?.split(' ')).not.toContain('allow-top-navigation');
  });

  it('opens and closes from the launcher and tells the iframe', async () => {
    const { launcher, frame } = await loadWidget({});
    const posted = (frame.contentWindow as Window).postMessage as jest.Mock;
    launcher.click();
    expect(launcher.getAttribute('aria-label')).toBe('Close chat');
    expect(launcher.getAttribute('aria-expanded')).toBe('true');
    expect(posted).toHaveBeenLastCalledWith({ source: BRIDGE_SOURCE.loader, type: 'open' }, WIDGET_ORIGIN);
    launcher.click();
    expect(launcher.getAttribute('aria-label')).toBe('Open chat');
    expect(posted).toHaveBeenLastCalledWith({ source: BRIDGE_SOURCE.loader, type: 'close' }, WIDGET_ORIGIN);
  });

  it('shows the unread badge and closes on request, but only for its own iframe at its origin', async () => {
    const { launcher, frame, badge } = await loadWidget({});
    const unread = { source: BRIDGE_SOURCE.widget, type: 'unread', count: 3 };
    fromFrame(frame, unread, 'https://evil.example');
    window.dispatchEvent(
      new MessageEvent('message', { data: unread, origin: WIDGET_ORIGIN, source: window }),
    );
    expect(badge.hidden).toBe(true);
    fromFrame(frame, unread);
    expect(badge.hidden).toBe(false);
    expect(badge.textContent).toBe('3');
    launcher.click();
    fromFrame(frame, { source: BRIDGE_SOURCE.widget, type: 'close' });
    expect(launcher.getAttribute('aria-label')).toBe('Open chat');
    fromFrame(frame, { source: BRIDGE_SOURCE.widget, type: 'unread', count: 0 });
    expect(badge.hidden).toBe(true);
  });

  it("shows the team's availability as a dot named in words, once the chat app knows it", async () => {
    const { launcher, frame } = await loadWidget({});
    const dot = launcher.querySelector('#sb-availability') as HTMLElement;
    expect(launcher.getAttribute('aria-describedby')?.split(' ')).toContain('sb-availability');
    expect(dot.hidden).toBe(true);
    fromFrame(frame, { source: BRIDGE_SOURCE.widget, type: 'availability', online: false });
    expect([dot.hidden, dot.dataset.online, dot.getAttribute('aria-label')]).toEqual([
      false,
      'false',
      'Away — leave a message',
    ]);
    fromFrame(frame, { source: BRIDGE_SOURCE.widget, type: 'availability', online: true });
    expect(dot.getAttribute('aria-label')).toBe('Online');
    fromFrame(frame, { source: BRIDGE_SOURCE.widget, type: 'availability', online: 'yes' });
    expect(dot.getAttribute('aria-label')).toBe('Online'); // not a boolean: ignored
  });

  it('speaks the language of data-locale (zh-CN) on the launcher, the badge and the iframe', async () => {
    const { launcher, frame, badge } = await loadWidget({ 'data-locale': 'zh-CN' });
    expect(launcher.getAttribute('aria-label')).toBe('打开聊天');
    expect(launcher.closest('[lang]')?.getAttribute('lang')).toBe('zh-CN');
    expect(frame.title).toBe('聊天');
    expect(new URL(frame.src).searchParams.get('locale')).toBe('zh-CN');
    fromFrame(frame, { source: BRIDGE_SOURCE.widget, type: 'unread', count: 3 });
    expect(badge.getAttribute('aria-label')).toBe('3 条未读消息');
    fromFrame(frame, { source: BRIDGE_SOURCE.widget, type: 'availability', online: false });
    expect(launcher.querySelector('#sb-availability')?.getAttribute('aria-label')).toBe('暂时离开 — 请留言');
    launcher.click();
    expect(launcher.getAttribute('aria-label')).toBe('关闭聊天');
  });

  it('follows the browser languages without data-locale, with English plurals on the badge', async () => {
    const languages = jest.spyOn(navigator, 'languages', 'get').mockReturnValue(['zh-TW', 'en']);
    try {
      const { launcher } = await loadWidget({});
      expect(launcher.getAttribute('aria-label')).toBe('打开聊天');
    } finally {
      languages.mockRestore();
    }
    document.body.innerHTML = '';
    delete window.SwitchboardWidget;
    const { frame, badge } = await loadWidget({ 'data-locale': 'en' });
    fromFrame(frame, { source: BRIDGE_SOURCE.widget, type: 'unread', count: 1 });
    expect(badge.getAttribute('aria-label')).toBe('1 unread message');
    fromFrame(frame, { source: BRIDGE_SOURCE.widget, type: 'unread', count: 2 });
    expect(badge.getAttribute('aria-label')).toBe('2 unread messages');
  });

  it('loads the chat iframe only once the page is idle, or at once when opened', async () => {
    const script = document.createElement('script');
    script.setAttribute('src', `${WIDGET_ORIGIN}/widget.js`);
    document.head.appendChild(script);
    await jest.isolateModulesAsync(async () => {
      await import('./widget');
    });
    const root = document.getElementById('switchboard-widget')?.shadowRoot as ShadowRoot;
    expect(root.querySelector('iframe')).toBeNull();
    (root.querySelector('button') as HTMLButtonElement).click();
    expect(root.querySelector('iframe')).not.toBeNull();
  });

  it('passes the host’s user in the iframe URL’s fragment, never its query', async () => {
    const { frame } = await loadWidget({
      'data-user-name': 'Dana',
      'data-user-email': 'dana@example.com',
      'data-user-attributes': '{"plan":"gold","seats":3}',
    });
    const url = new URL(frame.src);
    expect(url.searchParams.has('userEmail')).toBe(false);
    expect(Object.fromEntries(new URLSearchParams(url.hash.slice(1)))).toEqual({
      userName: 'Dana',
      userEmail: 'dana@example.com',
      userAttributes: '{"plan":"gold","seats":3}',
    });
    const plain = await loadWidgetAgain({});
    expect(new URL(plain.frame.src).hash).toBe('');
  });

  it('tells the iframe the page once it is ready, and again after pushState, only to its origin', async () => {
    window.history.replaceState(null, '', '/shop');
    document.title = 'Shop';
    const { frame } = await loadWidget({});
    const posted = (frame.contentWindow as Window).postMessage as jest.Mock;
    const pages = () => posted.mock.calls.filter(([m]) => (m as { type: string }).type === 'page');
    expect(pages()).toHaveLength(0); // not before the chat app listens
    fromFrame(frame, { source: BRIDGE_SOURCE.widget, type: 'ready' });
    expect(pages()).toEqual([
      [{ source: BRIDGE_SOURCE.loader, type: 'page', page: { url: 'http://localhost/shop', title: 'Shop', referrer: '' } }, WIDGET_ORIGIN],
    ]);
    window.history.pushState({}, '', '/shop/shoes');
    document.title = 'Shoes';
    jest.advanceTimersByTime(1000);
    expect(pages()[1][0]).toMatchObject({ page: { url: 'http://localhost/shop/shoes', title: 'Shoes' } });
  });

  it('mounts once when included twice', async () => {
    await loadWidget({});
    await loadWidget({});
    expect(document.querySelectorAll('#switchboard-widget')).toHaveLength(1);
  });
});
