import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { LabelListResponse, LabelResponse } from '@switchboard/protocol';
import { CreateLabelDto } from '@switchboard/protocol/dto';
import { Roles } from '../auth/auth.decorators';
import { MongoIdPipe } from '../common/mongo-id.pipe';
import { LabelsService } from './labels.service';

@ApiTags('labels')
@ApiBearerAuth()
@Controller('labels')
export class LabelsController {
  constructor(private readonly labels: LabelsService) {}

  @Get()
  @Roles('agent', 'supervisor')
  @ApiOperation({ summary: 'The label set: { labels: [{ id, name, color }] }, by name' })
  async list(): Promise<LabelListResponse> {
    return { labels: await this.labels.list() };
  }

  @Post()
  @Roles('supervisor')
  @ApiOperation({
    summary:
      'Add a label (supervisors): { name (1..40), color? (#rrggbb; default from the palette) } → { label }; 409 when ' +
      'the name exists (case-insensitively)',
  })
  async create(@Body() dto: CreateLabelDto): Promise<LabelResponse> {
    return { label: await this.labels.create(dto) };
  }

  @Delete(':id')
  @Roles('supervisor')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a label (supervisors); it is taken off every conversation that carries it' })
  async remove(@Param('id', MongoIdPipe) id: string): Promise<void> {
    await this.labels.delete(id);
  }
}
