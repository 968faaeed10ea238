import { Controller, Get, HttpCode, Param, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Attachment, AttachmentLink } from '@switchboard/protocol';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { CurrentPrincipal, Public, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import { isImageType } from './attachment-types';
import { AttachmentsService, type ReadableAttachment } from './attachments.service';
import { parseByteRange } from './byte-range';
import type { StoredUpload } from './upload-storage.engine';

/**
 * Whatever a file holds, the browser neither runs nor sniffs it: a sandboxed document with nothing allowed, no
 * MIME sniffing, no Referer leaving it, not embeddable by other sites.
 */
const ATTACHMENT_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "sandbox; default-src 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Accept-Ranges': 'bytes',
};

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
  @ApiOperation({
    summary:
      'Upload a file (multipart field "file") within a live conversation; 403 outside one, 413 over ATTACHMENT_MAX_BYTES or the uploader quota, 415 for a refused type',
  })
  upload(@UploadedFile() file: StoredUpload | undefined): { attachment: Attachment } {
    if (!file) throw new DomainError('bad_request', 'multipart field "file" is required');
    return { attachment: file.attachment };
  }

  @Post(':id/link')
  @HttpCode(200)
  @ApiOperation({ summary: 'A short-lived signed URL that downloads this attachment without a header (for whoever may read it)' })
  link(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<AttachmentLink> {
    return this.attachments.link(principal, id);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Download an attachment with the Bearer token (its uploader, or whoever may read a conversation holding it)' })
  async download(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await send(await this.attachments.readable(principal, id), req, res, 'private, max-age=3600');
  }

  @Get(':id/signed')
  @Public()
  @ApiOperation({ summary: 'Download an attachment through a signed URL from POST /api/attachments/:id/link (no token)' })
  async signedDownload(
    @Param('id') id: string,
    @Query('expires') expires: string,
    @Query('signature') signature: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await send(await this.attachments.readableBySignature(id, expires, signature), req, res, 'private, no-store');
  }
}

/** Streams the bytes (one range of them when asked) with the headers every attachment response carries. */
async function send({ attachment, open }: ReadableAttachment, req: Request, res: Response, cacheControl: string): Promise<void> {
  res.set(ATTACHMENT_HEADERS);
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('Content-Type', attachment.mime);
  res.setHeader(
    'Content-Disposition',
    `${isImageType(attachment.mime) ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(attachment.name)}`,
  );
  const range = parseByteRange(req.headers.range, attachment.size);
  if (range === 'unsatisfiable') {
    res.status(416).setHeader('Content-Range', `bytes */${attachment.size}`);
    res.end();
    return;
  }
  if (range) {
    res.status(206).setHeader('Content-Range', `bytes ${range.start}-${range.end}/${attachment.size}`);
  }
  res.setHeader('Content-Length', String(range ? range.end - range.start + 1 : attachment.size));
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  try {
    await pipeline(open(range ?? undefined), res);
  } catch {
    // The client went away or the store failed mid-stream: the connection is closed, nothing else to answer.
    res.destroy();
  }
}
