import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { EmailResumeRequest } from '../email-followup';
import { NotBlank } from './not-blank.decorator';

export class EmailResumeDto implements EmailResumeRequest {
  @IsString()
  @NotBlank()
  @MaxLength(2048)
  token!: string;

  // As in POST /api/auth/customer: any string; one of another customer is simply not kept.
  @IsOptional()
  @IsString()
  @MaxLength(200)
  visitorId?: string;
}
