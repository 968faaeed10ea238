import { HttpException, Injectable, Logger } from '@nestjs/common';
import { errorCodeOfStatus, type Ack, type AckError } from '@switchboard/protocol';
import { EmptyPayloadDto } from '@switchboard/protocol/dto';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { Socket } from 'socket.io';
import type { SocketUser } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import { logSocketEvent } from '../logging/socket-event-log';
import { MetricsService } from '../metrics/metrics.service';
import { UserBudgets } from './user-budgets.service';

type Dto = object;
type DtoClass<T extends Dto> = new () => T;

export interface EventHandler<T extends Dto = Dto> {
  dto: DtoClass<T>;
  handle(user: SocketUser, payload: T, socket: Socket): Promise<unknown>;
}

/** Keeps each handler's payload type tied to its DTO class. */
export function on<T extends Dto>(
  dto: DtoClass<T>,
  handle: (user: SocketUser, payload: T, socket: Socket) => Promise<unknown>,
): EventHandler<T> {
  return { dto, handle };
}

export type HandlerTable = Record<string, EventHandler<Dto>>;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

interface FieldErrors {
  field: string;
  errors: string[];
}

function flatten(errors: ValidationError[], prefix = ''): FieldErrors[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, errors: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Validates a socket payload with the protocol's DTO: a plain object, no unknown fields, no conversion. */
export function validatePayload<T extends Dto>(dto: DtoClass<T>, payload: unknown): T {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new DomainError('bad_request', 'the payload must be an object', [{ field: '', errors: ['must be an object'] }]);
  }
  const polluting = Object.keys(payload).filter((key) => FORBIDDEN_KEYS.has(key));
  if (polluting.length > 0) {
    throw new DomainError(
      'bad_request',
      'the payload has forbidden keys',
      polluting.map((field) => ({ field, errors: ['is not allowed'] })),
    );
  }
  if ((dto as unknown) === EmptyPayloadDto && Object.keys(payload).length > 0) {
    // class-validator has no metadata for an empty class, so it would not see unknown fields
    const details = Object.keys(payload).map((field) => ({ field, errors: [`property ${field} should not exist`] }));
    throw new DomainError('bad_request', `invalid payload: ${details.map((d) => d.field).join(', ')}`, details);
  }
  const instance = plainToInstance(dto, payload, { enableImplicitConversion: false });
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: false });
  if (errors.length > 0) {
    const details = flatten(errors);
    throw new DomainError('bad_request', `invalid payload: ${details.map((d) => d.field).join(', ')}`, details);
  }
  return instance;
}

/**
 * Binds a namespace's handler table to a socket: the user's rate limit (one bucket across their sockets), validation, and an ack envelope for
 * every outcome (unknown errors become `internal` and are logged). An event sent without a callback is
 * processed the same way and its answer dropped.
 */
@Injectable()
export class SocketDispatcher {
  private readonly logger = new Logger('Realtime');

  constructor(
    private readonly metrics: MetricsService,
    private readonly budgets: UserBudgets,
  ) {}

  bind(socket: Socket, user: SocketUser, handlers: HandlerTable): void {
    const bucket = this.budgets.bucket(user.id);
    socket.onAny((event: unknown, ...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (answer: Ack<unknown>) => void) : null;
      const name = typeof event === 'string' ? event : '';
      const handler = Object.prototype.hasOwnProperty.call(handlers, name) ? handlers[name] : undefined;
      if (!bucket.take()) {
        this.answer(ack, { ok: false, error: { code: 'rate_limited', message: 'too many events; slow down' } });
        return;
      }
      if (!handler) {
        this.answer(ack, { ok: false, error: { code: 'bad_request', message: 'unknown event' } });
        return;
      }
      void this.run(name, handler, user, socket, args).then((answer) => this.answer(ack, answer));
    });
  }

  private async run(
    event: string,
    handler: EventHandler<Dto>,
    user: SocketUser,
    socket: Socket,
    args: unknown[],
  ): Promise<Ack<unknown>> {
    const started = process.hrtime.bigint();
    let answer: Ack<unknown>;
    try {
      if (args.length > 1) throw new DomainError('bad_request', 'send one payload object');
      // No payload at all is read as {}: fine for `{}` events, and a field-by-field bad_request for the others.
      const raw = args.length === 0 ? {} : args[0];
      const payload = validatePayload(handler.dto, raw);
      const data = await handler.handle(user, payload, socket);
      answer = { ok: true, data: data === undefined ? {} : data };
    } catch (error) {
      answer = { ok: false, error: this.toAckError(error, event, user) };
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.metrics.eventLatency.observe({ event, outcome: answer.ok ? 'ok' : answer.error.code }, seconds);
    logSocketEvent(this.logger, socket, user, event, answer, seconds);
    return answer;
  }

  private answer(ack: ((answer: Ack<unknown>) => void) | null, answer: Ack<unknown>): void {
    if (!ack) return;
    try {
      ack(answer);
    } catch (error) {
      this.logger.warn({ message: 'ack failed', error: String(error) });
    }
  }

  private toAckError(error: unknown, event: string, user: SocketUser): AckError {
    if (error instanceof DomainError) {
      return error.details === undefined
        ? { code: error.code, message: error.message }
        : { code: error.code, message: error.message, details: error.details };
    }
    if (error instanceof HttpException) {
      return { code: errorCodeOfStatus(error.getStatus()), message: error.message };
    }
    this.logger.error({ message: 'event failed', event, userId: user.id, error: String(error), stack: (error as Error)?.stack });
    return { code: 'internal', message: 'internal error' };
  }
}
