import { Injectable } from '@nestjs/common';
import type { QueuePositionEvent } from '@switchboard/protocol';
import { ConversationsRepository } from './conversations.repository';

const RECENT_ASSIGNMENTS = 20;

export interface CustomerPosition extends QueuePositionEvent {
  customerId: string;
}

/** Queue positions and wait estimates for waiting customers. */
@Injectable()
export class QueueService {
  constructor(private readonly conversations: ConversationsRepository) {}

  /**
   * Position 1 is next (transferring before open, oldest first). The estimate is the mean wait of the last
   * 20 assignments times the position; null while nothing has been assigned yet.
   */
  async positions(): Promise<CustomerPosition[]> {
    const [queue, waits] = await Promise.all([
      this.conversations.listQueue(),
      this.conversations.recentWaits(RECENT_ASSIGNMENTS),
    ]);
    const meanWait = waits.length ? waits.reduce((a, b) => a + b, 0) / waits.length : null;
    return queue.map((c, index) => ({
      customerId: c.customerId,
      conversationId: c._id,
      position: index + 1,
      estimatedWaitSeconds: meanWait === null ? null : Math.round(meanWait * (index + 1)),
    }));
  }
}
