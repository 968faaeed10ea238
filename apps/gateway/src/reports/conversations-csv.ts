import { REPORT_CSV_COLUMNS } from '@switchboard/protocol';
import { durationsOf, toSeconds, type ConversationFacts, type Moment } from './report-figures';

/** Excel reads a UTF-8 file as UTF-8 (Chinese names intact) only when it starts with the byte order mark. */
export const UTF8_BOM = '\uFEFF';

/** What a CSV row reads besides the report's facts. */
export interface CsvFacts extends ConversationFacts {
  number: number;
  customer: { name: string };
  teamId?: string | null;
}

// Whole top-level fields: the store then decodes only these of each conversation.
export const CSV_PROJECTION = { number: 1, customer: 1, teamId: 1 } as const;

/** Cells a spreadsheet would run as a formula: =, +, -, @, and tab or CR first (OWASP's list). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell: a leading apostrophe defuses a formula (the spreadsheet shows the text as typed), then RFC 4180 quoting
 * of a cell holding a comma, a quote or a line break (quotes doubled).
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: (string | number | null | undefined)[]) =>
  `${cells.map(csvCell).join(',')}\r\n`;

export const csvHeader = () => UTF8_BOM + csvLine([...REPORT_CSV_COLUMNS]);

const iso = (at: Moment | null | undefined) =>
  at === null || at === undefined ? null : new Date(at).toISOString();
const seconds = (ms: number | null) => (ms === null ? null : toSeconds(ms));

/** A conversation's row, in REPORT_CSV_COLUMNS' order: the same durations as the summary's (docs/reports.md). */
export function csvRow(
  c: CsvFacts,
  nameOf: (agentId: string) => string,
  teamNameOf: (teamId: string) => string,
): string {
  const { waitMs, firstResponseMs, resolutionMs } = durationsOf(c);
  return csvLine([
    c.number,
    c.customer?.name,
    c.teamId ? teamNameOf(c.teamId) : null,
    c.lastAgentId ? nameOf(c.lastAgentId) : null,
    c.artificialType,
    iso(c.createdAt),
    iso(c.firstAssignedAt),
    c.artificialType === 'closed' ? iso(c.closedAt) : null,
    seconds(waitMs),
    seconds(firstResponseMs),
    seconds(resolutionMs),
    c.rating?.score,
  ]);
}
