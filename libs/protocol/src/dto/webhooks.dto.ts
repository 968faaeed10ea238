import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsIn,
  IsString,
  Length,
  MaxLength,
} from 'class-validator';
import { WEBHOOK_EVENTS, WEBHOOK_LIMITS, type CreateWebhookRequest, type WebhookEvent } from '../webhooks';

/** `POST /api/webhooks`; whether the url may be a target (scheme, address) is the gateway's check. */
export class CreateWebhookDto implements CreateWebhookRequest {
  @IsString()
  @MaxLength(WEBHOOK_LIMITS.urlMaxLength)
  url!: string;

  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events!: WebhookEvent[];

  @IsString()
  @Length(WEBHOOK_LIMITS.secretMinLength, WEBHOOK_LIMITS.secretMaxLength)
  secret!: string;
}
