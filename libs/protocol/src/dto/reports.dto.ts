import { IsMongoId, IsOptional, IsString, MaxLength } from 'class-validator';

/**
 * `GET /api/reports/summary` and `GET /api/reports/conversations.csv`: from and to are read in the settings' time
 * zone by the reports service (reportRange), which answers invalid_date or range_too_long; ids are ObjectId hex.
 */
export class ReportQueryDto {
  @IsString()
  @MaxLength(40)
  from!: string;

  @IsString()
  @MaxLength(40)
  to!: string;

  @IsOptional()
  @IsMongoId()
  teamId?: string;

  @IsOptional()
  @IsMongoId()
  agentId?: string;
}
