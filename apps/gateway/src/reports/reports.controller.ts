import { Controller, Get, Header, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ReportSummary } from '@switchboard/protocol';
import { ReportQueryDto } from '@switchboard/protocol/dto';
import { Readable } from 'node:stream';
import { Roles } from '../auth/auth.decorators';
import { ReportsService } from './reports.service';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('summary')
  @Roles('supervisor')
  @ApiOperation({
    summary:
      'Section 12 (supervisors): conversations created in [from, to) (YYYY-MM-DD in the settings time zone, to ' +
      'included, or ISO instants; at most 366 days), optionally of one team or agent: counts, wait, first response, ' +
      'resolution (median, p90), CSAT, byAgent, byDay. Definitions: docs/reports.md',
  })
  summary(@Query() query: ReportQueryDto): Promise<ReportSummary> {
    return this.reports.summary(query);
  }

  @Get('conversations.csv')
  @Roles('supervisor')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="conversations.csv"')
  @ApiOperation({
    summary:
      'One row per conversation of the range (same query as the summary), streamed: UTF-8 with BOM, RFC 4180, ' +
      'cells that would be formulas escaped',
  })
  async csv(@Query() query: ReportQueryDto): Promise<StreamableFile> {
    const rows = this.reports.csv(query);
    // The first chunk (the header) is read before answering, so a refused range is a 400, not a broken download.
    const first = await rows.next();
    async function* all() {
      if (!first.done) yield first.value;
      yield* rows;
    }
    return new StreamableFile(Readable.from(all()));
  }
}
