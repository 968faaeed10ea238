import { ArrayMaxSize, IsArray, IsMongoId, IsOptional, IsString } from 'class-validator';
import { TEAM_LIMITS, type CreateTeamRequest, type UpdateTeamRequest } from '../teams';
import { TrimmedLength } from './not-blank.decorator';

/** `POST /api/teams` */
export class CreateTeamDto implements CreateTeamRequest {
  @IsString()
  @TrimmedLength(TEAM_LIMITS.nameMaxLength)
  name!: string;

  @IsArray()
  @ArrayMaxSize(TEAM_LIMITS.membersMax)
  @IsMongoId({ each: true })
  agentIds!: string[];
}

/** `PATCH /api/teams/:id` */
export class UpdateTeamDto implements UpdateTeamRequest {
  @IsOptional()
  @IsString()
  @TrimmedLength(TEAM_LIMITS.nameMaxLength)
  name?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(TEAM_LIMITS.membersMax)
  @IsMongoId({ each: true })
  agentIds?: string[];
}
