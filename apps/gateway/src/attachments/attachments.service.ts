import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Attachment, AttachmentLink } from '@switchboard/protocol';
import type { Types } from 'mongoose';
import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Principal } from '../auth/principal';
import { DomainError, forbidden, notFound, refused } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { MessageReadAccess } from '../conversations/message-read-access.service';
import { MessagesRepository } from '../message-store/messages.repository';
import { AttachmentLinks } from './attachment-links.service';
import { resolveType } from './attachment-types';
import { AttachmentsRepository } from './attachments.repository';
import { BlobStore, type BlobWriter } from './blob-store.repository';
import type { ByteRange } from './byte-range';
import { eachChunk } from './each-chunk';
import { QuotaReservation } from './quota-reservation';
import type { StoredAttachment } from './schemas/attachment.schema';
import { UploadQuotasRepository } from './upload-quotas.repository';

/** A file as multer hands it over: its bytes are still arriving. */
export interface IncomingFile {
  originalName: string | undefined;
  declaredType: string;
  stream: Readable;
}

/** An attachment someone may read, and a way to stream its bytes (or a range of them). */
export interface ReadableAttachment {
  attachment: Attachment;
  open(range?: ByteRange): Readable;
}

/** Enough of the start of a file for resolveType's magic bytes (webp needs 12). */
const HEAD_BYTES = 16;
/** message.send marks a file just before its message is stored: the sweeper leaves a marked file this long. */
const ATTACH_GRACE_MS = 60_000;
/** A sweep claim older than this was left by a node that stopped mid-sweep: another sweep may take it. */
const STALE_CLAIM_MS = 10 * 60_000;
const SWEEP_BATCH = 100;

export function toAttachment(record: StoredAttachment): Attachment {
  const id = record._id.toHexString();
  return { id, name: record.name, mime: record.mime, size: record.size, md5: record.md5, url: `/api/attachments/${id}` };
}

/** Keeps a display name, without control characters, quotes or path separators. */
function safeFileName(original: string | undefined): string {
  const cleaned = [...(original || 'file')].map((ch) => (ch.charCodeAt(0) < 32 || '\\/"'.includes(ch) ? '_' : ch)).join('');
  return cleaned.slice(0, 200) || 'file';
}

/**
 * Uploads, downloads and their lifecycle (docs/security.md, "Uploads and downloads"): only people in a live
 * conversation upload; each uploader's stored bytes are bounded by a quota reserved as the file streams in;
 * content is shared only between byte-for-byte equal files; uploads no message refers to are swept.
 */
@Injectable()
export class AttachmentsService {
  private readonly logger = new Logger('Attachments');

  constructor(
    private readonly records: AttachmentsRepository,
    private readonly blobs: BlobStore,
    private readonly quotas: UploadQuotasRepository,
    private readonly links: AttachmentLinks,
    private readonly messages: MessagesRepository,
    private readonly conversations: ConversationsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly readAccess: MessageReadAccess,
  ) {}

  /**
   * Stores a file as it arrives. Customers upload while their conversation is not closed; agents and supervisors
   * while they are the assignee or the transfer target of a live conversation (only they can send it).
   */
  async receive(uploader: Principal, file: IncomingFile): Promise<Attachment> {
    if (!(await this.conversations.takesPartInLive(uploader.id, uploader.role === 'customer'))) {
      throw refused(
        'forbidden',
        'no_live_conversation',
        'files can be uploaded only within a live conversation (as its customer, assignee or transfer target)',
      );
    }
    const name = safeFileName(file.originalName);
    await this.quotas.ensure(uploader.id);
    const quota = new QuotaReservation(this.quotas, uploader.id, this.config.attachmentQuotaBytes, this.config.attachmentMaxBytes);
    const blob = this.blobs.create();
    let adopted: Types.ObjectId | null = null;
    try {
      const content = await this.streamInto(blob, file, name, quota);
      await blob.finish();
      adopted = await this.adopt(blob, content);
      // Keep exactly the file's size before the record exists: once it does, nothing here undoes it.
      await quota.settle(content.size);
      const record = await this.records.create({
        md5: content.md5,
        sha256: content.sha256,
        size: content.size,
        name,
        mime: content.mime,
        uploaderId: uploader.id,
        blobId: adopted,
        createdAt: new Date(),
        charged: true,
        referenced: false,
        attachedAt: null,
        sweepId: null,
        sweptAt: null,
      });
      return toAttachment(record);
    } catch (error) {
      await this.cleanUp(() => (adopted ? this.blobs.release(adopted) : blob.discard()));
      await this.cleanUp(() => quota.releaseAll());
      throw error;
    }
  }

  /**
   * Hashes and writes the file chunk by chunk, counting it against ATTACHMENT_MAX_BYTES and the quota. The type
   * is decided on the first bytes, before anything is written.
   */
  private async streamInto(blob: BlobWriter, file: IncomingFile, name: string, quota: QuotaReservation) {
    const sha256 = createHash('sha256');
    const md5 = createHash('md5');
    const maxBytes = this.config.attachmentMaxBytes;
    let size = 0;
    let mime: string | null = null;
    const head: Buffer[] = [];
    const accept = async (chunk: Buffer) => {
      sha256.update(chunk);
      md5.update(chunk);
      await blob.write(chunk);
    };
    const decideType = async (): Promise<string> => {
      const type = resolveType(file.declaredType, name, Buffer.concat(head));
      if (!type) throw refused('bad_request', 'type_not_accepted', 'this file type is not accepted');
      for (const chunk of head.splice(0)) await accept(chunk);
      return type;
    };
    await eachChunk(file.stream, async (chunk) => {
      size += chunk.length;
      if (size > maxBytes) throw refused('payload_too_large', 'file_too_large', `files are limited to ${maxBytes} bytes`);
      if (!(await quota.cover(size))) {
        throw refused(
          'payload_too_large',
          'quota_exceeded',
          `this file does not fit in your upload quota of ${this.config.attachmentQuotaBytes} bytes (files you uploaded count until they are removed)`,
        );
      }
      if (mime) await accept(chunk);
      else {
        head.push(chunk);
        if (size >= HEAD_BYTES) mime = await decideType();
      }
    });
    mime ??= await decideType();
    return { mime, size, sha256: sha256.digest('hex'), md5: md5.digest('hex') };
  }

  /**
   * The blob the new record points at: an existing one only when its SHA-256 and size match and its bytes are
   * equal to the new blob's, compared side by side (then the new copy goes); otherwise the new blob itself.
   */
  private async adopt(blob: BlobWriter, content: { sha256: string; md5: string; size: number }): Promise<Types.ObjectId> {
    for (const candidate of await this.blobs.findShared(content.sha256, content.size, blob.id)) {
      // A candidate deleted meanwhile fails to stream: it is simply not shared.
      const equal = await this.blobs.sameContent(candidate, blob.id).catch(() => false);
      if (equal && (await this.blobs.retain(candidate))) {
        await blob.discard();
        return candidate;
      }
    }
    await this.blobs.publish(blob.id, content);
    return blob.id;
  }

  /** multer's clean-up when a request fails after the file was stored (e.g. a second file part). */
  async discard(attachmentId: string): Promise<void> {
    const record = await this.records.findById(attachmentId);
    if (record && (await this.records.delete(record._id))) await this.releaseStorage(record);
  }

  /**
   * An attachment the sender uploaded themselves, for message.send. Marks it as being attached, so a sweep
   * leaves it alone; one a sweep has claimed (unused for a long while) is gone for the sender too.
   */
  async requireOwn(sender: Principal, attachmentId: string): Promise<Attachment> {
    const marked = await this.records.markAttached(attachmentId, sender.id, new Date());
    if (marked) return toAttachment(marked);
    const record = await this.records.findById(attachmentId);
    if (!record) throw notFound('attachment');
    if (record.uploaderId !== sender.id) throw forbidden('attach only files you uploaded');
    throw new DomainError('not_found', 'attachment removed (it was not sent in time): upload it again');
  }

  /**
   * The uploader, or anyone who may read a conversation that holds it. Section 8: a file only recalled messages hold
   * is for supervisors alone (they read recalled originals), not even for its uploader.
   */
  async readable(reader: Principal, attachmentId: string): Promise<ReadableAttachment> {
    const record = await this.records.findById(attachmentId);
    if (!record) throw notFound('attachment');
    const originals = reader.role === 'supervisor';
    const mine = record.uploaderId === reader.id && (originals || !(await this.onlyRecalledHold(attachmentId)));
    if (!mine && !(await this.readerMaySee(reader, attachmentId, originals))) {
      throw forbidden('you may not read this attachment');
    }
    return this.handle(record);
  }

  /** Messages hold the file and every one of them was recalled. */
  private async onlyRecalledHold(attachmentId: string): Promise<boolean> {
    const held = await this.messages.conversationsHoldingAttachment(attachmentId);
    return held.length > 0 && (await this.messages.conversationsHoldingAttachment(attachmentId, { recalled: false })).length === 0;
  }

  /** A signed URL for someone who may read the attachment now. */
  async link(reader: Principal, attachmentId: string): Promise<AttachmentLink> {
    const { attachment } = await this.readable(reader, attachmentId);
    return this.links.sign(attachment.id);
  }

  /** The attachment a signed URL names, checked before anything is looked up. */
  async readableBySignature(attachmentId: string, expires: unknown, signature: unknown): Promise<ReadableAttachment> {
    const check = this.links.check(attachmentId, expires, signature);
    if (check === 'link_expired') throw refused('forbidden', check, 'this download link has expired: ask for a new one');
    if (check === 'link_invalid') throw refused('forbidden', check, 'this download link is not valid');
    const record = await this.records.findById(attachmentId);
    if (!record) throw notFound('attachment');
    return this.handle(record);
  }

  /**
   * Removes uploads no message refers to, older than unreferencedUploadTtlMs. Every node may run it: each record is
   * claimed by one conditional update, checked against the messages, then deleted only under that claim.
   */
  async sweepUnreferenced(now = new Date()): Promise<number> {
    const createdBefore = new Date(now.getTime() - this.config.unreferencedUploadTtlMs);
    const staleBefore = new Date(now.getTime() - STALE_CLAIM_MS);
    let removed = 0;
    for (const candidate of await this.records.listSweepCandidates(createdBefore, staleBefore, SWEEP_BATCH)) {
      if (await this.sweepOne(candidate._id, now, staleBefore)) removed++;
    }
    return removed;
  }

  private async sweepOne(id: Types.ObjectId, now: Date, staleBefore: Date): Promise<boolean> {
    const sweepId = randomUUID();
    const claimed = await this.records.claimForSweep(id, sweepId, now, staleBefore);
    if (!claimed) return false; // another node has it
    const referenced = (await this.messages.conversationsHoldingAttachment(id.toHexString())).length > 0;
    const beingSent = claimed.attachedAt instanceof Date && now.getTime() - claimed.attachedAt.getTime() < ATTACH_GRACE_MS;
    if (referenced || beingSent) {
      await this.records.settleClaim(id, sweepId, referenced);
      return false;
    }
    if (!(await this.records.deleteClaimed(id, sweepId))) return false;
    await this.releaseStorage(claimed);
    return true;
  }

  /** After a record is deleted: its bytes leave the quota, and its blob goes when no other record points at it. */
  private async releaseStorage(record: StoredAttachment): Promise<void> {
    if (record.charged) await this.quotas.release(record.uploaderId, record.size);
    // Blobs from before reference counts are shared by MD5 among older records only: counted by those.
    if ((await this.blobs.release(record.blobId)) === 'untracked' && !(await this.records.blobInUse(record.blobId))) {
      await this.blobs.delete(record.blobId);
    }
  }

  private handle(record: StoredAttachment): ReadableAttachment {
    return { attachment: toAttachment(record), open: (range) => this.blobs.open(record.blobId, range) };
  }

  private async readerMaySee(reader: Principal, attachmentId: string, recalled: boolean): Promise<boolean> {
    for (const conversationId of await this.messages.conversationsHoldingAttachment(attachmentId, { recalled })) {
      const conversation = await this.conversations.findById(conversationId);
      if (conversation && (await this.readAccess.mayRead(reader, conversation))) return true;
    }
    return false;
  }

  private async cleanUp(step: () => Promise<unknown>): Promise<void> {
    try {
      await step();
    } catch (error) {
      this.logger.warn({ message: 'upload clean-up failed', error: String(error) });
    }
  }
}
