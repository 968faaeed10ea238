import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderIn } from '../test-utils';
import { OfflineBanner, UpdatePrompt } from './AppBanners';
import { pwaStore, setUpdateHandler } from './pwa-state';

function setOnline(online: boolean) {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  act(() => void window.dispatchEvent(new Event(online ? 'online' : 'offline')));
}

describe('OfflineBanner', () => {
  afterEach(() => {
    setOnline(true);
    jest.useRealTimers();
  });

  it('says so when the device goes offline, in both languages', () => {
    renderIn(<OfflineBanner />);
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
    setOnline(false);
    expect(screen.getByRole('status')).toHaveTextContent('You are offline: the gateway cannot be reached.');
    setOnline(true);
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
  });

  it('says so when the gateway has not answered for 3 seconds, and not before', () => {
    jest.useFakeTimers();
    const { rerender } = renderIn(<OfflineBanner connection="connecting" />, 'zh-CN');
    act(() => void jest.advanceTimersByTime(2900));
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
    act(() => void jest.advanceTimersByTime(200));
    expect(screen.getByRole('status')).toHaveTextContent('当前离线：无法连接到服务器。');
    rerender(<OfflineBanner connection="connected" />);
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
  });
});

describe('UpdatePrompt', () => {
  // After the test's cleanup has unmounted the prompt, so no rendered component sees the change.
  afterEach(() => void act(() => pwaStore.set({ updateReady: false })));

  it('appears when a new version waits, and Reload applies it', async () => {
    const apply = jest.fn(() => Promise.resolve());
    setUpdateHandler(apply);
    renderIn(<UpdatePrompt />);
    expect(screen.queryByText('A new version is available')).toBeNull();
    act(() => pwaStore.set({ updateReady: true }));
    expect(screen.getByRole('status')).toHaveTextContent('A new version is available');
    await userEvent.click(screen.getByRole('button', { name: 'Reload' }));
    expect(apply).toHaveBeenCalledTimes(1);
  });

  it('in Chinese', () => {
    act(() => pwaStore.set({ updateReady: true }));
    renderIn(<UpdatePrompt />, 'zh-CN');
    expect(screen.getByText('有新版本可用')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '重新加载' })).toBeInTheDocument();
  });
});
