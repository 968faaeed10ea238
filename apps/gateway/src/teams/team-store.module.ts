import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { TeamEntry, TeamSchema } from './schemas/team.schema';
import { TeamsRepository } from './teams.repository';

/**
 * The teams collection alone, for the conversations module (routing reads the teams) without a cycle: the teams
 * module itself (routes, rules) imports the conversations module to take a deleted team off its conversations.
 */
@Module({
  imports: [MongooseModule.forFeature([{ name: TeamEntry.name, schema: TeamSchema }])],
  providers: [TeamsRepository],
  exports: [TeamsRepository],
})
export class TeamStoreModule {}
