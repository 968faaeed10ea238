const KEY = 'switchboard.console.session';
const future = Math.floor(Date.now() / 1000) + 3600;
const session = {
  token: `header.${btoa(JSON.stringify({ sub: 'a', role: 'agent', exp: future })).replace(/=+$/, '')}.sig`,
  user: { id: 'a', role: 'agent', name: 'Ana', email: 'a@example.com' },
};

/** Loads session.ts afresh, as a page load would. */
function load(): typeof import('./session') {
  let loaded: typeof import('./session') | undefined;
  jest.isolateModules(() => {
    loaded = jest.requireActual<typeof import('./session')>('./session');
  });
  return loaded!;
}

describe('console session storage', () => {
  afterEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  it('resumes a session kept in sessionStorage (a reload of the same tab)', () => {
    sessionStorage.setItem(KEY, JSON.stringify(session));
    expect(load().sessionStore.get().session).toEqual(session);
  });

  it('drops a token an older version left in localStorage instead of using it', () => {
    localStorage.setItem(KEY, JSON.stringify(session));
    expect(load().sessionStore.get().session).toBeNull();
    expect(localStorage.getItem(KEY)).toBeNull();
  });
});
