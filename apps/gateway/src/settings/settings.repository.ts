import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Settings } from '@switchboard/protocol';
import type { Model } from 'mongoose';
import { SETTINGS_ID, SettingsEntry } from './schemas/settings.schema';

/** The only place that touches the settings collection: one document, read by its id. */
@Injectable()
export class SettingsRepository {
  constructor(@InjectModel(SettingsEntry.name) private readonly settings: Model<SettingsEntry>) {}

  find(): Promise<SettingsEntry | null> {
    return this.settings.findById(SETTINGS_ID).lean<SettingsEntry>().exec();
  }

  /** Replaces the whole document in one write (an upsert the first time). */
  async replace(settings: Settings, updatedBy: string): Promise<SettingsEntry> {
    const saved = await this.settings
      .findOneAndReplace(
        { _id: SETTINGS_ID },
        { _id: SETTINGS_ID, ...settings, updatedAt: new Date(), updatedBy },
        { upsert: true, returnDocument: 'after' },
      )
      .lean<SettingsEntry>()
      .exec();
    if (!saved) throw new Error('settings were not saved');
    return saved;
  }
}
