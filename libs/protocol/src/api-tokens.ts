/**
 * Issue 16, API tokens (PROTOCOL section 11): long-lived credentials for integrations and bots, each acting as an
 * integration user of its role. Browser-safe: names, types and limits; the validating class is in ./dto.
 */
import type { StaffRole } from './entities';

export const API_TOKEN_LIMITS = {
  nameMaxLength: 80,
  /** Live (not revoked) tokens at once. */
  liveMax: 100,
} as const;

/** Every API token starts with this, so a leaked one is easy to recognise (secret scanners, logs). */
export const API_TOKEN_PREFIX = 'sbt_';

/** `POST /api/tokens` */
export interface CreateApiTokenRequest {
  name: string;
  role: StaffRole;
}

/** The answer of `POST /api/tokens`: the token itself is shown this once (only its hash is stored). */
export interface CreateApiTokenResponse {
  id: string;
  token: string;
}

/** A token as `GET /api/tokens` lists it: never the token itself. */
export interface ApiTokenInfo {
  id: string;
  name: string;
  role: StaffRole;
  /** The integration user the token acts as (messages it sends carry this id and the token's name). */
  userId: string;
  createdAt: string;
  createdBy: { id: string; name: string };
  /** The last request made with it (to the minute), or null. */
  lastUsedAt: string | null;
}

/** `GET /api/tokens`: live tokens, newest first. */
export interface ApiTokenListResponse {
  tokens: ApiTokenInfo[];
}
