import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

/** A route parameter that must be a 24-hex ObjectId. */
@Injectable()
export class MongoIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !/^[0-9a-fA-F]{24}$/.test(value))
      throw new BadRequestException(['id must be a mongodb id']);
    return value.toLowerCase();
  }
}
