// Issue 10, attack 4 in the browser: a supervisor disables an agent who is signed in; the agent's console is
// signed out at once, says why, and the old password no longer signs in.
import type { Browser } from 'playwright-core';
import { apiRequest, staffAccounts } from '@switchboard/client';
import { loginAs, startGatewayProcess, type GatewayProcess } from '@switchboard/testing';
import { launchChromium, signIn, type ConsoleUser } from './console-page';

describe('disabling a signed-in agent from the accounts screen', () => {
  let gateway: GatewayProcess;
  let browser: Browser;
  const users: ConsoleUser[] = [];

  beforeAll(async () => {
    gateway = await startGatewayProcess();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await Promise.all(users.map((u) => u.context.close().catch(() => undefined)));
    await browser?.close();
    await gateway?.stop();
  });

  it('signs the agent out with the reason, and they cannot sign in again', async () => {
    const bo = await signIn(browser, gateway.url, 'agent2@example.com', gateway.demoPassword);
    const sup = await signIn(browser, gateway.url, 'supervisor@example.com', gateway.demoPassword);
    users.push(bo, sup);

    await sup.page
      .getByRole('navigation', { name: 'Manage' })
      .getByRole('button', { name: 'Accounts' })
      .click();
    const row = sup.page.getByRole('row', { name: 'Bo' });
    await row.getByText('online').waitFor();
    await row.getByRole('button', { name: 'Edit Bo' }).click();
    await sup.page
      .getByRole('dialog', { name: 'Edit Bo' })
      .getByRole('button', { name: 'Disable account…' })
      .click();
    await sup.page
      .getByRole('dialog', { name: 'Disable Bo?' })
      .getByRole('button', { name: 'Disable account', exact: true })
      .click();
    await row.getByText('Disabled', { exact: true }).waitFor();
    expect(new URL(sup.page.url()).pathname).toBe('/agent/accounts');

    // Bo's console: back on the sign-in page, told why, without a reload
    await bo.page.getByRole('heading', { name: 'Sign in to the agent console' }).waitFor({ timeout: 10000 });
    await bo.page.getByText('Your account has been disabled').waitFor();
    expect(await bo.page.evaluate(() => localStorage.getItem('switchboard.console.session'))).toBeNull();
    await bo.page.getByLabel('Email').fill('agent2@example.com');
    await bo.page.getByLabel('Password').fill(gateway.demoPassword);
    await bo.page.getByRole('button', { name: 'Sign in' }).click();
    await bo.page.getByRole('alert').getByText('Wrong email or password.').waitFor();

    // the supervisor's own session is untouched
    await sup.page.getByText('Live', { exact: true }).waitFor();
  });

  it('the SDK’s staffAccounts helpers speak the accounts routes', async () => {
    const { token, user } = await loginAs(gateway.url, 'supervisor@example.com', gateway.demoPassword);
    const api = staffAccounts((path, init) => apiRequest(gateway.url, path, { ...init, token }));
    const email = `sdk-${Date.now().toString(36)}@example.com`;
    const created = await api.create({ email, name: 'Sdk', role: 'agent', password: 'a-long-password' });
    expect(await api.get(created.id)).toMatchObject({
      id: created.id,
      name: 'Sdk',
      disabled: false,
      maxConcurrent: 5,
    });
    expect(await api.update(created.id, { disabled: true, maxConcurrent: 2 })).toMatchObject({
      disabled: true,
      maxConcurrent: 2,
    });
    expect((await api.list('agent')).find((a) => a.id === created.id)).toMatchObject({ disabled: true });
    expect(await api.remove(created.id)).toBeUndefined();
    await expect(api.get(created.id)).rejects.toMatchObject({ code: 'not_found', status: 404 });
    await expect(api.update(user.id, {})).rejects.toMatchObject({ code: 'bad_request', status: 400 });
  });
});
