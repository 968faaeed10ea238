// MongoDB server errors as thrown inside the engine; the command layer turns them into `{ ok: 0, ... }` replies.
export const ERROR_CODE_NAMES: Record<number, string> = {
  1: 'InternalError',
  2: 'BadValue',
  9: 'FailedToParse',
  13: 'Unauthorized',
  14: 'TypeMismatch',
  17: 'ProtocolError',
  18: 'AuthenticationFailed',
  20: 'IllegalOperation',
  26: 'NamespaceNotFound',
  27: 'IndexNotFound',
  40: 'ConflictingUpdateOperators',
  43: 'CursorNotFound',
  48: 'NamespaceExists',
  52: 'DollarPrefixedFieldName',
  59: 'CommandNotFound',
  66: 'ImmutableField',
  67: 'CannotCreateIndex',
  72: 'InvalidOptions',
  73: 'InvalidNamespace',
  85: 'IndexOptionsConflict',
  86: 'IndexKeySpecsConflict',
  115: 'CommandNotSupported',
  166: 'CommandNotSupportedOnView',
  168: 'InvalidPipelineOperator',
  334: 'MechanismUnavailable',
  11000: 'DuplicateKey',
  13113: 'MergeStageNoMatchingDocument',
};

export class MongoServerError extends Error {
  constructor(
    readonly code: number,
    message: string,
    /** Extra reply fields, e.g. keyPattern/keyValue for 11000. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  get codeName(): string {
    // MongoDB names its numbered assertion sites (51091 and the like) after their code.
    return ERROR_CODE_NAMES[this.code] ?? (this.code >= 10000 ? `Location${this.code}` : 'UnknownError');
  }

  toReply(): Record<string, unknown> {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }

  /** Shape used inside `writeErrors` arrays. */
  toWriteError(index: number): Record<string, unknown> {
    return { index, code: this.code, errmsg: this.message, ...this.extra };
  }
}

/** Wraps anything thrown (mingo errors are plain Errors) as a server error. */
export function toServerError(err: unknown, fallbackCode = 2): MongoServerError {
  if (err instanceof MongoServerError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new MongoServerError(fallbackCode, message);
}

export const badValue = (message: string) => new MongoServerError(2, message);
export const failedToParse = (message: string) => new MongoServerError(9, message);
