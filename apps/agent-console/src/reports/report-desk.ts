import { addDays, dateIn, type ReportSummary, type Settings } from '@switchboard/protocol';
import type { ConsoleClient } from '../shared/console-client';

export type Preset = 'today' | 'week' | 'month' | 'custom';
export const PRESETS: readonly Preset[] = ['today', 'week', 'month', 'custom'];
const PRESET_DAYS: Record<Exclude<Preset, 'custom'>, number> = { today: 1, week: 7, month: 30 };

export interface ReportFilters {
  from: string;
  to: string;
  teamId: string;
  agentId: string;
}

/** A preset's days, ending today in the settings' time zone (YYYY-MM-DD, both ends included). */
export function presetRange(preset: Exclude<Preset, 'custom'>, timeZone: string, now = new Date()) {
  const to = dateIn(timeZone, now);
  return { from: addDays(to, 1 - PRESET_DAYS[preset]), to };
}

/** The query both endpoints take (empty filters left out). */
export function reportQuery(filters: ReportFilters): string {
  const query = new URLSearchParams({ from: filters.from, to: filters.to });
  if (filters.teamId) query.set('teamId', filters.teamId);
  if (filters.agentId) query.set('agentId', filters.agentId);
  return query.toString();
}

export const loadSummary = (client: Pick<ConsoleClient, 'api'>, filters: ReportFilters) =>
  client.api<ReportSummary>(`/api/reports/summary?${reportQuery(filters)}`);

/** The settings' time zone (the days of a report); UTC when they cannot be read. */
export async function loadTimeZone(client: Pick<ConsoleClient, 'api'>): Promise<string> {
  try {
    return (await client.api<Settings>('/api/settings')).timezone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export interface Choice {
  id: string;
  name: string;
}

/** Agents for the filter (GET /api/users?role=agent). */
export const loadAgents = (client: Pick<ConsoleClient, 'api'>) =>
  client.api<Choice[]>('/api/users?role=agent');

/** Teams for the filter (section 9's GET /api/teams); none where teams are not there. */
export async function loadTeams(client: Pick<ConsoleClient, 'api'>): Promise<Choice[]> {
  try {
    return (await client.api<{ teams: Choice[] }>('/api/teams')).teams ?? [];
  } catch {
    return [];
  }
}

/** Saves the range's CSV (the bearer token rules out a plain link: fetched, then handed to the browser as a file). */
export async function downloadCsv(client: Pick<ConsoleClient, 'api'>, filters: ReportFilters): Promise<void> {
  const blob = await client.api<Blob>(`/api/reports/conversations.csv?${reportQuery(filters)}`);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `conversations-${filters.from}-${filters.to}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
