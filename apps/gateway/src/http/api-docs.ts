import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '../config/app-config';

export const API_DOCS_PATH = 'api/docs';

/**
 * Swagger UI at /api/docs and the OpenAPI document at /api/docs-json, only when API_DOCS is on (the default
 * outside production): in production the full map of the REST surface is not handed to every visitor.
 */
export function mountApiDocs(app: INestApplication, config: Pick<AppConfig, 'apiDocs' | 'version'>): boolean {
  if (!config.apiDocs) return false;
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Switchboard gateway')
      .setDescription('REST surface of the Switchboard protocol (socket.io events are described in docs/protocol.md)')
      .setVersion(config.version)
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup(API_DOCS_PATH, app, document);
  return true;
}
