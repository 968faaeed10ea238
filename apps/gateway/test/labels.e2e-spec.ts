// Issue 14, slice "labels": the label set (GET/POST/DELETE /api/labels), conversation.label, and the labels in the
// Conversation and the supervisor's Overview. Real gateway, real sockets.
import { getModelToken } from '@nestjs/mongoose';
import {
  LABEL_PALETTE,
  type Conversation,
  type Label,
  type LabelListResponse,
  type LabelResponse,
  type Overview,
} from '@switchboard/protocol';
import { typedAgent, typedCustomer } from '@switchboard/testing';
import type { Model } from 'mongoose';
import { ConversationRecord } from '../src/conversations/schemas/conversation.schema';
import {
  customerWithConversation,
  getJson,
  newAgent,
  postJson,
  requestJson,
  startWithSupervisor,
  type Staff,
  type TestGateway,
} from './support/test-gateway';

describe('labels (issue 14)', () => {
  let gw: TestGateway;
  let supervisor: Staff;
  let ana: Staff;
  let bo: Staff;

  beforeAll(async () => {
    ({ gw, supervisor } = await startWithSupervisor());
    ana = await newAgent(gw, supervisor.token);
    bo = await newAgent(gw, supervisor.token);
  });
  afterAll(() => gw.close());

  const createLabel = (body: unknown, token = supervisor.token) =>
    postJson<LabelResponse & { message: string | string[]; statusCode: number }>(`${gw.url}/api/labels`, body, token);

  /** A conversation Ana serves, with its customer's socket. */
  async function servedByAna() {
    const { customer, conversation } = await customerWithConversation(gw, 'hello');
    await typedAgent(ana.socket).ok('conversation.grab', { conversationId: conversation.id });
    return { customer, conversation };
  }

  describe('the label set', () => {
    it('lets supervisors add labels, with a colour or one from the palette, trimmed', async () => {
      const billing = await createLabel({ name: '  Billing ', color: '#0E7490' });
      expect(billing.status).toBe(201);
      expect(billing.body.label).toEqual({ id: expect.stringMatching(/^[0-9a-f]{24}$/), name: 'Billing', color: '#0e7490' });
      const vip = await createLabel({ name: 'VIP' });
      expect(vip.status).toBe(201);
      expect(LABEL_PALETTE).toContain(vip.body.label.color);
      const next = await createLabel({ name: '退款' });
      expect(next.body.label.name).toBe('退款');
      // the palette's least used colour: a second default differs from the first
      expect(next.body.label.color).not.toBe(vip.body.label.color);
    });

    it('answers the set to agents and supervisors, by name', async () => {
      for (const token of [ana.token, supervisor.token]) {
        const listed = await getJson<LabelListResponse>(`${gw.url}/api/labels`, token);
        expect(listed.status).toBe(200);
        expect(listed.body.labels.map((l) => l.name)).toEqual(['Billing', 'VIP', '退款']);
        for (const label of listed.body.labels) expect(Object.keys(label).sort()).toEqual(['color', 'id', 'name']);
      }
    });

    it('refuses a name taken in any case with 409', async () => {
      const again = await createLabel({ name: 'billing' });
      expect(again.status).toBe(409);
      expect(String(again.body.message)).toContain('exists');
      expect((await createLabel({ name: ' VIP ' })).status).toBe(409);
    });

    it.each([
      ['no name', {}],
      ['an empty name', { name: '   ' }],
      ['a name of 41 characters', { name: 'x'.repeat(41) }],
      ['a number for a name', { name: 7 }],
      ['a colour that is not #rrggbb', { name: 'Red', color: 'red' }],
      ['a short colour', { name: 'Red', color: '#f00' }],
      ['an unknown field', { name: 'Red', id: 'x' }],
      ['an operator', { name: { $ne: '' } }],
    ])('refuses %s with 400', async (_what, body) => {
      const refused = await createLabel(body);
      expect(refused.status).toBe(400);
      expect(refused.body.statusCode).toBe(400);
    });

    it('is managed by supervisors only, and read by staff only', async () => {
      expect((await createLabel({ name: 'Agents cannot' }, ana.token)).status).toBe(403);
      const { customer } = await customerWithConversation(gw);
      expect((await getJson(`${gw.url}/api/labels`, customer.token)).status).toBe(403);
      expect((await getJson(`${gw.url}/api/labels`)).status).toBe(401);
      const some = (await getJson<LabelListResponse>(`${gw.url}/api/labels`, ana.token)).body.labels[0];
      expect((await requestJson('DELETE', `${gw.url}/api/labels/${some.id}`, undefined, ana.token)).status).toBe(403);
      expect((await requestJson('DELETE', `${gw.url}/api/labels/not-an-id`, undefined, supervisor.token)).status).toBe(400);
      expect(
        (await requestJson('DELETE', `${gw.url}/api/labels/${'0'.repeat(24)}`, undefined, supervisor.token)).status,
      ).toBe(404);
    });
  });

  describe('conversation.label', () => {
    it('sets the labels as the assignee: duplicates collapsed, spelled as in the set, and everyone is told', async () => {
      const { customer, conversation } = await servedByAna();
      const customerHears = typedCustomer(customer.socket).next('conversation.updated', (c) => c.labels.length > 0);
      const supervisorHears = typedAgent(supervisor.socket).next(
        'conversation.updated',
        (c) => c.id === conversation.id && c.labels.length > 0,
      );
      const labelled = await typedAgent(ana.socket).ok('conversation.label', {
        conversationId: conversation.id,
        labels: ['vip', 'Billing', 'VIP', ' billing '],
      });
      expect(labelled.id).toBe(conversation.id);
      expect(labelled.labels).toEqual(['VIP', 'Billing']);
      // not a transition: the state, assignee and history are as they were
      expect(labelled.artificialType).toBe('serving');
      expect(labelled.agentId).toBe(ana.id);
      expect((await customerHears).labels).toEqual(['VIP', 'Billing']);
      expect((await supervisorHears).labels).toEqual(['VIP', 'Billing']);
      const read = await getJson<Conversation>(`${gw.url}/api/conversations/${conversation.id}`, ana.token);
      expect(read.body.labels).toEqual(['VIP', 'Billing']);
      expect(read.body.lastSeq).toBe(conversation.lastSeq + 1); // only the grab's system message was added

      const overview = await getJson<Overview>(`${gw.url}/api/supervisor/overview`, supervisor.token);
      expect(overview.body.conversations.find((c) => c.id === conversation.id)?.labels).toEqual(['VIP', 'Billing']);

      const cleared = await typedAgent(ana.socket).ok('conversation.label', { conversationId: conversation.id, labels: [] });
      expect(cleared.labels).toEqual([]);
    });

    it('lets a supervisor label any conversation, a queued one too', async () => {
      const { conversation } = await customerWithConversation(gw);
      const agentsHear = typedAgent(bo.socket).next('conversation.updated', (c) => c.id === conversation.id && c.labels.length > 0);
      const labelled = await typedAgent(supervisor.socket).ok('conversation.label', {
        conversationId: conversation.id,
        labels: ['退款'],
      });
      expect(labelled.labels).toEqual(['退款']);
      expect(labelled.artificialType).toBe('open');
      expect((await agentsHear).labels).toEqual(['退款']); // every agent sees a queued conversation
    });

    it('refuses other agents, unknown names, unknown conversations and malformed payloads', async () => {
      const { conversation } = await servedByAna();
      const notMine = await typedAgent(bo.socket).ack('conversation.label', { conversationId: conversation.id, labels: ['VIP'] });
      expect(notMine).toMatchObject({ ok: false, error: { code: 'forbidden', details: { reason: 'not_assignee' } } });

      const unknown = await typedAgent(ana.socket).ack('conversation.label', {
        conversationId: conversation.id,
        labels: ['VIP', 'Nope'],
      });
      expect(unknown).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      expect(JSON.stringify(unknown)).toContain('Nope');

      const missing = await typedAgent(ana.socket).ack('conversation.label', { conversationId: '0'.repeat(24), labels: [] });
      expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });

      for (const payload of [
        { conversationId: conversation.id },
        { conversationId: conversation.id, labels: 'VIP' },
        { conversationId: conversation.id, labels: [1] },
        { conversationId: conversation.id, labels: ['x'.repeat(41)] },
        { conversationId: conversation.id, labels: Array.from({ length: 21 }, (_, i) => `l${i}`) },
        { conversationId: { $ne: '' }, labels: [] },
        { conversationId: conversation.id, labels: [], extra: true },
      ]) {
        const answer = await ana.socket.timeout(5000).emitWithAck('conversation.label', payload);
        expect(answer).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      }
      const still = await getJson<Conversation>(`${gw.url}/api/conversations/${conversation.id}`, ana.token);
      expect(still.body.labels).toEqual([]);
    });

    it('is not for customers', async () => {
      const { customer, conversation } = await customerWithConversation(gw);
      const answer = await customer.socket.timeout(5000).emitWithAck('conversation.label', {
        conversationId: conversation.id,
        labels: [],
      });
      expect(answer).toMatchObject({ ok: false, error: { code: 'bad_request', message: 'unknown event' } });
    });
  });

  it('reads a conversation stored before labels existed as having none', async () => {
    const { conversation } = await customerWithConversation(gw);
    const model = gw.app.get<Model<ConversationRecord>>(getModelToken(ConversationRecord.name));
    await model.collection.updateOne({ _id: conversation.id as never }, { $unset: { labels: '' } });
    const read = await getJson<Conversation>(`${gw.url}/api/conversations/${conversation.id}`, supervisor.token);
    expect(read.body.labels).toEqual([]);
  });

  it('deletes a label from the set and from every conversation, announcing the live ones', async () => {
    const gone = (await createLabel({ name: 'Temporary' })).body.label;
    const { customer, conversation } = await servedByAna();
    await typedAgent(ana.socket).ok('conversation.label', { conversationId: conversation.id, labels: ['Temporary', 'VIP'] });
    const told = typedCustomer(customer.socket).next('conversation.updated', (c) => !c.labels.includes('Temporary'));
    const deleted = await requestJson('DELETE', `${gw.url}/api/labels/${gone.id}`, undefined, supervisor.token);
    expect(deleted.status).toBe(204);
    expect((await told).labels).toEqual(['VIP']);
    const names = (await getJson<LabelListResponse>(`${gw.url}/api/labels`, ana.token)).body.labels.map((l: Label) => l.name);
    expect(names).not.toContain('Temporary');
    const read = await getJson<Conversation>(`${gw.url}/api/conversations/${conversation.id}`, ana.token);
    expect(read.body.labels).toEqual(['VIP']);
    // a deleted label can no longer be set
    const refused = await typedAgent(ana.socket).ack('conversation.label', {
      conversationId: conversation.id,
      labels: ['Temporary'],
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });
});
