import { IsIn, IsString } from 'class-validator';
import { API_TOKEN_LIMITS, type CreateApiTokenRequest } from '../api-tokens';
import { TrimmedLength } from './not-blank.decorator';

/** `POST /api/tokens` */
export class CreateApiTokenDto implements CreateApiTokenRequest {
  @IsString()
  @TrimmedLength(API_TOKEN_LIMITS.nameMaxLength)
  name!: string;

  @IsIn(['agent', 'supervisor'])
  role!: 'agent' | 'supervisor';
}
