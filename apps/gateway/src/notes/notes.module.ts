import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ConversationsModule } from '../conversations/conversations.module';
import { UsersModule } from '../users/users.module';
import { NotesController } from './notes.controller';
import { NotesRepository } from './notes.repository';
import { NotesService } from './notes.service';
import { NoteRecord, NoteSchema } from './schemas/note.schema';

/** Private notes and mentions: the notes collection, `note.add` / `notes.list` (wired in AgentGateway) and REST. */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: NoteRecord.name, schema: NoteSchema }]),
    ConversationsModule,
    UsersModule,
  ],
  controllers: [NotesController],
  providers: [NotesRepository, NotesService],
  exports: [NotesService],
})
export class NotesModule {}
