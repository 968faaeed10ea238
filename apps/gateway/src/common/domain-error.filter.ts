import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { HTTP_STATUS_BY_CODE } from '@switchboard/protocol';
import type { Response } from 'express';
import { retryAfterOf } from '../abuse/rate-limited';
import { DomainError } from './domain-error';

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** REST face of DomainError: Nest's usual `{ statusCode, message, error }` with the code's HTTP status. */
@Catch(DomainError)
export class DomainErrorFilter extends BaseExceptionFilter implements ExceptionFilter {
  override catch(error: DomainError, host: ArgumentsHost): void {
    const status = HTTP_STATUS_BY_CODE[error.code];
    const message = error.code === 'bad_request' && Array.isArray(error.details) ? detailsToMessages(error.details) : error.message;
    const retryAfter = retryAfterOf(error);
    if (retryAfter !== null && host.getType() === 'http') host.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfter));
    const reason = reasonOf(error.details);
    const body = { statusCode: status, message, error: REASON[status] ?? 'Error', ...(reason ? { reason } : {}) };
    super.catch(new HttpException(body, status), host);
  }
}

/** A refusal's typed reason (`details.reason`), sent beside the message so clients need not parse it. */
function reasonOf(details: unknown): string | null {
  const reason = details && typeof details === 'object' ? (details as { reason?: unknown }).reason : undefined;
  return typeof reason === 'string' ? reason : null;
}

function detailsToMessages(details: unknown[]): string[] {
  return details.flatMap((d) => {
    const { field, errors } = d as { field?: string; errors?: string[] };
    return (errors ?? []).map((e) => (field && !e.startsWith(field) ? `${field}: ${e}` : e));
  });
}
