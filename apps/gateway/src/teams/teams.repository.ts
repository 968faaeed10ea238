import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { TEAM_LIMITS } from '@switchboard/protocol';
import { Types, type Model } from 'mongoose';
import { TeamEntry, type TeamRecord } from './schemas/team.schema';

/** The only place that touches the teams collection. */
@Injectable()
export class TeamsRepository {
  constructor(@InjectModel(TeamEntry.name) private readonly teams: Model<TeamEntry>) {}

  /** Every team by name (served by { key: 1 }); the set is small (TEAM_LIMITS.setMax). */
  list(): Promise<TeamRecord[]> {
    return this.teams.find({}).sort({ key: 1 }).limit(TEAM_LIMITS.setMax).lean<TeamRecord[]>().exec();
  }

  count(): Promise<number> {
    return this.teams.countDocuments({}).exec();
  }

  findById(id: string): Promise<TeamRecord | null> {
    if (!Types.ObjectId.isValid(id)) return Promise.resolve(null);
    return this.teams.findById(new Types.ObjectId(id)).lean<TeamRecord>().exec();
  }

  /** Throws the driver's duplicate-key error when the key is taken (the unique index decides races). */
  async create(team: Pick<TeamEntry, 'name' | 'key' | 'agentIds'>): Promise<TeamRecord> {
    const created = await this.teams.create({ ...team, createdAt: new Date() });
    return created.toObject() as TeamRecord;
  }

  /** One update; the team after it, or null when there is none. Duplicate-key error on a taken name. */
  update(
    id: string,
    changes: Partial<Pick<TeamEntry, 'name' | 'key' | 'agentIds'>>,
  ): Promise<TeamRecord | null> {
    return this.teams
      .findOneAndUpdate({ _id: new Types.ObjectId(id) }, { $set: changes }, { returnDocument: 'after' })
      .lean<TeamRecord>()
      .exec();
  }

  delete(id: string): Promise<TeamRecord | null> {
    return this.teams
      .findOneAndDelete({ _id: new Types.ObjectId(id) })
      .lean<TeamRecord>()
      .exec();
  }
}
