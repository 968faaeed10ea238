import type {
  CreateWebhookRequest,
  Webhook,
  WebhookDeliveriesResponse,
  WebhookDelivery,
  WebhookListResponse,
  WebhookResponse,
} from '@switchboard/protocol';
import type { ConsoleClient } from '../shared/console-client';

/** The supervisors' webhook routes (PROTOCOL section 11). */
export async function listWebhooks(client: Pick<ConsoleClient, 'api'>): Promise<Webhook[]> {
  return (await client.api<WebhookListResponse>('/api/webhooks')).webhooks;
}

export async function createWebhook(
  client: Pick<ConsoleClient, 'api'>,
  request: CreateWebhookRequest,
): Promise<Webhook> {
  const { webhook } = await client.api<WebhookResponse>('/api/webhooks', {
    method: 'POST',
    body: JSON.stringify(request),
  });
  return webhook;
}

export function deleteWebhook(client: Pick<ConsoleClient, 'api'>, id: string): Promise<void> {
  return client.api<void>(`/api/webhooks/${id}`, { method: 'DELETE' });
}

export async function listDeliveries(
  client: Pick<ConsoleClient, 'api'>,
  id: string,
): Promise<WebhookDelivery[]> {
  return (await client.api<WebhookDeliveriesResponse>(`/api/webhooks/${id}/deliveries`)).deliveries;
}
