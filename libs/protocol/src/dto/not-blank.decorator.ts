import { ValidateBy, type ValidationOptions } from 'class-validator';

/** A string that still has characters after trimming. */
export function NotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'notBlank',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.trim().length > 0,
        defaultMessage: (args) => `${args?.property ?? "value"} must not be empty`,
      },
    },
    options,
  );
}
