import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '../config/app-config';
import { addResponseSchemas } from './api-response-schemas';
import { dtoSchemas } from './dto-schemas';

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
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'a signed-in session (JWT) or an API token (sbt_…)' })
      .build(),
  );
  // Swagger names a request body by its DTO class; the class-validator rules say what is in it.
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, ...dtoSchemas() };
  addResponseSchemas(document);
  SwaggerModule.setup(API_DOCS_PATH, app, document);
  return true;
}
