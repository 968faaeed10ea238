import { ArrayMaxSize, IsArray, IsMongoId, IsOptional, IsString, Matches } from 'class-validator';
import { LIMITS } from '../limits';
import { NOTE_LIMITS, type AddNotePayload } from '../notes';
import { ConversationRefDto } from './conversation.dto';
import { TrimmedLength } from './not-blank.decorator';

/** `note.add`: text as message.send's (1 to 4,000 characters after trimming); mentions are staff ids. */
export class AddNoteDto extends ConversationRefDto implements AddNotePayload {
  @IsString()
  @Matches(LIMITS.clientMsgIdPattern, { message: 'clientMsgId must be 8 to 64 characters of A-Z a-z 0-9 _ -' })
  clientMsgId!: string;

  @IsString()
  @TrimmedLength(LIMITS.textMaxLength)
  text!: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(NOTE_LIMITS.mentionsMax)
  @IsMongoId({ each: true })
  mentions?: string[];
}
