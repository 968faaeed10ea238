import { act, renderHook } from '@testing-library/react';
import { navigate, paneBack, showPane, usePane, useRoute } from './router';

describe('phone panes in the history', () => {
  beforeEach(() => act(() => navigate('inbox')));

  it('pushes an entry per pane, and the browser Back returns to the pane before', () => {
    const { result } = renderHook(() => ({ pane: usePane(), route: useRoute() }));
    const before = history.length;
    act(() => showPane('thread'));
    act(() => showPane('details'));
    expect(result.current.pane).toBe('details');
    expect(history.length).toBe(before + 2);
    expect(history.state).toEqual({ pane: 'details' });
    // What the browser does on Back: the entry before, then popstate with its state.
    act(() => {
      history.replaceState({ pane: 'thread' }, '');
      window.dispatchEvent(new PopStateEvent('popstate', { state: { pane: 'thread' } }));
    });
    expect(result.current.pane).toBe('thread');
    act(() => void window.dispatchEvent(new PopStateEvent('popstate', { state: null })));
    expect(result.current).toEqual({ pane: 'list', route: 'inbox' });
  });

  it('showing the pane already shown adds no entry; the back button without an own entry goes up a pane', () => {
    const { result } = renderHook(() => usePane());
    act(() => showPane('thread'));
    const length = history.length;
    act(() => showPane('thread'));
    expect(history.length).toBe(length);
    // An entry that is not this pane's (say the page was opened on it): back replaces it with the pane above.
    history.replaceState(null, '');
    act(() => paneBack());
    expect(result.current).toBe('list');
    expect(history.state).toEqual({ pane: 'list' });
  });

  it('another view starts at the lists', () => {
    const { result } = renderHook(() => usePane());
    act(() => showPane('thread'));
    act(() => navigate('supervisor'));
    expect(result.current).toBe('list');
  });
});
