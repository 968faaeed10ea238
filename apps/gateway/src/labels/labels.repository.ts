import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { LABEL_LIMITS } from '@switchboard/protocol';
import { Types, type Model } from 'mongoose';
import { LabelEntry, type LabelRecord } from './schemas/label.schema';

/** The only place that touches the labels collection. */
@Injectable()
export class LabelsRepository {
  constructor(@InjectModel(LabelEntry.name) private readonly labels: Model<LabelEntry>) {}

  /** The whole set by name (served by { key: 1 }); it is small (LABEL_LIMITS.setMax). */
  list(): Promise<LabelRecord[]> {
    return this.labels.find({}).sort({ key: 1 }).limit(LABEL_LIMITS.setMax).lean<LabelRecord[]>().exec();
  }

  count(): Promise<number> {
    return this.labels.countDocuments({}).exec();
  }

  /** Throws the driver's duplicate-key error when the key is taken (the unique index decides races). */
  async create(label: Pick<LabelEntry, 'name' | 'key' | 'color'>): Promise<LabelRecord> {
    const created = await this.labels.create({ ...label, createdAt: new Date() });
    return created.toObject() as LabelRecord;
  }

  findByKeys(keys: string[]): Promise<LabelRecord[]> {
    return this.labels.find({ key: { $in: keys } }).lean<LabelRecord[]>().exec();
  }

  /** Deletes one label; the deleted record, or null when there was none. */
  delete(id: string): Promise<LabelRecord | null> {
    return this.labels.findOneAndDelete({ _id: new Types.ObjectId(id) }).lean<LabelRecord>().exec();
  }
}
