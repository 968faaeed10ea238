import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { NoteList } from '@switchboard/protocol';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { MongoIdPipe } from '../common/mongo-id.pipe';
import { NotesService } from './notes.service';

@ApiTags('conversations')
@ApiBearerAuth()
@Controller('conversations')
export class NotesController {
  constructor(private readonly notes: NotesService) {}

  @Get(':id/notes')
  @ApiOperation({
    summary: "A conversation's private notes, oldest first (staff who may read it; never its customer)",
  })
  list(@CurrentPrincipal() who: Principal, @Param('id', MongoIdPipe) id: string): Promise<NoteList> {
    return this.notes.list(who, id);
  }
}
