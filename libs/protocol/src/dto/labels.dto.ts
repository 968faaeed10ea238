import { ArrayMaxSize, IsArray, IsMongoId, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { LABEL_LIMITS, type BlockCustomerPayload, type CreateLabelRequest, type LabelConversationPayload, type UnblockCustomerPayload } from '../labels';
import { ConversationRefDto } from './conversation.dto';
import { TrimmedLength } from './not-blank.decorator';

/** `POST /api/labels` */
export class CreateLabelDto implements CreateLabelRequest {
  @IsString()
  @TrimmedLength(LABEL_LIMITS.nameMaxLength)
  name!: string;

  @IsOptional()
  @IsString()
  @Matches(LABEL_LIMITS.colorPattern, { message: 'color must be a #rrggbb colour' })
  color?: string;
}

/** `conversation.label` */
export class LabelConversationDto extends ConversationRefDto implements LabelConversationPayload {
  @IsArray()
  @ArrayMaxSize(LABEL_LIMITS.perConversationMax)
  @IsString({ each: true })
  @MaxLength(LABEL_LIMITS.nameMaxLength, { each: true })
  labels!: string[];
}

export class CustomerRefDto implements UnblockCustomerPayload {
  @IsMongoId()
  customerId!: string;
}

/** `customer.block` */
export class BlockCustomerDto extends CustomerRefDto implements BlockCustomerPayload {
  @IsString()
  @TrimmedLength(LABEL_LIMITS.blockReasonMaxLength)
  reason!: string;
}
