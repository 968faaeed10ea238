import { useEffect } from 'react';
import type { Team, TeamListResponse, TeamResponse, UpdateTeamRequest } from '@switchboard/protocol';
import type { ConsoleClient } from '../shared/console-client';
import { useConsole } from '../shared/console-context';
import { createStore, useStore } from '../shared/store';

/** The teams as the console last read them (GET /api/teams): small, shared by the supervisor's screens. */
export const teamSetStore = createStore<{ teams: Team[]; loaded: boolean }>({ teams: [], loaded: false });

let loading: Promise<void> | null = null;

/** Reads the teams once per page (again after a change made here); a failure leaves them empty, retried next time. */
export function loadTeams(client: Pick<ConsoleClient, 'api'>, force = false): Promise<void> {
  if (teamSetStore.get().loaded && !force) return Promise.resolve();
  loading ??= client
    .api<TeamListResponse>('/api/teams')
    .then(({ teams }) => teamSetStore.set({ teams, loaded: true }))
    .catch(() => undefined)
    .finally(() => {
      loading = null;
    });
  return loading;
}

export async function createTeam(client: ConsoleClient, name: string, agentIds: string[]): Promise<Team> {
  const { team } = await client.api<TeamResponse>('/api/teams', {
    method: 'POST',
    body: JSON.stringify({ name, agentIds }),
  });
  await loadTeams(client, true);
  return team;
}

export async function updateTeam(client: ConsoleClient, id: string, patch: UpdateTeamRequest): Promise<Team> {
  const { team } = await client.api<TeamResponse>(`/api/teams/${id}`, {
    method: 'PATCH',
    body: JSON.stringify(patch),
  });
  await loadTeams(client, true);
  return team;
}

export async function deleteTeam(client: ConsoleClient, id: string): Promise<void> {
  await client.api<void>(`/api/teams/${id}`, { method: 'DELETE' });
  await loadTeams(client, true);
}

/** The teams, loaded on first use. */
export function useTeams(): Team[] {
  const { workspace } = useConsole();
  useEffect(() => {
    void loadTeams(workspace.client);
  }, [workspace]);
  return useStore(teamSetStore, (s) => s.teams);
}
