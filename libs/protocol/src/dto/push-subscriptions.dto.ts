import {
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';
import { PUSH_SUBSCRIPTION_LIMITS, type PushSubscriptionRequest } from '../push-subscriptions';

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

function isKey(value: unknown, maxLength: number): boolean {
  return typeof value === 'string' && value.length > 0 && value.length <= maxLength && BASE64URL.test(value);
}

/** `keys` of a PushSubscription: `p256dh` and `auth`, base64url, and nothing else. */
function IsPushKeys(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPushKeys',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const { p256dh, auth, ...rest } = value as Record<string, unknown>;
          return (
            Object.keys(rest).length === 0 &&
            isKey(p256dh, PUSH_SUBSCRIPTION_LIMITS.p256dhMaxLength) &&
            isKey(auth, PUSH_SUBSCRIPTION_LIMITS.authMaxLength)
          );
        },
        defaultMessage: () => 'keys must be { p256dh, auth }, both base64url strings',
      },
    },
    options,
  );
}

/** `POST /api/push-subscriptions`: a push service's https endpoint and the browser's keys. */
export class PushSubscriptionDto implements PushSubscriptionRequest {
  @IsString()
  @MaxLength(PUSH_SUBSCRIPTION_LIMITS.endpointMaxLength)
  @IsUrl({ protocols: ['https'], require_protocol: true }, { message: 'endpoint must be an https URL' })
  endpoint!: string;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  expirationTime?: number | null;

  @IsPushKeys()
  keys!: { p256dh: string; auth: string };
}
