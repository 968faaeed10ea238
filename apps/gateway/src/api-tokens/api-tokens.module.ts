import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { UsersModule } from '../users/users.module';
import { ApiTokensController } from './api-tokens.controller';
import { ApiTokensRepository } from './api-tokens.repository';
import { ApiTokensService } from './api-tokens.service';
import { ApiTokenEntry, ApiTokenSchema } from './schemas/api-token.schema';

/** Issue 16: API tokens. Global, because the REST guard (AuthModule) admits their bearers. */
@Global()
@Module({
  imports: [MongooseModule.forFeature([{ name: ApiTokenEntry.name, schema: ApiTokenSchema }]), UsersModule],
  controllers: [ApiTokensController],
  providers: [ApiTokensRepository, ApiTokensService],
  exports: [ApiTokensService],
})
export class ApiTokensModule {}
