import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { SEARCH_LIMITS } from '../search';
import { TrimmedLength } from './not-blank.decorator';

/** `GET /api/search?q=&limit=`: q 1 to 200 characters after trimming, limit 1..50 (default 20). */
export class SearchQueryDto {
  @IsString()
  @TrimmedLength(SEARCH_LIMITS.queryMaxLength)
  q!: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(SEARCH_LIMITS.limitMax)
  limit?: number;
}
