import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { BRIDGE_SOURCE, DEFAULT_OPTIONS } from '../shared/bridge';
import { frameWindow } from '../test/frame-window';
import { App } from './app';
import { ChatStore, gatewayAt } from './chat/chat-store';
import { WidgetStorage } from './chat/widget-storage';
import { HostBridge } from './host/host-bridge';

/** A first-time visitor: no stored session, so nothing talks to a gateway until the first message. */
function renderFirstVisit() {
  const storage = new WidgetStorage(undefined);
  const store = new ChatStore({ gateway: gatewayAt('', storage), storage, customerType: null });
  store.boot();
  const { win, parent } = frameWindow({ ancestors: ['https://shop.example'] });
  const bridge = new HostBridge(win);
  render(
    <App
      store={store}
      bridge={bridge}
      options={{ ...DEFAULT_OPTIONS, locale: 'en', title: 'Acme support', prechat: true }}
    />,
  );
  return { store, parent };
}

describe('App', () => {
  it('greets a first-time visitor with the title, the optional pre-chat fields and the message box', () => {
    renderFirstVisit();
    expect(screen.getByRole('heading', { name: 'Acme support' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Your name' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'End chat' })).toBeNull();
  });

  it('tells the loader it is ready and, on Escape, asks it to close the panel', async () => {
    const { parent } = renderFirstVisit();
    expect(parent.postMessage).toHaveBeenCalledWith(
      { source: BRIDGE_SOURCE.widget, type: 'ready' },
      'https://shop.example',
    );
    await userEvent.keyboard('{Escape}');
    expect(parent.postMessage).toHaveBeenCalledWith(
      { source: BRIDGE_SOURCE.widget, type: 'close' },
      'https://shop.example',
    );
  });

  it('keeps the first message until the e-mail looks right', async () => {
    const { store } = renderFirstVisit();
    const send = jest.spyOn(store, 'send').mockImplementation(() => undefined);
    await userEvent.type(screen.getByRole('textbox', { name: 'Email' }), 'dana@');
    await userEvent.type(screen.getByRole('textbox', { name: 'Message' }), 'Hello{Enter}');
    expect(send).not.toHaveBeenCalled();
    expect(screen.getByRole('alert')).toHaveTextContent('Please check your email address');
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveValue('Hello');
    await userEvent.type(screen.getByRole('textbox', { name: 'Email' }), 'example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(send).toHaveBeenCalledWith('Hello');
  });
});
