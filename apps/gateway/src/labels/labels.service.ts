import { Injectable } from '@nestjs/common';
import {
  isLive,
  labelKey,
  LABEL_LIMITS,
  LABEL_PALETTE,
  uniqueLabelNames,
  type Conversation,
  type Label,
} from '@switchboard/protocol';
import type { CreateLabelDto, LabelConversationDto } from '@switchboard/protocol/dto';
import type { SocketUser } from '../auth/principal';
import { badRequest, conflict, isDuplicateKeyError, notFound, refused } from '../common/domain-error';
import { toConversation } from '../conversations/conversation.mapper';
import { ConversationsRepository } from '../conversations/conversations.repository';
import type { ConversationRecord } from '../conversations/schemas/conversation.schema';
import { DomainEventsService } from '../events/domain-events.service';
import { LabelsRepository } from './labels.repository';
import type { LabelRecord } from './schemas/label.schema';

const toLabel = (record: LabelRecord): Label => ({ id: record._id.toHexString(), name: record.name, color: record.color });

/** The first palette colour the set uses least, so new labels look different until the palette runs out. */
export function leastUsedColor(used: readonly string[]): string {
  const uses = (color: string) => used.filter((c) => c.toLowerCase() === color).length;
  return LABEL_PALETTE.reduce<string>((best, color) => (uses(color) < uses(best) ? color : best), LABEL_PALETTE[0]);
}

/**
 * The label set (supervisors keep it) and a conversation's labels (its assignee or a supervisor sets them). Labels
 * are not a state transition: setting them is one update, announced as conversation.updated to whoever sees it.
 */
@Injectable()
export class LabelsService {
  constructor(
    private readonly labels: LabelsRepository,
    private readonly conversations: ConversationsRepository,
    private readonly events: DomainEventsService,
  ) {}

  async list(): Promise<Label[]> {
    return (await this.labels.list()).map(toLabel);
  }

  async create(dto: CreateLabelDto): Promise<Label> {
    const name = dto.name.trim();
    const existing = await this.labels.list();
    if (existing.length >= LABEL_LIMITS.setMax) throw conflict(`the label set is full (${LABEL_LIMITS.setMax})`);
    const color = (dto.color ?? leastUsedColor(existing.map((l) => l.color))).toLowerCase();
    try {
      return toLabel(await this.labels.create({ name, key: labelKey(name), color }));
    } catch (error) {
      if (isDuplicateKeyError(error)) throw conflict(`a label named "${name}" exists`);
      throw error;
    }
  }

  /** Deletes a label and takes it off every conversation; the live ones are announced. */
  async delete(id: string): Promise<void> {
    const deleted = await this.labels.delete(id);
    if (!deleted) throw notFound('label');
    for (const conversationId of await this.conversations.pullLabel(deleted.name)) {
      const c = await this.conversations.findById(conversationId);
      if (c && isLive(c.artificialType)) this.announce(c);
    }
  }

  /** conversation.label: the whole list, by names of the set (duplicates collapsed, spelled as in the set). */
  async setConversationLabels(actor: SocketUser, dto: LabelConversationDto): Promise<Conversation> {
    const c = await this.conversations.findById(dto.conversationId);
    if (!c) throw notFound('conversation');
    if (actor.role !== 'supervisor' && c.agentId !== actor.id) {
      throw refused('forbidden', 'not_assignee', 'only the assignee or a supervisor may label this conversation');
    }
    const wanted = uniqueLabelNames(dto.labels);
    const found = new Map((await this.labels.findByKeys(wanted.map(labelKey))).map((l) => [l.key, l.name]));
    const unknown = wanted.filter((name) => !found.has(labelKey(name)));
    if (unknown.length > 0) {
      throw badRequest(`unknown labels: ${unknown.join(', ')}`, [
        { field: 'labels', errors: unknown.map((name) => `${name} is not in the label set`) },
      ]);
    }
    const updated = await this.conversations.setLabels(c._id, wanted.map((name) => found.get(labelKey(name)) as string));
    if (!updated) throw notFound('conversation');
    return this.announce(updated);
  }

  private announce(c: ConversationRecord): Conversation {
    const conversation = toConversation(c);
    this.events.publish({
      type: 'conversation.changed',
      conversation,
      previous: { artificialType: c.artificialType, agentId: c.agentId, transferToAgentId: c.transfer?.toAgentId ?? null },
    });
    return conversation;
  }
}
