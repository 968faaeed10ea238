import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Settings, WidgetConfig } from '@switchboard/protocol';
import { CurrentPrincipal, Public, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { AvailabilityService } from './availability.service';
import { SettingsService } from './settings.service';

@ApiTags('settings')
@ApiBearerAuth()
@Controller('settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @Roles('supervisor')
  @ApiOperation({ summary: 'The whole settings object of section 9 (the defaults until first saved)' })
  get(): Promise<Settings> {
    return this.settings.get();
  }

  @Put()
  @Roles('supervisor')
  @ApiOperation({
    summary:
      'Replace the whole settings object (every key but businessHours required); 400 lists every problem as ' +
      '"path: problem" (a range that ends before it starts, an unknown time zone, duplicate field keys, ...)',
  })
  // The body is checked as a whole by validateSettings (shared with the console), not by a DTO class.
  put(@CurrentPrincipal() caller: Principal, @Body() body: unknown): Promise<Settings> {
    return this.settings.replace(body, caller.id);
  }
}

@ApiTags('settings')
@Controller('widget')
export class WidgetConfigController {
  constructor(private readonly availability: AvailabilityService) {}

  @Public()
  @Get('config')
  @ApiOperation({
    summary:
      '{ online, teams, preChatFields, offlineMessage, welcomeMessage }: online within business hours (not a ' +
      'holiday) while at least one agent is online',
  })
  config(): Promise<WidgetConfig> {
    return this.availability.widgetConfig();
  }
}
