import { Injectable } from '@nestjs/common';
import {
  LIMITS,
  QUEUED_STATES,
  type Conversation,
  type QueueListPayload,
  type QueuePage,
  type QueuePositionEvent,
} from '@switchboard/protocol';
import { toConversation } from './conversation.mapper';
import type { Principal } from '../auth/principal';
import { ConversationsRepository, type QueuedState, type QueueKey, type QueueScope } from './conversations.repository';
import { QueueRouting } from './queue-routing.service';
import type { ConversationRecord } from './schemas/conversation.schema';

const RECENT_ASSIGNMENTS = 20;
/** Queue order: every `transferring` conversation before any `open` one. */
const QUEUE_STATES: readonly QueuedState[] = ['transferring', 'open'];

export interface CustomerPosition extends QueuePositionEvent {
  customerId: string;
}

interface Cursor extends QueueKey {
  /** Index in QUEUE_STATES. */
  rank: number;
}

/** `<rank>.<queuedAt ms>.<id>`: LIMITS.queueCursorPattern, which the DTO checks before it gets here. */
function encodeCursor(c: ConversationRecord): string {
  const rank = QUEUE_STATES.indexOf(c.artificialType as QueuedState);
  return `${rank}.${c.queuedAt ? new Date(c.queuedAt).getTime() : 0}.${c._id}`;
}

function decodeCursor(after: string | null | undefined): Cursor | null {
  if (!after) return null; // null counts as absent, as for every optional field
  const [rank, ms, id] = after.split('.');
  return { rank: Number(rank), queuedAt: new Date(Number(ms)), id };
}

/** The queue: pages for agents, positions and wait estimates for waiting customers. */
@Injectable()
export class QueueService {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly routing: QueueRouting,
  ) {}

  /**
   * One page in queue order (transferring first, then open, oldest first within each) after the cursor `after`.
   * Keyset paging: a page is as cheap at the end of a long queue as at its head, and rows that leave the queue
   * meanwhile shift nothing. Only the part of the queue `viewer` sees (section 9's routing; supervisors see all).
   */
  async page(payload: QueueListPayload, viewer: Pick<Principal, 'id' | 'role'>): Promise<QueuePage> {
    const limit = payload.limit ?? LIMITS.queuePageDefault;
    const cursor = decodeCursor(payload.after);
    const scope = (await this.routing.snapshot()).scopeFor(viewer);
    // One row more than asked says whether another page follows.
    const [rows, total] = await Promise.all([
      this.rowsAfter(cursor, limit + 1, scope),
      this.conversations.countQueued(scope),
    ]);
    const page = rows.slice(0, limit);
    return {
      conversations: page.map(toConversation),
      next: rows.length > limit ? encodeCursor(page[page.length - 1]) : null,
      total,
    };
  }

  /** Up to `count` rows in queue order after `cursor`: the rest of its state, then the states after it. */
  private async rowsAfter(cursor: Cursor | null, count: number, scope: QueueScope): Promise<ConversationRecord[]> {
    const found: ConversationRecord[] = [];
    for (let rank = cursor?.rank ?? 0; rank < QUEUE_STATES.length && found.length < count; rank++) {
      const from = cursor && rank === cursor.rank ? cursor : null;
      found.push(...(await this.conversations.queueSlice(QUEUE_STATES[rank], from, count - found.length, scope)));
    }
    return found;
  }

  /** The conversation as it is now, if it still waits in the queue. */
  async waiting(id: string): Promise<Conversation | null> {
    const c = await this.conversations.findById(id);
    return c && QUEUED_STATES.includes(c.artificialType) ? toConversation(c) : null;
  }

  /**
   * Every waiting customer's position (1 is next) from one ordered read of the queue (two index scans, only
   * customerId and queuedAt read), however long it is. The estimate is the mean wait of the last 20 assignments
   * times the position; null while nothing has been assigned yet.
   */
  async positions(): Promise<CustomerPosition[]> {
    const [transferring, open, waits] = await Promise.all([
      this.conversations.queueOrder('transferring'),
      this.conversations.queueOrder('open'),
      this.conversations.recentWaits(RECENT_ASSIGNMENTS),
    ]);
    const meanWait = waits.length ? waits.reduce((a, b) => a + b, 0) / waits.length : null;
    return [...transferring, ...open].map((c, index) => ({
      customerId: c.customerId,
      conversationId: c._id,
      position: index + 1,
      estimatedWaitSeconds: meanWait === null ? null : Math.round(meanWait * (index + 1)),
    }));
  }
}
