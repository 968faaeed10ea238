import type { CustomerProfile, Visitor } from '@switchboard/protocol';
import type { UserRecord, VisitorRecord } from '../users/schemas/user.schema';

export function toVisitor(record: VisitorRecord): Visitor {
  return {
    pageUrl: record.pageUrl,
    pageTitle: record.pageTitle ?? null,
    referrer: record.referrer ?? null,
    userAgent: record.userAgent ?? null,
    language: record.language ?? null,
    timezone: record.timezone ?? null,
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
}

/** The wire shape of `GET /api/customers/:id`'s `customer` (PROTOCOL section 8). */
export function toCustomerProfile(user: UserRecord): CustomerProfile {
  return {
    id: user._id.toHexString(),
    name: user.name,
    email: user.contactEmail ?? null,
    type: user.type ?? null,
    attributes: { ...(user.attributes ?? {}) },
    visitor: user.visitor ? toVisitor(user.visitor) : null,
    blocked: Boolean(user.block),
    createdAt: new Date(user.createdAt).toISOString(),
    verified: typeof user.externalUserId === 'string',
  };
}
