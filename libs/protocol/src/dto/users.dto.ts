import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { USER_LOCALES, type UserLocale } from '../entities';
import type { UpdateMyPreferencesRequest, UpdateUserRequest } from '../events';
import { LIMITS } from '../limits';
import { NotBlank } from './not-blank.decorator';

/** `PATCH /api/users/:id`: the same rules as creating an account, every field optional (at least one). */
export class UpdateUserDto implements UpdateUserRequest {
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  @IsOptional()
  @IsString()
  @MinLength(LIMITS.passwordMinLength)
  @MaxLength(LIMITS.passwordMaxLength)
  password?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(LIMITS.maxConcurrentMax)
  maxConcurrent?: number;

  @IsOptional()
  @IsString()
  @NotBlank()
  @MaxLength(LIMITS.nameMaxLength)
  name?: string;
}

export const UPDATE_USER_FIELDS = ['disabled', 'password', 'maxConcurrent', 'name'] as const;

/** True when a validated patch changes nothing (no field given, or only nulls, which count as absent). */
export function isEmptyUserPatch(dto: UpdateUserRequest): boolean {
  return UPDATE_USER_FIELDS.every((field) => dto[field] === undefined || dto[field] === null);
}

/** `PATCH /api/users/me`: the caller's own preferences; today only the language. */
export class UpdateMyPreferencesDto implements UpdateMyPreferencesRequest {
  @IsIn(USER_LOCALES, { message: `locale must be one of: ${USER_LOCALES.join(', ')}` })
  locale!: UserLocale;
}
