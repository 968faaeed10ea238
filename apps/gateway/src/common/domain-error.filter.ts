import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { httpStatusOf, httpStatusText, reasonOf } from '@switchboard/protocol';
import type { Response } from 'express';
import { retryAfterOf } from '../abuse/rate-limited';
import { DomainError } from './domain-error';

/** REST face of DomainError: Nest's usual `{ statusCode, message, error }` with the code's HTTP status. */
@Catch(DomainError)
export class DomainErrorFilter extends BaseExceptionFilter implements ExceptionFilter {
  override catch(error: DomainError, host: ArgumentsHost): void {
    const reason = reasonOf(error.details);
    const status = httpStatusOf(error.code, reason);
    const message =
      error.code === 'bad_request' && Array.isArray(error.details)
        ? detailsToMessages(error.details)
        : error.message;
    const retryAfter = retryAfterOf(error);
    if (retryAfter !== null && host.getType() === 'http')
      host.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfter));
    // The typed reason goes beside the message, so clients need not parse it.
    // A refusal whose problems carry section 9's codes (the settings) lists them structured too, so a client can
    // show each at its field in its reader's language.
    const problems = error.code === 'bad_request' && Array.isArray(error.details) ? codedProblems(error.details) : [];
    const body = {
      statusCode: status,
      message,
      error: httpStatusText(status),
      ...(reason ? { reason } : {}),
      ...(problems.length > 0 ? { problems } : {}),
      // section 11 names this refusal's body `{ code: 'identity_invalid' }`
      ...(reason === 'identity_invalid' ? { code: reason } : {}),
    };
    super.catch(new HttpException(body, status), host);
  }
}

function detailsToMessages(details: unknown[]): string[] {
  return details.flatMap((d) => {
    const { field, errors } = d as { field?: string; errors?: string[] };
    return (errors ?? []).map((e) => (field && !e.startsWith(field) ? `${field}: ${e}` : e));
  });
}

function codedProblems(details: unknown[]): { field: string; code: string; message: string }[] {
  return details.flatMap((d) => {
    const { field, errors, code } = d as { field?: unknown; errors?: unknown; code?: unknown };
    if (typeof field !== 'string' || typeof code !== 'string') return [];
    return [{ field, code, message: Array.isArray(errors) ? errors.join('; ') : '' }];
  });
}
