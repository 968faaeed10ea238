import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { NoteRecord, type StoredNote } from './schemas/note.schema';

/** The only place that touches the notes collection. */
@Injectable()
export class NotesRepository {
  constructor(@InjectModel(NoteRecord.name) private readonly notes: Model<NoteRecord>) {}

  /** Throws the duplicate-key error (code 11000) when this author already used `clientMsgId` in the conversation. */
  async insert(record: NoteRecord): Promise<StoredNote> {
    const stored: StoredNote = { _id: new Types.ObjectId(), ...record };
    await this.notes.collection.insertOne(stored);
    return stored;
  }

  findByClientMsgId(conversationId: string, authorId: string, clientMsgId: string): Promise<StoredNote | null> {
    return this.notes.findOne({ conversationId, 'author.id': authorId, clientMsgId }).lean<StoredNote>().exec();
  }

  /** The latest `limit` notes of a conversation, oldest first. */
  async latest(conversationId: string, limit: number): Promise<StoredNote[]> {
    const page = await this.notes
      .find({ conversationId })
      .sort({ createdAt: -1, _id: -1 })
      .limit(limit)
      .lean<StoredNote[]>()
      .exec();
    return page.reverse();
  }
}
