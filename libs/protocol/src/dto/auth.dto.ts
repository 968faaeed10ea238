import { IsEmail, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { CustomerAttributes } from '../customer-profile';
import { LIMITS } from '../limits';
import { IsCustomerAttributes } from './customer-profile.dto';
import { NotBlank } from './not-blank.decorator';

export class CustomerAuthDto {
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.nameMaxLength)
  name?: string;

  @IsOptional()
  @IsEmail()
  @MaxLength(LIMITS.emailMaxLength)
  email?: string;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.customerTypeMaxLength)
  type?: string;

  // Any string is accepted: an unknown or malformed visitorId just makes a new visitor.
  @IsOptional()
  @IsString()
  @MaxLength(200)
  visitorId?: string;

  /** Section 11: shown to agents in the profile; replaces the customer's attributes when given. */
  @IsOptional()
  @IsCustomerAttributes()
  attributes?: CustomerAttributes;

  /** Section 11: the host site's own id of its signed-in user; needs `userHash` and IDENTITY_SECRET. */
  @IsOptional()
  @IsString()
  @NotBlank()
  @MaxLength(LIMITS.userIdMaxLength)
  userId?: string;

  /** Hex HMAC-SHA256 of `userId` with IDENTITY_SECRET, computed by the host site's server (never in a browser). */
  @IsOptional()
  @IsString()
  @MaxLength(128)
  userHash?: string;
}

export class LoginDto {
  @IsString()
  @NotBlank()
  @MaxLength(LIMITS.emailMaxLength)
  email!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.passwordMaxLength)
  password!: string;
}

export class CreateUserDto {
  @IsEmail()
  @MaxLength(LIMITS.emailMaxLength)
  email!: string;

  @IsString()
  @NotBlank()
  @MaxLength(LIMITS.nameMaxLength)
  name!: string;

  @IsIn(['agent', 'supervisor'])
  role!: 'agent' | 'supervisor';

  @IsString()
  @MinLength(LIMITS.passwordMinLength)
  @MaxLength(LIMITS.passwordMaxLength)
  password!: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(LIMITS.maxConcurrentMax)
  maxConcurrent?: number;
}

export class ListUsersQueryDto {
  @IsOptional()
  @IsIn(['agent', 'supervisor'])
  role?: 'agent' | 'supervisor';
}
