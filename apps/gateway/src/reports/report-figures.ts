import {
  FIRST_RESPONSE_BOUNDS,
  RESOLUTION_BOUNDS,
  type AgentReport,
  type ArtificialType,
  type CsatScore,
  type DurationBucket,
  type DurationStats,
  type Rating,
  type ReportSummary,
} from '@switchboard/protocol';

/** A stored moment: a Date from a decoded document, milliseconds from readFacts. */
export type Moment = Date | number;
const msOf = (at: Moment) => (typeof at === 'number' ? at : at.getTime());

/** What a report reads of one conversation (the fields reportCursor projects): stored moments, never messages. */
export interface ConversationFacts {
  createdAt: Moment;
  artificialType: ArtificialType;
  offline?: boolean;
  firstAssignedAt?: Moment;
  firstCustomerMessageAt?: Moment;
  firstResponseAt?: Moment;
  firstResponderId?: string;
  lastAgentId?: string;
  closedAt?: Moment | null;
  rating?: Pick<Rating, 'score'> | null;
}

export const FACTS_PROJECTION = {
  _id: 0,
  createdAt: 1,
  artificialType: 1,
  offline: 1,
  firstAssignedAt: 1,
  firstCustomerMessageAt: 1,
  firstResponseAt: 1,
  firstResponderId: 1,
  lastAgentId: 1,
  closedAt: 1,
  rating: 1,
} as const;

/** The three durations of docs/reports.md, in milliseconds; null where the conversation has none. */
export interface Durations {
  waitMs: number | null;
  firstResponseMs: number | null;
  resolutionMs: number | null;
}

const between = (from: Moment | null | undefined, to: Moment | null | undefined) =>
  from !== null && from !== undefined && to !== null && to !== undefined
    ? Math.max(0, msOf(to) - msOf(from))
    : null;

/**
 * Wait: created (= first queued) → first assignment. First response: the customer's first message → the first agent
 * message after it. Resolution: created → closed, closed ones only. Offline conversations (left through the form
 * while nobody was there) have no wait and no first response: they were never waited on live.
 */
export function durationsOf(c: ConversationFacts): Durations {
  const live = !c.offline;
  return {
    waitMs: live ? between(c.createdAt, c.firstAssignedAt) : null,
    firstResponseMs: live ? between(c.firstCustomerMessageAt, c.firstResponseAt) : null,
    resolutionMs: c.artificialType === 'closed' ? between(c.createdAt, c.closedAt) : null,
  };
}

/** Whole seconds, half away from zero. */
export const toSeconds = (ms: number) => Math.round(ms / 1000);

/** The median (the mean of the two middle values for an even count) of ascending values, in seconds. */
function medianOf(sorted: Float64Array): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const middle = n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  return toSeconds(middle);
}

/** The 90th percentile by nearest rank: the value at rank ⌈0.9·n⌉ of the ascending values, in seconds. */
function p90Of(sorted: Float64Array): number | null {
  return sorted.length === 0 ? null : toSeconds(sorted[Math.ceil(0.9 * sorted.length) - 1]);
}

const ascending = (values: number[]) => Float64Array.from(values).sort();

export function durationStats(values: number[]): DurationStats {
  const sorted = ascending(values);
  return { median: medianOf(sorted), p90: p90Of(sorted) };
}

const median = (values: number[]) => medianOf(ascending(values));

/** Bars of at most each bound (in seconds), and one above the last. */
export function bucketsOf(values: number[], bounds: readonly number[]): DurationBucket[] {
  const counts = new Array<number>(bounds.length + 1).fill(0);
  for (const ms of values) {
    const index = bounds.findIndex((bound) => ms <= bound * 1000);
    counts[index === -1 ? bounds.length : index]++;
  }
  return counts.map((conversations, i) => ({
    upToSeconds: i < bounds.length ? bounds[i] : null,
    conversations,
  }));
}

/** The mean score to two decimals, null without responses. */
const averageOf = (scores: number[]) =>
  scores.length === 0 ? null : Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100;

interface AgentTally {
  conversations: number;
  closed: number;
  firstResponses: number[];
  scores: number[];
}

interface DayTally {
  conversations: number;
  closed: number;
  waits: number[];
}

/**
 * Adds conversations one at a time (from a cursor) and answers the summary: every value kept is a number, so a
 * 90-day range of 100,000 conversations is a few MiB. `dayStarts` are the instants the range's days start at in the
 * settings' time zone (ascending); a conversation belongs to the last day started at or before its createdAt.
 */
export class ReportTally {
  private conversations = 0;
  private closed = 0;
  private readonly waits: number[] = [];
  private readonly firstResponses: number[] = [];
  private readonly resolutions: number[] = [];
  private readonly scores: number[] = [];
  private readonly agents = new Map<string, AgentTally>();
  private readonly byDay: DayTally[];

  constructor(
    private readonly days: readonly string[],
    private readonly dayStarts: readonly number[],
  ) {
    this.byDay = days.map(() => ({ conversations: 0, closed: 0, waits: [] }));
  }

  add(c: ConversationFacts): void {
    const { waitMs, firstResponseMs, resolutionMs } = durationsOf(c);
    const closed = c.artificialType === 'closed';
    const score = c.rating?.score;
    this.conversations++;
    const day = this.byDay[this.dayIndexOf(msOf(c.createdAt))];
    day.conversations++;
    if (closed) {
      this.closed++;
      day.closed++;
    }
    if (waitMs !== null) {
      this.waits.push(waitMs);
      day.waits.push(waitMs);
    }
    if (resolutionMs !== null) this.resolutions.push(resolutionMs);
    if (firstResponseMs !== null) {
      this.firstResponses.push(firstResponseMs);
      if (c.firstResponderId) this.agent(c.firstResponderId).firstResponses.push(firstResponseMs);
    }
    if (typeof score === 'number') this.scores.push(score);
    if (c.lastAgentId) {
      const agent = this.agent(c.lastAgentId);
      agent.conversations++;
      if (closed) agent.closed++;
      if (typeof score === 'number') agent.scores.push(score);
    }
  }

  /** The agents the conversations count for or were first answered by (their names are looked up by the caller). */
  agentIds(): string[] {
    return [...this.agents.keys()];
  }

  summary(names: ReadonlyMap<string, string>): ReportSummary {
    const distribution = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } as Record<CsatScore, number>;
    for (const score of this.scores) if (score in distribution) distribution[score as CsatScore]++;
    const byAgent: AgentReport[] = [...this.agents].map(([agentId, a]) => ({
      agentId,
      name: names.get(agentId) ?? '',
      conversations: a.conversations,
      closed: a.closed,
      firstResponseSeconds: { median: median(a.firstResponses) },
      csat: { average: averageOf(a.scores), responses: a.scores.length },
    }));
    byAgent.sort((x, y) => x.name.localeCompare(y.name) || x.agentId.localeCompare(y.agentId));
    return {
      conversations: this.conversations,
      closed: this.closed,
      waitSeconds: durationStats(this.waits),
      firstResponseSeconds: durationStats(this.firstResponses),
      resolutionSeconds: durationStats(this.resolutions),
      csat: { average: averageOf(this.scores), responses: this.scores.length, distribution },
      byAgent,
      byDay: this.days.map((date, i) => ({
        date,
        conversations: this.byDay[i].conversations,
        closed: this.byDay[i].closed,
        waitSeconds: { median: median(this.byDay[i].waits) },
      })),
      distributions: {
        firstResponseSeconds: bucketsOf(this.firstResponses, FIRST_RESPONSE_BOUNDS),
        resolutionSeconds: bucketsOf(this.resolutions, RESOLUTION_BOUNDS),
      },
    };
  }

  private agent(id: string): AgentTally {
    let tally = this.agents.get(id);
    if (!tally) {
      tally = { conversations: 0, closed: 0, firstResponses: [], scores: [] };
      this.agents.set(id, tally);
    }
    return tally;
  }

  /** Binary search: the last day that starts at or before `ms` (the cursor only gives conversations in the range). */
  private dayIndexOf(ms: number): number {
    let low = 0;
    let high = this.dayStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.dayStarts[mid] <= ms) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}
