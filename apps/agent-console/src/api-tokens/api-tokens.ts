import type { ApiTokenInfo, ApiTokenListResponse, CreateApiTokenResponse, StaffRole } from '@switchboard/protocol';
import type { ConsoleClient } from '../shared/console-client';

type Api = Pick<ConsoleClient, 'api'>;

/** Section 11's token routes (supervisors). */
export async function listApiTokens(client: Api): Promise<ApiTokenInfo[]> {
  return (await client.api<ApiTokenListResponse>('/api/tokens')).tokens;
}

export function createApiToken(client: Api, name: string, role: StaffRole): Promise<CreateApiTokenResponse> {
  return client.api<CreateApiTokenResponse>('/api/tokens', { method: 'POST', body: JSON.stringify({ name, role }) });
}

export function revokeApiToken(client: Api, id: string): Promise<void> {
  return client.api<void>(`/api/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
