import {
  errorCodeOfStatus,
  reasonOf,
  type CustomerAttributes,
  type CustomerAuthResponse,
  type LoginResponse,
  type PublicUser,
  type StaffAccount,
  type StaffRole,
  type UpdateUserRequest,
} from '@switchboard/protocol';
import { SwitchboardError } from './switchboard-error';

export interface CustomerAuthRequest {
  name?: string;
  email?: string;
  type?: string;
  visitorId?: string;
  /** Section 11: shown to agents in the profile (up to 20 keys; string, number or boolean values). */
  attributes?: CustomerAttributes;
  /** Section 11, verified customers: the host site's id of its user and its hex HMAC-SHA256 with IDENTITY_SECRET. */
  userId?: string;
  userHash?: string;
}

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
  if (response.status === 204) return undefined as T;
  if (response.ok) {
    const type = response.headers.get('Content-Type') ?? '';
    return (type.includes('application/json') ? await response.json() : await response.blob()) as T;
  }
  let message = response.statusText;
  let details: unknown;
  let reason: unknown;
  try {
    const body = (await response.json()) as { message?: unknown; reason?: unknown; problems?: unknown };
    // Structured problems (`{ field, code, message }`, section 9's settings) when the gateway gives them.
    details = body.problems ?? body.message;
    reason = body.reason;
    message = Array.isArray(body.message) ? body.message.join('; ') : String(body.message ?? message);
  } catch {
    // Not JSON: keep the status text.
  }
  throw new SwitchboardError(
    errorCodeOfStatus(response.status),
    message,
    details,
    response.status,
    reasonOf({ reason }),
  );
}

/**
 * A customer token. `priorToken`, the token this browser held before (even expired), lets the gateway refuse a new
 * identity to a blocked visitor (403 with reason `blocked`).
 */
export function customerAuth(
  baseUrl: string,
  body: CustomerAuthRequest = {},
  priorToken?: string,
): Promise<CustomerAuthResponse> {
  return apiRequest(baseUrl, '/api/auth/customer', { method: 'POST', body: JSON.stringify(body), token: priorToken });
}

export function login(baseUrl: string, email: string, password: string): Promise<LoginResponse> {
  return apiRequest(baseUrl, '/api/auth/login', {
    method: 'POST',
    body: JSON.stringify({ email, password }),
  });
}

/** A REST call that already carries the session's token, such as `SwitchboardClient.api`. */
export type ApiCall = <T>(path: string, init?: RequestInit) => Promise<T>;

export interface NewStaffAccount {
  email: string;
  name: string;
  role: StaffRole;
  password: string;
  maxConcurrent?: number;
}

const userPath = (id: string) => `/api/users/${encodeURIComponent(id)}`;

/** The accounts routes for supervisors: list (disabled accounts included), create, read, change, delete. */
export function staffAccounts(api: ApiCall) {
  return {
    list: (role?: StaffRole) => api<StaffAccount[]>(role ? `/api/users?role=${role}` : '/api/users'),
    create: (account: NewStaffAccount) =>
      api<PublicUser>('/api/users', { method: 'POST', body: JSON.stringify(account) }),
    get: (id: string) => api<StaffAccount>(userPath(id)),
    /** Disabling or a new password ends the account's sessions at once. */
    update: (id: string, patch: UpdateUserRequest) =>
      api<StaffAccount>(userPath(id), { method: 'PATCH', body: JSON.stringify(patch) }),
    remove: (id: string) => api<void>(userPath(id), { method: 'DELETE' }),
  };
}

export type StaffAccountsApi = ReturnType<typeof staffAccounts>;
