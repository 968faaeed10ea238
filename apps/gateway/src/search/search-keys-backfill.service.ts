import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { searchKeys } from '@switchboard/protocol';
import type { Types } from 'mongoose';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { messageSearchKeys } from '../message-store/message.mapper';
import { MessagesRepository } from '../message-store/messages.repository';
import { UsersRepository } from '../users/users.repository';

const JOB = 'job.search-keys';
/** Bump when the tokenizer changes what it stores (then also clear the old keys). */
const VERSION = 1;
const BATCH = 500;

/**
 * Gives search keys to messages and conversations stored before search existed: once per database, in the
 * background after start-up, BATCH documents at a time in _id order (one pass), each update only where keys are
 * still missing, so several gateways running it at once or a restart half-way do no harm. Done is recorded in
 * counters (`job.search-keys`); later starts skip it. New messages and conversations get their keys when written.
 */
@Injectable()
export class SearchKeysBackfill implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Search');
  private stopped = false;
  private running: Promise<void> | null = null;

  constructor(
    private readonly messages: MessagesRepository,
    private readonly conversations: ConversationsRepository,
    private readonly users: UsersRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.running = this.run().catch((error: unknown) => {
      if (!this.stopped) this.logger.warn({ message: 'search keys backfill failed; it resumes at the next start', error: String(error) });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /** The whole job; resolves at once when it was done before. */
  async run(): Promise<void> {
    if ((await this.conversations.jobVersion(JOB)) >= VERSION) return;
    let messages = 0;
    for (let after: Types.ObjectId | null = null; !this.stopped; ) {
      const batch = await this.messages.withoutSearchKeys(after, BATCH);
      if (batch.length === 0) break;
      await this.messages.setSearchKeys(batch.map((m) => ({ id: m._id, searchKeys: messageSearchKeys(m) })));
      messages += batch.length;
      after = batch[batch.length - 1]._id;
    }
    let conversations = 0;
    for (let after: string | null = null; !this.stopped; ) {
      const batch = await this.conversations.withoutSearchKeys(after, BATCH);
      if (batch.length === 0) break;
      const customers = new Map(
        (await this.users.findByIds([...new Set(batch.map((c) => c.customerId))])).map((u) => [u._id.toHexString(), u]),
      );
      await this.conversations.setSearchKeys(
        batch.map((c) => ({ id: c._id, searchKeys: searchKeys(c.customer.name, customers.get(c.customerId)?.contactEmail) })),
      );
      conversations += batch.length;
      after = batch[batch.length - 1]._id;
    }
    if (this.stopped) return;
    await this.conversations.setJobVersion(JOB, VERSION);
    if (messages + conversations > 0) this.logger.log({ message: 'search keys backfilled', messages, conversations });
  }
}
