import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags, ApiForbiddenResponse } from '@nestjs/swagger';
import type { EmailResumeResponse } from '@switchboard/protocol';
import { EmailResumeDto } from '@switchboard/protocol/dto';
import { Public } from '../auth/auth.decorators';
import { EmailResumeService } from './email-resume.service';

@ApiTags('email follow-up')
@Controller('widget')
export class EmailFollowupController {
  constructor(private readonly resumes: EmailResumeService) {}

  @Public()
  @Post('resume')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "The link of a follow-up email: { token, visitorId? } → a customer session ({ token, visitorId, customer }) for the email's customer and the conversation it opens",
  })
  @ApiForbiddenResponse({
    description:
      'A tampered or foreign link (reason link_invalid), an expired one (link_expired), a blocked customer (blocked)',
  })
  resume(@Body() dto: EmailResumeDto): Promise<EmailResumeResponse> {
    return this.resumes.resume(dto);
  }
}
