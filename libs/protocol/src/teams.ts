/**
 * Issue 15, teams and routing (PROTOCOL section 9): supervisors put agents in teams; a conversation may belong to
 * one. Browser-safe: names, types and limits; the validating classes are in ./dto/teams.dto.
 */

export interface Team {
  id: string;
  /** 1 to TEAM_LIMITS.nameMaxLength characters, unique case-insensitively. */
  name: string;
  /** The agents in the team (ids of agent accounts), in the order given, each once. */
  agentIds: string[];
}

export const TEAM_LIMITS = {
  nameMaxLength: 60,
  /** How many agents one team may hold. */
  membersMax: 200,
  /** How many teams there may be. */
  setMax: 100,
} as const;

/** `GET /api/teams` */
export interface TeamListResponse {
  teams: Team[];
}
/** `POST /api/teams` */
export interface CreateTeamRequest {
  name: string;
  agentIds: string[];
}
/** `PATCH /api/teams/:id`: what is given is replaced. */
export interface UpdateTeamRequest {
  name?: string;
  agentIds?: string[];
}
/** `POST /api/teams` and `PATCH /api/teams/:id` answer `{ team }`. */
export interface TeamResponse {
  team: Team;
}

/** What makes two team names the same: case and surrounding white space do not count. */
export const teamKey = (name: string) => name.trim().toLocaleLowerCase('en');
