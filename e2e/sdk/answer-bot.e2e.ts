// Issue 16: libs/client as an installable package, exercised as an integrator would: its CommonJS and ESM builds
// load through the package's `exports`, and the README's example bot (libs/client/examples/answer-bot.mjs, run with
// node on the ESM build) answers a customer in a conversation assigned to it, through the REST API and an API token.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { CLIENT_EVENTS, type Conversation, type CreateApiTokenResponse, type Message } from '@switchboard/protocol';
import {
  connectAgent,
  connectCustomer,
  customerToken,
  emitOk,
  findRepoRoot,
  loginAs,
  nextEvent,
  startGatewayProcess,
  type GatewayProcess,
} from '@switchboard/testing';
import type { Socket } from 'socket.io-client';

const run = promisify(execFile);
const root = findRepoRoot();
const BOT = path.join(root, 'libs/client/examples/answer-bot.mjs');

describe('client package and its example bot', () => {
  let gateway: GatewayProcess;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    gateway = await startGatewayProcess({ startTimeoutMs: 90_000 });
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await gateway?.stop();
  });

  it('loads as CommonJS and as ESM through its exports', async () => {
    const cjs = await run(process.execPath, ['-e', "const c = require('@switchboard/client'); console.log(typeof c.SwitchboardClient, typeof c.apiRequest)"], { cwd: root });
    expect(cjs.stdout.trim()).toBe('function function');
    const esm = await run(
      process.execPath,
      ['--input-type=module', '-e', "import { SwitchboardClient, apiRequest } from '@switchboard/client'; console.log(typeof SwitchboardClient, typeof apiRequest)"],
      { cwd: root },
    );
    expect(esm.stdout.trim()).toBe('function function');
  });

  it('runs the example bot, which answers the customer in the conversation assigned to it', async () => {
    const supervisor = await loginAs(gateway.url, 'supervisor@example.com', gateway.demoPassword);
    const made = await fetch(`${gateway.url}/api/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${supervisor.token}` },
      body: JSON.stringify({ name: 'Hours bot', role: 'agent' }),
    });
    const { id, token } = (await made.json()) as CreateApiTokenResponse;
    const listed = (await (await fetch(`${gateway.url}/api/tokens`, { headers: { authorization: `Bearer ${supervisor.token}` } })).json()) as {
      tokens: Array<{ id: string; userId: string }>;
    };
    const botUserId = listed.tokens.find((t) => t.id === id)!.userId;

    const auth = await customerToken(gateway.url, { name: 'Rita' });
    const customer = await connectCustomer(gateway.url, auth.token);
    sockets.push(customer);
    const conversation = await emitOk<Conversation>(customer, CLIENT_EVENTS.conversationStart, { text: 'What are your opening hours?' });
    const supSocket = await connectAgent(gateway.url, supervisor.token);
    sockets.push(supSocket);
    await emitOk(supSocket, CLIENT_EVENTS.conversationAssign, { conversationId: conversation.id, agentId: botUserId });

    const answer = nextEvent<Message>(customer, 'message.new', (m) => m.sender.type === 'agent', 20_000);
    const env = { ...process.env, SWITCHBOARD_URL: gateway.url, SWITCHBOARD_TOKEN: token };
    const first = await run(process.execPath, [BOT, '--once'], { env, cwd: root });
    expect(first.stdout).toContain('answer bot signed in as Hours bot');
    expect(first.stdout).toContain('answered 1 conversation(s)');
    expect(await answer).toMatchObject({ text: 'We are open Monday to Friday, 9:00 to 18:00.', sender: { name: 'Hours bot' } });
    // a second pass finds nothing new to answer
    const second = await run(process.execPath, [BOT, '--once'], { env, cwd: root });
    expect(second.stdout).not.toContain('answered');
  });
});
