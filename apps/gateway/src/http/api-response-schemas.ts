import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * The 2xx answer of every REST route, as OpenAPI schemas (the answers are the protocol's TypeScript interfaces in
 * libs/protocol, which leave no trace at run time: their schemas are written here, named as the interfaces are).
 * api-docs.spec checks that every route of the app has one; the request bodies come from the DTOs themselves.
 */
type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const str: Schema = { type: 'string' };
const num: Schema = { type: 'number' };
const int: Schema = { type: 'integer' };
const bool: Schema = { type: 'boolean' };
const date: Schema = { type: 'string', format: 'date-time' };
const nullable = (schema: Schema): Schema => ({ ...schema, nullable: true });
const list = (items: Schema): Schema => ({ type: 'array', items });
const obj = (properties: Record<string, Schema>, required = Object.keys(properties)): Schema => ({
  type: 'object',
  properties,
  required,
});
const free: Schema = { type: 'object', additionalProperties: true };

const sender = obj({ id: str, type: { type: 'string', enum: ['customer', 'agent', 'system'] }, name: str });

/** Entities shared by many answers (PROTOCOL section 3 and on). */
export const ENTITY_SCHEMAS: Record<string, Schema> = {
  Attachment: obj({ id: str, name: str, mime: str, size: int, url: str }, ['id', 'name', 'mime', 'size']),
  Conversation: obj(
    {
      id: str,
      number: int,
      artificialType: {
        type: 'string',
        enum: ['open', 'serving', 'transfer_initiated', 'transferring', 'close_initiated', 'closed'],
      },
      customer: obj({ id: str, name: str, type: nullable(str), email: nullable(str) }, ['id', 'name']),
      agentId: nullable(str),
      transfer: nullable(free),
      lastSeq: int,
      lastMessage: nullable(free),
      createdAt: date,
      closedAt: nullable(date),
      rating: nullable(obj({ score: int, comment: nullable(str) })),
      labels: list(str),
    },
    ['id', 'number', 'artificialType', 'customer', 'agentId', 'lastSeq', 'createdAt'],
  ),
  Message: obj(
    {
      id: str,
      conversationId: str,
      seq: int,
      clientMsgId: nullable(str),
      sender,
      kind: { type: 'string', enum: ['text', 'image', 'file', 'system'] },
      text: nullable(str),
      attachment: nullable(ref('Attachment')),
      system: obj({ code: str, params: free }),
      createdAt: date,
      recalledAt: nullable(date),
      replyTo: nullable(free),
    },
    ['id', 'conversationId', 'seq', 'sender', 'kind', 'text', 'createdAt'],
  ),
  Note: obj({
    id: str,
    conversationId: str,
    author: obj({ id: str, name: str }),
    text: str,
    mentions: list(str),
    createdAt: date,
  }),
  Label: obj({ id: str, name: str, color: str }),
  CannedReply: obj({ id: str, shortcut: str, text: str, scope: str }, ['id', 'shortcut', 'text']),
  PublicUser: obj({ id: str, role: str, name: str, email: str, locale: nullable(str) }, [
    'id',
    'role',
    'name',
  ]),
  StaffAccount: obj(
    {
      id: str,
      name: str,
      status: str,
      serving: int,
      role: str,
      email: str,
      maxConcurrent: int,
      disabled: bool,
    },
    ['id', 'name', 'role', 'email'],
  ),
  CustomerProfile: obj({
    id: str,
    name: str,
    email: nullable(str),
    type: nullable(str),
    attributes: { type: 'object', additionalProperties: { oneOf: [str, num, bool] } },
    visitor: nullable(free),
    blocked: bool,
    createdAt: date,
    verified: bool,
  }),
  ApiTokenInfo: obj({
    id: str,
    name: str,
    role: str,
    userId: str,
    createdAt: date,
    createdBy: obj({ id: str, name: str }),
    lastUsedAt: nullable(date),
  }),
  Settings: free,
  Team: obj({ id: str, name: str, agentIds: list(str) }),
  Webhook: obj({ id: str, url: str, events: list(str), createdAt: date }),
  WebhookDelivery: obj({
    id: str,
    event: str,
    status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
    attempts: int,
    createdAt: date,
    lastAttemptAt: nullable(date),
    nextAttemptAt: nullable(date),
    lastStatusCode: nullable(int),
    lastError: nullable(str),
    responseTimeMs: nullable(num),
  }),
  ReportSummary: obj({
    conversations: int,
    closed: int,
    waitSeconds: ref('DurationStats'),
    firstResponseSeconds: ref('DurationStats'),
    resolutionSeconds: ref('DurationStats'),
    csat: obj({
      average: nullable(num),
      responses: int,
      distribution: obj({ 1: int, 2: int, 3: int, 4: int, 5: int }),
    }),
    byAgent: list(
      obj({
        agentId: str,
        name: str,
        conversations: int,
        closed: int,
        firstResponseSeconds: obj({ median: nullable(num) }),
        csat: obj({ average: nullable(num), responses: int }),
      }),
    ),
    byDay: list(
      obj({ date: str, conversations: int, closed: int, waitSeconds: obj({ median: nullable(num) }) }),
    ),
    distributions: obj({
      firstResponseSeconds: list(obj({ upToSeconds: nullable(num), conversations: int })),
      resolutionSeconds: list(obj({ upToSeconds: nullable(num), conversations: int })),
    }),
  }),
  DurationStats: obj({ median: nullable(num), p90: nullable(num) }),
  TranscriptJson: obj(
    {
      conversation: ref('Conversation'),
      messages: list(ref('Message')),
      notes: list(ref('Note')),
      generatedAt: date,
    },
    ['conversation', 'messages', 'generatedAt'],
  ),
};

const json = (schema: Schema) => ({ 'application/json': { schema } });
const bytes = { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } };
const NO_CONTENT = null;

/** Per route ("METHOD /api/path" with `{param}`), the content of its 2xx answer; null for a 204. */
export const RESPONSE_CONTENT: Record<string, Record<string, { schema: Schema }> | null> = {
  'GET /api/health': json(
    obj({
      status: { type: 'string', enum: ['ok', 'degraded'] },
      db: { type: 'string', enum: ['up', 'down'] },
      version: str,
    }),
  ),
  'POST /api/auth/customer': json(
    obj({ token: str, visitorId: str, customer: obj({ id: str, name: str, type: nullable(str) }) }),
  ),
  'POST /api/auth/login': json(obj({ token: str, user: ref('PublicUser') })),
  'POST /api/users': json(ref('PublicUser')),
  'GET /api/users': json(list(ref('StaffAccount'))),
  'GET /api/users/me': json(ref('PublicUser')),
  'PATCH /api/users/me': json(ref('PublicUser')),
  'GET /api/users/{id}': json(ref('StaffAccount')),
  'PATCH /api/users/{id}': json(ref('StaffAccount')),
  'DELETE /api/users/{id}': NO_CONTENT,
  'GET /api/conversations': json(obj({ conversations: list(ref('Conversation')), next: nullable(str) })),
  'GET /api/conversations/{id}': json(ref('Conversation')),
  'GET /api/conversations/{id}/messages': json(obj({ messages: list(ref('Message')) })),
  'POST /api/conversations/{id}/messages': json(ref('Message')),
  'POST /api/conversations/{id}/close': json(ref('Conversation')),
  'GET /api/conversations/{id}/transcript': { ...json(ref('TranscriptJson')), 'text/plain': { schema: str } },
  'GET /api/conversations/{id}/notes': json(obj({ notes: list(ref('Note')) })),
  'POST /api/attachments': json(obj({ attachment: ref('Attachment') })),
  'POST /api/attachments/{id}/link': json(obj({ url: str, expiresAt: date })),
  'GET /api/attachments/{id}': bytes,
  'GET /api/attachments/{id}/signed': bytes,
  'GET /api/supervisor/overview': json(
    obj({
      queue: obj({ open: int, transferring: int, longestWaitSeconds: num }),
      agents: list(free),
      conversations: list(free),
    }),
  ),
  'GET /api/search': json(
    obj({
      results: list(
        obj({ conversation: ref('Conversation'), matches: list(obj({ seq: int, snippet: str })) }),
      ),
    }),
  ),
  'GET /api/labels': json(obj({ labels: list(ref('Label')) })),
  'POST /api/labels': json(obj({ label: ref('Label') })),
  'DELETE /api/labels/{id}': NO_CONTENT,
  'GET /api/canned-replies': json(obj({ cannedReplies: list(ref('CannedReply')) })),
  'POST /api/canned-replies': json(obj({ cannedReply: ref('CannedReply') })),
  'PATCH /api/canned-replies/{id}': json(obj({ cannedReply: ref('CannedReply') })),
  'DELETE /api/canned-replies/{id}': NO_CONTENT,
  'POST /api/push-subscriptions': json(obj({ pushSubscription: free })),
  'GET /api/push-subscriptions': json(obj({ pushSubscriptions: list(free) })),
  'DELETE /api/push-subscriptions/{id}': NO_CONTENT,
  'GET /api/settings': json(ref('Settings')),
  'PUT /api/settings': json(ref('Settings')),
  'GET /api/widget/config': json(
    obj({ online: bool, teams: list(obj({ id: str, name: str })), preChatFields: list(free) }, ['online']),
  ),
  'GET /api/customers/blocked': json(
    obj({
      blocked: list(
        obj({
          customer: obj({ id: str, name: str, type: nullable(str) }),
          reason: str,
          blockedAt: date,
          blockedBy: obj({ id: str, name: str }),
        }),
      ),
    }),
  ),
  'GET /api/customers/{id}': json(
    obj({ customer: ref('CustomerProfile'), conversations: list(ref('Conversation')) }),
  ),
  'GET /api/customers/{id}/export': json(
    obj({
      customer: { allOf: [ref('CustomerProfile'), obj({ userId: nullable(str), block: nullable(free) })] },
      conversations: list(
        obj({ conversation: ref('Conversation'), messages: list(ref('Message')), notes: list(ref('Note')) }),
      ),
      uploads: list(obj({ id: str, name: str, mime: str, size: int, createdAt: date })),
      exportedAt: date,
    }),
  ),
  'DELETE /api/customers/{id}': json(
    obj({ customerId: str, conversations: int, messages: int, attachments: int }),
  ),
  'POST /api/tokens': json(
    obj({ id: str, token: { type: 'string', description: 'shown this once', example: 'sbt_…' } }),
  ),
  'GET /api/tokens': json(obj({ tokens: list(ref('ApiTokenInfo')) })),
  'GET /api/teams': json(obj({ teams: list(ref('Team')) })),
  'POST /api/teams': json(obj({ team: ref('Team') })),
  'PATCH /api/teams/{id}': json(obj({ team: ref('Team') })),
  'DELETE /api/teams/{id}': NO_CONTENT,
  'GET /api/reports/summary': json(ref('ReportSummary')),
  'GET /api/reports/conversations.csv': {
    'text/csv': { schema: { type: 'string', description: 'UTF-8 with BOM, RFC 4180' } },
  },
  'POST /api/widget/resume': json(
    obj({
      token: str,
      visitorId: str,
      customer: obj({ id: str, name: str, type: nullable(str) }),
      conversation: ref('Conversation'),
    }),
  ),
  'GET /api/webhooks': json(obj({ webhooks: list(ref('Webhook')) })),
  'POST /api/webhooks': json(obj({ webhook: ref('Webhook') })),
  'DELETE /api/webhooks/{id}': NO_CONTENT,
  'GET /api/webhooks/{id}/deliveries': json(obj({ deliveries: list(ref('WebhookDelivery')) })),
  'DELETE /api/tokens/{id}': NO_CONTENT,
};

/** Puts each route's answer schema into the document swagger built from the controllers (2xx status kept). */
export function addResponseSchemas(document: OpenAPIObject): void {
  document.components ??= {};
  document.components.schemas = {
    ...ENTITY_SCHEMAS,
    ...document.components.schemas,
  } as typeof document.components.schemas;
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const content = RESPONSE_CONTENT[`${method.toUpperCase()} ${path}`];
      if (content === undefined) continue; // the spec fails on it
      const status =
        Object.keys(operation.responses ?? {}).find((code) => /^2\d\d$/.test(code)) ??
        (method === 'post' ? '201' : '200');
      const previous = (operation.responses?.[status] ?? {}) as { description?: string };
      operation.responses = {
        ...operation.responses,
        [status]:
          content === null
            ? { description: previous.description || 'No content' }
            : { description: previous.description || 'OK', content },
      };
    }
  }
}
