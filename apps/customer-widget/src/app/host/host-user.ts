import { graphemes } from '@switchboard/i18n';
import { LIMITS, validAttributes, type CustomerAttributes } from '@switchboard/protocol';
import { USER_FIELDS, type UserField } from '../../shared/bridge';

/**
 * Who the host page says its user is: `data-user-id` and `data-user-hash` (a verified customer, section 11),
 * `data-user-name`, `data-user-email`, `data-user-attributes` (JSON).
 */
export interface HostUser {
  /** The host site's id of its signed-in user and its HMAC, both or neither (the gateway checks the hash). */
  verified: { userId: string; userHash: string } | null;
  name: string | null;
  email: string | null;
  /** The valid attributes of the JSON (at most 20, PROTOCOL section 11); the others are dropped. */
  attributes: CustomerAttributes;
}

function parseAttributes(json: string | null | undefined): CustomerAttributes {
  if (!json?.trim()) return {};
  try {
    return validAttributes(JSON.parse(json));
  } catch {
    return {};
  }
}

/** Reads the host's user from loose strings (the fragment's parameters), within the protocol's limits. */
export function parseHostUser(read: (name: UserField) => string | null | undefined): HostUser {
  const name = graphemes(read(USER_FIELDS.name)?.trim() ?? '')
    .slice(0, LIMITS.nameMaxLength)
    .join('');
  const email = read(USER_FIELDS.email)?.trim() ?? '';
  const userId = read(USER_FIELDS.id)?.trim() ?? '';
  const userHash = read(USER_FIELDS.hash)?.trim() ?? '';
  return {
    // A userId without its hash is still passed on: the gateway refuses it (401), which the widget shows.
    verified: userId && userId.length <= LIMITS.userIdMaxLength ? { userId, userHash } : null,
    name: name || null,
    email: email && email.length <= LIMITS.emailMaxLength ? email : null,
    attributes: parseAttributes(read(USER_FIELDS.attributes)),
  };
}

/** The host's user, which the loader passed in the iframe URL's fragment (never sent to a server). */
export function readHostUser(hash: string = window.location.hash): HostUser {
  const fragment = new URLSearchParams(hash.replace(/^#/, ''));
  return parseHostUser((name) => fragment.get(name));
}
