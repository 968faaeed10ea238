import { Controller, Get, HttpCode, Param, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Attachment } from '@switchboard/protocol';
import type { Response } from 'express';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { isImageType } from './attachment-types';
import { AttachmentsService, type UploadedFileLike } from './attachments.service';

@ApiTags('attachments')
@ApiBearerAuth()
@Controller('attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Post()
  @HttpCode(201)
  @Roles('customer', 'agent', 'supervisor')
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({ summary: 'Upload a file (multipart field "file"); 413 over ATTACHMENT_MAX_BYTES, 415 for a refused type' })
  async upload(
    @CurrentPrincipal() principal: Principal,
    @UploadedFile() file: UploadedFileLike | undefined,
  ): Promise<{ attachment: Attachment }> {
    return { attachment: await this.attachments.upload(principal, file) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Download an attachment (its uploader, or whoever may read a conversation holding it)' })
  async download(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const { attachment, stream } = await this.attachments.openForReader(principal, id);
    const inline = isImageType(attachment.mime);
    res.setHeader('Content-Type', attachment.mime);
    res.setHeader('Content-Length', String(attachment.size));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, max-age=3600');
    res.setHeader(
      'Content-Disposition',
      `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(attachment.name)}`,
    );
    stream.once('error', () => res.destroy());
    stream.pipe(res);
  }
}
