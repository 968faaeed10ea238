import * as dtos from '@switchboard/protocol/dto';
import { getMetadataStorage } from 'class-validator';

type Schema = Record<string, unknown>;

/** What one class-validator rule says about a property, in JSON Schema terms (the rules the DTOs use). */
function ruleSchema(name: string | undefined, constraints: unknown[] = []): Schema {
  const [first, second] = constraints;
  switch (name ?? '') {
    case 'isString':
      return { type: 'string' };
    case 'isEmail':
      return { type: 'string', format: 'email' };
    case 'isMongoId':
      return { type: 'string', pattern: '^[0-9a-f]{24}$' };
    case 'isBoolean':
      return { type: 'boolean' };
    case 'isInt':
      return { type: 'integer' };
    case 'isNumber':
      return { type: 'number' };
    case 'isArray':
      return { type: 'array' };
    case 'isIn':
      return { enum: first as unknown[] };
    case 'maxLength':
      return { maxLength: first };
    case 'minLength':
      return { minLength: first };
    case 'trimmedLength':
      return { type: 'string', minLength: 1, maxLength: first, description: 'not blank once trimmed' };
    case 'max':
      return { maximum: first };
    case 'min':
      return { minimum: first };
    case 'arrayMaxSize':
      return { maxItems: first };
    case 'matches':
      return { type: 'string', pattern: first instanceof RegExp ? first.source : String(first ?? second ?? '') };
    default:
      return {};
  }
}

/**
 * The DTO classes of libs/protocol as OpenAPI schemas, read from their class-validator rules: the DTOs stay the
 * single source of what a request may carry, without a second set of decorators.
 */
export function dtoSchemas(): Record<string, Schema> {
  const storage = getMetadataStorage();
  const schemas: Record<string, Schema> = {};
  for (const [name, value] of Object.entries(dtos)) {
    if (typeof value !== 'function' || !/Dto$/.test(name)) continue;
    const rules = storage.getTargetValidationMetadatas(value as new () => unknown, '', true, false);
    if (rules.length === 0) continue;
    const properties: Record<string, Schema> = {};
    const optional = new Set<string>();
    for (const rule of rules) {
      if (rule.type === 'conditionalValidation' || rule.type === 'isOptional') optional.add(rule.propertyName);
      const each = rule.each === true;
      const piece = ruleSchema(rule.name, rule.constraints);
      const current = (properties[rule.propertyName] ??= {});
      if (each) current.items = { ...((current.items as Schema | undefined) ?? {}), ...piece };
      else Object.assign(current, piece);
    }
    schemas[name] = {
      type: 'object',
      properties,
      required: Object.keys(properties).filter((p) => !optional.has(p)),
      additionalProperties: false,
    };
  }
  return schemas;
}
