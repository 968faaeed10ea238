import { act, render, screen } from '@testing-library/react';
import { App } from '../App';
import type { ConsoleClient } from '../shared/console-client';
import { FakeClient, ME } from '../test-utils';
import { sessionStore, signOut } from './session';

const token = (exp: number) => `header.${btoa(JSON.stringify({ sub: ME.id, role: 'agent', exp }))}.signature`;

describe('a session the gateway ends', () => {
  afterEach(() => act(() => signOut()));

  function signedIn() {
    const client = new FakeClient();
    sessionStore.set({ session: { token: token(Date.now() / 1000 + 3600), user: ME }, notice: null });
    render(<App makeClient={() => client as unknown as ConsoleClient} />);
    return client;
  }

  it.each([
    ['disabled', /account has been disabled/],
    ['password_changed', /password was changed/],
    ['deleted', /account has been removed/],
    ['expired', /session has expired/],
  ])('signs out to the sign-in page saying why (%s)', async (reason, notice) => {
    const client = signedIn();
    expect(await screen.findByRole('button', { name: 'Sign out' })).toBeInTheDocument();
    act(() => {
      client.emit('session.revoked', { reason });
      // the SDK then reports the connection as unauthorized: that must not replace the reason
      client.emit('connection', 'unauthorized');
    });
    expect(await screen.findByRole('heading', { name: 'Sign in to the agent console' })).toBeInTheDocument();
    expect(screen.getByText(notice)).toBeInTheDocument();
    expect(sessionStore.get().session).toBeNull();
    expect(localStorage.getItem('switchboard.console.session')).toBeNull();
  });
});
