import {
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';
import {
  attributeProblems,
  isHttpUrl,
  PROFILE_LIMITS,
  type VisitorContextPayload,
} from '../customer-profile';

/** Customer attributes (section 11): up to 20 keys of a safe charset, string (≤ 500), number or boolean values. */
export function IsCustomerAttributes(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCustomerAttributes',
      validator: {
        validate: (value: unknown) => attributeProblems(value).length === 0,
        defaultMessage: (args) => attributeProblems(args?.value).join('; '),
      },
    },
    options,
  );
}

/** An absolute http(s) URL; with `allowEmpty`, '' too (a page opened without a referrer). */
export function IsHttpUrl(allowEmpty = false, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isHttpUrl',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && ((allowEmpty && value === '') || isHttpUrl(value)),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be an http(s) URL`,
      },
    },
    options,
  );
}

/** `visitor.context` (customer ns). A timezone that is no IANA name is dropped by the service, not refused here. */
export class VisitorContextDto implements VisitorContextPayload {
  @IsString()
  @MaxLength(PROFILE_LIMITS.pageUrlMaxLength)
  @IsHttpUrl()
  pageUrl!: string;

  @IsOptional()
  @IsString()
  @MaxLength(PROFILE_LIMITS.pageTitleMaxLength)
  pageTitle?: string;

  @IsOptional()
  @IsString()
  @MaxLength(PROFILE_LIMITS.pageUrlMaxLength)
  @IsHttpUrl(true)
  referrer?: string;

  @IsOptional()
  @IsString()
  @MaxLength(PROFILE_LIMITS.userAgentMaxLength)
  userAgent?: string;

  @IsOptional()
  @IsString()
  @MaxLength(PROFILE_LIMITS.languageMaxLength)
  @Matches(PROFILE_LIMITS.languagePattern, { message: 'language must be a language tag such as en-US' })
  language?: string;

  @IsOptional()
  @IsString()
  @MaxLength(PROFILE_LIMITS.timezoneMaxLength)
  timezone?: string;
}
