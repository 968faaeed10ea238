import { Injectable } from '@nestjs/common';
import { reportRange, startOfDay, type ReportQuery, type ReportSummary } from '@switchboard/protocol';
import { refused } from '../common/domain-error';
import { ConversationsRepository, type ReportScope } from '../conversations/conversations.repository';
import { SettingsService } from '../settings/settings.service';
import { TeamsRepository } from '../teams/teams.repository';
import { UsersRepository } from '../users/users.repository';
import { csvHeader, csvRow, CSV_PROJECTION, type CsvFacts } from './conversations-csv';
import { readFacts } from './facts-reader';
import { FACTS_PROJECTION, ReportTally } from './report-figures';

/** How many CSV rows are written at a time (their agents' names are looked up together). */
const CSV_CHUNK = 500;

/**
 * PROTOCOL section 12, defined in docs/reports.md: the range in the settings' time zone, the figures from the moments
 * stored on each conversation (report-moments), read with a cursor over the createdAt indexes.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly users: UsersRepository,
    private readonly settings: SettingsService,
    private readonly teams: TeamsRepository,
  ) {}

  async summary(query: ReportQuery): Promise<ReportSummary> {
    const { scope, days, timeZone } = await this.scopeOf(query);
    const tally = new ReportTally(
      days,
      days.map((day, i) => (i === 0 ? scope.from.getTime() : startOfDay(timeZone, day).getTime())),
    );
    for await (const bytes of this.conversations.reportBytes(scope, FACTS_PROJECTION))
      tally.add(readFacts(bytes));
    return tally.summary(await this.namesOf(tally.agentIds()));
  }

  /** The CSV, header first, generated as the cursor reads (never the whole export in memory). */
  async *csv(query: ReportQuery): AsyncGenerator<string> {
    const { scope } = await this.scopeOf(query);
    const teams = new Map((await this.teams.list()).map((t) => [t._id.toHexString(), t.name]));
    const names = new Map<string, string>();
    const write = async (rows: CsvFacts[]) => {
      const unknown = [
        ...new Set(rows.map((c) => c.lastAgentId).filter((id): id is string => !!id && !names.has(id))),
      ];
      for (const [id, name] of await this.namesOf(unknown)) names.set(id, name);
      return rows
        .map((c) =>
          csvRow(
            c,
            (id) => names.get(id) ?? '',
            (teamId) => teams.get(teamId) ?? '',
          ),
        )
        .join('');
    };
    yield csvHeader();
    let rows: CsvFacts[] = [];
    for await (const bytes of this.conversations.reportBytes(scope, {
      ...FACTS_PROJECTION,
      ...CSV_PROJECTION,
    })) {
      rows.push(readFacts(bytes) as CsvFacts);
      if (rows.length >= CSV_CHUNK) {
        yield await write(rows);
        rows = [];
      }
    }
    if (rows.length > 0) yield await write(rows);
  }

  /** The range (refused with invalid_date or range_too_long) and the filters. */
  private async scopeOf(
    query: ReportQuery,
  ): Promise<{ scope: ReportScope; days: string[]; timeZone: string }> {
    const { timezone } = await this.settings.get();
    const range = reportRange(timezone, query.from, query.to);
    if (!range.ok) throw refused('bad_request', range.reason, range.message);
    return {
      scope: { from: range.from, to: range.to, teamId: query.teamId, agentId: query.agentId },
      days: range.days,
      timeZone: timezone,
    };
  }

  private async namesOf(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    return new Map((await this.users.findByIds(ids)).map((u) => [u._id.toHexString(), u.name]));
  }
}
