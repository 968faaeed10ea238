import { Injectable, PayloadTooLargeException, UnsupportedMediaTypeException, Inject } from '@nestjs/common';
import type { Attachment } from '@switchboard/protocol';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Principal } from '../auth/principal';
import { DomainError, forbidden, notFound } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { mayReadMessages } from '../conversations/conversation-access';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { MessagesRepository } from '../messages/messages.repository';
import { resolveType } from './attachment-types';
import { AttachmentsRepository } from './attachments.repository';
import type { StoredAttachment } from './schemas/attachment.schema';

export interface UploadedFileLike {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

export function toAttachment(record: StoredAttachment): Attachment {
  const id = record._id.toHexString();
  return { id, name: record.name, mime: record.mime, size: record.size, md5: record.md5, url: `/api/attachments/${id}` };
}

/** Keeps a display name, without control characters, quotes or path separators. */
function safeFileName(original: string | undefined): string {
  const cleaned = [...(original || 'file')].map((ch) => (ch.charCodeAt(0) < 32 || '\\/"'.includes(ch) ? '_' : ch)).join('');
  return cleaned.slice(0, 200) || 'file';
}

@Injectable()
export class AttachmentsService {
  constructor(
    private readonly attachments: AttachmentsRepository,
    private readonly messages: MessagesRepository,
    private readonly conversations: ConversationsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async upload(uploader: Principal, file: UploadedFileLike | undefined): Promise<Attachment> {
    if (!file) throw new DomainError('bad_request', 'multipart field "file" is required');
    if (file.size > this.config.attachmentMaxBytes) {
      throw new PayloadTooLargeException(`files are limited to ${this.config.attachmentMaxBytes} bytes`);
    }
    const name = safeFileName(file.originalname);
    const mime = resolveType(file.mimetype, name, file.buffer);
    if (!mime) throw new UnsupportedMediaTypeException('this file type is not accepted');
    const md5 = createHash('md5').update(file.buffer).digest('hex');
    const blobId = (await this.attachments.findBlob(md5, file.size)) ?? (await this.attachments.uploadBlob(md5, file.buffer));
    const record = await this.attachments.create({
      md5,
      size: file.size,
      name,
      mime,
      uploaderId: uploader.id,
      blobId,
      createdAt: new Date(),
    });
    return toAttachment(record);
  }

  /** An attachment the sender uploaded themselves, for message.send. */
  async requireOwn(sender: Principal, attachmentId: string): Promise<Attachment> {
    const record = await this.attachments.findById(attachmentId);
    if (!record) throw notFound('attachment');
    if (record.uploaderId !== sender.id) throw forbidden('attach only files you uploaded');
    return toAttachment(record);
  }

  /** The uploader, or anyone who may read a conversation that holds it. */
  async openForReader(reader: Principal, attachmentId: string): Promise<{ attachment: Attachment; stream: Readable }> {
    const record = await this.attachments.findById(attachmentId);
    if (!record) throw notFound('attachment');
    if (record.uploaderId !== reader.id && !(await this.readerMaySee(reader, attachmentId))) {
      throw forbidden('you may not read this attachment');
    }
    return { attachment: toAttachment(record), stream: this.attachments.openBlob(record.blobId) };
  }

  private async readerMaySee(reader: Principal, attachmentId: string): Promise<boolean> {
    for (const conversationId of await this.messages.conversationsHoldingAttachment(attachmentId)) {
      const conversation = await this.conversations.findById(conversationId);
      if (conversation && mayReadMessages(reader, conversation)) return true;
    }
    return false;
  }
}
