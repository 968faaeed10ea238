import { BadRequestException, ValidationPipe, type ArgumentMetadata } from '@nestjs/common';

// Query strings are all strings: only there may "20" become 20 (bodies and socket payloads are never converted).
const queryPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  transformOptions: { enableImplicitConversion: true },
});

/** `?beforeSeq=&limit=` means "not given", as a form or a URL template leaves them. */
function withoutEmpty(query: unknown): unknown {
  if (query === null || typeof query !== 'object') return query;
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== ''));
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Whether a key that would reach an object's prototype appears anywhere in a parsed JSON body (nested too). */
function hasForbiddenKey(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== 'object' || depth > 32) return false;
  return Object.keys(value).some((key) => FORBIDDEN_KEYS.has(key) || hasForbiddenKey((value as Record<string, unknown>)[key], depth + 1));
}

/**
 * The global REST pipe: whitelist + forbidNonWhitelisted, no implicit conversion, and a body must be a plain
 * JSON object (an array or a scalar is a 400 before it reaches any DTO).
 */
export class StrictValidationPipe extends ValidationPipe {
  constructor() {
    super({ whitelist: true, forbidNonWhitelisted: true, transform: true, forbidUnknownValues: true });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'query') return queryPipe.transform(withoutEmpty(value), metadata);
    if (metadata.type === 'body' && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw new BadRequestException(['the request body must be a JSON object']);
    }
    // Nested too: class-transformer would turn `{ attributes: { "__proto__": … } }` into a prototype, not a field.
    if (metadata.type === 'body' && hasForbiddenKey(value)) {
      throw new BadRequestException(['the request body has forbidden keys']);
    }
    return super.transform(value, metadata);
  }
}
