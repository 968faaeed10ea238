import type { UploadQuotasRepository } from './upload-quotas.repository';

/** Reserve this much more at a time while a file streams in: one conditional update per MiB, not per chunk. */
const STEP_BYTES = 1024 * 1024;

/**
 * The bytes one upload holds in its uploader's quota while it streams in. Every reservation is one conditional
 * `$inc` on the uploader's quota document, so parallel uploads together never pass the quota; near the quota it
 * reserves exactly what it needs, so a file that fits is taken. Settled to the file's size when stored, released
 * when the upload fails.
 */
export class QuotaReservation {
  private reserved = 0;

  constructor(
    private readonly quotas: UploadQuotasRepository,
    private readonly uploaderId: string,
    private readonly quotaBytes: number,
    /** No file is larger: never reserve past it. */
    private readonly maxFileBytes: number,
  ) {}

  /** Holds at least `total` bytes; false when the quota cannot take them. */
  async cover(total: number): Promise<boolean> {
    if (total <= this.reserved) return true;
    const generous = Math.min(Math.max(total, this.reserved + STEP_BYTES), this.maxFileBytes) - this.reserved;
    if (await this.quotas.reserve(this.uploaderId, generous, this.quotaBytes)) {
      this.reserved += generous;
      return true;
    }
    const exact = total - this.reserved;
    if (exact < generous && (await this.quotas.reserve(this.uploaderId, exact, this.quotaBytes))) {
      this.reserved += exact;
      return true;
    }
    return false;
  }

  /** Keeps exactly `size` bytes (the stored file) and gives back the rest. */
  async settle(size: number): Promise<void> {
    const spare = this.reserved - size;
    this.reserved = size;
    await this.quotas.release(this.uploaderId, spare);
  }

  async releaseAll(): Promise<void> {
    const held = this.reserved;
    this.reserved = 0;
    await this.quotas.release(this.uploaderId, held);
  }
}
