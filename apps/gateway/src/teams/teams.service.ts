import { Injectable } from '@nestjs/common';
import { isLive, teamKey, TEAM_LIMITS, type Team } from '@switchboard/protocol';
import type { CreateTeamDto, UpdateTeamDto } from '@switchboard/protocol/dto';
import { badRequest, conflict, isDuplicateKeyError, notFound } from '../common/domain-error';
import { toConversation } from '../conversations/conversation.mapper';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { DomainEventsService } from '../events/domain-events.service';
import { UsersRepository } from '../users/users.repository';
import type { TeamRecord } from './schemas/team.schema';
import { TeamsRepository } from './teams.repository';

export const toTeam = (record: TeamRecord): Team => ({
  id: record._id.toHexString(),
  name: record.name,
  agentIds: [...record.agentIds],
});

/**
 * The teams (section 9): supervisors keep them; names are unique case-insensitively, members are agent accounts
 * that exist and are enabled. A change of a team's members or its deletion changes routing: it is announced as
 * `team.changed` for the realtime layer to move queue rows between agents. A deleted team's conversations become
 * team-less (they go back to everyone's queue).
 */
@Injectable()
export class TeamsService {
  constructor(
    private readonly teams: TeamsRepository,
    private readonly users: UsersRepository,
    private readonly conversations: ConversationsRepository,
    private readonly events: DomainEventsService,
  ) {}

  async list(): Promise<Team[]> {
    return (await this.teams.list()).map(toTeam);
  }

  async create(dto: CreateTeamDto): Promise<Team> {
    const name = dto.name.trim();
    const agentIds = await this.checkedAgents(dto.agentIds);
    if ((await this.teams.count()) >= TEAM_LIMITS.setMax)
      throw conflict(`there are already ${TEAM_LIMITS.setMax} teams`);
    const created = await this.named(name, () => this.teams.create({ name, key: teamKey(name), agentIds }));
    this.events.publish({
      type: 'team.changed',
      teamId: created._id.toHexString(),
      before: [],
      after: created.agentIds,
    });
    return toTeam(created);
  }

  async update(id: string, dto: UpdateTeamDto): Promise<Team> {
    const before = await this.teams.findById(id);
    if (!before) throw notFound('team');
    const changes: { name?: string; key?: string; agentIds?: string[] } = {};
    if (dto.name !== undefined) {
      changes.name = dto.name.trim();
      changes.key = teamKey(changes.name);
    }
    if (dto.agentIds !== undefined) changes.agentIds = await this.checkedAgents(dto.agentIds);
    const after = await this.named(changes.name ?? before.name, () => this.teams.update(id, changes));
    if (!after) throw notFound('team');
    this.events.publish({ type: 'team.changed', teamId: id, before: before.agentIds, after: after.agentIds });
    return toTeam(after);
  }

  async delete(id: string): Promise<void> {
    const deleted = await this.teams.delete(id);
    if (!deleted) throw notFound('team');
    for (const conversationId of await this.conversations.clearTeam(id)) {
      const c = await this.conversations.findById(conversationId);
      if (!c || !isLive(c.artificialType)) continue;
      this.events.publish({
        type: 'conversation.changed',
        conversation: toConversation(c),
        previous: {
          artificialType: c.artificialType,
          agentId: c.agentId,
          transferToAgentId: c.transfer?.toAgentId ?? null,
        },
      });
    }
    this.events.publish({ type: 'team.changed', teamId: id, before: deleted.agentIds, after: null });
  }

  /** The same ids once each, in the order given; every one an enabled agent account, or a bad_request naming them. */
  private async checkedAgents(ids: readonly string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    const found = new Set(
      (await this.users.findByIds(unique))
        .filter((u) => u.role === 'agent' && !u.disabled && !u.deletedAt)
        .map((u) => u._id.toHexString()),
    );
    const unknown = unique.filter((id) => !found.has(id));
    if (unknown.length > 0) {
      throw badRequest(`unknown agents: ${unknown.join(', ')}`, [
        { field: 'agentIds', errors: unknown.map((id) => `${id} is not an agent`) },
      ]);
    }
    return unique;
  }

  private async named<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isDuplicateKeyError(error)) throw conflict(`a team named "${name}" exists`);
      throw error;
    }
  }
}
