import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { ApiTokenEntry, type ApiTokenRecord } from './schemas/api-token.schema';

const LIVE = { revokedAt: null };

@Injectable()
export class ApiTokensRepository {
  constructor(@InjectModel(ApiTokenEntry.name) private readonly tokens: Model<ApiTokenEntry>) {}

  async create(token: Omit<ApiTokenEntry, 'createdAt' | 'lastUsedAt' | 'revokedAt'>): Promise<ApiTokenRecord> {
    const created = await this.tokens.create(token);
    return created.toObject() as ApiTokenRecord;
  }

  /** The live token with this hash: read on every request, so a revocation counts from the next one, on every node. */
  findLiveByHash(tokenHash: string): Promise<ApiTokenRecord | null> {
    return this.tokens.findOne({ tokenHash, ...LIVE }).lean<ApiTokenRecord>().exec();
  }

  listLive(limit: number): Promise<ApiTokenRecord[]> {
    return this.tokens.find(LIVE).sort({ createdAt: -1, _id: -1 }).limit(limit).lean<ApiTokenRecord[]>().exec();
  }

  countLive(): Promise<number> {
    return this.tokens.countDocuments(LIVE).exec();
  }

  /** The token revoked now, or null when there was no live token with that id. */
  revoke(id: string, at: Date): Promise<ApiTokenRecord | null> {
    if (!Types.ObjectId.isValid(id)) return Promise.resolve(null);
    return this.tokens
      .findOneAndUpdate({ _id: new Types.ObjectId(id), ...LIVE }, { $set: { revokedAt: at } }, { returnDocument: 'after' })
      .lean<ApiTokenRecord>()
      .exec();
  }

  /** At most one write a minute per token: lastUsedAt is for people, not an audit log. */
  async touch(id: Types.ObjectId, at: Date): Promise<void> {
    await this.tokens
      .updateOne({ _id: id, $or: [{ lastUsedAt: null }, { lastUsedAt: { $lt: new Date(at.getTime() - 60_000) } }] }, { $set: { lastUsedAt: at } })
      .exec();
  }
}
