import { IsIn, IsInt, IsMongoId, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ARTIFICIAL_TYPES, type ArtificialType } from '../entities';
import { LABEL_LIMITS } from '../labels';
import { LIMITS } from '../limits';
import {
  REST_API_LIMITS,
  TRANSCRIPT_FORMATS,
  type ConversationPageQuery,
  type PostMessageRequest,
  type TranscriptFormat,
} from '../rest-api';
import { TrimmedLength } from './not-blank.decorator';

/** `GET /api/conversations` */
export class ConversationPageQueryDto implements ConversationPageQuery {
  @IsOptional()
  @IsIn(ARTIFICIAL_TYPES)
  state?: ArtificialType;

  @IsOptional()
  @IsString()
  @MaxLength(LABEL_LIMITS.nameMaxLength)
  label?: string;

  @IsOptional()
  @IsMongoId()
  customerId?: string;

  @IsOptional()
  @IsMongoId()
  teamId?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'before must be the next cursor of a previous page' })
  before?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(REST_API_LIMITS.pageMax)
  limit?: number;
}

/** `POST /api/conversations/:id/messages` */
export class PostMessageDto implements PostMessageRequest {
  @IsString()
  @Matches(LIMITS.clientMsgIdPattern, {
    message: 'clientMsgId must be 8 to 64 characters of A-Z a-z 0-9 _ -',
  })
  clientMsgId!: string;

  @IsString()
  @TrimmedLength(LIMITS.textMaxLength)
  text!: string;
}

/**
 * `?notes=true`: private notes are left out of what leaves the system unless staff ask for them (a transcript or
 * an export is often handed to the customer).
 */
export class NotesQueryDto {
  @IsOptional()
  @IsIn(['true', 'false'])
  notes?: 'true' | 'false';
}

/** `GET /api/conversations/:id/transcript` */
export class TranscriptQueryDto extends NotesQueryDto {
  @IsOptional()
  @IsIn(TRANSCRIPT_FORMATS)
  format?: TranscriptFormat;
}
