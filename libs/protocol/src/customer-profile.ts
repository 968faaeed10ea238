/**
 * Issue 14, slice "profile": the customer's profile and history (PROTOCOL section 8) and the attributes of
 * section 11. Browser-safe: types, limits and the pure checks both ends use; the validating classes are in
 * ./dto/customer-profile.dto.
 */
import type { Conversation } from './entities';

export type CustomerAttributeValue = string | number | boolean;
/** What the host page says about its user (`data-user-attributes`, `POST /api/auth/customer { attributes }`). */
export type CustomerAttributes = Record<string, CustomerAttributeValue>;

export const PROFILE_LIMITS = {
  attributesMax: 20,
  attributeKeyMaxLength: 64,
  /** Letters, digits, `_` and `-`: safe as a stored field name and in any list. */
  attributeKeyPattern: /^[A-Za-z0-9_-]{1,64}$/,
  attributeStringMaxLength: 500,
  pageUrlMaxLength: 2000,
  pageTitleMaxLength: 300,
  userAgentMaxLength: 512,
  /** A BCP 47 tag as browsers give it (`en-US`, `zh-Hans-CN`). */
  languagePattern: /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8}){0,6}$/,
  languageMaxLength: 35,
  timezoneMaxLength: 64,
  /** `GET /api/customers/:id` lists at most this many of the customer's conversations (newest first). */
  conversationsMax: 200,
} as const;

/** Keys that would mean something to a JavaScript object rather than be data. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** What is wrong with `value` as customer attributes, one sentence per problem; [] when it is fine. */
export function attributeProblems(value: unknown): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return ['attributes must be an object'];
  const entries = Object.entries(value as Record<string, unknown>);
  const problems: string[] = [];
  if (entries.length > PROFILE_LIMITS.attributesMax)
    problems.push(`attributes may have at most ${PROFILE_LIMITS.attributesMax} keys`);
  for (const [key, item] of entries) {
    if (!PROFILE_LIMITS.attributeKeyPattern.test(key) || RESERVED_KEYS.has(key)) {
      problems.push(
        `attribute key ${JSON.stringify(key.slice(0, 80))} must be 1 to 64 characters of A-Z a-z 0-9 _ -`,
      );
    } else if (typeof item === 'string') {
      if (item.length > PROFILE_LIMITS.attributeStringMaxLength)
        problems.push(
          `attribute ${key} must be at most ${PROFILE_LIMITS.attributeStringMaxLength} characters`,
        );
    } else if (!(typeof item === 'boolean' || (typeof item === 'number' && Number.isFinite(item)))) {
      problems.push(`attribute ${key} must be a string, a finite number or a boolean`);
    }
  }
  return problems;
}

/** The attributes of `value` that `attributeProblems` accepts, at most the first 20 (the widget drops the rest). */
export function validAttributes(value: unknown): CustomerAttributes {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const kept = Object.entries(value as Record<string, unknown>).filter(
    ([key, item]) => attributeProblems({ [key]: item }).length === 0,
  );
  return Object.fromEntries(kept.slice(0, PROFILE_LIMITS.attributesMax)) as CustomerAttributes;
}

/** scheme, optional user info, a host name or [IPv6], an optional port, then anything without white space. */
const HTTP_URL =
  /^https?:\/\/(?:[^\s/?#@]*@)?(?:[^\s/?#@:[\]]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?(?:[/?#]\S*)?$/i;

/** An absolute `http:` or `https:` URL (what a page address or a referrer may be). A pattern: this library has no `URL`. */
export function isHttpUrl(value: string): boolean {
  return HTTP_URL.test(value);
}

const ZONE_NAME = /^[A-Za-z][A-Za-z_-]*(?:\/[A-Za-z0-9][A-Za-z0-9_+-]*)*$/;

/** An IANA time zone name this runtime knows (`Europe/Paris`, `UTC`); offsets like `+05:00` are not names. */
export function isIanaTimeZone(value: string): boolean {
  if (value.length > PROFILE_LIMITS.timezoneMaxLength || !ZONE_NAME.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** `visitor.context` (customer ns): where the visitor is, as the widget sees it. */
export interface VisitorContextPayload {
  /** The host page's address: an http(s) URL of at most 2,000 characters. */
  pageUrl: string;
  pageTitle?: string;
  /** The page that linked to the host page; '' when none. */
  referrer?: string;
  userAgent?: string;
  language?: string;
  /** An IANA name; anything else is dropped (stored as null), not refused. */
  timezone?: string;
}

/** The visitor's page and browser as last reported, on the customer's profile. */
export interface Visitor {
  pageUrl: string;
  pageTitle: string | null;
  referrer: string | null;
  userAgent: string | null;
  language: string | null;
  timezone: string | null;
  updatedAt: string;
}

/** `visitor.updated` (agent ns): to the agents in the customer's live conversation; also the answer of visitor.context. */
export interface VisitorUpdatedEvent {
  customerId: string;
  visitor: Visitor;
}

/** The customer as `GET /api/customers/:id` answers them. */
export interface CustomerProfile {
  id: string;
  name: string;
  email: string | null;
  /** The segment (userType). */
  type: string | null;
  attributes: CustomerAttributes;
  visitor: Visitor | null;
  blocked: boolean;
  createdAt: string;
  /** Signed in through identity verification (section 11: a userId with a valid userHash). */
  verified: boolean;
}

/** `GET /api/customers/:id`: the profile and every conversation of that customer, newest first. */
export interface CustomerProfileResponse {
  customer: CustomerProfile;
  conversations: Conversation[];
}
