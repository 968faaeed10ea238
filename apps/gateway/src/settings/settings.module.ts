import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { TeamStoreModule } from '../teams/team-store.module';
import { UsersModule } from '../users/users.module';
import { AvailabilityService } from './availability.service';
import { SettingsController, WidgetConfigController } from './settings.controller';
import { SettingsRepository } from './settings.repository';
import { SettingsService } from './settings.service';
import { SettingsEntry, SettingsSchema } from './schemas/settings.schema';

/** Issue 15: section 9's settings and the widget's availability. */
@Module({
  imports: [MongooseModule.forFeature([{ name: SettingsEntry.name, schema: SettingsSchema }]), UsersModule, TeamStoreModule],
  controllers: [SettingsController, WidgetConfigController],
  providers: [SettingsRepository, SettingsService, AvailabilityService],
  exports: [SettingsService],
})
export class SettingsModule {}
