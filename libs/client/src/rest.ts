import {
  ERROR_CODES,
  type CustomerAuthResponse,
  type ErrorCode,
  type LoginResponse,
} from '@switchboard/protocol';
import { SwitchboardError } from './switchboard-error';

export interface CustomerAuthRequest {
  name?: string;
  email?: string;
  type?: string;
  visitorId?: string;
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'bad_request',
  429: 'rate_limited',
};

/** `path` (from `/`) on the gateway at `base` (an origin, or '' for the page's own). */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

/** Calls the REST API and turns Nest's `{ statusCode, message, error }` into a SwitchboardError. */
export async function apiRequest<T>(
  baseUrl: string,
  path: string,
  init: RequestInit & { token?: string } = {},
): Promise<T> {
  const { token, headers, ...rest } = init;
  const finalHeaders = new Headers(headers);
  if (token) finalHeaders.set('Authorization', `Bearer ${token}`);
  if (rest.body && typeof rest.body === 'string' && !finalHeaders.has('Content-Type')) {
    finalHeaders.set('Content-Type', 'application/json');
  }
  let response: Response;
  try {
    response = await fetch(joinUrl(baseUrl, path), { ...rest, headers: finalHeaders });
  } catch (error) {
    throw new SwitchboardError('network', (error as Error).message);
  }
  if (response.ok) {
    const type = response.headers.get('Content-Type') ?? '';
    return (type.includes('application/json') ? await response.json() : await response.blob()) as T;
  }
  let message = response.statusText;
  let details: unknown;
  try {
    const body = (await response.json()) as { message?: unknown; code?: unknown };
    details = body.message;
    message = Array.isArray(body.message) ? body.message.join('; ') : String(body.message ?? message);
  } catch {
    // Not JSON: keep the status text.
  }
  const code: ErrorCode =
    CODE_BY_STATUS[response.status] ?? (response.status >= 500 ? 'internal' : 'bad_request');
  throw new SwitchboardError(
    ERROR_CODES.includes(code) ? code : 'internal',
    message,
    details,
    response.status,
  );
}

export function customerAuth(baseUrl: string, body: CustomerAuthRequest = {}): Promise<CustomerAuthResponse> {
  return apiRequest(baseUrl, '/api/auth/customer', { method: 'POST', body: JSON.stringify(body) });
}

export function login(baseUrl: string, email: string, password: string): Promise<LoginResponse> {
  return apiRequest(baseUrl, '/api/auth/login', {
    method: 'POST',
    body: JSON.stringify({ email, password }),
  });
}
