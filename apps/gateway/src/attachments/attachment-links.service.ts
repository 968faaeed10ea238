import { Inject, Injectable } from '@nestjs/common';
import type { AttachmentLink } from '@switchboard/protocol';
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

export type LinkCheck = 'valid' | 'link_invalid' | 'link_expired';

const EXPIRES = /^\d{1,12}$/;
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/; // 32 bytes in base64url

/**
 * Short-lived download URLs for one attachment: HMAC-SHA256 over the id and the expiry, with a key derived from
 * JWT_SECRET (HKDF, its own label) so a link signature can never stand in for a token's and the secret itself
 * signs nothing else. Anyone holding the URL may download until it expires: links are minted per request, for
 * someone allowed to read the attachment at that moment.
 */
@Injectable()
export class AttachmentLinks {
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.key = Buffer.from(hkdfSync('sha256', config.jwtSecret, 'switchboard', 'attachment download link v1', 32));
  }

  sign(attachmentId: string, now = Date.now()): AttachmentLink {
    const expires = Math.floor(now / 1000) + this.config.signedUrlTtlS;
    const query = new URLSearchParams({ expires: String(expires), signature: this.signature(attachmentId, String(expires)) });
    return {
      url: `/api/attachments/${attachmentId}/signed?${query.toString()}`,
      expiresAt: new Date(expires * 1000).toISOString(),
    };
  }

  /** Checks the signature first: an altered expiry is invalid, not expired. */
  check(attachmentId: string, expires: unknown, signature: unknown, now = Date.now()): LinkCheck {
    if (typeof expires !== 'string' || typeof signature !== 'string' || !EXPIRES.test(expires) || !SIGNATURE.test(signature)) {
      return 'link_invalid';
    }
    const expected = Buffer.from(this.signature(attachmentId, expires));
    if (!timingSafeEqual(expected, Buffer.from(signature))) return 'link_invalid';
    return Number(expires) * 1000 > now ? 'valid' : 'link_expired';
  }

  private signature(attachmentId: string, expires: string): string {
    return createHmac('sha256', this.key).update(`${attachmentId}\n${expires}`).digest('base64url');
  }
}
