import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import {
  CANNED_REPLY_LIMITS,
  CANNED_REPLY_SCOPES,
  type CannedReplyScope,
  type CreateCannedReplyRequest,
  type UpdateCannedReplyRequest,
} from '../canned-replies';
import { TrimmedLength } from './not-blank.decorator';

const SHORTCUT_MESSAGE = `shortcut must be 1 to ${CANNED_REPLY_LIMITS.shortcutMaxLength} characters of a-z 0-9 _ -`;

/** `POST /api/canned-replies`. */
export class CreateCannedReplyDto implements CreateCannedReplyRequest {
  @IsString()
  @Matches(CANNED_REPLY_LIMITS.shortcutPattern, { message: SHORTCUT_MESSAGE })
  shortcut!: string;

  @IsString()
  @TrimmedLength(CANNED_REPLY_LIMITS.textMaxLength)
  text!: string;

  @IsIn(CANNED_REPLY_SCOPES, { message: `scope must be one of: ${CANNED_REPLY_SCOPES.join(', ')}` })
  scope!: CannedReplyScope;
}

/** `PATCH /api/canned-replies/:id`: the same rules, each field optional (the service asks for at least one). */
export class UpdateCannedReplyDto implements UpdateCannedReplyRequest {
  @IsOptional()
  @IsString()
  @Matches(CANNED_REPLY_LIMITS.shortcutPattern, { message: SHORTCUT_MESSAGE })
  shortcut?: string;

  @IsOptional()
  @IsString()
  @TrimmedLength(CANNED_REPLY_LIMITS.textMaxLength)
  text?: string;
}
