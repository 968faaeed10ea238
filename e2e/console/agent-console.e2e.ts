import type { Browser } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { CLIENT_EVENTS, SERVER_EVENTS, type Conversation, type Message } from '@switchboard/protocol';
import {
  clientMsgId,
  connectAgent,
  connectCustomer,
  customerToken,
  emitOk,
  loginAs,
  nextEvent,
  startGatewayProcess,
  type GatewayProcess,
} from '@switchboard/testing';
import {
  eventually,
  launchChromium,
  myConversation,
  queueRow,
  signIn,
  text,
  type ConsoleUser,
} from './console-page';
import { serveHtml } from '../widget/widget-page';
import { expectNoSeriousAxeViolations } from '../accessibility';

// A 1x1 PNG, enough for the upload and preview path.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe('agent console in Chromium', () => {
  let gateway: GatewayProcess;
  let browser: Browser;
  const users: ConsoleUser[] = [];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    gateway = await startGatewayProcess();
    browser = await launchChromium();
  });

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await Promise.all(users.map((u) => u.context.close().catch(() => undefined)));
    await browser?.close();
    await gateway?.stop();
  });

  const tokens = new Map<string, { token: string }>();
  const customerTokenFor = async (c: Conversation) => tokens.get(c.id)!;

  async function customer(name: string, type: string | null, firstText: string) {
    const auth = await customerToken(gateway.url, type ? { name, type } : { name });
    const socket = await connectCustomer(gateway.url, auth.token);
    sockets.push(socket);
    const conversation = await emitOk<Conversation>(socket, CLIENT_EVENTS.conversationStart, {
      text: firstText,
    });
    tokens.set(conversation.id, auth);
    return { socket, conversation };
  }

  async function openConsole(email: string, path?: string) {
    const user = await signIn(browser, gateway.url, email, gateway.demoPassword, path);
    users.push(user);
    return user;
  }

  it('two agents race for one inquiry, reply, read, transfer and close while the supervisor watches live', async () => {
    const [ana, bo] = await Promise.all([
      openConsole('agent1@example.com'),
      openConsole('agent2@example.com'),
    ]);
    const sup = await openConsole('supervisor@example.com', '/agent/supervisor');
    await sup.page.getByRole('heading', { name: 'Live conversations' }).waitFor();
    const names = {
      ana: (await loginAs(gateway.url, 'agent1@example.com', gateway.demoPassword)).user,
      bo: (await loginAs(gateway.url, 'agent2@example.com', gateway.demoPassword)).user,
    };

    // A customer writes; both agents see the inquiry, the supervisor sees the queue grow.
    const maria = await customer('Maria Lopez', 'pro', 'My order never arrived');
    await Promise.all([
      queueRow(ana.page, 'Maria Lopez').waitFor(),
      queueRow(bo.page, 'Maria Lopez').waitFor(),
    ]);
    await eventually(
      () => text(sup.page, 'queue-length'),
      (v) => v === '1',
      'supervisor queue length 1',
    );
    await queueRow(ana.page, 'Maria Lopez').getByText('My order never arrived').waitFor();

    // Both click Grab at the same moment: exactly one wins, the other sees the row vanish.
    const buttons = await Promise.all(
      [ana, bo].map((u) =>
        queueRow(u.page, 'Maria Lopez').getByRole('button', { name: 'Grab' }).elementHandle(),
      ),
    );
    await Promise.all(buttons.map((b) => b!.evaluate((el: HTMLElement) => el.click())));
    await eventually(
      async () =>
        (await myConversation(ana.page, 'Maria Lopez').count()) +
        (await myConversation(bo.page, 'Maria Lopez').count()),
      (n) => n >= 1,
      'one agent holds the conversation',
    );
    const anaWon = (await myConversation(ana.page, 'Maria Lopez').count()) === 1;
    const [winner, loser] = anaWon ? [ana, bo] : [bo, ana];
    const [winnerUser, loserUser] = anaWon ? [names.ana, names.bo] : [names.bo, names.ana];
    await queueRow(loser.page, 'Maria Lopez').waitFor({ state: 'detached' });
    await queueRow(winner.page, 'Maria Lopez').waitFor({ state: 'detached' });
    expect(await myConversation(loser.page, 'Maria Lopez').count()).toBe(0);
    const current = await emitOk<Conversation>(maria.socket, CLIENT_EVENTS.conversationCurrent, {});
    expect(current.agentId).toBe(winnerUser.id);
    await eventually(
      () => text(sup.page, 'queue-length'),
      (v) => v === '0',
      'supervisor queue empties',
    );

    // The winner replies from the message box; the customer gets it.
    const reply = nextEvent<Message>(
      maria.socket,
      SERVER_EVENTS.messageNew,
      (m) => m.sender.type === 'agent' && m.kind === 'text',
    );
    await winner.page.getByRole('textbox', { name: 'Message' }).fill('Hi Maria, let me check that for you.');
    await winner.page.getByRole('textbox', { name: 'Message' }).press('Enter');
    const replied = await reply;
    expect(replied.text).toBe('Hi Maria, let me check that for you.');

    // The customer types and reads: the agent sees "is typing…" and "Seen" under the reply.
    await emitOk(maria.socket, CLIENT_EVENTS.typing, {
      conversationId: maria.conversation.id,
      isTyping: true,
    });
    await winner.page.getByText('Maria Lopez is typing…').waitFor();
    await emitOk(maria.socket, CLIENT_EVENTS.messageRead, {
      conversationId: maria.conversation.id,
      seq: replied.seq,
    });
    const thread = winner.page.getByRole('log', { name: 'Messages' });
    await thread.locator(`[data-seq="${replied.seq}"]`).getByText('Seen').waitFor();

    // An image goes through upload and shows inline (fetched with the bearer token as a blob).
    const image = nextEvent<Message>(maria.socket, SERVER_EVENTS.messageNew, (m) => m.kind === 'image');
    await winner.page
      .locator('input[type="file"]')
      .setInputFiles({ name: 'label.png', mimeType: 'image/png', buffer: PNG });
    expect((await image).attachment?.name).toBe('label.png');
    await eventually(
      () => thread.getByRole('img', { name: 'label.png' }).getAttribute('src'),
      (src) => !!src?.startsWith('blob:'),
      'image preview from a blob',
    );

    // A second inquiry, grabbed with the "g" shortcut, takes the winner's screen...
    await customer('Jon Park', 'free', 'How do I reset my password?');
    await queueRow(winner.page, 'Jon Park').waitFor();
    await winner.page.getByRole('textbox', { name: 'Message' }).press('Escape');
    await winner.page.keyboard.press('g');
    await myConversation(winner.page, 'Jon Park').waitFor();
    await winner.page.getByRole('heading', { name: 'Jon Park', level: 1 }).waitFor();

    // ...so Maria's answers count up as unread: badge, tab title and the supervisor's table.
    for (const line of ['Order 1234', 'It was due Monday', 'Any news?'])
      await emitOk(maria.socket, CLIENT_EVENTS.messageSend, {
        conversationId: maria.conversation.id,
        clientMsgId: clientMsgId(),
        text: line,
      });
    await myConversation(winner.page, 'Maria Lopez').getByLabel('3 unread').waitFor();
    await eventually(
      () => winner.page.title(),
      (t) => t === '(3) Switchboard',
      'tab title total',
    );
    const supRow = sup.page.getByRole('row', {
      name: `Conversation ${maria.conversation.number} with Maria Lopez`,
    });
    await eventually(
      async () => (await supRow.getByTestId('unread-agent').textContent())?.trim(),
      (v) => v === '3',
      'supervisor sees 3 unread',
    );

    // Opening it reads it: the badge, the title and the supervisor's count clear.
    await myConversation(winner.page, 'Maria Lopez').click();
    await winner.page.getByRole('log', { name: 'Messages' }).getByText('Any news?').waitFor();
    await myConversation(winner.page, 'Maria Lopez').getByLabel('3 unread').waitFor({ state: 'detached' });
    await eventually(
      () => winner.page.title(),
      (t) => t === 'Switchboard',
      'tab title cleared',
    );
    await eventually(
      async () => (await supRow.getByTestId('unread-agent').textContent())?.trim(),
      (v) => v === '0',
      'supervisor sees 0 unread',
    );

    // Transfer to the other agent: declined first, then accepted.
    const offerTo = async () => {
      await winner.page.getByRole('button', { name: 'Transfer', exact: true }).click();
      const dialog = winner.page.getByRole('dialog', { name: 'Transfer conversation' });
      await dialog.getByRole('radio', { name: new RegExp(loserUser.name) }).check();
      await dialog.getByRole('textbox', { name: 'Note' }).fill('needs billing');
      await dialog.getByRole('button', { name: 'Transfer', exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      return loser.page.getByRole('listitem', { name: 'Transfer offer: Maria Lopez' });
    };
    let offer = await offerTo();
    await offer.getByText(/needs billing/).waitFor();
    await offer.getByText(/\d+s left/).waitFor();
    await offer.getByRole('button', { name: 'Decline' }).click();
    await offer.waitFor({ state: 'detached' });
    await winner.page.getByRole('button', { name: 'Transfer', exact: true }).waitFor();
    expect(await myConversation(winner.page, 'Maria Lopez').count()).toBe(1);

    offer = await offerTo();
    await offer.getByRole('button', { name: 'Accept' }).click();
    await myConversation(loser.page, 'Maria Lopez').waitFor();
    await myConversation(winner.page, 'Maria Lopez').waitFor({ state: 'detached' });
    await loser.page.getByRole('heading', { name: 'Maria Lopez', level: 1 }).waitFor();
    await loser.page.getByRole('log', { name: 'Messages' }).getByText('Any news?').waitFor();

    // The new assignee proposes to close; the customer confirms; the console shows it closed.
    const proposed = nextEvent<Conversation>(
      maria.socket,
      SERVER_EVENTS.conversationUpdated,
      (c) => c.artificialType === 'close_initiated',
    );
    await loser.page.getByRole('button', { name: 'Close conversation' }).click();
    await loser.page.getByRole('button', { name: 'Ask the customer to confirm' }).click();
    await proposed;
    await emitOk(maria.socket, CLIENT_EVENTS.conversationCloseConfirm, {
      conversationId: maria.conversation.id,
    });
    await loser.page.locator('.conversation-header').getByText('Closed', { exact: true }).waitFor();
    expect(await loser.page.getByRole('textbox', { name: 'Message' }).isDisabled()).toBe(true);
    await myConversation(loser.page, 'Maria Lopez').waitFor({ state: 'detached' });
    await supRow.waitFor({ state: 'detached' });

    // Signing in, chatting, the image preview and the supervisor's charts all fit the console's strict CSP.
    expect([...ana.cspViolations, ...bo.cspViolations, ...sup.cspViolations]).toEqual([]);
  });

  it('refuses an injected inline script and a foreign image (CSP), and cannot be framed', async () => {
    const user = await openConsole('agent3@example.com');
    await user.page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.body.append(script);
      const image = document.createElement('img');
      image.src = 'http://127.0.0.2:9/pixel.png';
      document.body.append(image);
    });
    await eventually(
      async () => user.cspViolations.length,
      (n) => n >= 2,
      'two CSP violations reported',
    );
    expect(await user.page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
    expect(user.cspViolations.join('\n')).toMatch(/script-src/);
    expect(user.cspViolations.join('\n')).toMatch(/img-src/);

    // A site that frames the console (clickjacking) gets Chromium's error page in the frame, while the
    // widget's page, which localhost sites may frame in development, loads beside it.
    const framerSite = await serveHtml(
      `<iframe name="console" src="${gateway.url}/agent/"></iframe><iframe name="widget" src="${gateway.url}/widget/"></iframe>`,
    );
    try {
      const framer = await user.context.newPage();
      await framer.goto(framerSite.url);
      const frameUrl = (name: string) => async () => framer.frame({ name })?.url() ?? '';
      await eventually(frameUrl('console'), (url) => url.startsWith('chrome-error:'), 'the console frame refused');
      await framer.frame({ name: 'widget' })!.locator('#root').waitFor({ state: 'attached' });
      expect(await frameUrl('widget')()).toMatch(new RegExp(`^${gateway.url}/widget/`));
      await eventually(
        async () => user.cspViolations.filter((v) => v.includes(`"frame-ancestors 'none'"`)).length,
        (n) => n > 0,
        'the frame-ancestors refusal reported',
      );
    } finally {
      await framerSite.close();
    }
    await user.context.close();
  });

  it('lets a supervisor watch silently, reassign, and add accounts', async () => {
    const sup = await openConsole('supervisor@example.com', '/agent/supervisor');
    // Offline agents cannot be picked (the gateway would hand their conversations back to the queue).
    const cy = await openConsole('agent3@example.com');
    const lee = await customer('Lee Chen', 'trial', 'Can I change my plan?');
    const row = sup.page.getByRole('row', { name: `Conversation ${lee.conversation.number} with Lee Chen` });
    await row.click();
    const panel = sup.page.getByRole('region', { name: `Watching conversation ${lee.conversation.number}` });
    await panel.getByText('Can I change my plan?').waitFor();
    await emitOk(lee.socket, CLIENT_EVENTS.messageSend, {
      conversationId: lee.conversation.id,
      clientMsgId: clientMsgId(),
      text: 'Hello?',
    });
    await panel.getByText('Hello?').waitFor();

    const assignTo = panel.getByLabel('Assign to');
    await assignTo.selectOption(
      (await assignTo.locator('option', { hasText: /^Cy \(/ }).getAttribute('value'))!,
    );
    await panel.getByRole('button', { name: 'Assign' }).click();
    await eventually(
      async () => (await row.textContent()) ?? '',
      (t) => t.includes('Cy'),
      'assignee shown',
    );
    await myConversation(cy.page, 'Lee Chen').waitFor();
    const after = await emitOk<Conversation>(lee.socket, CLIENT_EVENTS.conversationCurrent, {});
    expect(after.artificialType).toBe('serving');
    expect(after.unread.customer).toBe(0);
    expect(Object.keys(after.reads.agents)).not.toContain(
      (await loginAs(gateway.url, 'supervisor@example.com', gateway.demoPassword)).user.id,
    );

    const form = sup.page.getByRole('region', { name: 'Add an account' });
    const create = async () => {
      await form.getByLabel('Email').fill('agent9@example.com');
      await form.getByLabel('Name').fill('Dee');
      await form.getByLabel('Password').fill('a-long-password');
      await form.getByRole('button', { name: 'Create account' }).click();
    };
    await create();
    await sup.page.getByText('Account created for Dee').waitFor();
    await create();
    await form.getByRole('alert').getByText('That email already has an account').waitFor();
    await sup.page.getByRole('row', { name: 'Dee' }).waitFor();
  });

  it('pages through a long history by scrolling up', async () => {
    const { socket, conversation } = await customer('Ivy Long', 'pro', 'message 1');
    const bo = await loginAs(gateway.url, 'agent2@example.com', gateway.demoPassword);
    const agentSocket = await connectAgent(gateway.url, bo.token);
    sockets.push(agentSocket);
    await emitOk(agentSocket, CLIENT_EVENTS.conversationGrab, { conversationId: conversation.id });
    // Both sides write, each within its socket's rate limit (10 a second, bursts of 20).
    const write = async (from: Socket, prefix: string, count: number) => {
      for (let i = 0; i < count; i++) {
        await emitOk(from, CLIENT_EVENTS.messageSend, {
          conversationId: conversation.id,
          clientMsgId: clientMsgId(),
          text: `${prefix} ${i + 1}`,
        });
        await new Promise((r) => setTimeout(r, 110));
      }
    };
    await Promise.all([write(socket, 'customer says', 60), write(agentSocket, 'agent says', 60)]);

    const user = await openConsole('agent2@example.com');
    await myConversation(user.page, 'Ivy Long').click();
    const thread = user.page.getByRole('log', { name: 'Messages' });
    await thread.getByText('customer says 60', { exact: true }).waitFor();
    // The newest page only: the first message is not loaded, and only a window of rows is in the DOM.
    expect(await thread.getByText('message 1', { exact: true }).count()).toBe(0);
    expect(await thread.locator('[data-seq]').count()).toBeLessThan(60);
    await eventually(
      async () => {
        await thread.evaluate((el) => el.scrollBy(0, -4000));
        return thread.getByText('Start of the conversation').count();
      },
      (n) => n === 1,
      'scrolled back to the start',
      30000,
    );
    await thread.evaluate((el) => el.scrollTo(0, 0));
    await thread.getByText('message 1', { exact: true }).waitFor();
  });

  it('keeps what the agent typed while the gateway was down and sends it after reconnecting', async () => {
    const { conversation } = await customer('Rae Offline', null, 'are you there?');
    const user = await openConsole('agent1@example.com');
    await queueRow(user.page, 'Rae Offline').getByRole('button', { name: 'Grab' }).click();
    await user.page.getByRole('heading', { name: 'Rae Offline', level: 1 }).waitFor();

    await gateway.kill('SIGTERM');
    await user.page.getByText('Reconnecting…').waitFor();
    const box = user.page.getByRole('textbox', { name: 'Message' });
    await box.fill('typed while offline');
    await box.press('Enter');
    const thread = user.page.getByRole('log', { name: 'Messages' });
    await thread.getByText('Sending…').waitFor();

    await gateway.restart();
    await user.page.getByText('Live', { exact: true }).waitFor({ timeout: 30000 });
    await thread.getByText('Sending…').waitFor({ state: 'detached', timeout: 30000 });
    // The customer, reconnecting with the same token, finds it stored exactly once.
    const rae = await connectCustomer(gateway.url, (await customerTokenFor(conversation)).token);
    sockets.push(rae);
    const synced = await emitOk<{ messages: Message[] }>(rae, CLIENT_EVENTS.messagesSync, {
      conversationId: conversation.id,
      afterSeq: 0,
    });
    expect(synced.messages.filter((m) => m.text === 'typed while offline')).toHaveLength(1);
    expect(await thread.getByText('typed while offline').count()).toBe(1);

    // A reload keeps the session and reopens the same conversation.
    await user.page.reload();
    await user.page.getByRole('heading', { name: 'Rae Offline', level: 1 }).waitFor();
    await thread.getByText('typed while offline').waitFor();
  });

  it('sends an unusable session back to sign in with a reason', async () => {
    const context = await browser.newContext();
    users.push({ context, page: await context.newPage(), cspViolations: [] });
    const page = users[users.length - 1].page;
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const forged = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: 'x', role: 'agent', exp })).toString('base64url')}.bad`;
    await context.addInitScript(
      (value) => {
        if (!sessionStorage.getItem('seeded')) {
          sessionStorage.setItem('switchboard.console.session', value);
          sessionStorage.setItem('seeded', '1');
        }
      },
      JSON.stringify({
        token: forged,
        user: { id: 'x', role: 'agent', name: 'Nobody', email: 'x@example.com' },
      }),
    );
    await page.goto(`${gateway.url}/agent/`);
    await page.getByText(/session has expired/).waitFor();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('switchboard.console.session'))).toBeNull();
  });

  it('has no serious or critical accessibility violation on its main screens and dialogs (axe)', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    users.push({ context, page: await context.newPage(), cspViolations: [] });
    const signInPage = users[users.length - 1].page;
    await signInPage.goto(`${gateway.url}/agent/`);
    await signInPage.getByRole('button', { name: 'Sign in' }).waitFor();
    await expectNoSeriousAxeViolations(signInPage, 'console sign-in');

    // An agent with a conversation open: queue, my conversations, the thread, the composer, the details.
    await customer('Ada Waits', 'pro', 'Is anyone there?');
    const { conversation } = await customer('Axel Reads', 'pro', 'Where is my parcel? https://example.com/track/1');
    const agent = await openConsole('agent1@example.com');
    await queueRow(agent.page, 'Axel Reads').getByRole('button', { name: 'Grab' }).click();
    await agent.page.getByRole('heading', { name: 'Axel Reads', level: 1 }).waitFor();
    const box = agent.page.getByRole('textbox', { name: 'Message' });
    await box.fill('It is on its way.');
    await box.press('Enter');
    await agent.page.getByRole('log', { name: 'Messages' }).getByText('It is on its way.').first().waitFor();
    await expectNoSeriousAxeViolations(agent.page, 'agent screen with a conversation');

    // Each dialog of the agent screen, open over it.
    for (const [button, dialog] of [
      ['Transfer', 'Transfer conversation'],
      ['Close conversation', 'Close conversation'],
    ]) {
      await agent.page.getByRole('button', { name: button, exact: true }).click();
      await agent.page.getByRole('dialog', { name: dialog }).getByRole('button').first().waitFor();
      await expectNoSeriousAxeViolations(agent.page, `${dialog} dialog`);
      await agent.page.keyboard.press('Escape');
      await agent.page.getByRole('dialog', { name: dialog }).waitFor({ state: 'detached' });
    }
    await box.press('Escape');
    await agent.page.keyboard.press('?');
    await agent.page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await expectNoSeriousAxeViolations(agent.page, 'keyboard shortcuts dialog');
    await agent.page.keyboard.press('Escape');

    // The supervisor: the live view watching that conversation, then the accounts and an edit dialog.
    const sup = await openConsole('supervisor@example.com', '/agent/supervisor');
    await sup.page.getByRole('row', { name: `Conversation ${conversation.number} with Axel Reads` }).click();
    await sup.page
      .getByRole('region', { name: `Watching conversation ${conversation.number}` })
      .getByText('It is on its way.')
      .waitFor();
    await expectNoSeriousAxeViolations(sup.page, 'supervisor screen watching a conversation');
    await sup.page.goto(`${gateway.url}/agent/accounts`);
    const edit = sup.page.getByRole('button', { name: /^Edit / }).first();
    await edit.click();
    await sup.page.getByRole('dialog', { name: /^Edit / }).waitFor();
    await expectNoSeriousAxeViolations(sup.page, 'accounts screen with the edit dialog');
    await sup.page.keyboard.press('Escape');
    await sup.page.getByRole('dialog').waitFor({ state: 'detached' });
    await expectNoSeriousAxeViolations(sup.page, 'accounts screen');
  });
});
