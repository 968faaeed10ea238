import { Injectable } from '@nestjs/common';
import { DEFAULT_SETTINGS, validateSettings, type Settings } from '@switchboard/protocol';
import { badRequest } from '../common/domain-error';
import type { SettingsEntry } from './schemas/settings.schema';
import { SettingsRepository } from './settings.repository';

const toSettings = (entry: SettingsEntry | null): Settings =>
  entry
    ? {
        timezone: entry.timezone,
        businessHours: entry.businessHours ?? null,
        holidays: [...(entry.holidays ?? [])],
        welcomeMessage: entry.welcomeMessage ?? null,
        queueNotice: entry.queueNotice ?? null,
        idleClose: entry.idleClose ?? null,
        offlineMessage: entry.offlineMessage,
        preChatFields: [...(entry.preChatFields ?? [])],
        assignment: entry.assignment ?? 'grab',
      }
    : structuredClone({ ...DEFAULT_SETTINGS });

/**
 * Section 9's settings: the defaults until a supervisor saves them, then the saved document. Read from the database
 * each time (one read by id), so every gateway applies a change at once.
 */
@Injectable()
export class SettingsService {
  constructor(private readonly settings: SettingsRepository) {}

  async get(): Promise<Settings> {
    return toSettings(await this.settings.find());
  }

  /** The whole object, validated as a whole by the rule the console applies too: every problem named, nothing saved. */
  async replace(input: unknown, supervisorId: string): Promise<Settings> {
    const result = validateSettings(input);
    if (!result.ok) {
      throw badRequest(
        `invalid settings: ${result.problems.map((p) => p.field).join(', ')}`,
        result.problems.map((p) => ({ field: p.field, errors: [p.message], code: p.code })),
      );
    }
    return toSettings(await this.settings.replace(result.settings, supervisorId));
  }
}
