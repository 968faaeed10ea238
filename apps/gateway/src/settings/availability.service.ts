import { Injectable } from '@nestjs/common';
import { isOpenAt, type WidgetConfig } from '@switchboard/protocol';
import { Clock } from '../common/clock';
import { TeamsRepository } from '../teams/teams.repository';
import { UsersRepository } from '../users/users.repository';
import { PRESENCE_STALE_MS } from '../users/users.service';
import { SettingsService } from './settings.service';

/**
 * Section 9's availability: open (business hours of the configured time zone, not a holiday) while at least one
 * agent is `online` with a live socket, as presence counts it across gateways (users' status, connections and
 * heartbeat in the database).
 */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly settings: SettingsService,
    private readonly users: UsersRepository,
    private readonly clock: Clock,
    private readonly teams: TeamsRepository,
  ) {}

  async widgetConfig(): Promise<WidgetConfig> {
    const settings = await this.settings.get();
    const now = this.clock.now();
    // Presence's heartbeat is written with the wall clock: staleness is measured against it, not the test clock.
    const online =
      isOpenAt(settings, now) && (await this.users.anyAgentOnline(new Date(Date.now() - PRESENCE_STALE_MS)));
    return {
      online,
      teams: (await this.teams.list()).map((t) => ({ id: t._id.toHexString(), name: t.name })),
      preChatFields: settings.preChatFields,
      offlineMessage: settings.offlineMessage,
      welcomeMessage: settings.welcomeMessage,
    };
  }
}
