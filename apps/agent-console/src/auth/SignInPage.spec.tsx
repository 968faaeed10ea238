import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SignInPage } from './SignInPage';
import { sessionStore, signOut } from './session';

/** A JWT-shaped token whose payload carries `exp`; the signature does not matter to the browser. */
function token(expSeconds: number): string {
  const payload = btoa(JSON.stringify({ sub: 'agent-1', role: 'agent', exp: expSeconds })).replace(/=+$/, '');
  return `header.${payload}.signature`;
}

function answer(status: number, body: unknown) {
  return {
    ok: status < 400,
    status,
    statusText: String(status),
    headers: { get: () => 'application/json' },
    json: async () => body,
  };
}

describe('SignInPage', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
    act(() => signOut());
  });

  async function fillAndSubmit() {
    render(<SignInPage baseUrl="http://gateway.test" />);
    await userEvent.type(screen.getByLabelText('Email'), 'agent1@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'secret-pass');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
  }

  it('shows a clear error on 401 and stays signed out', async () => {
    globalThis.fetch = jest.fn(async () =>
      answer(401, { statusCode: 401, message: 'Unauthorized' }),
    ) as unknown as typeof fetch;
    await fillAndSubmit();
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong email or password.');
    expect(sessionStore.get().session).toBeNull();
  });

  it('keeps the session in sessionStorage (it survives a reload, not the tab) and never in localStorage', async () => {
    const session = {
      token: token(Date.now() / 1000 + 3600),
      user: { id: 'agent-1', role: 'agent', name: 'Ana', email: 'agent1@example.com' },
    };
    const fetchMock = jest.fn(async () => answer(200, session));
    globalThis.fetch = fetchMock as unknown as typeof fetch;
    await fillAndSubmit();
    await waitFor(() => expect(sessionStore.get().session).toEqual(session));
    expect(fetchMock).toHaveBeenCalledWith(
      'http://gateway.test/api/auth/login',
      expect.objectContaining({ method: 'POST' }),
    );
    expect(JSON.parse(sessionStorage.getItem('switchboard.console.session')!)).toEqual(session);
    expect(localStorage.getItem('switchboard.console.session')).toBeNull();
  });

  it('explains why after an expired session', () => {
    signOut('expired');
    render(<SignInPage baseUrl="" />);
    expect(screen.getByText(/session has expired/)).toBeInTheDocument();
  });
});
