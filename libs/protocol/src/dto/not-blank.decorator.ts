import { ValidateBy, type ValidationOptions } from 'class-validator';

/** A string that still has characters after trimming. */
export function NotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'notBlank',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.trim().length > 0,
        defaultMessage: (args) => `${args?.property ?? 'value'} must not be empty`,
      },
    },
    options,
  );
}

/** A string of 1 to `max` characters once surrounding white space is trimmed (message text, PROTOCOL §5). */
export function TrimmedLength(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'trimmedLength',
      constraints: [max],
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          const length = value.trim().length;
          return length >= 1 && length <= max;
        },
        defaultMessage: (args) => `${args?.property ?? 'value'} must be 1 to ${max} characters after trimming`,
      },
    },
    options,
  );
}
