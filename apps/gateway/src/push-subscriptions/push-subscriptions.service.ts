import { Injectable } from '@nestjs/common';
import {
  PUSH_SUBSCRIPTION_LIMITS,
  type PushSubscriptionRequest,
  type PushSubscriptionSummary,
} from '@switchboard/protocol';
import type { Principal } from '../auth/principal';
import { notFound } from '../common/domain-error';
import { PushSubscriptionsRepository } from './push-subscriptions.repository';
import type { PushSubscriptionRecord } from './schemas/push-subscription.schema';

function toSummary(record: PushSubscriptionRecord): PushSubscriptionSummary {
  return {
    id: record._id.toHexString(),
    endpoint: record.endpoint,
    expirationTime: record.expirationTime ? record.expirationTime.toISOString() : null,
    createdAt: record.createdAt.toISOString(),
  };
}

/**
 * Web Push subscriptions of the staff: each browser's subscription belongs to whoever stored it last, a person
 * keeps at most PUSH_SUBSCRIPTION_LIMITS.perUser of them (the oldest go), and only they may list or remove theirs.
 * Sending is a deployment's addition (docs/agent-console.md): `subscriptionsOf` is what a sender reads.
 */
@Injectable()
export class PushSubscriptionsService {
  constructor(private readonly subscriptions: PushSubscriptionsRepository) {}

  async subscribe(caller: Principal, request: PushSubscriptionRequest): Promise<PushSubscriptionSummary> {
    const saved = await this.subscriptions.save({
      userId: caller.id,
      endpoint: request.endpoint,
      p256dh: request.keys.p256dh,
      auth: request.keys.auth,
      expirationTime: typeof request.expirationTime === 'number' ? new Date(request.expirationTime) : null,
    });
    const mine = await this.subscriptions.listFor(caller.id);
    await this.subscriptions.deleteMany(
      mine.slice(PUSH_SUBSCRIPTION_LIMITS.perUser).map((s) => s._id),
      caller.id,
    );
    return toSummary(saved);
  }

  async list(caller: Principal): Promise<PushSubscriptionSummary[]> {
    return (await this.subscriptions.listFor(caller.id)).map(toSummary);
  }

  async remove(caller: Principal, id: string): Promise<void> {
    // Someone else's subscription is answered like a missing one.
    if (!(await this.subscriptions.delete(id, caller.id))) throw notFound('push subscription');
  }

  /** Everything a Web Push sender needs for one person's browsers. */
  subscriptionsOf(userId: string): Promise<PushSubscriptionRecord[]> {
    return this.subscriptions.listFor(userId);
  }
}
