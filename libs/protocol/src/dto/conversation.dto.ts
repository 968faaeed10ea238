import { IsBoolean, IsEmail, IsIn, IsObject, IsInt, IsMongoId, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { LIMITS } from '../limits';
import { AGENT_STATUSES, type AgentStatus } from '../entities';
import { TrimmedLength } from './not-blank.decorator';

export class ConversationRefDto {
  @IsMongoId()
  conversationId!: string;
}

export class StartConversationDto {
  @IsOptional()
  @IsString()
  @TrimmedLength(LIMITS.textMaxLength)
  text?: string;

  @IsOptional()
  @IsBoolean()
  offline?: boolean;

  @IsOptional()
  @IsEmail()
  @MaxLength(LIMITS.emailMaxLength)
  email?: string;

  @IsOptional()
  @IsString()
  @TrimmedLength(LIMITS.nameMaxLength)
  name?: string;

  /** Checked against the settings' pre-chat fields by the service (validatePreChatValues): strings only, no unknown keys. */
  @IsOptional()
  @IsObject()
  fields?: Record<string, string>;

  @IsOptional()
  @IsMongoId()
  teamId?: string;
}

export class TransferConversationDto extends ConversationRefDto {
  @IsOptional()
  @IsMongoId()
  toAgentId?: string;

  @IsOptional()
  @IsMongoId()
  toTeamId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.noteMaxLength)
  note?: string;
}

export class CloseConversationDto extends ConversationRefDto {
  @IsOptional()
  @IsBoolean()
  force?: boolean;
}

export class RateConversationDto extends ConversationRefDto {
  @IsInt()
  @Min(1)
  @Max(5)
  score!: number;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.ratingCommentMaxLength)
  comment?: string;
}

export class AssignConversationDto extends ConversationRefDto {
  @IsMongoId()
  agentId!: string;
}

export class AgentStatusDto {
  @IsIn(AGENT_STATUSES)
  status!: AgentStatus;
}

export class EmptyPayloadDto {}

export class QueueListDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(LIMITS.queuePageMax)
  limit?: number;

  @IsOptional()
  @IsString()
  @Matches(LIMITS.queueCursorPattern, { message: 'after must be the next of a previous queue.list page' })
  after?: string;
}

export class TypingDto extends ConversationRefDto {
  @IsBoolean()
  isTyping!: boolean;
}

export class ListMessagesQueryDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  beforeSeq?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(LIMITS.historyPageMax)
  limit?: number;

  /** Section 8, supervisors only: recalled messages with their original text and attachment, and `recalled`. */
  // A query string stays a string: implicit conversion would make "false" true.
  @IsOptional()
  @IsIn(['true', 'false'])
  includeRecalled?: 'true' | 'false';
}
