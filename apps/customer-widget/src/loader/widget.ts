/**
 * widget.js: the one-tag loader a host page includes. It adds a launcher button (with an unread badge) in a
 * shadow root and opens the chat app in an iframe served from the script's own origin, so that neither the
 * host page nor the widget can break the other. They talk only through origin-checked postMessage.
 */
import {
  BRIDGE_SOURCE,
  hostUserToFragment,
  isWidgetMessage,
  optionsToQuery,
  parseOptions,
  type HostPage,
  type LoaderMessage,
} from '../shared/bridge';
import { CHAT_ICON_PATH, CLOSE_ICON_PATH, LOADER_CSS } from './loader-styles';
import { loaderText } from './loader-text';
import { watchPage } from './page-watcher';

interface WidgetHandle {
  open(): void;
  close(): void;
  toggle(): void;
}

declare global {
  interface Window {
    SwitchboardWidget?: WidgetHandle;
  }
}

const SVG_NS = 'http://www.w3.org/2000/svg';

function findScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.src) return current;
  const scripts = document.querySelectorAll<HTMLScriptElement>('script[src]');
  for (let i = scripts.length - 1; i >= 0; i--) {
    if (/\/widget\.js(?:[?#]|$)/.test(scripts[i].src)) return scripts[i];
  }
  return null;
}

function icon(className: string, path: string, stroke: boolean): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', className);
  const shape = document.createElementNS(SVG_NS, 'path');
  shape.setAttribute('d', path);
  if (stroke) {
    shape.setAttribute('fill', 'none');
    shape.setAttribute('stroke', 'currentColor');
    shape.setAttribute('stroke-width', '2.4');
    shape.setAttribute('stroke-linecap', 'round');
  } else {
    shape.setAttribute('fill', 'currentColor');
  }
  svg.appendChild(shape);
  return svg;
}

/**
 * A constructed stylesheet where the browser has them: CSSOM is not subject to the host page's CSP
 * `style-src`, so a site that forbids inline <style> still gets a styled launcher. Older browsers get a
 * <style> element.
 */
function applyStyles(shadow: ShadowRoot): void {
  if (
    'adoptedStyleSheets' in shadow &&
    typeof CSSStyleSheet === 'function' &&
    'replaceSync' in CSSStyleSheet.prototype
  ) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(LOADER_CSS);
    shadow.adoptedStyleSheets = [sheet];
    return;
  }
  const style = document.createElement('style');
  style.textContent = LOADER_CSS;
  shadow.append(style);
}

function mount(script: HTMLScriptElement): WidgetHandle {
  const options = parseOptions((name) => script.dataset[name]);
  const text = loaderText(options.locale);
  const frameUrl = new URL('widget/', script.src);
  frameUrl.search = optionsToQuery(options, window.location.origin).toString();
  // The host's user goes in the fragment: never sent to a server, so in no access log (docs/security.md).
  frameUrl.hash = hostUserToFragment((name) => script.dataset[name]);
  const widgetOrigin = frameUrl.origin;

  const host = document.createElement('div');
  host.id = 'switchboard-widget';
  // The host element is the one thing the page's CSS can still reach (a `transform` or `filter` on it would
  // re-anchor the fixed-position launcher; `display: none` would hide it): reset it inline, with priority.
  host.style.setProperty('all', 'initial', 'important');
  const shadow = host.attachShadow({ mode: 'open' });

  const container = document.createElement('div');
  container.className = 'sb';
  // The launcher speaks the widget's language, whatever the host page's is (screen readers pronounce by lang).
  container.lang = options.locale;
  container.dataset.position = options.position;
  container.dataset.open = 'false';
  container.style.setProperty('--sb-accent', options.color);

  const frame = document.createElement('iframe');
  frame.className = 'sb-frame';
  frame.title = text.frameTitle;
  frame.src = frameUrl.toString();
  frame.setAttribute('allow', 'clipboard-write');
  // Everything the chat needs (its own storage, links in new tabs, downloads, forms) and nothing more: in
  // particular no navigating the host page.
  frame.setAttribute(
    'sandbox',
    'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox allow-downloads',
  );

  const launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = 'sb-launcher';
  launcher.setAttribute('aria-label', text.openChat);
  launcher.setAttribute('aria-expanded', 'false');
  const badge = document.createElement('span');
  badge.className = 'sb-badge';
  badge.id = 'sb-unread';
  badge.hidden = true;
  // Section 9's availability, as the chat app learns it from GET /api/widget/config: a dot, named in words (the
  // launcher's description), hidden until known.
  const dot = document.createElement('span');
  dot.className = 'sb-dot';
  dot.id = 'sb-availability';
  dot.setAttribute('role', 'img');
  dot.hidden = true;
  launcher.setAttribute('aria-describedby', `${dot.id} ${badge.id}`);
  launcher.append(
    icon('sb-icon-chat', CHAT_ICON_PATH, false),
    icon('sb-icon-close', CLOSE_ICON_PATH, true),
    dot,
    badge,
  );

  container.append(launcher);
  applyStyles(shadow);
  shadow.append(container);
  document.body.appendChild(host);

  // The chat app loads when the page is idle (or at once on the first click), not in the page's own rush.
  const attachFrame = () => {
    if (!frame.isConnected) container.prepend(frame);
  };
  if ('requestIdleCallback' in window) window.requestIdleCallback(attachFrame, { timeout: 3000 });
  else setTimeout(attachFrame, 1000);

  let open = false;
  const send = (message: LoaderMessage) => frame.contentWindow?.postMessage(message, widgetOrigin);
  const post = (type: 'open' | 'close') => send({ source: BRIDGE_SOURCE.loader, type });
  // The page the visitor is on, for the agents (visitor.context): told to the chat app once it is ready, and
  // again whenever the address changes. Only the widget's own origin can read it (postMessage's target origin).
  let page: HostPage | null = null;
  let frameReady = false;
  const postPage = () => {
    if (frameReady && page) send({ source: BRIDGE_SOURCE.loader, type: 'page', page });
  };
  watchPage(window, (next) => {
    page = next;
    postPage();
  });
  const setOpen = (next: boolean, notifyFrame = true) => {
    attachFrame();
    open = next;
    container.dataset.open = String(next);
    launcher.setAttribute('aria-label', next ? text.closeChat : text.openChat);
    launcher.setAttribute('aria-expanded', String(next));
    if (notifyFrame) post(next ? 'open' : 'close');
    if (next) frame.focus();
  };

  launcher.addEventListener('click', () => setOpen(!open));
  window.addEventListener('message', (event: MessageEvent) => {
    if (event.origin !== widgetOrigin || event.source !== frame.contentWindow) return;
    if (!isWidgetMessage(event.data)) return;
    switch (event.data.type) {
      case 'ready':
        frameReady = true;
        post(open ? 'open' : 'close');
        postPage();
        break;
      case 'open':
        if (!open) setOpen(true, false);
        break;
      case 'close':
        if (open) {
          setOpen(false, false);
          launcher.focus();
        }
        break;
      case 'availability':
        dot.hidden = false;
        dot.dataset.online = String(event.data.online);
        dot.setAttribute('aria-label', event.data.online ? text.online : text.away);
        break;
      case 'unread': {
        const count = Math.max(0, Math.floor(event.data.count));
        badge.hidden = count === 0;
        badge.textContent = count > 99 ? '99+' : String(count);
        badge.setAttribute('aria-label', text.unread(count));
        break;
      }
    }
  });

  return { open: () => setOpen(true), close: () => setOpen(false), toggle: () => setOpen(!open) };
}

(() => {
  if (window.SwitchboardWidget) return; // included twice: keep the first one
  const script = findScript();
  if (!script) {
    console.error('switchboard: could not find the <script> tag of widget.js');
    return;
  }
  const start = () => {
    window.SwitchboardWidget = mount(script);
  };
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
})();
