// Issue 15, automatic assignment (PROTOCOL section 9, `assignment: 'auto'`): least loaded first, longest idle on a
// tie, waiting while nobody has room and assigned when room frees (a close, coming online, a raised limit), the
// team's agents first and everyone when none of them is online, queue positions while waiting, grab still allowed;
// and a race across TWO gateway processes on one store: 60 conversations, agents of different limits, nobody over
// their limit, every conversation assigned once, the least-loaded rule held, FIFO for the ones that waited.
import {
  DEFAULT_SETTINGS,
  type AgentSummary,
  type Conversation,
  type Message,
  type Overview,
  type QueuePositionEvent,
  type SyncResult,
  type TeamResponse,
} from '@switchboard/protocol';
import {
  connectAgent,
  connectCustomer,
  customerToken,
  emitOk,
  loginAs,
  startGatewayProcess,
  typedAgent,
  typedCustomer,
  waitFor,
  type GatewayProcess,
} from '@switchboard/testing';
import type { Socket } from 'socket.io-client';
import { startSharedBackends, type SharedBackends } from './support/shared-backends';
import {
  getJson,
  newAgent,
  newCustomer,
  postJson,
  requestJson,
  startWithSupervisor,
  type Staff,
  type TestGateway,
} from './support/test-gateway';

const autoSettings = { ...DEFAULT_SETTINGS, assignment: 'auto' };

/** What the least-loaded rule leaves, whatever the order: nobody is two or more below another unless at their limit. */
function expectLeastLoaded(loads: { serving: number; max: number }[]): void {
  for (const low of loads) {
    for (const high of loads) {
      if (high.serving >= low.serving + 2) expect(low.serving).toBe(low.max);
    }
  }
}

describe('automatic assignment (issue 15)', () => {
  describe('on one gateway', () => {
    let gw: TestGateway;
    let supervisor: Staff;

    beforeAll(async () => {
      ({ gw, supervisor } = await startWithSupervisor());
      const saved = await requestJson('PUT', `${gw.url}/api/settings`, autoSettings, supervisor.token);
      expect(saved.status).toBe(200);
    });
    afterAll(() => gw.close());

    const start = async (payload: { text: string; teamId?: string } = { text: 'hello' }) => {
      const customer = await newCustomer(gw);
      const conversation = await typedCustomer(customer.socket).ok('conversation.start', payload);
      return { customer, conversation };
    };
    const assignedTo = async (conversationId: string): Promise<string | null> => {
      const served = await waitFor(
        async () => {
          const c = await getJson<Conversation>(
            `${gw.url}/api/conversations/${conversationId}`,
            supervisor.token,
          );
          return c.body.artificialType === 'serving' ? c.body : null;
        },
        { what: `conversation ${conversationId} assigned`, timeoutMs: 15_000 },
      );
      return served.agentId;
    };
    const stillWaiting = async (conversationId: string) => {
      await new Promise((r) => setTimeout(r, 600)); // more than two sweeper ticks
      const c = await getJson<Conversation>(
        `${gw.url}/api/conversations/${conversationId}`,
        supervisor.token,
      );
      return c.body.artificialType === 'open' || c.body.artificialType === 'transferring';
    };
    const close = (agent: Staff, conversationId: string) =>
      typedAgent(agent.socket).ok('conversation.close', { conversationId, force: true });
    const away = async (...agents: Staff[]) => {
      for (const a of agents) await typedAgent(a.socket).ok('agent.status', { status: 'away' });
    };

    it('gives a new conversation at once to the least loaded, then the longest idle; it arrives on their sockets', async () => {
      const ana = await newAgent(gw, supervisor.token, 3);
      const bo = await newAgent(gw, supervisor.token, 3);
      const byId = new Map([
        [ana.id, ana],
        [bo.id, bo],
      ]);
      const first = await start();
      const firstAgent = byId.get((await assignedTo(first.conversation.id)) as string) as Staff;
      const other = firstAgent === ana ? bo : ana;
      // the other one has fewer now
      const arrives = typedAgent(other.socket).next(
        'conversation.updated',
        (c) => c.agentId === other.id && c.artificialType === 'serving',
      );
      const second = await start();
      expect((await arrives).id).toBe(second.conversation.id);
      const joined = await typedCustomer(second.customer.socket).ok('messages.sync', {
        conversationId: second.conversation.id,
        afterSeq: 0,
      });
      expect(joined.messages.filter((m) => m.system?.code === 'agent_joined')).toHaveLength(1);
      // both at one, then both at none: the one assigned longest ago is idle longest
      await close(firstAgent, first.conversation.id);
      await close(other, second.conversation.id);
      const third = await start();
      expect(await assignedTo(third.conversation.id)).toBe(firstAgent.id);
      await close(firstAgent, third.conversation.id);
      const fourth = await start();
      expect(await assignedTo(fourth.conversation.id)).toBe(other.id);
      await close(other, fourth.conversation.id);
      await away(ana, bo);
    });

    it('waits while nobody has room, with its queue position; assigned when one closes, comes online, or gets a higher limit', async () => {
      const cy = await newAgent(gw, supervisor.token, 1);
      const held = await start();
      expect(await assignedTo(held.conversation.id)).toBe(cy.id);

      // nobody has room: two wait, in order, each told its position
      const waitingA = await newCustomer(gw);
      const positions: QueuePositionEvent[] = [];
      waitingA.socket.on('queue.position', (p: QueuePositionEvent) => positions.push(p));
      const a = await typedCustomer(waitingA.socket).ok('conversation.start', { text: 'first in line' });
      const b = await start({ text: 'second in line' });
      expect(await stillWaiting(a.id)).toBe(true);
      expect(await stillWaiting(b.conversation.id)).toBe(true);
      await waitFor(() => positions.at(-1)?.position === 1, { what: 'position 1', timeoutMs: 5000 });
      expect(positions.at(-1)?.estimatedWaitSeconds).not.toBeNull();

      // cy closes one: the first in line is hers at once
      await close(cy, held.conversation.id);
      expect(await assignedTo(a.id)).toBe(cy.id);
      expect(await stillWaiting(b.conversation.id)).toBe(true);

      // a raised limit makes room
      const raised = await requestJson(
        'PATCH',
        `${gw.url}/api/users/${cy.id}`,
        { maxConcurrent: 2 },
        supervisor.token,
      );
      expect(raised.status).toBe(200);
      expect(await assignedTo(b.conversation.id)).toBe(cy.id);

      // an agent coming online makes room
      const dee = await newAgent(gw, supervisor.token, 1);
      await away(dee);
      const c = await start({ text: 'third in line' });
      expect(await stillWaiting(c.conversation.id)).toBe(true);
      await typedAgent(dee.socket).ok('agent.status', { status: 'online' });
      expect(await assignedTo(c.conversation.id)).toBe(dee.id);

      const users = await getJson<AgentSummary[]>(`${gw.url}/api/users?role=agent`, supervisor.token);
      expect(users.body.find((u) => u.id === cy.id)?.serving).toBe(2);
      for (const [agent, id] of [
        [cy, a.id],
        [cy, b.conversation.id],
        [dee, c.conversation.id],
      ] as const)
        await close(agent, id);
      await away(cy, dee);
    });

    it("gives a team's conversation to its agents only, waiting when they are full; to anyone when none is online", async () => {
      const member = await newAgent(gw, supervisor.token, 1);
      const outsider = await newAgent(gw, supervisor.token, 5);
      const team = (
        await postJson<TeamResponse>(
          `${gw.url}/api/teams`,
          { name: 'Auto team', agentIds: [member.id] },
          supervisor.token,
        )
      ).body.team;
      const one = await start({ text: 'team 1', teamId: team.id });
      expect(await assignedTo(one.conversation.id)).toBe(member.id);
      const two = await start({ text: 'team 2', teamId: team.id });
      expect(await stillWaiting(two.conversation.id)).toBe(true); // the outsider has room, but the team has an agent online
      // a team-less one behind it goes to the outsider: a full team does not hold up the others
      const teamless = await start({ text: 'no team' });
      expect(await assignedTo(teamless.conversation.id)).toBe(outsider.id);
      // the member goes away: nobody of the team is online, so anyone may have it
      await away(member);
      expect(await assignedTo(two.conversation.id)).toBe(outsider.id);
      await close(member, one.conversation.id);
      await close(outsider, two.conversation.id);
      await close(outsider, teamless.conversation.id);
      await away(outsider);
    });

    it('still lets agents grab: a conversation returned to the queue is assigned again, or grabbed', async () => {
      const ed = await newAgent(gw, supervisor.token, 2);
      const one = await start();
      expect(await assignedTo(one.conversation.id)).toBe(ed.id);
      // ed hands it back to the queue: the only agent with room is ed, who gets it again
      await typedAgent(ed.socket).ok('conversation.transfer', {
        conversationId: one.conversation.id,
        note: 'back',
      });
      expect(await assignedTo(one.conversation.id)).toBe(ed.id);
      // in auto mode grab still answers by the table (here: already taken)
      const grabbed = await typedAgent(ed.socket).ack('conversation.grab', {
        conversationId: one.conversation.id,
      });
      expect(grabbed).toMatchObject({ ok: false, error: { code: 'conflict' } });
      await close(ed, one.conversation.id);
      await away(ed);
    });
  });

  describe('across two gateway processes on one store', () => {
    let backends: SharedBackends;
    let nodes: GatewayProcess[];
    const sockets: Socket[] = [];
    jest.setTimeout(600_000);

    beforeAll(async () => {
      backends = await startSharedBackends();
      nodes = await Promise.all(
        [0, 1].map(() => startGatewayProcess({ env: backends.env, startTimeoutMs: 90_000 })),
      );
    });
    afterAll(async () => {
      for (const s of sockets) s.close();
      await Promise.all((nodes ?? []).map((n) => n.stop()));
      await backends?.stop();
    });

    it('60 conversations, six agents of different limits: nobody over their limit, each assigned once, least loaded, FIFO', async () => {
      const [a, b] = nodes;
      const supervisor = await loginAs(a.url, 'supervisor@example.com', a.demoPassword);
      expect((await requestJson('PUT', `${a.url}/api/settings`, autoSettings, supervisor.token)).status).toBe(
        200,
      );
      const limits = [1, 2, 3, 5, 8, 10]; // 29 slots for 60 conversations
      const agents: { id: string; token: string; max: number; socket: Socket }[] = [];
      for (const [i, max] of limits.entries()) {
        const email = `race-${i}@example.com`;
        const made = await postJson(
          `${a.url}/api/users`,
          { email, name: `Racer ${i}`, role: 'agent', password: 'race-password-1', maxConcurrent: max },
          supervisor.token,
        );
        expect(made.status).toBe(201);
        const login = await loginAs(a.url, email, 'race-password-1');
        // half of them on each gateway
        const socket = await connectAgent(nodes[i % 2].url, login.token);
        sockets.push(socket);
        agents.push({ id: login.user.id, token: login.token, max, socket });
      }
      const loads = async () => {
        const users = await getJson<AgentSummary[]>(`${b.url}/api/users?role=agent`, supervisor.token);
        return agents.map((agent) => ({
          id: agent.id,
          max: agent.max,
          serving: users.body.find((u) => u.id === agent.id)?.serving ?? -1,
        }));
      };

      // 60 customers at once, alternating gateways
      const customers = await Promise.all(
        Array.from({ length: 60 }, async (_, i) => {
          const node = nodes[i % 2];
          const visitor = await customerToken(node.url, { name: `Customer ${i}` });
          const socket = await connectCustomer(node.url, visitor.token);
          sockets.push(socket);
          const conversation = await emitOk<Conversation>(
            socket,
            'conversation.start',
            { text: `question ${i}` },
            15_000,
          );
          return { socket, conversation };
        }),
      );
      const ids = customers.map((c) => c.conversation.id);
      const read = (id: string) =>
        getJson<Conversation>(`${a.url}/api/conversations/${id}`, supervisor.token).then((r) => r.body);
      const all = () => Promise.all(ids.map(read));
      // one request per poll: the overview lists every live conversation
      const serving = async () =>
        (
          await getJson<Overview>(`${b.url}/api/supervisor/overview`, supervisor.token)
        ).body.conversations.filter((c) => c.artificialType === 'serving').length;
      await waitFor(async () => (await serving()) === 29, {
        what: 'every slot filled',
        timeoutMs: 120_000,
        intervalMs: 500,
      });
      await new Promise((r) => setTimeout(r, 1000)); // a few more ticks on both: nothing more may happen
      let state = await all();
      expect(state.filter((c) => c.artificialType === 'serving')).toHaveLength(29);
      expect(state.filter((c) => c.artificialType === 'open')).toHaveLength(31);
      let now = await loads();
      for (const l of now) expect(l.serving).toBe(l.max);
      // each conversation's assignee holds it, and the agents' counters agree with the conversations
      for (const agent of agents) {
        expect(state.filter((c) => c.agentId === agent.id)).toHaveLength(agent.max);
      }
      // the oldest were served first (FIFO by queue order): the waiting ones are the latest to arrive
      const byQueue = [...state].sort(
        (x, y) => +new Date(x.queuedAt as string) - +new Date(y.queuedAt as string) || (x.id < y.id ? -1 : 1),
      );
      const lastServed = byQueue.map((c) => c.artificialType).lastIndexOf('serving');
      const firstWaiting = byQueue.map((c) => c.artificialType).indexOf('open');
      expect(lastServed).toBeLessThan(firstWaiting);

      // the least-loaded rule at each step: replay the assignments in the order they were made (within one
      // millisecond the order is unknown: the lowest-loaded of that instant first)
      const replay = new Map(agents.map((agent) => [agent.id, 0]));
      const lowestWithRoom = () =>
        Math.min(
          ...agents
            .filter((agent) => (replay.get(agent.id) as number) < agent.max)
            .map((agent) => replay.get(agent.id) as number),
        );
      const instants = new Map<number, Conversation[]>();
      for (const c of state.filter((x) => x.assignedAt)) {
        const at = +new Date(c.assignedAt as string);
        instants.set(at, [...(instants.get(at) ?? []), c]);
      }
      for (const at of [...instants.keys()].sort((x, y) => x - y)) {
        const group = [...(instants.get(at) as Conversation[])];
        while (group.length > 0) {
          group.sort(
            (x, y) =>
              (replay.get(x.agentId as string) as number) - (replay.get(y.agentId as string) as number),
          );
          const c = group.shift() as Conversation;
          const load = replay.get(c.agentId as string) as number;
          expect(load).toBe(lowestWithRoom());
          replay.set(c.agentId as string, load + 1);
        }
      }

      // everyone closes half of what they hold, on both gateways at once: the waiting ones fill the room, in order
      const closing = agents.flatMap((agent) =>
        state
          .filter((c) => c.agentId === agent.id)
          .slice(0, Math.ceil(agent.max / 2))
          .map((c) =>
            emitOk(agent.socket, 'conversation.close', { conversationId: c.id, force: true }, 15_000),
          ),
      );
      const freed = closing.length;
      await Promise.all(closing);
      await waitFor(async () => (await serving()) === 29, {
        what: 'the freed slots filled again',
        timeoutMs: 120_000,
        intervalMs: 500,
      });
      await new Promise((r) => setTimeout(r, 1000));
      state = await all();
      now = await loads();
      for (const l of now) expect(l.serving).toBe(l.max);
      expect(state.filter((c) => c.artificialType === 'open')).toHaveLength(31 - freed);
      const waitingBefore = byQueue.filter((c) => c.artificialType === 'open').map((c) => c.id);
      const servedNow = new Set(state.filter((c) => c.artificialType === 'serving').map((c) => c.id));
      expect(waitingBefore.slice(0, freed).every((id) => servedNow.has(id))).toBe(true);
      expect(waitingBefore.slice(freed).some((id) => servedNow.has(id))).toBe(false);

      // each conversation was assigned exactly once: one agent_joined, one participant
      for (const { socket, conversation } of customers) {
        const sync = await emitOk<SyncResult>(
          socket,
          'messages.sync',
          { conversationId: conversation.id, afterSeq: 0 },
          15_000,
        );
        const joins = sync.messages.filter((m: Message) => m.system?.code === 'agent_joined');
        const c = state.find((x) => x.id === conversation.id) as Conversation;
        expect(joins).toHaveLength(c.assignedAt ? 1 : 0);
      }
      expectLeastLoaded(now);
    });
  });
});
