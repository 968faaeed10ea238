import { Injectable } from '@nestjs/common';
import type { Role } from '@switchboard/protocol';
import { TeamsRepository } from '../teams/teams.repository';
import type { TeamRecord } from '../teams/schemas/team.schema';
import { UsersRepository, type OnlineAgent } from '../users/users.repository';
import { PRESENCE_STALE_MS } from '../users/users.service';
import type { QueueScope } from './conversations.repository';

/**
 * Section 9's routing at one instant: the teams and who is online. An agent sees the team-less conversations and
 * those of their teams; a team none of whose agents is online is "uncovered" and its conversations are offered to
 * everyone, until one of them comes online again. Supervisors see everything.
 */
export class RoutingSnapshot {
  private readonly onlineIds: Set<string>;
  private readonly teamsById: Map<string, TeamRecord>;

  constructor(
    teams: readonly TeamRecord[],
    readonly online: readonly OnlineAgent[],
  ) {
    this.onlineIds = new Set(online.map((a) => a._id.toHexString()));
    this.teamsById = new Map(teams.map((t) => [t._id.toHexString(), t]));
  }

  isOnline(agentId: string): boolean {
    return this.onlineIds.has(agentId);
  }

  /** The teams `agentId` is in. */
  teamsOf(agentId: string): TeamRecord[] {
    return [...this.teamsById.values()].filter((t) => t.agentIds.includes(agentId));
  }

  /** Whether some agent of the team is online (an unknown team, e.g. just deleted, counts as uncovered). */
  covered(teamId: string): boolean {
    return this.teamsById.get(teamId)?.agentIds.some((id) => this.onlineIds.has(id)) ?? false;
  }

  /** Whether a conversation of `teamId` (null: none) is in the queue `viewer` sees. */
  visibleTo(viewer: { id: string; role: Role }, teamId: string | null | undefined): boolean {
    if (viewer.role === 'supervisor' || !teamId || !this.covered(teamId)) return true;
    return this.teamsById.get(teamId)?.agentIds.includes(viewer.id) ?? true;
  }

  /** The queue `viewer` sees, as a database filter. */
  scopeFor(viewer: { id: string; role: Role }): QueueScope {
    if (viewer.role === 'supervisor') return null;
    return { teamIds: [...this.teamsById.keys()].filter((id) => this.visibleTo(viewer, id)) };
  }

  /** The online agents who may be given a conversation of `teamId`: the team's, or everyone's when it has none. */
  poolFor(teamId: string | null | undefined): OnlineAgent[] {
    if (!teamId || !this.covered(teamId)) return [...this.online];
    const members = new Set(this.teamsById.get(teamId)?.agentIds ?? []);
    return this.online.filter((a) => members.has(a._id.toHexString()));
  }

  /** The agents (ids) who see a conversation of `teamId`, or null for every agent. */
  audienceOf(teamId: string | null | undefined): string[] | null {
    if (!teamId || !this.covered(teamId)) return null;
    return [...(this.teamsById.get(teamId)?.agentIds ?? [])];
  }
}

/** Reads the routing snapshot (two indexed reads: the small teams set, the agents seen lately). */
@Injectable()
export class QueueRouting {
  constructor(
    private readonly teams: TeamsRepository,
    private readonly users: UsersRepository,
  ) {}

  async snapshot(): Promise<RoutingSnapshot> {
    const [teams, online] = await Promise.all([
      this.teams.list(),
      // Presence's heartbeat is written with the wall clock, so staleness is measured against it.
      this.users.listOnlineAgents(new Date(Date.now() - PRESENCE_STALE_MS)),
    ]);
    return new RoutingSnapshot(teams, online);
  }

  teamExists(teamId: string): Promise<boolean> {
    return this.teams.findById(teamId).then((team) => team !== null);
  }
}
