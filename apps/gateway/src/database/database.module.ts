import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { EmbeddedStoreService } from './embedded-store.service';

@Module({ providers: [EmbeddedStoreService], exports: [EmbeddedStoreService] })
class EmbeddedStoreModule {}

/** Mongoose over MONGODB_URI, or over the embedded store started in-process. */
@Module({
  imports: [
    MongooseModule.forRootAsync({
      imports: [EmbeddedStoreModule],
      inject: [EmbeddedStoreService],
      useFactory: async (store: EmbeddedStoreService) => ({
        uri: await store.resolveUri(),
        serverSelectionTimeoutMS: 5000,
        // Indexes are declared on the schemas; build them at start-up so every query is served by one.
        autoIndex: true,
        autoCreate: true,
      }),
    }),
  ],
})
export class DatabaseModule {}
