import { BRIDGE_SOURCE } from '../../shared/bridge';
import { frameWindow } from '../../test/frame-window';
import { HostBridge } from './host-bridge';

describe('HostBridge (the iframe side)', () => {
  it('posts only to the embedding page, at its origin', () => {
    const { win, parent } = frameWindow({
      ancestors: ['https://shop.example'],
      host: 'https://evil.example',
    });
    new HostBridge(win).post({ type: 'unread', count: 2 });
    expect(parent.postMessage).toHaveBeenCalledWith(
      { source: BRIDGE_SOURCE.widget, type: 'unread', count: 2 },
      'https://shop.example',
    );
  });

  it('uses the host parameter only when the referrer agrees', () => {
    const agreeing = frameWindow({ host: 'https://shop.example', referrer: 'https://shop.example/products' });
    new HostBridge(agreeing.win).post({ type: 'close' });
    expect(agreeing.parent.postMessage).toHaveBeenCalledWith(expect.anything(), 'https://shop.example');

    const lying = frameWindow({ host: 'https://evil.example', referrer: 'https://shop.example/' });
    new HostBridge(lying.win).post({ type: 'close' });
    expect(lying.parent.postMessage).toHaveBeenCalledWith(expect.anything(), 'https://shop.example');
  });

  it('listens only to its parent window at the host origin, and only to loader messages', () => {
    const { win, deliver } = frameWindow({ ancestors: ['https://shop.example'] });
    const handler = jest.fn();
    const stop = new HostBridge(win).listen(handler);
    const open = { source: BRIDGE_SOURCE.loader, type: 'open' };
    deliver(open, 'https://evil.example');
    deliver(open, 'https://shop.example', {});
    deliver({ source: BRIDGE_SOURCE.loader, type: 'navigate' }, 'https://shop.example');
    expect(handler).not.toHaveBeenCalled();
    deliver(open, 'https://shop.example');
    expect(handler).toHaveBeenCalledWith(open);
    stop();
    deliver(open, 'https://shop.example');
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('does nothing when opened directly rather than embedded', () => {
    expect(new HostBridge(window).embedded).toBe(false);
  });
});
