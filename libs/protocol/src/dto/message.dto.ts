import { IsIn, IsInt, IsMongoId, IsOptional, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';
import { LIMITS } from '../limits';
import { ConversationRefDto } from './conversation.dto';
import { TrimmedLength } from './not-blank.decorator';

export const SENDABLE_KINDS = ['text', 'image', 'file'] as const;

export class SendMessageDto extends ConversationRefDto {
  @IsString()
  @Matches(LIMITS.clientMsgIdPattern, { message: 'clientMsgId must be 8 to 64 characters of A-Z a-z 0-9 _ -' })
  clientMsgId!: string;

  @IsOptional()
  @IsIn(SENDABLE_KINDS)
  kind?: (typeof SENDABLE_KINDS)[number];

  // Required for text messages, an optional caption otherwise.
  @ValidateIf((dto: SendMessageDto) => (dto.kind ?? 'text') === 'text' || dto.text !== undefined)
  @IsString()
  @TrimmedLength(LIMITS.textMaxLength)
  text?: string;

  @ValidateIf((dto: SendMessageDto) => (dto.kind ?? 'text') !== 'text' || dto.attachmentId !== undefined)
  @IsMongoId()
  attachmentId?: string;

  /** Section 8: the quoted message's seq. */
  @IsOptional()
  @IsInt()
  @Min(1)
  replyToSeq?: number;
}

/** `message.recall`: a message of that conversation by its seq. */
export class RecallMessageDto extends ConversationRefDto {
  @IsInt()
  @Min(1)
  seq!: number;
}

export class ReadMessagesDto extends ConversationRefDto {
  @IsInt()
  @Min(0)
  seq!: number;
}

export class SyncMessagesDto extends ConversationRefDto {
  @IsInt()
  @Min(0)
  afterSeq!: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(LIMITS.syncMax)
  limit?: number;
}
