/**
 * Issue 14, slice "labels": the label set, a conversation's labels, and blocking a visitor (PROTOCOL section 8).
 * Browser-safe: names, types, limits and the chip colour rule; the validating classes are in ./dto/labels.dto.
 */

export interface Label {
  id: string;
  /** 1 to LABEL_LIMITS.nameMaxLength characters, unique case-insensitively. */
  name: string;
  /** `#rrggbb` (lower case). */
  color: string;
}

export const LABEL_LIMITS = {
  nameMaxLength: 40,
  /** How many labels one conversation may carry (a conversation.label with more is a bad_request). */
  perConversationMax: 20,
  /** How many labels the set may hold. */
  setMax: 200,
  blockReasonMaxLength: 500,
  colorPattern: /^#[0-9a-fA-F]{6}$/,
} as const;

/** The colours a new label gets when none is given, in order (the first one the set uses least). */
export const LABEL_PALETTE = [
  '#2563eb',
  '#16a34a',
  '#dc2626',
  '#9333ea',
  '#ea580c',
  '#0891b2',
  '#ca8a04',
  '#db2777',
  '#4b5563',
  '#65a30d',
] as const;

/** `GET /api/labels` */
export interface LabelListResponse {
  labels: Label[];
}
/** `POST /api/labels` */
export interface CreateLabelRequest {
  name: string;
  color?: string;
}
/** `POST /api/labels` answers `{ label }`. */
export interface LabelResponse {
  label: Label;
}
/** `conversation.label` (agent ns): the conversation's whole label list, by name; answers the Conversation. */
export interface LabelConversationPayload {
  conversationId: string;
  labels: string[];
}

/** `customer.block` (agent ns): an agent who may see one of the customer's conversations, or a supervisor. */
export interface BlockCustomerPayload {
  customerId: string;
  /** 1 to LABEL_LIMITS.blockReasonMaxLength characters after trimming. */
  reason: string;
}
/** `customer.unblock` (agent ns, supervisors). */
export interface UnblockCustomerPayload {
  customerId: string;
}

/** A block as supervisors see it (`GET /api/customers/blocked`, and the answer of `customer.block`). */
export interface CustomerBlock {
  customer: { id: string; name: string; type: string | null };
  reason: string;
  blockedAt: string;
  blockedBy: { id: string; name: string };
}
/** `GET /api/customers/blocked` (supervisors): newest first. */
export interface BlockedCustomersResponse {
  blocked: CustomerBlock[];
}
/** The answer of `customer.unblock`. */
export interface UnblockResult {
  customerId: string;
  blocked: false;
}

/** The same names once each, in the order first given (case-insensitively: the set's spelling is applied later). */
export function uniqueLabelNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = labelKey(name);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** What makes two label names the same: case and surrounding white space do not count. */
export const labelKey = (name: string) => name.trim().toLocaleLowerCase('en');

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG contrast ratio of two `#rrggbb` colours. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The text colour for a chip filled with `background`: black or white, whichever contrasts more. One of them always
 * reaches at least 4.58:1 (WCAG AA for normal text), so any colour a supervisor picks gives a readable chip.
 */
export function labelTextColor(background: string): '#000000' | '#ffffff' {
  return contrastRatio(background, '#000000') >= contrastRatio(background, '#ffffff') ? '#000000' : '#ffffff';
}
